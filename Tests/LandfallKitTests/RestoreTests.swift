import Foundation
@testable import LandfallKit
import LandfallTestSupport
import Testing

@Suite("Updated records are restorable from a destination export taken before the load")
struct RestoreTests {
    /// The Northwind sample's first run (T-1005 updated the existing Case 5008d00000B2y00AAA),
    /// published into a new site with `before` as the export taken before the load.
    private func publish(before: [String: String]?, in folder: TemporaryFolder) -> (output: CommandOutput, site: String) {
        let site = folder.path + "/site"
        try? FileManager.default.createDirectory(atPath: site, withIntermediateDirectories: true)
        var command = ReconcileCommand(runFolder: Fixtures.sample("runs/northwind-sandbox-1"), site: site, catalog: Fixtures.catalog,
                                       acceptance: Fixtures.rules.acceptance, templates: Fixtures.templates)
        if let before {
            for (name, text) in before { _ = folder.write("before/\(name)", text) }
            command.beforeFolder = folder.path + "/before"
        }
        return (command.run(), site)
    }

    @Test("the restore file holds the updated records' earlier values of the columns the run sent, with its update job")
    func restoreFile() throws {
        let folder = TemporaryFolder()
        let (output, site) = publish(before: ["Case.csv": "Id,Subject,Status,Priority,Description\n5008d00000B2y00AAA,\"Old, printer\",New,Low,kept\n5008d00000B9zzzAAA,Other,New,Low,x\n"], in: folder)
        #expect(output.status == .verdict || output.status == .ok, "\(output.standardError)")
        let run = site + "/runs/northwind-sandbox-1"
        // Description was not sent, so it is not put back; a record the run did not update is left out.
        #expect(try String(contentsOfFile: run + "/restore/Case.csv", encoding: .utf8) == "Id,Subject,Status,Priority\n5008d00000B2y00AAA,\"Old, printer\",New,Low\n")
        #expect(try String(contentsOfFile: run + "/restore/Case.job.json", encoding: .utf8) == "{\"contentType\":\"CSV\",\"lineEnding\":\"LF\",\"object\":\"Case\",\"operation\":\"update\"}\n")
        let page = try String(contentsOfFile: run + "/report.md", encoding: .utf8)
        #expect(page.contains("- **ticket**: 1 Case record updated, not created; the restore file puts back 1 with the values they held before the load: [restore/Case.csv](restore/Case.csv)"))
        let report = try JSONDecoder().decode(RunReport.self, from: Data(contentsOf: URL(fileURLWithPath: run + "/report.json")))
        #expect(report.restores == [RunReport.Restore(object: "ticket", destinationObject: "Case", updated: 1, restored: 1, file: "restore/Case.csv", note: nil)])
    }

    @Test("every byte of the export taken before the load is among the run's inputs, columns the run did not send included")
    func exportIsInput() throws {
        let folder = TemporaryFolder()
        let (first, site) = publish(before: ["Case.csv": "Id,Subject,Description\n5008d00000B2y00AAA,Old,kept\n"], in: folder)
        #expect(first.status == .verdict || first.status == .ok)
        _ = folder.write("before/Case.csv", "Id,Subject,Description\n5008d00000B2y00AAA,Old,changed\n")
        var again = ReconcileCommand(runFolder: Fixtures.sample("runs/northwind-sandbox-1"), site: site, catalog: Fixtures.catalog,
                                     acceptance: Fixtures.rules.acceptance, templates: Fixtures.templates)
        again.beforeFolder = folder.path + "/before"
        #expect(again.run().status == .cannotCreate)
    }

    @Test("without an export taken before the load, the page says plainly that there is no restore file")
    func noExport() throws {
        let folder = TemporaryFolder()
        let (_, site) = publish(before: nil, in: folder)
        let page = try String(contentsOfFile: site + "/runs/northwind-sandbox-1/report.md", encoding: .utf8)
        #expect(page.contains("- **ticket**: 1 Case record updated, not created: no restore file: no destination export taken before the load was given (reconcile --before DIR)"))
        #expect(!FileManager.default.fileExists(atPath: site + "/runs/northwind-sandbox-1/restore"))
    }

    @Test("an export without the Id column, or of another object: 65 at its place, nothing published", arguments: [
        ("Subject,Status\nA,B\n", "Case.csv:1:1: error: the export has no Id column: a restore finds each record by its Id; export Case with its Id"),
        ("Id,Name\n001000000000001AAA,Acme\n", "Case.csv:2:1: error: holds records whose ids begin 001, not the Case records the run updated (ids beginning 500): is it the export of another object?"),
    ])
    func badExport(text: String, message: String) throws {
        let folder = TemporaryFolder()
        let (output, site) = publish(before: ["Case.csv": text], in: folder)
        #expect(output.status == .dataError)
        #expect(output.standardError == "\(folder.path)/before/\(message)\n")
        #expect(!FileManager.default.fileExists(atPath: site + "/runs"))
        #expect(!FileManager.default.fileExists(atPath: site + "/index.html"))
    }
}
