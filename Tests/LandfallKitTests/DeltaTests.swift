import Foundation
@testable import LandfallKit
import LandfallTestSupport
import Testing

/// Two generated exports of one account with known differences: tickets T-1…T-40 of which the
/// later export changes T-3 (its status and updated_at) and T-4 (its subject alone), drops T-5 and
/// adds T-41 and T-42; a conversation and a message for each ticket, one new message on T-3; the
/// contact c-2 renamed (contacts have no updated_at).
struct GeneratedExports {
    let folder = TemporaryFolder()
    var earlier: String { folder.path + "/earlier" }
    var later: String { folder.path + "/later" }
    var out: String { folder.path + "/delta" }

    static let ticketHeader = "id,subject,status,priority,assignee_user_id,team_id,contact_id,company_id,created_at,updated_at,closed_at,psa_reference,thread_id,channel,tags\n"

    static func ticket(_ number: Int, subject: String? = nil, status: String = "open", updated: String? = nil) -> String {
        let stamp = "2026-11-\(String(format: "%02d", 1 + number % 20))T10:00:00Z"
        return "T-\(number),\"\(subject ?? "Printer \(number), again")\",\(status),high,u1,t1,c-\(number % 3),co-1,\(stamp),\(updated ?? stamp),,PSA-\(number),th_\(number),email,vpn\n"
    }

    init(laterAccount: String = "", laterOlder: Bool = false) {
        let tickets = (1...40).map { Self.ticket($0) }
        write(earlier, tickets: tickets, messages: (1...40).map { "M-\($0),CV-\($0),customer,,person@client.example,\"Hello \($0)\",text,2026-11-01T10:00:00Z,false\n" },
              contacts: ["c-0,co-1,Ana,ana@client.example\n", "c-1,co-1,Ben,ben@client.example\n", "c-2,co-1,Cy,cy@client.example\n"], prefix: "")
        var changed = tickets
        changed[2] = Self.ticket(3, status: "closed", updated: laterOlder ? "2026-10-01T10:00:00Z" : "2026-12-01T09:00:00Z")
        changed[3] = Self.ticket(4, subject: "Printer 4, again (edited)")
        changed.remove(at: 4)
        changed += [Self.ticket(41, updated: "2026-12-02T09:00:00Z"), Self.ticket(42, updated: "2026-12-03T09:00:00Z")]
        if laterOlder { changed = changed.map { $0.replacingOccurrences(of: "2026-11-", with: "2026-10-").replacingOccurrences(of: "2026-12-", with: "2026-10-") } }
        let messages = (1...40).filter { $0 != 5 }.map { "M-\($0),CV-\($0),customer,,person@client.example,\"Hello \($0)\",text,2026-11-01T10:00:00Z,false\n" }
            + ["M-100,CV-3,agent,u1,,\"Closing this, \"\"fixed\"\"\",text,2026-12-01T09:00:00Z,false\n"]
        write(later, tickets: changed, messages: messages,
              contacts: ["c-0,co-1,Ana,ana@client.example\n", "c-1,co-1,Ben,ben@client.example\n", "c-2,co-1,Cyrus,cy@client.example\n"], prefix: laterAccount)
    }

    private func write(_ export: String, tickets: [String], messages: [String], contacts: [String], prefix: String) {
        func ids(_ text: String) -> String {
            prefix.isEmpty ? text : text.replacingOccurrences(of: "T-", with: prefix + "T-").replacingOccurrences(of: "c-", with: prefix + "c-")
                .replacingOccurrences(of: "CV-", with: prefix + "CV-").replacingOccurrences(of: "M-", with: prefix + "M-").replacingOccurrences(of: "co-", with: prefix + "co-")
        }
        let name = (export as NSString).lastPathComponent
        folder.write("\(name)/users.csv", "id,name,email,role,active\nu1,Ana Agent,ana@msp.example,agent,true\n")
        folder.write("\(name)/teams.csv", "id,name\nt1,Service Desk\n")
        folder.write("\(name)/companies.csv", ids("id,name,domain\nco-1,Client One,client.example\n"))
        folder.write("\(name)/contacts.csv", ids("id,company_id,name,email\n" + contacts.joined()))
        folder.write("\(name)/tickets.csv", ids(Self.ticketHeader + tickets.joined()))
        let conversations = tickets.compactMap { $0.split(separator: ",").first.map(String.init) }.map { "CV-\($0.dropFirst(2)),\($0),,email,2026-11-01T10:00:00Z,5\n" }
        folder.write("\(name)/conversations.csv", ids("id,ticket_id,review_id,channel,started_at,first_response_minutes\n" + conversations.joined()))
        folder.write("\(name)/messages.csv", ids("id,conversation_id,author_type,author_user_id,author_email,body,body_format,created_at,internal\n" + messages.joined()))
    }

    func delta(since: Date? = nil) -> CommandOutput {
        DeltaCommand(earlier: earlier, later: later, since: since, directory: out).run()
    }

    func text(_ name: String) -> String {
        (try? String(contentsOfFile: out + "/" + name, encoding: .utf8)) ?? ""
    }

    func report() throws -> DeltaReport {
        try #require(try DeltaReport.read(in: out))
    }
}

@Suite("landfall delta: the cutover's export of what changed")
struct DeltaTests {
    @Test("new, changed and removed records are found exactly, and written as the later export holds them")
    func foundExactly() throws {
        let exports = GeneratedExports()
        let output = exports.delta()
        #expect(output.status == .ok, "\(output.standardError)")
        #expect(exports.text("tickets.csv") == GeneratedExports.ticketHeader + GeneratedExports.ticket(3, status: "closed", updated: "2026-12-01T09:00:00Z")
            + GeneratedExports.ticket(4, subject: "Printer 4, again (edited)") + GeneratedExports.ticket(41, updated: "2026-12-02T09:00:00Z")
            + GeneratedExports.ticket(42, updated: "2026-12-03T09:00:00Z"))
        #expect(exports.text("messages.csv").hasSuffix("M-100,CV-3,agent,u1,,\"Closing this, \"\"fixed\"\"\",text,2026-12-01T09:00:00Z,false\n"))
        #expect(exports.text("contacts.csv") == "id,company_id,name,email\nc-2,co-1,Cyrus,cy@client.example\n")
        let report = try exports.report()
        let figures = Dictionary(uniqueKeysWithValues: report.files.map { ($0.file, [$0.earlier, $0.later, $0.new, $0.changed, $0.unchanged, $0.removed]) })
        #expect(figures["tickets.csv"] == [40, 41, 2, 2, 37, 1])
        #expect(figures["conversations.csv"] == [40, 41, 2, 0, 39, 1])
        #expect(figures["messages.csv"] == [40, 40, 1, 0, 39, 1])
        #expect(figures["contacts.csv"] == [3, 3, 0, 1, 2, 0])
        #expect(report.removed == ["ticket": ["T-5"], "conversation": ["CV-5"], "message": ["M-5"]])
        #expect(report.watermark == "2026-11-20T10:00:00Z")
        #expect(report.laterNewest == "2026-12-03T09:00:00Z")
        #expect(report.copied == ["users.csv", "teams.csv"])
        #expect(output.standardOutput.contains("tickets.csv: 2 new, 2 changed, 1 removed (40 rows then, 41 now)\n"))
        #expect(output.standardOutput.hasSuffix("watermark: 2026-11-20T10:00:00Z\n"))
    }

    @Test("the same exports give the same bytes")
    func deterministic() throws {
        let exports = GeneratedExports()
        #expect(exports.delta().status == .ok)
        let first = try Data(contentsOf: URL(fileURLWithPath: exports.out + "/delta.json"))
        #expect(exports.delta().status == .ok)
        #expect(try Data(contentsOf: URL(fileURLWithPath: exports.out + "/delta.json")) == first)
    }

    @Test("the delta surveys as an export: references to records outside it are the earlier load's; one to a removed record is named")
    func surveyed() throws {
        let exports = GeneratedExports()
        #expect(exports.delta().status == .ok)
        let survey = SurveyCommand(folder: exports.out, directory: exports.folder.path + "/survey", destination: "salesforce-service-cloud", customer: "Acme",
                                   asOf: Fixtures.asOf, catalog: Fixtures.catalog, rules: Fixtures.rules).run()
        #expect(survey.status == .ok, "\(survey.standardError)")
        #expect(!survey.standardError.contains("points to"), "\(survey.standardError)")
        let manifest = try String(contentsOfFile: exports.folder.path + "/survey/manifest.json", encoding: .utf8)
        #expect(manifest.contains("\"tickets\" : 4"))
        // A new message on the removed ticket's conversation points to a record the later export no longer holds.
        try (exports.text("messages.csv") + "M-101,CV-5,customer,,person@client.example,Late,text,2026-12-03T10:00:00Z,false\n")
            .write(toFile: exports.out + "/messages.csv", atomically: true, encoding: .utf8)
        let again = SurveyCommand(folder: exports.out, directory: exports.folder.path + "/survey", destination: "salesforce-service-cloud", customer: "Acme",
                                  asOf: Fixtures.asOf, catalog: Fixtures.catalog, rules: Fixtures.rules).run()
        #expect(again.standardError.contains("\(exports.out)/messages.csv:3:7: warning: conversation_id CV-5 points to a row of conversations.csv that the later export no longer holds (removed since the earlier export, delta.json)"),
                "\(again.standardError)")
    }

    @Test("--since keeps only what changed after that moment, by each row's updated_at (else created_at)")
    func since() throws {
        let exports = GeneratedExports()
        guard case .instant(let moment) = Timestamp.parse("2026-12-02T09:00:00Z") else { Issue.record("not a timestamp"); return }
        let output = exports.delta(since: moment)
        #expect(output.status == .ok)
        let report = try exports.report()
        let figures = Dictionary(uniqueKeysWithValues: report.files.map { ($0.file, [$0.new, $0.changed, $0.beforeSince, $0.removed]) })
        // T-42 (3 December) is after the moment; T-41 (at it), T-3 (1 December) and T-4 (its November updated_at) are not.
        #expect(figures["tickets.csv"] == [1, 0, 3, 1])
        #expect(figures["messages.csv"] == [0, 0, 1, 1])
        #expect(exports.text("tickets.csv") == GeneratedExports.ticketHeader + GeneratedExports.ticket(42, updated: "2026-12-03T09:00:00Z"))
        #expect(report.since == "2026-12-02T09:00:00Z")
        #expect(output.standardOutput.contains("tickets.csv: 1 new, 0 changed, 1 removed, 3 changed before --since left out (40 rows then, 41 now)\n"))
    }

    @Test("exports of different accounts, or in the wrong order: 65, and an earlier delta in --out is left as it was", arguments: [false, true])
    func refused(olderLater: Bool) throws {
        let exports = olderLater ? GeneratedExports(laterOlder: true) : GeneratedExports(laterAccount: "X")
        exports.folder.write("delta/delta.json", "{}")
        exports.folder.write("delta/tickets.csv", "kept")
        let output = exports.delta()
        #expect(output.status == .dataError)
        let message = olderLater
            ? "\(exports.later)/tickets.csv:19:1: error: the newest updated_at of the later export, 2026-10-20T10:00:00Z, is older than the earlier export's, 2026-11-20T10:00:00Z (\(exports.earlier)/tickets.csv:20:1): the exports are in the wrong order (landfall delta EARLIER LATER)\n"
            : "\(exports.later): error: shares no record id with \(exports.earlier) (126 records against 124): the two exports are of different accounts; a delta compares two exports of one account\n"
        #expect(output.standardError == message)
        #expect(exports.text("tickets.csv") == "kept")
        #expect(try FileManager.default.contentsOfDirectory(atPath: exports.folder.path).sorted() == ["delta", "earlier", "later"])
    }

    @Test("a malformed row, a repeated id, or a file without its id column: 65 at its place, nothing written", arguments: [
        ("later/tickets.csv", GeneratedExports.ticketHeader + "T-1,\"open\" quote,x\n", "later/tickets.csv:2:11: error: text after a closing quote; a quoted field must end at a comma or the line end"),
        ("earlier/contacts.csv", "id,company_id,name,email\nc-1,co-1,A,a@x.example\nc-1,co-1,B,b@x.example\n", "earlier/contacts.csv:3:1: error: the id c-1 appears twice: a delta cannot tell which row is the record"),
        ("later/companies.csv", "name,domain\nClient,client.example\n", "later/companies.csv:1:1: error: the header has no id column: a delta knows companies.csv's rows by id"),
    ])
    func badFile(name: String, text: String, message: String) throws {
        let exports = GeneratedExports()
        exports.folder.write(name, text)
        let output = exports.delta()
        #expect(output.status == .dataError)
        #expect(output.standardError == "\(exports.folder.path)/\(message)\n")
        #expect(!FileManager.default.fileExists(atPath: exports.out))
        #expect(try FileManager.default.contentsOfDirectory(atPath: exports.folder.path).sorted() == ["earlier", "later"])
    }

    @Test("a missing export folder is 66; an --out that holds other files is refused, 73, and left alone")
    func folders() throws {
        let exports = GeneratedExports()
        let missing = DeltaCommand(earlier: exports.folder.path + "/nowhere", later: exports.later, directory: exports.out).run()
        #expect(missing.status == .noInput)
        #expect(missing.standardError == "\(exports.folder.path)/nowhere: error: is not an export folder (one CSV file an object)\n")
        exports.folder.write("delta/notes.txt", "mine")
        let taken = exports.delta()
        #expect(taken.status == .cannotCreate)
        #expect(taken.standardError == "\(exports.out): error: holds files that are not a delta export (no delta.json); give --out a new or empty folder, or an earlier delta's\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: exports.out) == ["notes.txt"])
        // Refused into a folder that does not exist yet: no folder is left behind.
        let deeper = DeltaCommand(earlier: exports.earlier, later: exports.folder.path + "/nowhere", directory: exports.folder.path + "/new/delta").run()
        #expect(deeper.status == .noInput)
        #expect(!FileManager.default.fileExists(atPath: exports.folder.path + "/new"))
    }
}

@Suite("A delta run on the site")
struct DeltaRunTests {
    @Test("a run folder holding the delta's delta.json says what its records changed after, on its page and the migration's")
    func watermarkShown() throws {
        let fixture = MigrationFixture()
        fixture.write("acme-production-1", kind: "production", day: 20, tickets: [.init(id: "T1", destination: "500A")])
        #expect(fixture.publish("acme-production-1").status == .ok)
        fixture.write("acme-delta-2", kind: "delta", day: 21, tickets: [.init(id: "T2", destination: "500B")])
        let report = DeltaReport(watermark: "2026-11-20T08:59:00Z", laterNewest: "2026-11-21T08:00:00Z", since: nil, files: [], removed: [:], copied: [])
        fixture.folder.write("acme-delta-2/delta.json", try JSONOutput.string(report, schema: DeltaReport.schema))
        #expect(fixture.publish("acme-delta-2").status == .ok)
        #expect(try fixture.report("acme-delta-2").delta == RunReport.DeltaWindow(watermark: "2026-11-20T08:59:00Z", since: nil))
        #expect(fixture.text("runs/acme-delta-2/report.md").contains("A delta export's records, changed after 2026-11-20T08:59:00Z, the earlier export's newest update."))
        #expect(fixture.text("migrations/acme-production/index.md").contains("| [acme-delta-2](../../runs/acme-delta-2/index.html) | delta after 2026-11-20T08:59:00Z | 2026-11-21 |"))
        // The delta.json is among the run's inputs: another one makes it another run.
        fixture.folder.write("acme-delta-2/delta.json", "{\"watermark\": \"2026-11-19T00:00:00Z\", \"files\": [], \"removed\": {}, \"copied\": []}")
        #expect(fixture.publish("acme-delta-2").status == .cannotCreate)
    }
}

@Suite("A delta.json that is not one")
struct BadDeltaReportTests {
    @Test("survey of a folder whose delta.json is not landfall delta's: 65 naming it, nothing written")
    func survey() throws {
        let exports = GeneratedExports()
        #expect(exports.delta().status == .ok)
        exports.folder.write("delta/delta.json", "{\"watermark\": 3}")
        let output = SurveyCommand(folder: exports.out, directory: exports.folder.path + "/survey", destination: "salesforce-service-cloud", customer: "Acme",
                                   asOf: Fixtures.asOf, catalog: Fixtures.catalog, rules: Fixtures.rules).run()
        #expect(output.status == .dataError)
        #expect(output.standardError.contains("\(exports.out)/delta.json: error: is not the delta.json landfall delta writes (landfall.delta/1)"))
        #expect(!FileManager.default.fileExists(atPath: exports.folder.path + "/survey"))
    }

    @Test("reconcile of a run folder whose delta.json is not landfall delta's: 65 naming it, nothing published")
    func reconcile() throws {
        let fixture = MigrationFixture()
        fixture.write("acme-delta-1", kind: "delta", day: 21, tickets: [.init(id: "T2", destination: "500B")])
        fixture.folder.write("acme-delta-1/delta.json", "[]")
        let output = fixture.publish("acme-delta-1")
        #expect(output.status == .dataError)
        #expect(output.standardError == "\(fixture.folder.path)/acme-delta-1/delta.json: error: is not the delta.json landfall delta writes (landfall.delta/1)\n")
        #expect(!FileManager.default.fileExists(atPath: fixture.site))
    }
}
