import Foundation
import GRDB
@testable import LandfallKit
import LandfallTestSupport
import Testing

@Suite("Nothing is read from outside the folder the user named")
struct BoundaryTests {
    /// A one-object run whose `run.json` names `manifest`, when given.
    private func run(manifest: String? = nil) -> RunFixture {
        RunFixture([
            "run.json": """
            { "run_id": "acme-sandbox-1", "kind": "sandbox", "destination": "salesforce-service-cloud",
              "started_at": "2026-11-18T14:00:00Z", "finished_at": "2026-11-18T15:00:00Z",\(manifest.map { " \"manifest\": \"\($0)\"," } ?? "")
              "objects": [ { "object": "ticket", "source_file": "source/tickets.csv", "id_column": "ticket_id" } ] }
            """,
            "source/tickets.csv": "ticket_id\nT1\n",
            "results/ticket/successfulResults.csv": "\"sf__Id\",\"sf__Created\",\"ticket_id\"\n\"500A\",\"true\",\"T1\"\n",
        ])
    }

    @Test("a run.json that is a link out of the run folder is refused, and nothing is published")
    func runFileLink() throws {
        let fixture = run()
        let outside = fixture.folder.write("elsewhere/run.json", try String(contentsOfFile: fixture.run + "/run.json", encoding: .utf8))
        try FileManager.default.removeItem(atPath: fixture.run + "/run.json")
        try FileManager.default.createSymbolicLink(atPath: fixture.run + "/run.json", withDestinationPath: outside)
        let output = fixture.reconcile()
        #expect(output.status == .dataError)
        #expect(output.standardError.hasPrefix("\(fixture.run)/run.json: error: leads outside the run folder"))
        #expect(!FileManager.default.fileExists(atPath: fixture.site))
    }

    @Test("a manifest named outside the run folder is refused at its place; one that links out is refused too")
    func manifestOutside() throws {
        let up = run(manifest: "../northwind-salesforce.json")
        var output = up.reconcile()
        #expect(output.status == .dataError)
        #expect(output.standardError.contains("run.json:2:92: error: manifest must lie inside the run folder, found \"../northwind-salesforce.json\" [manifest]"))
        #expect(!FileManager.default.fileExists(atPath: up.site))
        let linked = run(manifest: "manifest.json")
        try FileManager.default.createSymbolicLink(atPath: linked.run + "/manifest.json", withDestinationPath: Fixtures.sample("northwind-salesforce.json"))
        output = linked.reconcile()
        #expect(output.status == .dataError)
        #expect(output.standardError.hasPrefix("\(linked.run)/manifest.json: error: leads outside the run folder"))
        #expect(!FileManager.default.fileExists(atPath: linked.site))
    }

    @Test("the bundled runs carry their manifest inside their folder")
    func samplesInside() throws {
        for name in ["northwind-sandbox-1", "northwind-sandbox-2"] {
            let description = try RunDescription.read(folder: Fixtures.sample("runs/\(name)"), vocabulary: Fixtures.catalog.vocabulary).get()
            #expect(description.manifest == "manifest.json")
        }
    }

    @Test("survey refuses a file of the export that links out of the export folder, and writes nothing")
    func exportLink() throws {
        let folder = TemporaryFolder()
        let export = folder.copy(folder: Fixtures.repositoryRoot + "/Samples/export-thread", as: "export")
        let secret = folder.write("secret/teams.csv", "id,name\nt9,Hidden\n")
        try FileManager.default.removeItem(atPath: export + "/teams.csv")
        try FileManager.default.createSymbolicLink(atPath: export + "/teams.csv", withDestinationPath: secret)
        let output = SurveyCommand(folder: export, directory: folder.path + "/out", destination: "intercom", customer: nil, asOf: Fixtures.asOf,
                                   catalog: Fixtures.catalog, rules: Fixtures.rules).run()
        #expect(output.status == .dataError)
        #expect(output.standardError.contains("\(export)/teams.csv: error: leads outside the export folder"))
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/out"))
    }
}

@Suite("Ids stay distinct in the lists Landfall writes and reads back")
struct DistinctIDTests {
    @Test("a cell is neutralised so that reading it back gives the value exactly", arguments: ["=x", "'=x", "''=x", "'x", "'", "x", "-1", "@a", "\tb", "a'b"])
    func roundTrip(value: String) {
        var cell = CSVWriter.cell(value)
        if cell.hasPrefix("\"") { cell = String(cell.dropFirst().dropLast()).replacingOccurrences(of: "\"\"", with: "\"") }
        #expect(CSVWriter.original(cell) == value)
        #expect(!cell.hasPrefix("=") && !cell.hasPrefix("@") && !cell.hasPrefix("-"))
    }

    @Test("'=x and =x are two records: the id map keeps both, a later run finds each again, and the ledger rebuilt from the files is the one built live")
    func twoRecords() throws {
        let fixture = MigrationFixture()
        fixture.write("acme-production-1", kind: "production", day: 20, tickets: [.init(id: "'=x", destination: "500A"), .init(id: "=x", destination: "500B")],
                      failedTickets: ["'=y", "=y"])
        #expect(fixture.publish("acme-production-1").status == .ok)
        #expect(fixture.text("runs/acme-production-1/idmap.csv").contains("ticket,''=x,500A,created"))
        #expect(fixture.text("runs/acme-production-1/idmap.csv").contains("ticket,'=x,500B,created"))
        fixture.write("acme-production-2", kind: "production", day: 21, tickets: [.init(id: "'=x", destination: "500C")])
        #expect(fixture.publish("acme-production-2").status == .ok)
        #expect(try fixture.report("acme-production-2").objects.first?.duplicatedAcrossRuns == 1)
        let problems = { () throws -> [String] in
            try DatabaseQueue(path: fixture.site + "/ledger.sqlite").read { db in try String.fetchAll(db, sql: "SELECT source_id FROM problems ORDER BY source_id") }
        }
        let live = try problems()
        #expect(live == ["'=y", "=y"])
        try FileManager.default.removeItem(atPath: fixture.site + "/ledger.sqlite")
        #expect(fixture.publish("acme-production-2").status == .ok)
        #expect(try problems() == live)
    }
}
