import Foundation
@testable import LandfallKit
import LandfallTestSupport
import Testing

@Suite("Pages an ops lead trusts: every quoted object, one meaning of still failing, a reason for each verdict")
struct OpsPagesTests {
    @Test("the sample migration's page lists every object the quote counts, the ones no run has submitted as not yet run")
    func everyQuotedObject() throws {
        let folder = TemporaryFolder()
        #expect(Fixtures.demo(into: folder.path + "/demo").status == .ok)
        let page = try String(contentsOfFile: folder.path + "/demo/site/migrations/northwind-sandbox/index.md", encoding: .utf8)
        #expect(page.contains("- 8 quoted objects: 1 submitted so far, 7 not yet run\n"))
        let rows = page.split(separator: "\n").filter { $0.hasPrefix("| ") && !$0.hasPrefix("| Object") && !$0.hasPrefix("| Run |") && !$0.hasPrefix("| Destination") && !$0.hasPrefix("| [") && !$0.hasPrefix("| Salesforce") }
        #expect(rows == [
            "| company | Account | 140 | not yet run |  |  |  |  |  |  |",
            "| contact | Contact | 1,860 | not yet run |  |  |  |  |  |  |",
            "| review | Case | 1,840 | not yet run |  |  |  |  |  |  |",
            // The sample's rollback run deleted three of the five that had arrived.
            "| ticket | Case | 38,214 | 7 | −38,207 | 2 | 3 | 28.6 % | 2 | 0 |",
            "| conversation | Case | 4,120 | not yet run |  |  |  |  |  |  |",
            "| review_response | EmailMessage | 1,512 | not yet run |  |  |  |  |  |  |",
            "| message | EmailMessage | 51,877 | not yet run |  |  |  |  |  |  |",
            "| attachment | ContentVersion | 7,310 | not yet run |  |  |  |  |  |  |",
        ])
        // Every object the scope's load plan creates records of is on the page.
        let scope = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder.path + "/demo/northwind/scope.json"))) as? [String: Any])
        let lines = try #require((scope["load_plan"] as? [String: Any])?["lines"] as? [[String: Any]])
        let created = lines.filter { ["insert", "upsert"].contains($0["operation"] as? String) }.compactMap { $0["object"] as? String }
        for object in created {
            #expect(rows.contains { $0.hasPrefix("| \(object) |") }, "\(object) is quoted but not on the migration page")
        }
        // Still failing has one meaning, stated on the page; the run page speaks of the two runs it compares.
        #expect(page.contains("Still failing: those that failed, went unprocessed or missing and have not arrived in any run since; the site uses no other meaning of the words."))
        let run = try String(contentsOfFile: folder.path + "/demo/site/runs/northwind-sandbox-2/report.md", encoding: .utf8)
        #expect(run.contains("- Failing in both runs: 1\n"))
        #expect(!run.contains("Still failing"))
    }

    @Test("the field map the load was written from, in the run folder, decides which quoted objects the migration's page lists; it is among the run's inputs")
    func quotedFromTheRunsFieldMap() throws {
        let folder = TemporaryFolder()
        let run = folder.path + "/northwind-sandbox-1"
        try FileManager.default.copyItem(atPath: Fixtures.sample("runs/northwind-sandbox-1"), toPath: run)
        let proposed = FieldMapCommand(manifestPath: run + "/manifest.json", profilePath: nil, directory: folder.path + "/proposed",
                                       destination: nil, asOf: Fixtures.asOf, catalog: Fixtures.catalog, rules: Fixtures.rules).run()
        #expect(proposed.status == .ok)
        let text = try String(contentsOfFile: folder.path + "/proposed/fieldmap.yaml", encoding: .utf8)
        // The customer's map sends no review through the load: its admin brings them by hand.
        let original = "- { destination: Case, operation: upsert, key: external_case_id__c, rows: 1840 }"
        #expect(text.contains(original))
        try text.replacingOccurrences(of: original, with: "- { destination: Case, operation: manual, rows: 1840 }").write(toFile: run + "/fieldmap.yaml", atomically: true, encoding: .utf8)
        let site = folder.path + "/site"
        try FileManager.default.createDirectory(atPath: site, withIntermediateDirectories: true)
        func publish() -> CommandOutput {
            ReconcileCommand(runFolder: run, site: site, catalog: Fixtures.catalog, acceptance: Fixtures.rules.acceptance, templates: Fixtures.templates).run()
        }
        #expect(publish().status == .ok)
        let page = try String(contentsOfFile: site + "/migrations/northwind-sandbox/index.md", encoding: .utf8)
        #expect(page.contains("- 7 quoted objects: 1 submitted so far, 6 not yet run\n"))
        #expect(!page.contains("| review |"))
        #expect(page.contains("| company | Account | 140 | not yet run |"))
        // Another map makes it another run.
        try (text + "\n").write(toFile: run + "/fieldmap.yaml", atomically: true, encoding: .utf8)
        #expect(publish().status == .cannotCreate)
    }

    @Test("a run of transform's steps draws its bars after its longest step name, so that no name runs into them")
    func chartLabelsClear() throws {
        let folder = TemporaryFolder()
        let step = "09-EmailMessage-message"
        folder.write("run/run.json", """
            { "run_id": "acme-sandbox-1", "kind": "sandbox", "destination": "salesforce-service-cloud",
              "started_at": "2026-11-20T09:00:00Z", "finished_at": "2026-11-20T10:00:00Z",
              "objects": [{ "object": "\(step)", "source_file": "source/\(step).csv", "id_column": "external_id__c", "destination_object": "EmailMessage" }] }
            """)
        folder.write("run/source/\(step).csv", "external_id__c\nM-1\n")
        folder.write("run/results/\(step)/successfulResults.csv", "\"sf__Id\",\"sf__Created\",\"external_id__c\"\n\"02s1\",\"true\",\"M-1\"\n")
        try FileManager.default.createDirectory(atPath: folder.path + "/site", withIntermediateDirectories: true)
        #expect(ReconcileCommand(runFolder: folder.path + "/run", site: folder.path + "/site", catalog: Fixtures.catalog, acceptance: Fixtures.rules.acceptance,
                                 templates: Fixtures.templates).run().status == .ok)
        let page = try String(contentsOfFile: folder.path + "/site/runs/acme-sandbox-1/index.html", encoding: .utf8)
        let x = try #require(page.firstMatch(of: /class="bar-high" x="([0-9.]+)"/).flatMap { Double($0.1) })
        // The label is drawn at 13 px, 14 px in print: its widest estimate stays left of the bars.
        #expect(x >= GanttChart.labelWidth(step) * 14 / 13, "bars at \(x)")
        #expect(x > 150)
    }

    @Test("the site's runs table names each run's destination and the first reason for its verdict")
    func runsTable() throws {
        let folder = TemporaryFolder()
        #expect(Fixtures.demo(into: folder.path + "/demo").status == .ok)
        let index = try String(contentsOfFile: folder.path + "/demo/site/index.html", encoding: .utf8)
        #expect(index.contains("<th scope=\"col\">Destination</th>"))
        #expect(index.contains("<td data-label=\"Destination\">Salesforce Service Cloud</td>"))
        #expect(index.contains("<td data-label=\"Why\">ticket: 2 of 7 failed, unprocessed or missing (28.6 %)</td>"))
    }

    @Test("a reason names the gravest cause first", arguments: [
        ((3, 1, 1, 1), "ticket: 1 record arrived without the parent"), ((3, 0, 1, 1), "ticket: 3 of 10 failed, unprocessed or missing (30 %)"),
        ((0, 0, 2, 1), "ticket: 2 source ids duplicated"), ((0, 0, 0, 1), "ticket: 1 result naming ids that were not submitted"),
    ])
    func reasons(counts: (Int, Int, Int, Int), text: String) {
        #expect(SiteLedger.reason(object: "ticket", source: 10, problems: counts.0, duplicated: counts.2, unexpected: counts.3, orphans: counts.1) == text)
    }
}
