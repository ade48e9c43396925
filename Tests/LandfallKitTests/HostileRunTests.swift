import Foundation
@testable import LandfallKit
import LandfallTestSupport
import Testing

/// A one-object Salesforce run: the ticket source and its results, as given.
private func ticketRun(source: String, success: String = "\"sf__Id\",\"sf__Created\",\"ticket_id\"\n",
                       failed: String? = nil) -> RunFixture {
    var files = [
        "run.json": """
        { "run_id": "acme-sandbox-1", "kind": "sandbox", "destination": "salesforce-service-cloud",
          "started_at": "2026-11-18T14:00:00Z", "finished_at": "2026-11-18T15:00:00Z",
          "objects": [ { "object": "ticket", "source_file": "source/tickets.csv", "id_column": "ticket_id" } ] }
        """,
        "source/tickets.csv": source,
        "results/ticket/successfulResults.csv": success,
    ]
    if let failed { files["results/ticket/failedResults.csv"] = failed }
    return RunFixture(files)
}

@Suite("Run input that once gave a wrong figure or hung")
struct HostileRunTests {
    /// Reconciles `run`, which must be refused with `status` and exactly `message` (after the
    /// run folder's path), leaving no site.
    private func expectRefused(_ run: RunFixture, _ status: LandfallKit.ExitStatus, _ message: String,
                               sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let output = run.reconcile()
        #expect(output.status == status, sourceLocation: sourceLocation)
        #expect(output.standardError == run.run + message + "\n", sourceLocation: sourceLocation)
        #expect(!FileManager.default.fileExists(atPath: run.site), sourceLocation: sourceLocation)
    }

    @Test("an id longer than 65,535 bytes is matched whole, not truncated")
    func longID() throws {
        let long = String(repeating: "x", count: 70_000)
        let twin = String(repeating: "x", count: 69_999) + "y"
        let run = ticketRun(source: "ticket_id,subject\n\(long),a\n\(twin),b\n",
                            success: "\"sf__Id\",\"sf__Created\",\"ticket_id\"\n\"500A\",\"true\",\"\(long)\"\n")
        #expect(run.reconcile().status == .ok)
        let ticket = try #require(try run.report("acme-sandbox-1").objects.first)
        #expect([ticket.source, ticket.created, ticket.missing, ticket.unexpected] as [Int] == [2, 1, 1, 0])
        #expect(run.file("acme-sandbox-1", "missing.csv") == "id,object\r\n\(twin),ticket\r\n")
    }

    @Test("more failure codes than an id can index is refused at the row, never wrapped")
    func tooManyFailureCodes() {
        let count = ParsedResults.maximumFailureCodes + 1
        var source = "ticket_id\n"
        var failed = "\"sf__Id\",\"sf__Error\",\"ticket_id\"\n"
        for index in 0..<count {
            source += "T\(index)\n"
            failed += "\"\",\"CODE_\(index):no\",\"T\(index)\"\n"
        }
        expectRefused(ticketRun(source: source, failed: failed), .dataError,
                      "/results/ticket/failedResults.csv:\(count + 1):1: error: more than 65,535 distinct failure codes for one object; a failure code is the text before the first colon of the error, so these results cannot be grouped by reason")
    }

    @Test("lines ended by CR alone are refused where the first one ends, not read as one header")
    func carriageReturnOnly() {
        expectRefused(ticketRun(source: "ticket_id,subject\rT1,a\rT2,b\r"), .dataError,
                      "/source/tickets.csv:1:18: error: the line ends with a lone carriage return (CR): lines must end with LF or CR LF; save the file with Unix or Windows line ends")
    }

    @Test("a CR inside a quoted header field is not a line end")
    func quotedCarriageReturn() throws {
        let run = ticketRun(source: "ticket_id,\"sub\rject\"\nT1,a\n")
        #expect(run.reconcile().status == .ok)
        #expect(try run.report("acme-sandbox-1").objects.first?.source == 1)
    }

    @Test("a stray quote is reported where it stands, even when a later quote would close it")
    func strayQuoteAcrossLines() {
        expectRefused(ticketRun(source: "ticket_id,subject\nT1,say \"hi\nT2,b\nT3,\"c\"\n"), .dataError,
                      "/source/tickets.csv:2:8: error: a quote inside an unquoted field; quote the whole field and double the quote")
    }

    @Test("a results file that links outside the run folder is refused, and its lines are never published")
    func linkOutside() throws {
        let run = ticketRun(source: "ticket_id\nT1\n")
        let secret = run.folder.write("secret/unprocessedrecords.csv", "ticket_id\nTOP-SECRET\n")
        try FileManager.default.createSymbolicLink(atPath: run.run + "/results/ticket/unprocessedrecords.csv", withDestinationPath: secret)
        let output = run.reconcile()
        #expect(output.status == .dataError)
        #expect(output.standardError.hasPrefix("\(run.run)/results/ticket/unprocessedrecords.csv: error: leads outside the run folder (to "))
        #expect(!FileManager.default.fileExists(atPath: run.site))
    }

    @Test("a results folder that links outside the run folder is refused")
    func folderLinkOutside() throws {
        let run = ticketRun(source: "ticket_id\nT1\n")
        try FileManager.default.removeItem(atPath: run.run + "/results/ticket")
        run.folder.write("elsewhere/successfulResults.csv", "\"sf__Id\",\"sf__Created\",\"ticket_id\"\n")
        try FileManager.default.createSymbolicLink(atPath: run.run + "/results/ticket", withDestinationPath: run.folder.path + "/elsewhere")
        let output = run.reconcile()
        #expect(output.status == .dataError)
        #expect(output.standardError.contains("results/ticket/successfulResults.csv: error: leads outside the run folder"))
    }

    @Test("a link inside the run folder is followed")
    func linkInside() throws {
        let run = ticketRun(source: "ticket_id\nT1\n", success: "\"sf__Id\",\"sf__Created\",\"ticket_id\"\n\"500A\",\"true\",\"T1\"\n")
        try FileManager.default.moveItem(atPath: run.run + "/source/tickets.csv", toPath: run.run + "/source/real.csv")
        try FileManager.default.createSymbolicLink(atPath: run.run + "/source/tickets.csv", withDestinationPath: "real.csv")
        #expect(run.reconcile().status == .ok)
        #expect(try run.report("acme-sandbox-1").objects.first?.created == 1)
    }

    @Test("a results file that is a FIFO is refused, never waited on")
    func fifo() {
        let run = ticketRun(source: "ticket_id\nT1\n")
        #expect(mkfifo(run.run + "/results/ticket/failedResults.csv", 0o600) == 0)
        expectRefused(run, .noInput, "/results/ticket/failedResults.csv: error: is a FIFO (named pipe), not a regular file")
    }

    @Test("an interrupted publish's leftovers are removed by the next publish; a live one's are kept")
    func leftovers() throws {
        let run = ticketRun(source: "ticket_id\nT1\n")
        let manager = FileManager.default
        try manager.createDirectory(atPath: run.site + "/.publishing-old-run-2147483646", withIntermediateDirectories: true)
        run.folder.write("site/.publishing-old-run-2147483646/index.html", "half")
        run.folder.write("site/.index.html.2147483646.tmp", "half")
        let live = ".publishing-other-\(getpid())"
        try manager.createDirectory(atPath: run.site + "/" + live, withIntermediateDirectories: true)
        #expect(run.reconcile().status == .ok)
        let names = try manager.contentsOfDirectory(atPath: run.site).filter { $0.hasPrefix(".") }
        #expect(names == [live])
    }
}

@Suite("Results that come in several Bulk API jobs or log files")
struct ManyJobsTests {
    private static let header = "\"sf__Id\",\"sf__Created\",\"ticket_id\"\n"

    @Test("job folders and the object's own files are counted together; the report names each job with its figures")
    func jobs() throws {
        let run = ticketRun(source: "ticket_id\nT1\nT2\nT3\nT4\nT5\nT6\n")
        run.write("results/ticket/750A/successfulResults.csv", Self.header + "\"500A\",\"true\",\"T1\"\n\"500B\",\"false\",\"T2\"\n")
        run.write("results/ticket/750A/failedResults.csv", "\"sf__Id\",\"sf__Error\",\"ticket_id\"\n\"\",\"REQUIRED_FIELD_MISSING:x\",\"T3\"\n")
        run.write("results/ticket/750B/successfulResults.csv", Self.header + "\"500D\",\"true\",\"T4\"\n\"500A2\",\"true\",\"T1\"\n")
        run.write("results/ticket/750B/unprocessedrecords.csv", "ticket_id\nT5\n")
        #expect(run.reconcile().status == .ok)
        let ticket = try #require(try run.report("acme-sandbox-1").objects.first)
        #expect([ticket.source, ticket.created, ticket.updated, ticket.failed, ticket.unprocessed, ticket.missing, ticket.duplicated] as [Int] == [6, 2, 1, 1, 1, 1, 1])
        #expect(ticket.jobs == [
            RunReport.JobReport(id: "750A", created: 1, updated: 1, failed: 1, unprocessed: 0),
            RunReport.JobReport(id: "750B", created: 2, updated: 0, failed: 0, unprocessed: 1),
        ])
        #expect(run.file("acme-sandbox-1", "report.md").contains("| ticket | 750B | 2 | 0 | 0 | 1 |"))
        #expect(run.file("acme-sandbox-1", "index.html").contains("<th scope=\"row\"><code>750A</code></th>"))
    }

    @Test("a job folder without any result file is refused, naming it, and the site is untouched")
    func emptyJob() throws {
        let run = ticketRun(source: "ticket_id\nT1\n")
        try FileManager.default.createDirectory(atPath: run.run + "/results/ticket/750C", withIntermediateDirectories: true)
        let output = run.reconcile()
        #expect(output.status == .dataError)
        #expect(output.standardError == "\(run.run)/results/ticket/750C: error: is a job folder without any result file (successfulResults.csv, failedResults.csv or unprocessedrecords.csv)\n")
        #expect(!FileManager.default.fileExists(atPath: run.site))
    }

    @Test("an Intercom log split in parts is read whole, each part reported as a job")
    func splitLog() throws {
        let run = RunFixture([
            "run.json": intercomReviewRun("acme-production-1", kind: "production"),
            "source/reviews.csv": "review_id\nR1\nR2\nR3\n",
            "results/review.jsonl": "{\"source_id\": \"R1\", \"destination_id\": \"101\", \"status\": \"created\"}\n",
            "results/review-2.jsonl": "{\"source_id\": \"R2\", \"destination_id\": \"102\", \"status\": \"created\"}\n{\"source_id\": \"R3\", \"status\": \"skipped\"}\n",
        ])
        #expect(run.reconcile().status == .ok)
        let review = try #require(try run.report("acme-production-1").objects.first)
        #expect([review.created, review.unprocessed, review.missing] as [Int] == [2, 1, 0])
        #expect(review.jobs?.map(\.id) == ["review-2.jsonl", "review.jsonl"])
    }
}
