import Foundation
import GRDB
@testable import LandfallKit
import LandfallTestSupport
import Testing

/// A site and the run folders of one Salesforce migration (tickets, and messages as their
/// children), each run written and published on demand.
struct MigrationFixture {
    let folder = TemporaryFolder()
    var site: String { folder.path + "/site" }

    /// One ticket or message result: the source id, the destination id, and whether it was created.
    struct Row {
        var id: String
        var destination: String
        var created = true
        var parent = ""
    }

    /// Writes the run folder `runID` and returns its path.
    @discardableResult
    func write(_ runID: String, kind: String, environment: String? = nil, day: Int, tickets: [Row], failedTickets: [String] = [],
               messages: [Row]? = nil, migration: String? = nil) -> String {
        let objects = [#"{ "object": "ticket", "source_file": "source/tickets.csv", "id_column": "ticket_id" }"#]
            + (messages == nil ? [] : [#"{ "object": "message", "source_file": "source/messages.csv", "id_column": "message_id", "parent_object": "ticket", "parent_column": "ticket_id" }"#])
        let extra = (environment.map { #""environment": "\#($0)", "# } ?? "") + (migration.map { #""migration": "\#($0)", "# } ?? "")
        folder.write("\(runID)/run.json", """
            { "run_id": "\(runID)", "kind": "\(kind)", \(extra)"destination": "salesforce-service-cloud",
              "started_at": "2026-11-\(day)T09:00:00Z", "finished_at": "2026-11-\(day)T10:00:00Z",
              "objects": [\(objects.joined(separator: ", "))] }
            """)
        folder.write("\(runID)/source/tickets.csv", "ticket_id\n" + (tickets.map(\.id) + failedTickets).map { "\($0)\n" }.joined())
        folder.write("\(runID)/results/ticket/successfulResults.csv",
                     "\"sf__Id\",\"sf__Created\",\"ticket_id\"\n" + tickets.map { "\"\($0.destination)\",\"\($0.created)\",\"\($0.id)\"\n" }.joined())
        folder.write("\(runID)/results/ticket/failedResults.csv",
                     "\"sf__Id\",\"sf__Error\",\"ticket_id\"\n" + failedTickets.map { "\"\",\"REQUIRED_FIELD_MISSING:Subject\",\"\($0)\"\n" }.joined())
        if let messages {
            folder.write("\(runID)/source/messages.csv", "message_id,ticket_id\n" + messages.map { "\($0.id),\($0.parent)\n" }.joined())
            folder.write("\(runID)/results/message/successfulResults.csv",
                         "\"sf__Id\",\"sf__Created\",\"message_id\"\n" + messages.map { "\"\($0.destination)\",\"true\",\"\($0.id)\"\n" }.joined())
        }
        return folder.path + "/" + runID
    }

    /// Publishes the run folder `runID`.
    func publish(_ runID: String) -> CommandOutput {
        ReconcileCommand(runFolder: folder.path + "/" + runID, site: site, catalog: Fixtures.catalog, acceptance: Fixtures.rules.acceptance,
                         templates: Fixtures.templates).run()
    }

    func report(_ runID: String) throws -> RunReport {
        try JSONDecoder().decode(RunReport.self, from: Data(contentsOf: URL(fileURLWithPath: "\(site)/runs/\(runID)/report.json")))
    }

    func text(_ relative: String) -> String {
        (try? String(contentsOfFile: site + "/" + relative, encoding: .utf8)) ?? ""
    }

    /// Publishes `runID`, expecting it refused with `status` and the site left as it was, byte
    /// for byte; returns what it printed on standard error.
    func refusal(_ runID: String, status: LandfallKit.ExitStatus, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> String {
        let before = snapshot()
        let output = publish(runID)
        #expect(output.status == status, sourceLocation: sourceLocation)
        #expect(snapshot() == before, "the site changed", sourceLocation: sourceLocation)
        return output.standardError
    }

    /// Every file of the site with its bytes.
    func snapshot() -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: site)
        while let relative = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: site + "/" + relative, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[relative] = FileManager.default.contents(atPath: site + "/" + relative)
            }
        }
        return files
    }
}

@Suite("A migration across its runs")
struct MigrationLedgerTests {
    /// A production load, a delta with a failure, and a re-run that creates T2 a second time.
    static func threeRuns() -> MigrationFixture {
        let fixture = MigrationFixture()
        fixture.write("acme-production-1", kind: "production", day: 20,
                      tickets: [.init(id: "T1", destination: "500A"), .init(id: "T2", destination: "500B")], failedTickets: ["T3"])
        fixture.write("acme-delta-2", kind: "delta", day: 21, tickets: [.init(id: "T4", destination: "500D")], failedTickets: ["T5"])
        fixture.write("acme-delta-3", kind: "delta", day: 22,
                      tickets: [.init(id: "T2", destination: "500C"), .init(id: "T3", destination: "500E"), .init(id: "T1", destination: "500A", created: false)])
        return fixture
    }

    @Test("a record created in run 1 and again in run 3 is a duplicate across runs, listed with both destination ids")
    func duplicateAcrossRuns() throws {
        let fixture = Self.threeRuns()
        for run in ["acme-production-1", "acme-delta-2", "acme-delta-3"] {
            let output = fixture.publish(run)
            #expect(output.status == .ok, "\(output.standardError)")
        }
        let ticket = try #require(try fixture.report("acme-delta-3").objects.first)
        #expect([ticket.created, ticket.updated, ticket.duplicated, ticket.duplicatedAcrossRuns ?? -1] as [Int] == [2, 1, 1, 1])
        #expect(ticket.duplicateSamples == ["T2"])
        // The acceptance criteria allow no duplicate: one fails the run.
        #expect(ticket.status == .fail)
        #expect(ticket.statusReasons.last == "1 source id duplicated: 1 created again after an earlier run brought it (allowed: 0)")
        #expect(fixture.text("runs/acme-delta-3/duplicates.csv")
            == "object,source_id,destination_id,run_id,earlier_destination_id,earlier_run_id\r\nticket,T2,500C,acme-delta-3,500B,acme-production-1\r\n")
        #expect(fixture.text("runs/acme-delta-3/idmap.csv")
            == "object,source_id,destination_id,outcome,run_id\r\nticket,T2,500C,created,acme-delta-3\r\nticket,T3,500E,created,acme-delta-3\r\nticket,T1,500A,updated,acme-delta-3\r\n")
    }

    @Test("the migration page counts distinct records across runs; the id map and rollback files hold every id created")
    func migrationPage() throws {
        let fixture = Self.threeRuns()
        for run in ["acme-production-1", "acme-delta-2", "acme-delta-3"] { _ = fixture.publish(run) }
        let page = fixture.text("migrations/acme-production/index.md")
        // Seen T1…T5; arrived T1, T2, T3, T4; T5 still fails; T2 created twice.
        #expect(page.contains("| ticket | Case | 5 | 4 | 80 % | 1 | 1 |"))
        #expect(page.contains("Still failing, ticket: T5 (REQUIRED_FIELD_MISSING)"))
        #expect(page.contains("| [acme-delta-3](../../runs/acme-delta-3/index.html) | delta | 2026-11-22 | 3 | 3 | 0 | 0 | **FAIL** |"))
        #expect(fixture.text("migrations/acme-production/idmap.csv") == """
            object,source_id,destination_id,outcome,run_id\r
            ticket,T1,500A,created,acme-production-1\r
            ticket,T2,500B,created,acme-production-1\r
            ticket,T4,500D,created,acme-delta-2\r
            ticket,T2,500C,created,acme-delta-3\r
            ticket,T3,500E,created,acme-delta-3\r
            ticket,T1,500A,updated,acme-delta-3\r

            """)
        #expect(fixture.text("migrations/acme-production/rollback/1-Case.csv") == "Id\r\n500E\r\n500C\r\n500D\r\n500B\r\n500A\r\n")
        #expect(fixture.text("migrations/acme-production/still-failing.csv") == "object,source_id,code\r\nticket,T5,REQUIRED_FIELD_MISSING\r\n")
    }

    @Test("the ledger's migration_objects holds the page's figures: a record that arrived in several runs counts once, where summing run_objects counts it each time")
    func migrationObjectsTable() throws {
        let fixture = Self.threeRuns()
        for run in ["acme-production-1", "acme-delta-2", "acme-delta-3"] { _ = fixture.publish(run) }
        let queue = try DatabaseQueue(path: fixture.site + "/ledger.sqlite")
        let row = try #require(try queue.read { db in
            try Row.fetchOne(db, sql: "SELECT object, destination_object, seen, arrived, still_failing, duplicated_across_runs FROM migration_objects WHERE migration = 'acme' AND environment = 'production'")
        })
        #expect(row[0] as String == "ticket" && row[1] as String? == "Case")
        #expect([row[2], row[3], row[4], row[5]] as [Int] == [5, 4, 1, 1])
        let summed = try queue.read { db in
            try Int.fetchOne(db, sql: "SELECT SUM(created + updated) FROM run_objects JOIN runs USING (run_id) WHERE migration = 'acme' AND object = 'ticket'")
        }
        #expect(summed == 6, "the per-run sum counts T1 and T2 twice")
    }

    @Test("the migration's rollback file is its runs' own, newest first; a run folder without them has them made from its rollback.csv")
    func rollbackFromRunFiles() throws {
        let fixture = Self.threeRuns()
        for run in ["acme-production-1", "acme-delta-2"] { _ = fixture.publish(run) }
        #expect(fixture.text("runs/acme-production-1/rollback/Case.csv") == "Id\r\n500B\r\n500A\r\n")
        // A run folder as an earlier version wrote it: rollback.csv alone.
        try FileManager.default.removeItem(atPath: fixture.site + "/runs/acme-production-1/rollback")
        #expect(fixture.publish("acme-delta-3").status == .ok)
        #expect(fixture.text("runs/acme-production-1/rollback/Case.csv") == "Id\r\n500B\r\n500A\r\n")
        #expect(fixture.text("migrations/acme-production/rollback/1-Case.csv") == "Id\r\n500E\r\n500C\r\n500D\r\n500B\r\n500A\r\n")
        #expect(fixture.text("migrations/acme-production/index.md").contains("5 Case ids"))
    }

    @Test("the map of a migration of one run is that run's own id map, linked rather than copied")
    func oneRunMap() throws {
        let fixture = Self.threeRuns()
        #expect(fixture.publish("acme-production-1").status == .ok)
        let run = try FileManager.default.attributesOfItem(atPath: fixture.site + "/runs/acme-production-1/idmap.csv")
        let migration = try FileManager.default.attributesOfItem(atPath: fixture.site + "/migrations/acme-production/idmap.csv")
        #expect(run[.systemFileNumber] as? Int == migration[.systemFileNumber] as? Int)
        #expect(fixture.text("migrations/acme-production/idmap.csv")
            == "object,source_id,destination_id,outcome,run_id\r\nticket,T1,500A,created,acme-production-1\r\nticket,T2,500B,created,acme-production-1\r\n")
        // A second run makes it a file of its own; the first run's map stays as it was.
        #expect(fixture.publish("acme-delta-2").status == .ok)
        #expect(fixture.text("runs/acme-production-1/idmap.csv").hasSuffix("ticket,T2,500B,created,acme-production-1\r\n"))
        #expect(fixture.text("migrations/acme-production/idmap.csv").hasSuffix("ticket,T4,500D,created,acme-delta-2\r\n"))
    }

    @Test("the id map lists each submitted record once, in the destination's order: its first created result, else its first updated one")
    func idMapOrder() throws {
        let fixture = MigrationFixture()
        fixture.write("acme-production-1", kind: "production", day: 10, tickets: [
            .init(id: "T1", destination: "500U1", created: false),
            .init(id: "T2", destination: "500C2"),
            .init(id: "T1", destination: "500C1"),
            .init(id: "T3", destination: "500U3", created: false),
            .init(id: "T3", destination: "500U3b", created: false),
            .init(id: "T2", destination: "500C2b"),
        ])
        // A result for a record that was never submitted is not in the map.
        let results = fixture.folder.path + "/acme-production-1/results/ticket/successfulResults.csv"
        try (String(contentsOfFile: results, encoding: .utf8) + "\"500X\",\"true\",\"T9\"\n")
            .write(toFile: results, atomically: true, encoding: .utf8)
        try "ticket_id\nT1\nT2\nT3\n".write(toFile: fixture.folder.path + "/acme-production-1/source/tickets.csv", atomically: true, encoding: .utf8)
        #expect(fixture.publish("acme-production-1").status == .ok)
        #expect(fixture.text("runs/acme-production-1/idmap.csv") == """
            object,source_id,destination_id,outcome,run_id\r
            ticket,T2,500C2,created,acme-production-1\r
            ticket,T1,500C1,created,acme-production-1\r
            ticket,T3,500U3,updated,acme-production-1\r

            """)
    }

    @Test("a child in a delta run whose parent arrived in an earlier run is not an orphan; one whose parent never arrived is")
    func orphansAcrossRuns() throws {
        let fixture = MigrationFixture()
        fixture.write("acme-production-1", kind: "production", day: 20, tickets: [.init(id: "T1", destination: "500A")], failedTickets: ["T2"], messages: [])
        fixture.write("acme-delta-2", kind: "delta", day: 21, tickets: [.init(id: "T9", destination: "500Z")],
                      messages: [.init(id: "M1", destination: "02sA", parent: "T1"), .init(id: "M2", destination: "02sB", parent: "T2"),
                                 .init(id: "M3", destination: "02sC", parent: "T9")])
        #expect(fixture.publish("acme-production-1").status == .ok)
        #expect(fixture.publish("acme-delta-2").status == .ok)
        let message = try #require(try fixture.report("acme-delta-2").objects.last)
        #expect(message.orphans == 1)
        #expect(message.orphanSamples == ["M2"])
        #expect(fixture.text("runs/acme-delta-2/orphans.csv") == "id,object,parent_object,parent_id\r\nM2,message,ticket,T2\r\n")
        // Messages land in EmailMessage: deleted before the Cases.
        #expect(FileManager.default.fileExists(atPath: fixture.site + "/migrations/acme-production/rollback/1-EmailMessage.csv"))
        #expect(fixture.text("migrations/acme-production/rollback/2-Case.csv") == "Id\r\n500Z\r\n500A\r\n")
    }

    @Test("a sandbox run never counts against production: no duplicate, no parent, a page each")
    func environmentsApart() throws {
        let fixture = MigrationFixture()
        fixture.write("acme-sandbox-1", kind: "sandbox", day: 18, tickets: [.init(id: "T1", destination: "500S"), .init(id: "T2", destination: "500T")],
                      messages: [])
        fixture.write("acme-production-1", kind: "production", day: 20, tickets: [.init(id: "T1", destination: "500A")],
                      messages: [.init(id: "M1", destination: "02sA", parent: "T2")])
        #expect(fixture.publish("acme-sandbox-1").status == .ok)
        #expect(fixture.publish("acme-production-1").status == .ok)
        let report = try fixture.report("acme-production-1")
        #expect(report.environment == .production)
        #expect(report.objects.map(\.duplicated) == [0, 0])
        #expect(report.objects.map(\.orphans) == [0, 1])
        #expect(report.changes == nil)
        #expect(fixture.text("migrations/acme-sandbox/index.md").contains("| ticket | Case | 2 | 2 | 100 % | 0 | 0 |"))
        #expect(fixture.text("migrations/acme-production/index.md").contains("| ticket | Case | 1 | 1 | 100 % | 0 | 0 |"))
        #expect(fixture.text("index.html").contains("<a href=\"migrations/acme-production/index.html\">acme (production)</a>"))
    }

    @Test("deleting the ledger and the pages, then publishing every run again, gives the same site byte for byte")
    func rebuild() throws {
        let fixture = Self.threeRuns()
        for run in ["acme-production-1", "acme-delta-2", "acme-delta-3"] { _ = fixture.publish(run) }
        let before = fixture.snapshot().filter { $0.key != "ledger.sqlite" }
        for name in ["ledger.sqlite", "index.html", "migrations"] { try FileManager.default.removeItem(atPath: fixture.site + "/" + name) }
        for run in ["acme-production-1", "acme-delta-2", "acme-delta-3"] {
            let output = fixture.publish(run)
            #expect(output.status == .ok, "\(output.standardError)")
        }
        let after = fixture.snapshot().filter { $0.key != "ledger.sqlite" }
        #expect(after.keys.sorted() == before.keys.sorted())
        for (name, bytes) in before { #expect(after[name] == bytes, "\(name) differs after the rebuild") }
        let runs = try DatabaseQueue(path: fixture.site + "/ledger.sqlite").read { db in
            try String.fetchAll(db, sql: "SELECT run_id FROM runs ORDER BY started_at")
        }
        #expect(runs == ["acme-production-1", "acme-delta-2", "acme-delta-3"])
    }

    @Test("a publish cut short after the ledger took the run in: publishing the run again writes its pages back")
    func cutShort() throws {
        let fixture = Self.threeRuns()
        for run in ["acme-production-1", "acme-delta-2"] { _ = fixture.publish(run) }
        let whole = fixture.snapshot()
        // What a kill leaves when it comes after the ledger's commit, before the pages.
        for name in ["index.html", "migrations/acme-production/index.html", "migrations/acme-production/idmap.csv"] {
            try FileManager.default.removeItem(atPath: fixture.site + "/" + name)
        }
        let again = fixture.publish("acme-delta-2")
        #expect(again.status == .ok)
        #expect(again.standardOutput.hasPrefix("\(fixture.site)/index.html\n"))
        #expect(fixture.snapshot() == whole)
    }

    @Test("a run folder removed from the site leaves the ledger, the index and its migration's page at the next publish")
    func runRemoved() throws {
        let fixture = Self.threeRuns()
        for run in ["acme-production-1", "acme-delta-2"] { _ = fixture.publish(run) }
        try FileManager.default.removeItem(atPath: fixture.site + "/runs/acme-delta-2")
        #expect(fixture.publish("acme-delta-3").status == .ok)
        let runs = try DatabaseQueue(path: fixture.site + "/ledger.sqlite").read { db in try String.fetchAll(db, sql: "SELECT run_id FROM runs ORDER BY run_id") }
        #expect(runs == ["acme-delta-3", "acme-production-1"])
        #expect(!fixture.text("index.html").contains("acme-delta-2"))
        #expect(!fixture.text("migrations/acme-production/index.md").contains("acme-delta-2"))
        // T5 failed only in the removed run; T4 arrived only in it.
        #expect(fixture.text("migrations/acme-production/index.md").contains("| ticket | Case | 3 | 3 | 100 % | 0 | 1 |"))
    }

    @Test("a run published after a later one of its migration says so, naming it")
    func publishedOutOfOrder() throws {
        let fixture = Self.threeRuns()
        for run in ["acme-production-1", "acme-delta-3"] { _ = fixture.publish(run) }
        let late = fixture.publish("acme-delta-2")
        #expect(late.status == .ok)
        let warning = "published after acme-delta-3, which started later: its orphans and duplicates were judged without this run's records; publish the runs of a migration in the order they ran"
        #expect(late.standardError == "landfall: warning: \(warning)\n")
        #expect(try fixture.report("acme-delta-2").warnings == [warning])
    }

    @Test("publishing the same run again changes no byte of the site, the ledger included")
    func republish() throws {
        let fixture = Self.threeRuns()
        for run in ["acme-production-1", "acme-delta-2"] { _ = fixture.publish(run) }
        let before = fixture.snapshot()
        let again = fixture.publish("acme-delta-2")
        #expect(again.status == .ok)
        #expect(again.standardOutput.hasPrefix("\(fixture.site)/runs/acme-delta-2: already published from the same inputs; nothing changed\n"))
        #expect(fixture.snapshot() == before)
    }
}

@Suite("Runs and ledgers that do not belong")
struct MigrationLedgerRefusalTests {
    @Test("a production run that names the sandbox environment is refused at the key")
    func contradictoryEnvironment() {
        let fixture = MigrationFixture()
        let run = fixture.write("acme-production-1", kind: "production", environment: "sandbox", day: 20, tickets: [.init(id: "T1", destination: "500A")])
        let output = fixture.publish("acme-production-1")
        #expect(output.status == .dataError)
        #expect(output.standardError == "\(run)/run.json:1:71: error: a production run loads into production, not sandbox (only a delta or rollback run may name either) [environment]\n")
        #expect(!FileManager.default.fileExists(atPath: fixture.site))
    }

    @Test("a migration name that would lead out of the site's folder is refused at the key, and nothing is written")
    func migrationOutsideTheSite() {
        let fixture = MigrationFixture()
        let run = fixture.write("acme-production-1", kind: "production", day: 20, tickets: [.init(id: "T1", destination: "500A")], migration: "../../escape")
        let output = fixture.publish("acme-production-1")
        #expect(output.status == .dataError)
        #expect(output.standardError == "\(run)/run.json:1:69: error: a migration may hold only letters, digits, '-', '_' and '.' (it names a folder of the site), found \"../../escape\" [migration]\n")
        #expect(!FileManager.default.fileExists(atPath: fixture.site))
        #expect(!FileManager.default.fileExists(atPath: fixture.folder.path + "/escape-production"))
    }

    @Test("a delta run whose environment disagrees with every earlier run of its migration is refused, the site unchanged")
    func deltaInTheWrongEnvironment() throws {
        let fixture = MigrationFixture()
        fixture.write("acme-production-1", kind: "production", day: 20, tickets: [.init(id: "T1", destination: "500A")])
        let delta = fixture.write("acme-delta-2", kind: "delta", environment: "sandbox", day: 21, tickets: [.init(id: "T2", destination: "500B")])
        #expect(fixture.publish("acme-production-1").status == .ok)
        let error = fixture.refusal("acme-delta-2", status: .dataError)
        #expect(error == "\(delta)/run.json: error: the delta run acme-delta-2 is in sandbox, but the earlier runs of acme are all in production; a delta run follows a full load into the same environment: set \"environment\"\n")
    }

    @Test("a run of a migration that loads into another destination is refused")
    func otherDestination() throws {
        let fixture = MigrationFixture()
        fixture.write("acme-production-1", kind: "production", day: 20, tickets: [.init(id: "T1", destination: "500A")])
        #expect(fixture.publish("acme-production-1").status == .ok)
        fixture.folder.write("acme-production-2/run.json", intercomReviewRun("acme-production-2", kind: "production"))
        fixture.folder.write("acme-production-2/source/reviews.csv", "review_id\nR1\n")
        let error = fixture.refusal("acme-production-2", status: .dataError)
        #expect(error.hasSuffix("acme-production-2/run.json: error: the migration acme loads into salesforce-service-cloud (run acme-production-1), not intercom; give this run its own migration\n"))
    }

    @Test("a ledger file that is not SQLite is named, exit 65, and nothing is written")
    func notSQLite() throws {
        let fixture = MigrationFixture()
        fixture.write("acme-production-1", kind: "production", day: 20, tickets: [.init(id: "T1", destination: "500A")])
        fixture.folder.write("site/ledger.sqlite", String(repeating: "not a database\n", count: 200))
        let error = fixture.refusal("acme-production-1", status: .dataError)
        #expect(error == "\(fixture.site)/ledger.sqlite: error: is not a SQLite database (file is not a database); move it aside and publish again: the ledger is rebuilt from the run folders\n")
    }

    @Test("a ledger that cannot be opened for writing is named, exit 73, and nothing is written")
    func unwritableLedger() throws {
        let fixture = MigrationFixture()
        fixture.write("acme-production-1", kind: "production", day: 20, tickets: [.init(id: "T1", destination: "500A")])
        try FileManager.default.createDirectory(atPath: fixture.site + "/ledger.sqlite", withIntermediateDirectories: true)
        let error = fixture.refusal("acme-production-1", status: .cannotCreate)
        #expect(error.hasPrefix("\(fixture.site)/ledger.sqlite: error: cannot be written: "))
    }

    @Test("a ledger of another schema version is named, exit 65, and nothing is written")
    func otherSchema() throws {
        let fixture = MigrationFixture()
        fixture.write("acme-production-1", kind: "production", day: 20, tickets: [.init(id: "T1", destination: "500A")])
        try FileManager.default.createDirectory(atPath: fixture.site, withIntermediateDirectories: true)
        try DatabaseQueue(path: fixture.site + "/ledger.sqlite").write { db in
            try db.execute(sql: "CREATE TABLE runs (id TEXT); PRAGMA user_version = 7")
        }
        let error = fixture.refusal("acme-production-1", status: .dataError)
        #expect(error == "\(fixture.site)/ledger.sqlite: error: has schema version 7; this landfall reads and writes version 5. Move it aside and publish again: the ledger is rebuilt from the run folders\n")
    }
}

@Suite("A run's fingerprint covers every byte")
struct RunFingerprintTests {
    @Test("XXH64 gives the reference digests, fed whole or in pieces of any size")
    func referenceDigests() {
        #expect(ContentHash.of([]) == 0xEF46_DB37_51D8_E999)
        #expect(ContentHash.of(Array("a".utf8)) == 0xD24E_C4F1_A98C_6E5B)
        #expect(ContentHash.of(Array("abc".utf8)) == 0x44BC_2CF5_AD77_0999)
        #expect(ContentHash.of(Array("Nobody inspects the spammish repetition".utf8)) == 0xFBCE_A83C_8A37_8BF1)
        let bytes = (0..<100_003).map { UInt8(($0 * 7 + 3) % 251) }
        #expect(ContentHash.of(bytes) == 0x148A_2FDF_3EA2_C6E5)
        for piece in [1, 7, 31, 32, 33, 4096] {
            var hash = ContentHash()
            for start in stride(from: 0, to: bytes.count, by: piece) {
                bytes[start..<min(start + piece, bytes.count)].withUnsafeBytes { hash.update($0) }
            }
            #expect(hash.digest == 0x148A_2FDF_3EA2_C6E5, "pieces of \(piece)")
        }
    }

    @Test("one byte changed in the middle of a large source file makes a different run, refused under the same id")
    func middleByte() throws {
        let fixture = MigrationFixture()
        // About 3 MB of tickets: more than the first and the last mebibyte.
        let tickets = (1...100_000).map { MigrationFixture.Row(id: String(format: "TICKET-%06d-THREAD-EXPORT", $0), destination: String(format: "500%06d", $0)) }
        let run = fixture.write("acme-production-1", kind: "production", day: 20, tickets: tickets)
        #expect(fixture.publish("acme-production-1").status == .ok)
        #expect(fixture.publish("acme-production-1").status == .ok)
        var source = try [UInt8](Data(contentsOf: URL(fileURLWithPath: run + "/source/tickets.csv")))
        let middle = source.count / 2
        let digit = try #require((middle..<source.count).first { source[$0] == UInt8(ascii: "1") })
        source[digit] = UInt8(ascii: "2")
        try Data(source).write(to: URL(fileURLWithPath: run + "/source/tickets.csv"))
        let error = fixture.refusal("acme-production-1", status: .cannotCreate)
        #expect(error.contains("the run acme-production-1 is already published from different inputs"))
    }
}
