import Foundation
@testable import LandfallKit
import LandfallTestSupport
import Testing

/// A run folder written from text, published into a site in the same temporary folder.
struct RunFixture {
    let folder = TemporaryFolder()
    var run: String { folder.path + "/run" }
    var site: String { folder.path + "/site" }

    init(_ files: [String: String]) {
        for (name, text) in files { folder.write("run/" + name, text) }
    }

    func write(_ name: String, _ text: String) {
        folder.write("run/" + name, text)
    }

    func reconcile() -> CommandOutput {
        ReconcileCommand(runFolder: run, site: site, catalog: Fixtures.catalog, acceptance: Fixtures.rules.acceptance, templates: Fixtures.templates).run()
    }

    func report(_ id: String) throws -> RunReport {
        try JSONDecoder().decode(RunReport.self, from: Data(contentsOf: URL(fileURLWithPath: "\(site)/runs/\(id)/report.json")))
    }

    func file(_ id: String, _ name: String) -> String {
        (try? String(contentsOfFile: "\(site)/runs/\(id)/\(name)", encoding: .utf8)) ?? ""
    }
}

let salesforceRun = """
{ "run_id": "acme-sandbox-1", "kind": "sandbox", "destination": "salesforce-service-cloud",
  "started_at": "2026-11-18T14:00:00Z", "finished_at": "2026-11-18T15:00:00Z",
  "objects": [
    { "object": "ticket", "source_file": "source/tickets.csv", "id_column": "ticket_id", "result_id_column": "external_case_id__c" },
    { "object": "message", "source_file": "source/messages.csv", "id_column": "message_id", "parent_object": "ticket", "parent_column": "ticket_id" }
  ] }
"""

/// The `run.json` of an Intercom run that loads reviews alone.
func intercomReviewRun(_ runID: String, kind: String) -> String {
    """
    { "run_id": "\(runID)", "kind": "\(kind)", "destination": "intercom", "started_at": "2026-11-19T09:00:00Z",
      "finished_at": "2026-11-19T10:00:00Z", "objects": [ { "object": "review", "source_file": "source/reviews.csv", "id_column": "review_id" } ] }
    """
}

@Suite("Reconciling a Salesforce run")
struct SalesforceReconcileTests {
    /// Every category at least once: created, updated, failed (two codes, a message with colons,
    /// an error without a colon), unprocessed, missing, duplicated, unexpected, orphans.
    static func fixture() -> RunFixture {
        RunFixture([
            "run.json": salesforceRun,
            "source/tickets.csv": "ticket_id,subject\r\nT1,\"Printer, again\"\r\nT2,\"Quote \"\"urgent\"\"\"\r\nT3,\"Two\nlines\"\r\nT4,x\r\nT5,y\r\nT6,z\r\nT7,w\r\n",
            "results/ticket/successfulResults.csv": "\"sf__Id\",\"sf__Created\",\"external_case_id__c\",\"subject\"\n\"500A\",\"true\",\"T1\",\"Printer, again\"\n\"500B\",\"false\",\"T2\",\"q\"\n\"500Z\",\"true\",\"T99\",\"stray\"\n\"500B2\",\"false\",\"T2\",\"q\"\n",
            "results/ticket/failedResults.csv": "\"sf__Id\",\"sf__Error\",\"external_case_id__c\",\"subject\"\n\"\",\"REQUIRED_FIELD_MISSING:Required fields are missing: [Subject]:Subject --\",\"T3\",\"Two\nlines\"\n\"\",\"FIELD_CUSTOM_VALIDATION_EXCEPTION:Close date: must be after: open date:CloseDate --\",\"T4\",\"x\"\n\"\",\"UNABLE_TO_LOCK_ROW\",\"T5\",\"y\"\n",
            "results/ticket/unprocessedrecords.csv": "external_case_id__c,subject\nT6,z\n",
            "source/messages.csv": "message_id,ticket_id,body\nM1,T1,hello\nM2,T3,orphaned\nM3,T404,no parent\nM4,T2,fine\n",
            "results/message/successfulResults.csv": "\"sf__Id\",\"sf__Created\",\"message_id\",\"body\"\n\"02sA\",\"true\",\"M1\",\"hello\"\n\"02sB\",\"true\",\"M2\",\"orphaned\"\n\"02sC\",\"true\",\"M3\",\"no parent\"\n\"02sD\",\"true\",\"M4\",\"fine\"\n",
        ])
    }

    @Test("exact figures per object, with every category")
    func figures() throws {
        let run = Self.fixture()
        let output = run.reconcile()
        #expect(output.status == .ok, "\(output.standardError)")
        let report = try run.report("acme-sandbox-1")
        let ticket = report.objects[0]
        #expect([ticket.source, ticket.created, ticket.updated, ticket.failed, ticket.unprocessed, ticket.missing] as [Int] == [7, 1, 1, 3, 1, 1])
        #expect([ticket.duplicated, ticket.unexpected, ticket.orphans] as [Int] == [1, 1, 0])
        #expect(ticket.source == ticket.created + ticket.updated + ticket.failed + ticket.unprocessed + ticket.missing)
        #expect(ticket.failuresByCode == ["REQUIRED_FIELD_MISSING": 1, "FIELD_CUSTOM_VALIDATION_EXCEPTION": 1, "UNABLE_TO_LOCK_ROW": 1])
        #expect(ticket.failures.first { $0.code == "FIELD_CUSTOM_VALIDATION_EXCEPTION" }?.message == "Close date: must be after: open date:CloseDate")
        #expect(ticket.status == .fail)
        let message = report.objects[1]
        #expect([message.source, message.created, message.orphans] as [Int] == [4, 4, 2])
        #expect(message.orphanSamples == ["M2", "M3"])
        #expect(message.statusReasons.last == "2 records arrived without the parent (allowed: 0)")
        #expect(report.status == .fail)
    }

    @Test("the lists: failed, missing, and rollback in reverse load order")
    func lists() throws {
        let run = Self.fixture()
        _ = run.reconcile()
        #expect(run.file("acme-sandbox-1", "failed.csv") == """
        id,object,code,message\r
        T3,ticket,REQUIRED_FIELD_MISSING,Required fields are missing: [Subject]:Subject\r
        T4,ticket,FIELD_CUSTOM_VALIDATION_EXCEPTION,Close date: must be after: open date:CloseDate\r
        T5,ticket,UNABLE_TO_LOCK_ROW,\r
        T6,ticket,UNPROCESSED,the destination did not process this record\r

        """)
        #expect(run.file("acme-sandbox-1", "missing.csv") == "id,object\r\nT7,ticket\r\n")
        #expect(run.file("acme-sandbox-1", "rollback.csv") == "Id,object\r\n02sD,message\r\n02sC,message\r\n02sB,message\r\n02sA,message\r\n500Z,ticket\r\n500A,ticket\r\n")
    }

    @Test("publishing the same run again changes nothing; a different run with the same id is refused")
    func idempotence() throws {
        let run = Self.fixture()
        #expect(run.reconcile().status == .ok)
        let before = filesBelow(run.site)
        let again = run.reconcile()
        #expect(again.status == .ok)
        #expect(again.standardOutput.hasPrefix("\(run.site)/runs/acme-sandbox-1: already published from the same inputs; nothing changed\nticket: "))
        #expect(filesBelow(run.site) == before)
        run.write("source/tickets.csv", "ticket_id,subject\nT1,changed\n")
        let refused = run.reconcile()
        #expect(refused.status == .cannotCreate)
        #expect(refused.standardError.contains("the run acme-sandbox-1 is already published from different inputs"))
        #expect(filesBelow(run.site) == before)
    }

    @Test("a later run of the same migration says what changed")
    func changes() throws {
        let run = Self.fixture()
        _ = run.reconcile()
        run.write("run.json", salesforceRun.replacingOccurrences(of: "acme-sandbox-1", with: "acme-sandbox-2")
            .replacingOccurrences(of: "2026-11-18T14:00:00Z", with: "2026-11-19T14:00:00Z")
            .replacingOccurrences(of: "2026-11-18T15:00:00Z", with: "2026-11-19T15:00:00Z"))
        run.write("results/ticket/successfulResults.csv", "\"sf__Id\",\"sf__Created\",\"external_case_id__c\"\n\"500C\",\"true\",\"T3\"\n\"500A\",\"false\",\"T1\"\n\"500B\",\"false\",\"T2\"\n\"500G\",\"true\",\"T7\"\n")
        run.write("results/ticket/failedResults.csv", "\"sf__Id\",\"sf__Error\",\"external_case_id__c\"\n\"\",\"X:y\",\"T4\"\n")
        run.write("results/ticket/unprocessedrecords.csv", "external_case_id__c\n")
        let second = run.reconcile()
        #expect(second.status == .ok, "\(second.standardError)")
        let changes = try #require(try run.report("acme-sandbox-2").changes)
        #expect(changes.previousRunID == "acme-sandbox-1")
        #expect([changes.newlyFailing, changes.fixed, changes.stillFailing] as [Int] == [0, 2, 3])
        let page = try String(contentsOfFile: run.site + "/index.html", encoding: .utf8)
        let table = page[page.range(of: "id=\"runs-caption\"")!.upperBound...]
        #expect(table.range(of: "acme-sandbox-2")!.lowerBound < table.range(of: "acme-sandbox-1")!.lowerBound)
    }
}

@Suite("Reconciling an Intercom run")
struct IntercomReconcileTests {
    @Test("exact figures from JSONL logs, with orphans and skipped records")
    func figures() throws {
        let run = RunFixture([
            "run.json": """
            { "run_id": "acme-production-1", "kind": "production", "destination": "intercom", "started_at": "2026-11-19T09:00:00Z",
              "finished_at": "2026-11-19T10:00:00Z", "objects": [
                { "object": "review", "source_file": "source/reviews.csv", "id_column": "review_id" },
                { "object": "review_response", "source_file": "source/responses.csv", "id_column": "response_id",
                  "parent_object": "review", "parent_column": "review_id" } ] }
            """,
            "source/reviews.csv": "review_id,body\nR1,a\nR2,b\nR3,c\nR4,d\n",
            "source/responses.csv": "response_id,review_id\nRR1,R1\nRR2,R2\nRR3,R4\n",
            "results/review.jsonl": """
            {"source_id": "R1", "destination_id": "101", "status": "created"}
            {"source_id": "R2", "destination_id": null, "status": "failed", "error": {"code": "parameter_invalid", "message": "bad: attribute"}}
            {"source_id": "R3", "destination_id": "103", "status": "updated"}
            {"source_id": "R4", "status": "skipped"}
            {"source_id": "R9", "destination_id": "109", "status": "created"}

            """,
            "results/review_response.jsonl": """
            {"source_id": "RR1", "destination_id": "p1", "status": "created"}
            {"source_id": "RR2", "destination_id": "p2", "status": "created"}
            {"source_id": "RR3", "destination_id": "p3", "status": "created"}
            """,
        ])
        let output = run.reconcile()
        #expect(output.status == .ok, "\(output.standardError)")
        let report = try run.report("acme-production-1")
        let review = report.objects[0]
        #expect([review.source, review.created, review.updated, review.failed, review.unprocessed, review.missing, review.unexpected] as [Int] == [4, 1, 1, 1, 1, 0, 1])
        #expect(review.failuresByCode == ["parameter_invalid": 1])
        #expect(report.objects[1].orphans == 2)
        #expect(run.file("acme-production-1", "rollback.csv") == "Id,object\r\np3,review_response\r\np2,review_response\r\np1,review_response\r\n109,review\r\n101,review\r\n")
    }

    @Test("the sample runs reconcile to the expected figures")
    func samples() throws {
        let folder = TemporaryFolder()
        let command = ReconcileCommand(runFolder: Fixtures.sample("runs/harbor-sandbox-1"), site: folder.path, catalog: Fixtures.catalog,
                                       acceptance: Fixtures.rules.acceptance, templates: Fixtures.templates)
        #expect(command.run().status == .ok)
        let report = try JSONDecoder().decode(RunReport.self, from: Data(contentsOf: URL(fileURLWithPath: folder.path + "/runs/harbor-sandbox-1/report.json")))
        #expect(report.objects.map(\.created) == [2, 2])
        #expect(report.objects.map(\.failed) == [1, 0])
        #expect(report.objects.map(\.orphans) == [0, 1])
    }
}

@Suite("Bad run input: reported with file and place, and nothing in the site changes")
struct BadRunTests {
    private func expectFailure(_ run: RunFixture, _ status: LandfallKit.ExitStatus, _ message: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let output = run.reconcile()
        #expect(output.status == status, sourceLocation: sourceLocation)
        #expect(output.standardError.contains(message), "\(output.standardError)", sourceLocation: sourceLocation)
        #expect(!FileManager.default.fileExists(atPath: run.site), sourceLocation: sourceLocation)
    }

    private func salesforce(source: String = "ticket_id,subject\nT1,a\n", success: String = "\"sf__Id\",\"sf__Created\",\"external_case_id__c\"\n\"5\",\"true\",\"T1\"\n") -> RunFixture {
        RunFixture(["run.json": salesforceRun.replacingOccurrences(of: """
            ,
                { "object": "message", "source_file": "source/messages.csv", "id_column": "message_id", "parent_object": "ticket", "parent_column": "ticket_id" }
            """, with: ""), "source/tickets.csv": source, "results/ticket/successfulResults.csv": success])
    }

    @Test("an unterminated quote")
    func unterminatedQuote() {
        let run = salesforce(source: "ticket_id,subject\nT1,a\nT2,\"never closed\nT3,c\n")
        expectFailure(run, .dataError, "/source/tickets.csv:3:4: error: the quoted field that starts here is never closed")
    }

    @Test("a row with the wrong number of fields")
    func wrongFieldCount() {
        expectFailure(salesforce(source: "ticket_id,subject\nT1,a\nT2,b,extra\n"), .dataError, "/source/tickets.csv:3:1: error: this row has 3 fields but the header has 2")
    }

    @Test("a header without the id column")
    func noIDColumn() {
        expectFailure(salesforce(source: "id,subject\nT1,a\n"), .dataError, "/source/tickets.csv:1:1: error: the header has no ticket_id column (columns: id, subject)")
    }

    @Test("a byte-order mark and CRLF line ends are accepted")
    func bomAndCRLF() throws {
        let run = salesforce(source: "\u{FEFF}ticket_id,subject\r\nT1,a\r\n")
        #expect(run.reconcile().status == .ok)
        #expect(try run.report("acme-sandbox-1").objects[0].created == 1)
    }

    @Test("an id that is not UTF-8")
    func invalidUTF8() {
        let run = salesforce()
        run.folder.write("run/source/tickets.csv", Data(Array("ticket_id,subject\nT".utf8) + [0xFF] + Array(",a\n".utf8)))
        expectFailure(run, .dataError, "/source/tickets.csv:2:1: error: an id that is not valid UTF-8")
    }

    @Test("an empty result file")
    func emptyResultFile() {
        expectFailure(salesforce(success: ""), .dataError, "successfulResults.csv: error: is empty: not even a header row")
    }

    @Test("a result file for an object not in run.json")
    func unknownObject() {
        let run = salesforce()
        run.write("results/contact/successfulResults.csv", "\"sf__Id\",\"sf__Created\",\"Id\"\n")
        expectFailure(run, .dataError, "results/contact: error: results for the object \"contact\", which run.json does not list (objects: ticket)")
    }

    @Test("an sf__Error without a colon keeps its code")
    func errorWithoutColon() {
        let lock = Reconciler.splitError("UNABLE_TO_LOCK_ROW")
        #expect(lock.code == "UNABLE_TO_LOCK_ROW" && lock.message == "")
        let odd = Reconciler.splitError("something odd happened")
        #expect(odd.code == "UNKNOWN" && odd.message == "something odd happened")
        let colons = Reconciler.splitError("CODE:a: b: c --")
        #expect(colons.code == "CODE" && colons.message == "a: b: c")
    }

    @Test("a JSONL line that is not JSON")
    func badJSONL() {
        let run = RunFixture([
            "run.json": intercomReviewRun("x-sandbox-1", kind: "sandbox"),
            "source/reviews.csv": "review_id\nR1\n",
            "results/review.jsonl": "{\"source_id\": \"R1\", \"status\": \"created\"}\n{\"source_id\": \"R2\", \"status\": created}\n",
        ])
        expectFailure(run, .dataError, "/results/review.jsonl:2:31: error: unexpected character 'c': a value was expected")
    }

    @Test("a JSONL line with a key written twice, at the top or in its error, is refused as in a manifest")
    func repeatedKeyInJSONL() {
        for (line, column, first) in [("{\"source_id\": \"R1\", \"status\": \"failed\", \"status\": \"created\"}", 41, 21),
                                      ("{\"source_id\": \"R1\", \"status\": \"failed\", \"error\": {\"code\": \"A\", \"code\": \"B\"}}", 64, 51)] {
            let run = RunFixture([
                "run.json": intercomReviewRun("x-sandbox-1", kind: "sandbox"),
                "source/reviews.csv": "review_id\nR1\n",
                "results/review.jsonl": line + "\n",
            ])
            let key = column == 41 ? "status" : "code"
            expectFailure(run, .dataError, "/results/review.jsonl:1:\(column): error: the key \"\(key)\" appears twice in one object (first at line 1, column \(first)): which one holds the value is unclear")
        }
    }

    @Test("a run.json missing keys")
    func incompleteRunJSON() {
        let run = RunFixture(["run.json": "{ \"run_id\": \"x-sandbox-1\", \"kind\": \"sandbox\", \"objects\": [] }"])
        let output = run.reconcile()
        #expect(output.status == .dataError)
        #expect(output.standardError.contains("run.json:1:1: error: the required key \"destination\" is missing [destination]"))
        #expect(output.standardError.contains("error: the required key \"started_at\" is missing [started_at]"))
        #expect(!FileManager.default.fileExists(atPath: run.site))
    }

    @Test("a run id that cannot name a folder")
    func badRunID() {
        let run = RunFixture(["run.json": salesforceRun.replacingOccurrences(of: "acme-sandbox-1", with: "../escape")])
        let output = run.reconcile()
        #expect(output.status == .dataError)
        #expect(output.standardError.contains("a run id may hold only letters, digits"))
    }
}

@Suite("The CSV scanner")
struct CSVScannerTests {
    private func rows(_ text: String) throws -> [[String]] {
        let folder = TemporaryFolder()
        let scanner = try CSVScanner(path: folder.write("t.csv", text))
        var rows: [[String]] = []
        try scanner.forEachRow(columns: Array(scanner.header.indices)) { _, fields in rows.append(fields.map(\.string)) }
        return [scanner.header] + rows
    }

    @Test("quoting edge cases", arguments: [
        ("a,b\n1,2\n", [["a", "b"], ["1", "2"]]),
        ("a,b\n\"1,5\",\"x\"\"y\"\n", [["a", "b"], ["1,5", "x\"y"]]),
        ("a,b\n\"multi\nline\",2\n", [["a", "b"], ["multi\nline", "2"]]),
        ("a,b\r\n1,2\r\n\r\n3,4", [["a", "b"], ["1", "2"], ["3", "4"]]),
        ("a,b\n,\n\"\",\"\"\n", [["a", "b"], ["", ""], ["", ""]]),
        ("a\n\"\"\"\"\n", [["a"], ["\""]]),
        ("a,b\n1,\"trailing\r\n\"\n", [["a", "b"], ["1", "trailing\r\n"]]),
        ("\u{FEFF}\"a\",b\n\"1\",2\n", [["a", "b"], ["1", "2"]]),
    ])
    func quoting(text: String, expected: [[String]]) throws {
        #expect(try rows(text) == expected)
    }

    @Test("rows larger than a chunk are read whole")
    func largeRow() throws {
        let big = String(repeating: "x", count: 9 << 20)
        #expect(try rows("a,b\n\"\(big)\",2\n")[1].map(\.count) == [big.count, 1])
    }

    @Test("lines are counted through quoted line breaks")
    func lines() throws {
        let folder = TemporaryFolder()
        let scanner = try CSVScanner(path: folder.write("t.csv", "a,b\n\"x\ny\",1\n2,3\n"))
        var lines: [Int] = []
        try scanner.forEachRow(columns: [0]) { line, _ in lines.append(line) }
        #expect(lines == [2, 4])
    }

    @Test("a stray quote and text after a closing quote")
    func strayQuotes() {
        let folder = TemporaryFolder()
        for (text, message) in [("a,b\n1,x\"y\n", "2:4"), ("a,b\n\"1\"x,2\n", "2:4")] {
            do {
                _ = try rows(text)
                Issue.record("accepted \(text)")
            } catch let error as InputFailure {
                #expect(error.diagnostic.description.contains(":\(message): error:"), "\(error.diagnostic)")
            } catch {
                Issue.record("unexpected error \(error)")
            }
        }
        _ = folder
    }
}

@Suite("The site of runs")
struct SiteIndexTests {
    @Test("thousands of runs are paged, newest first")
    func paging() throws {
        let folder = TemporaryFolder()
        try Self.bulkRuns(120, in: folder.path + "/site")
        let written = try SitePublisher(site: folder.path + "/site", templates: Fixtures.templates).rebuildIndex(SiteLedger(site: folder.path + "/site"))
        #expect(written.map { ($0 as NSString).lastPathComponent } == ["page-1.html", "page-2.html", "index.html"])
        let newest = try String(contentsOfFile: folder.path + "/site/index.html", encoding: .utf8)
        #expect(newest.contains("<p>120 published runs; the newest 20 here, newest first.</p>"))
        #expect(newest.components(separatedBy: "<tr><th scope=\"row\"><a href=\"runs/").count - 1 == 20)
        #expect(newest.contains("<a href=\"page-2.html\">Older runs</a>"))
        let oldest = try String(contentsOfFile: folder.path + "/site/page-1.html", encoding: .utf8)
        #expect(oldest.contains("<p>Runs 1 to 50, counted from the oldest, newest first.</p>"))
        #expect(oldest.components(separatedBy: "<tr><th scope=\"row\"><a href=\"runs/").count - 1 == 50)
        #expect(oldest.contains("<a href=\"page-2.html\">Newer runs</a>"))
    }

    @Test("publishing the newest run rewrites the newest page alone; the older pages stay as they are")
    func onlyChangedPages() throws {
        let fixture = MigrationFixture()
        try Self.bulkRuns(120, in: fixture.site)
        var publisher = SitePublisher(site: fixture.site, templates: Fixtures.templates, passShare: 1 - Fixtures.rules.acceptance.passMaxShare)
        publisher.names = PlatformDirectory(Fixtures.catalog)
        _ = try publisher.rebuildIndex(SiteLedger(site: fixture.site))
        let older = try ["page-1.html", "page-2.html"].map { try FileManager.default.attributesOfItem(atPath: fixture.site + "/" + $0)[.modificationDate] as? Date }
        fixture.write("acme-production-1", kind: "production", day: 28, tickets: [.init(id: "T1", destination: "500A")])
        let output = fixture.publish("acme-production-1")
        #expect(output.status == .ok, "\(output.standardError)")
        let pages = output.standardOutput.split(separator: "\n").map(String.init).filter { $0.hasPrefix(fixture.site + "/") && !$0.contains("/runs/") && !$0.contains("/migrations/") }
        #expect(pages == [fixture.site + "/index.html"])
        #expect(try ["page-1.html", "page-2.html"].map { try FileManager.default.attributesOfItem(atPath: fixture.site + "/" + $0)[.modificationDate] as? Date } == older)
        #expect(fixture.text("index.html").contains("<p>121 published runs; the newest 21 here, newest first.</p>"))
    }

    /// Writes `count` published runs (copies of a sample run's report) into `site`, two a day in October.
    static func bulkRuns(_ count: Int, in site: String) throws {
        let report = try JSONDecoder().decode(RunReport.self, from: Data(contentsOf: URL(fileURLWithPath: Golden.path("demo/site/runs/northwind-sandbox-1/report.json"))))
        for number in 1...count {
            var copy = report
            copy.runID = String(format: "bulk-sandbox-%03d", number)
            copy.startedAt = String(format: "2026-10-%02dT%02d:00:00Z", number % 28 + 1, number % 24)
            let folder = site + "/runs/" + copy.runID
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try JSONOutput.string(copy).write(toFile: folder + "/report.json", atomically: true, encoding: .utf8)
            try FileManager.default.copyItem(atPath: Golden.path("demo/site/runs/northwind-sandbox-1/idmap.csv"), toPath: folder + "/idmap.csv")
        }
    }

    @Test("a half-published run (an interrupted publish) is not listed")
    func interrupted() throws {
        let folder = TemporaryFolder()
        folder.write("site/.publishing-x-1/report.json", "{}")
        let written = try SitePublisher(site: folder.path + "/site", templates: Fixtures.templates).rebuildIndex(SiteLedger(site: folder.path + "/site"))
        #expect(written.count == 1)
        #expect(try String(contentsOfFile: folder.path + "/site/index.html", encoding: .utf8).contains("No run is published yet."))
    }
}

@Suite("reconcile says how the run went")
struct RunVerdictTests {
    private func command(_ run: RunFixture, format: TerminalFormat = .text, failOn: RunReport.Status? = nil) -> ReconcileCommand {
        ReconcileCommand(runFolder: run.run, site: run.site, catalog: Fixtures.catalog, acceptance: Fixtures.rules.acceptance, templates: Fixtures.templates,
                         format: format, failOn: failOn)
    }

    @Test("one line per object and the verdict with its first reason, after the paths")
    func text() {
        let run = SalesforceReconcileTests.fixture()
        let output = command(run).run()
        #expect(output.status == .ok)
        let lines = output.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.suffix(3) == [
            "ticket: fail · source 7, created 1, updated 1, failed 3, unprocessed 1, missing 1, duplicated 1, unexpected 1, orphans 0",
            "message: fail · source 4, created 4, updated 0, failed 0, unprocessed 0, missing 0, duplicated 0, unexpected 0, orphans 2",
            "verdict: fail (ticket: 5 of 7 records failed, unprocessed or missing (71.4 %): more than 1 %)",
        ])
        #expect(lines.first == "\(run.site)/runs/acme-sandbox-1/index.html")
    }

    @Test("--fail-on: exit 1 once the verdict reaches the level, after the run is published; 0 below it", arguments: [
        (RunReport.Status.warn, LandfallKit.ExitStatus.verdict), (.fail, .verdict),
    ])
    func failOn(level: RunReport.Status, status: LandfallKit.ExitStatus) {
        let run = SalesforceReconcileTests.fixture()
        let output = command(run, failOn: level).run()
        #expect(output.status == status)
        #expect(status.rawValue == 1)
        #expect(FileManager.default.fileExists(atPath: run.site + "/runs/acme-sandbox-1/report.json"))
    }

    @Test("a passing run does not trip --fail-on warn")
    func passing() {
        let run = RunFixture([
            "run.json": salesforceRun.replacingOccurrences(of: """
                ,
                    { "object": "message", "source_file": "source/messages.csv", "id_column": "message_id", "parent_object": "ticket", "parent_column": "ticket_id" }
                """, with: ""),
            "source/tickets.csv": "ticket_id,subject\nT1,a\n",
            "results/ticket/successfulResults.csv": "\"sf__Id\",\"sf__Created\",\"external_case_id__c\"\n\"500A\",\"true\",\"T1\"\n",
        ])
        let output = command(run, failOn: .warn).run()
        #expect(output.status == .ok)
        #expect(output.standardOutput.hasSuffix("verdict: pass\n"))
    }

    @Test("--format json prints the summary")
    func json() throws {
        let run = SalesforceReconcileTests.fixture()
        let output = command(run, format: .json).run()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.standardOutput.utf8)) as? [String: Any])
        #expect(object["schema"] as? String == "landfall.reconcile-summary/1")
        #expect(object["status"] as? String == "fail")
        #expect(object["published"] as? Bool == true)
        #expect((object["objects"] as? [[String: Any]])?.map { $0["object"] as? String } == ["ticket", "message"])
        // The run's nine files and its two rollback files by destination object (Case, EmailMessage), the index, and
        // the migration's page (HTML, Markdown), still-failing list, id map and two rollback files (linked to the run's)
        // with the request bodies of their two delete jobs, and the list of what the run updated rather than created.
        #expect((object["paths"] as? [String])?.count == 21)
    }
}

@Suite("Orphans are a figure and a list")
struct OrphanListTests {
    @Test("orphans.csv lists each child that arrived without its parent, with the parent's id")
    func orphans() throws {
        let run = SalesforceReconcileTests.fixture()
        #expect(run.reconcile().status == .ok)
        #expect(run.file("acme-sandbox-1", "orphans.csv") == "id,object,parent_object,parent_id\r\nM2,message,ticket,T3\r\nM3,message,ticket,T404\r\n")
        #expect(run.file("acme-sandbox-1", "index.html").contains("<li><span class=\"label\">Orphans</span><span class=\"value\">2</span></li>"))
        let markdown = run.file("acme-sandbox-1", "report.md")
        #expect(markdown.contains("- Orphans: 2\n"))
        #expect(markdown.contains("- [orphans.csv](orphans.csv): every record that arrived while its parent did not (such as message M2, M3)"))
    }
}

@Suite("What changed since the previous run names ids, rates and differing record sets")
struct RunChangesTests {
    @Test("the second sample run against the first")
    func changes() throws {
        let folder = TemporaryFolder()
        for name in ["northwind-sandbox-1", "northwind-sandbox-2"] {
            let output = ReconcileCommand(runFolder: Fixtures.sample("runs/" + name), site: folder.path, catalog: Fixtures.catalog,
                                          acceptance: Fixtures.rules.acceptance, templates: Fixtures.templates).run()
            #expect(output.status == .ok, "\(output.standardError)")
        }
        let report = try JSONDecoder().decode(RunReport.self, from: Data(contentsOf: URL(fileURLWithPath: folder.path + "/runs/northwind-sandbox-2/report.json")))
        let changes = try #require(report.changes)
        #expect(changes.fixedSamples == ["ticket:T-1003", "ticket:T-1006"])
        #expect((changes.previousProblemRate, changes.problemRate) == (50, 28.6))
        #expect(changes.differentRecordSets == ["ticket: 6 then, 7 now"])
    }
}

@Suite("The site's trend")
struct SiteTrendTests {
    @Test("one trend per migration, oldest to newest, with the pass line where the acceptance criteria put it")
    func perMigration() throws {
        let folder = TemporaryFolder()
        for name in ["northwind-sandbox-1", "harbor-sandbox-1", "northwind-sandbox-2", "harbor-sandbox-2"] {
            _ = ReconcileCommand(runFolder: Fixtures.sample("runs/" + name), site: folder.path, catalog: Fixtures.catalog,
                                 acceptance: Fixtures.rules.acceptance, templates: Fixtures.templates).run()
        }
        let trends = SiteIndexView.trends(try SiteLedger(site: folder.path).runs(), passShare: 1 - Fixtures.rules.acceptance.passMaxShare)
        #expect(trends.map(\.migration) == ["harbor (sandbox)", "northwind (sandbox)"])
        #expect(trends[1].points.map(\.caption) == ["11-18", "11-20"])
        #expect(trends[1].thresholdLabel == "99.9 % must arrive to pass")
        #expect(trends[1].thresholdY == "10.1")
    }
}

@Suite("Publishers that meet")
struct ConcurrentPublishTests {
    @Test("runs published into one site at the same time all appear in the index, each whole")
    func concurrent() throws {
        let folder = TemporaryFolder()
        let names = ["northwind-sandbox-1", "harbor-sandbox-1", "northwind-sandbox-2", "harbor-sandbox-2"]
        let statuses = Statuses()
        DispatchQueue.concurrentPerform(iterations: names.count) { index in
            let output = ReconcileCommand(runFolder: Fixtures.sample("runs/" + names[index]), site: folder.path, catalog: Fixtures.catalog,
                                          acceptance: Fixtures.rules.acceptance, templates: Fixtures.templates).run()
            statuses.add(output.status.rawValue)
        }
        #expect(statuses.all == [0, 0, 0, 0])
        let index = try String(contentsOfFile: folder.path + "/index.html", encoding: .utf8)
        for name in names {
            #expect(index.contains("href=\"runs/\(name)/index.html\""), "\(name) is missing from the index")
            #expect(FileManager.default.fileExists(atPath: folder.path + "/runs/\(name)/rollback.csv"))
        }
    }
}

/// Exit statuses gathered from several threads.
private final class Statuses: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Int32] = []

    func add(_ value: Int32) {
        lock.lock()
        values.append(value)
        lock.unlock()
    }

    var all: [Int32] {
        lock.lock()
        defer { lock.unlock() }
        return values
    }
}
