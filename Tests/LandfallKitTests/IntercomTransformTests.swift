import Foundation
import GRDB
@testable import LandfallKit
import LandfallTestSupport
import Testing

@Suite("landfall transform for Intercom: one request a record, in steps that wait on the destination ids they need")
struct IntercomTransformTests {
    private static let users = Fixtures.sample("destination-users/export-thread.json")
    private static let idMap = Fixtures.repositoryRoot + "/Tests/LandfallKitTests/Fixtures/intercom-idmap.csv"
    private static let setupIDs = Fixtures.repositoryRoot + "/Tests/LandfallKitTests/Fixtures/intercom-setup-ids.csv"

    private func transform(map: String, out: String, idMaps: [String] = [], users: String? = IntercomTransformTests.users, to: String? = nil) -> CommandOutput {
        var command = TransformCommand(exportFolder: Fixtures.repositoryRoot + "/Samples/export-thread", fieldMapPath: map, directory: out,
                                       destinationUsersPath: users, draft: true, catalog: Fixtures.catalog,
                                       apiVersion: Fixtures.rules.handoff.apiVersion)
        command.idMapPaths = idMaps
        command.destination = to
        command.asOf = Fixtures.asOf
        return command.run()
    }

    /// The files a transform wrote into `out`, as their names under it.
    private func written(_ out: String) throws -> [String] {
        var names = ["load.json", "changes.csv"]
        for folder in ["load", "held"] where FileManager.default.fileExists(atPath: out + "/" + folder) {
            names += try FileManager.default.contentsOfDirectory(atPath: out + "/" + folder).sorted().map { "\(folder)/\($0)" }
        }
        return names
    }

    @Test("a first load writes the companies and contacts, and lists every later step with the ids it waits on (golden)")
    func firstPass() throws {
        let folder = TemporaryFolder()
        let output = transform(map: surveyed(into: folder, to: "intercom").map, out: folder.path + "/out")
        #expect(output.status == .ok, "\(output.standardError)")
        let names = try written(folder.path + "/out")
        #expect(names == ["load.json", "changes.csv", "load/01-company-company.jsonl", "load/02-contact-contact.jsonl"])
        for name in names {
            #expect(Golden.mismatch(try String(contentsOfFile: folder.path + "/out/" + name, encoding: .utf8), "transform/intercom/first/" + name) == nil, "\(name)")
        }
        #expect(Golden.mismatch(output.standardOutput.replacingOccurrences(of: folder.path + "/out", with: "OUT"), "transform/intercom/first/stdout.txt") == nil)
        #expect(output.standardOutput.contains("04-ticket-review: not written yet: it needs the id of the ticket type Review (a row ticket_type,Review,ID from GET /ticket_types)\n"))
        #expect(output.standardOutput.contains("11-note-attachment: not written: a note request needs admin_id, which the map does not fill for attachment (map note.admin_id)\n"))
    }

    @Test("with the migration's id map and the set-up's ids: tickets, their states, replies and notes on their tickets; what the map holds is not sent again (golden)")
    func laterPass() throws {
        let folder = TemporaryFolder()
        let output = transform(map: surveyed(into: folder, to: "intercom").map, out: folder.path + "/out", idMaps: [Self.idMap, Self.setupIDs])
        #expect(output.status == .ok, "\(output.standardError)")
        let names = try written(folder.path + "/out")
        for name in names {
            #expect(Golden.mismatch(try String(contentsOfFile: folder.path + "/out/" + name, encoding: .utf8), "transform/intercom/later/" + name) == nil, "\(name)")
        }
        #expect(Golden.mismatch(output.standardOutput.replacingOccurrences(of: folder.path + "/out", with: "OUT"), "transform/intercom/later/stdout.txt") == nil)
        #expect(output.standardOutput.contains("06-ticket-ticket: 0 requests POST /tickets, 400 loaded already\n"))
        // A ticket's reply goes to the ticket the message's conversation lands on; an agent's reply names the teammate by e-mail.
        let replies = try String(contentsOfFile: folder.path + "/out/load/09-reply-message.jsonl", encoding: .utf8)
        #expect(replies.contains(#"{"body":{"admin_id":"8100004","body":"teams dock mailbox password sharepoint licence ticket monitor vpn onboarding<br>second line, with a comma","created_at":1729912152,"message_type":"comment","type":"admin"},"method":"POST","path":"/tickets/215470369/reply","source_id":"M-28"}"#))
        #expect(replies.contains(#"{"body":{"body":"<p>firewall dock server ticket monitor mailbox</p>","created_at":1706926521,"email":"person1@client.example","message_type":"comment","type":"user"},"method":"POST","path":"/tickets/215470306/reply","source_id":"M-7"}"#))
        #expect(output.standardError.contains("Samples/export-thread/messages.csv:4:16: warning: reply M-2: no Intercom teammate has the e-mail agent0@msp.example of user u0: invite one, or change the map; held back in held/09-reply-message.csv\n"), "\(output.standardError)")
        // The run folder lists each value where Intercom returns it.
        let sent = try String(contentsOfFile: folder.path + "/out/run/source/05-note-review_response.csv", encoding: .utf8)
        #expect(sent.hasPrefix("source_id,admin_id,body,created_at\n"))
    }

    /// The Python that runs the request checker: the one `../shared/tools/check-output` sets up
    /// (with pyyaml and jsonschema).
    private static let python = (ProcessInfo.processInfo.environment["CHECK_OUTPUT_VENV"] ?? NSHomeDirectory() + "/.cache/landfall-check-output") + "/bin/python"
    private static let spec = Fixtures.repositoryRoot + "/../shared/intercom/api.intercom.io-2.16.yaml"

    @Test("every request of every pass is an operation of Intercom's OpenAPI description 2.16, its body valid with no key it does not define; a broken body fails",
          .enabled(if: FileManager.default.isExecutableFile(atPath: python) && FileManager.default.fileExists(atPath: spec), "needs the check-output venv and ../shared/intercom"))
    func openAPI() throws {
        let folder = TemporaryFolder()
        let map = surveyed(into: folder, to: "intercom").map
        // The middle pass: companies and contacts loaded, tickets not yet.
        let loaded = try String(contentsOfFile: Self.idMap, encoding: .utf8).split(separator: "\r\n").filter { !$0.hasPrefix("04-") && !$0.hasPrefix("06-") }
        try (loaded.joined(separator: "\r\n") + "\r\n").write(toFile: folder.path + "/companies-contacts.csv", atomically: true, encoding: .utf8)
        #expect(transform(map: map, out: folder.path + "/first").status == .ok)
        #expect(transform(map: map, out: folder.path + "/middle", idMaps: [folder.path + "/companies-contacts.csv", Self.setupIDs]).status == .ok)
        #expect(transform(map: map, out: folder.path + "/later", idMaps: [Self.idMap, Self.setupIDs]).status == .ok)
        var operations: Set<String> = []
        for pass in ["first", "middle", "later"] {
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.path + "/\(pass)/load") {
                for line in try String(contentsOfFile: folder.path + "/\(pass)/load/" + name, encoding: .utf8).split(separator: "\n") {
                    let request = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                    operations.insert("\(request["method"]!) \(Self.operation(of: request["path"] as! String))")
                }
            }
        }
        #expect(operations == ["POST /companies", "POST /contacts", "POST /contacts/{contact_id}/companies", "POST /tickets", "PUT /tickets/{ticket_id}", "POST /tickets/{ticket_id}/reply"])
        let passed = try Self.check(["first", "middle", "later"].map { folder.path + "/\($0)/load" })
        #expect(passed.status == 0, "\(passed.output)")
        #expect(passed.output == "check-intercom-requests: 2005 passed, 0 failed\n")
        // A ticket type id as a number, and a key the API does not define.
        let tickets = folder.path + "/middle/load/06-ticket-ticket.jsonl"
        let text = try String(contentsOfFile: tickets, encoding: .utf8)
        try text.replacingOccurrences(of: "\"ticket_type_id\":\"42\"", with: "\"ticket_type_id\":42").replacingOccurrences(of: "\"created_at\"", with: "\"priority\":\"high\",\"created_at\"")
            .write(toFile: tickets, atomically: true, encoding: .utf8)
        let failed = try Self.check([folder.path + "/middle/load"])
        #expect(failed.status == 1)
        #expect(failed.output.contains("06-ticket-ticket.jsonl:1: POST /tickets at ticket_type_id: 42 is not of type 'string'"))
    }

    @Test("a cutover's delta sends the changed tickets and contacts the id map holds as updates (PUT), the new ones as creates, each an operation of Intercom's OpenAPI 2.16",
          .enabled(if: FileManager.default.isExecutableFile(atPath: python) && FileManager.default.fileExists(atPath: spec), "needs the check-output venv and ../shared/intercom"))
    func deltaUpdates() throws {
        let folder = TemporaryFolder()
        let map = surveyed(into: folder, to: "intercom").map
        let delta = folder.path + "/delta"
        #expect(DeltaCommand(earlier: Fixtures.sample("export-thread"), later: Fixtures.sample("export-thread-cutover"), directory: delta).run().status == .ok)
        var command = TransformCommand(exportFolder: delta, fieldMapPath: map, directory: folder.path + "/out", destinationUsersPath: Self.users, draft: true,
                                       catalog: Fixtures.catalog, apiVersion: Fixtures.rules.handoff.apiVersion)
        command.idMapPaths = [Self.idMap, Self.setupIDs]
        command.asOf = Fixtures.asOf
        command.kind = .delta
        let output = command.run()
        #expect(output.status == .ok, "\(output.standardError)")
        #expect(output.standardOutput.contains("02-contact-contact: 1 request POST /contacts, 1 of them loaded already and changed since (PUT, an update)\n"))
        #expect(output.standardOutput.contains("06-ticket-ticket: 4 requests POST /tickets, 2 of them loaded already and changed since (PUT, an update)\n"))
        #expect(try String(contentsOfFile: folder.path + "/out/load/02-contact-contact.jsonl", encoding: .utf8)
            == #"{"body":{"email":"person1@client1.example","external_id":"c1","name":"Contact 1 Jr.","role":"user"},"method":"PUT","path":"/contacts/6650aa000000000000000001","source_id":"c1"}"# + "\n")
        let tickets = try String(contentsOfFile: folder.path + "/out/load/06-ticket-ticket.jsonl", encoding: .utf8).split(separator: "\n")
        #expect(tickets.map { $0.contains(#""method":"PUT","path":"/tickets/"#) } == [true, true, false, false])
        #expect(tickets[1].contains(#""_default_title_":"ticket teams monitor Søren laptop patch licence (re-opened)""#))
        #expect(!tickets[0].contains("created_at") && !tickets[0].contains("ticket_type_id") && tickets[0].contains(#""assignee_id":"#))
        #expect(FileManager.default.fileExists(atPath: folder.path + "/out/run/delta.json"))
        // The ticket the later export no longer holds, with the Intercom id it was loaded as; the load deletes nothing.
        #expect(try String(contentsOfFile: folder.path + "/out/removed.csv", encoding: .utf8) == "object,source_id,destination_id\r\nticket,T-100002,215470002\r\n")
        #expect(output.standardOutput.contains("removed.csv: 1 record the later export no longer holds, 1 of them loaded (with their destination ids): the load deletes none\n"))
        #expect(output.standardOutput.contains(folder.path + "/out/removed.csv\n"))
        let checked = try Self.check([folder.path + "/out/load"])
        #expect(checked.status == 0, "\(checked.output)")
    }

    /// Runs `Tests/Checkers/check-intercom-requests` on `folders`.
    private static func check(_ folders: [String]) throws -> (status: Int32, output: String) {
        try VendorContracts.run(python, [Fixtures.repositoryRoot + "/Tests/Checkers/check-intercom-requests", spec] + folders)
    }

    @Test("refused, nothing written: an id map of another migration, a file that is no id map, a map for the other destination, no teammates")
    func refusals() throws {
        let folder = TemporaryFolder()
        let map = surveyed(into: folder, to: "intercom").map
        let stranger = folder.path + "/other-idmap.csv"
        try "object,source_id,destination_id,outcome,run_id\r\n06-ticket-ticket,T-100000,215470000,created,x-1\r\n06-ticket-ticket,T-999999,215479999,created,x-1\r\n"
            .write(toFile: stranger, atomically: true, encoding: .utf8)
        let other = transform(map: map, out: folder.path + "/a", idMaps: [stranger])
        #expect(other.status == .dataError)
        #expect(other.standardError == "\(stranger):3:1: error: ticket T-999999 is not in this export: the id map is of another migration (give the idmap.csv of the migration this export is loaded by)\n")
        let notAMap = folder.path + "/not-a-map.csv"
        try "id,name\r\n1,x\r\n".write(toFile: notAMap, atomically: true, encoding: .utf8)
        let wrongFile = transform(map: map, out: folder.path + "/b", idMaps: [notAMap])
        #expect(wrongFile.status == .dataError)
        #expect(wrongFile.standardError.contains("\(notAMap):1:1: error: is not an id map: the header has no object column"))
        let wrongDestination = transform(map: map, out: folder.path + "/c", to: "salesforce-service-cloud")
        #expect(wrongDestination.status == .usage)
        #expect(wrongDestination.standardError.contains("is for intercom, not salesforce-service-cloud"))
        let noUsers = transform(map: map, out: folder.path + "/d", users: nil)
        #expect(noUsers.status == .usage)
        #expect(noUsers.standardError == "landfall: error: review_response records name their assignee or author as an Intercom teammate: give the workspace's teammates with --destination-users (GET /admins, as JSON), so that people are matched by e-mail\n")
        let salesforceUsers = transform(map: map, out: folder.path + "/e", users: Fixtures.sample("destination-users/export-thread.csv"))
        #expect(salesforceUsers.status == .dataError)
        for name in ["a", "b", "c", "d", "e"] { #expect(!FileManager.default.fileExists(atPath: folder.path + "/" + name)) }
    }

    /// The middle pass (companies and contacts loaded, tickets sent) into `folder/out`, and an
    /// export of the tickets as Intercom's search returns them, built from what was sent, with
    /// differences seeded: T-100000's title changed, T-100001's escalation flipped, T-100002
    /// missing, T-999999 made by hand. Returns the run folder and the export folder.
    private func ticketsSentAndExported(into folder: TemporaryFolder) throws -> (run: String, export: String) {
        let map = surveyed(into: folder, to: "intercom").map
        let loaded = try String(contentsOfFile: Self.idMap, encoding: .utf8).split(separator: "\r\n").filter { !$0.hasPrefix("04-") && !$0.hasPrefix("06-") }
        try (loaded.joined(separator: "\r\n") + "\r\n").write(toFile: folder.path + "/companies-contacts.csv", atomically: true, encoding: .utf8)
        #expect(transform(map: map, out: folder.path + "/out", idMaps: [folder.path + "/companies-contacts.csv", Self.setupIDs]).status == .ok)
        let run = folder.path + "/out/run"
        // Intercom's search responses, a page a line, built from what the load sent.
        var records: [[String: Any]] = []
        for step in ["04-ticket-review", "06-ticket-ticket"] {
            let sent = try CSVDocument.parse(InputFile(path: run + "/source/\(step).csv"))
            for row in sent.rows {
                var attributes: [String: Any] = [:]
                var record: [String: Any] = ["type": "ticket", "id": "9\(records.count)", "ticket_state": ["type": "ticket_state", "id": "3001"]]
                for (name, value) in zip(sent.header, row.fields) where !value.isEmpty {
                    if name.hasPrefix("ticket_attributes.") {
                        let key = String(name.dropFirst("ticket_attributes.".count))
                        attributes[key] = ["rt_rating__c", "site_count"].contains(key) ? (Int(value).map { $0 as Any } ?? Double(value)! as Any) : key == "escalated" ? (value == "true") as Any : value as Any
                    } else if ["created_at", "admin_assignee_id", "team_assignee_id"].contains(name) {
                        record[name] = Int(value)!
                    } else if name == "contacts.contacts.0.external_id" {
                        record["contacts"] = ["type": "contact.list", "contacts": [["type": "contact", "id": "6650aa", "external_id": value]]]
                    }
                }
                record["ticket_attributes"] = attributes
                records.append(record)
            }
        }
        func ticket(_ id: String) -> Int { records.firstIndex { ($0["ticket_attributes"] as! [String: Any])["source_id__c"] as? String == id }! }
        var changed = records[ticket("T-100000")]["ticket_attributes"] as! [String: Any]
        changed["_default_title_"] = "wifi printer dock second line, with a comma"
        records[ticket("T-100000")]["ticket_attributes"] = changed
        var flipped = records[ticket("T-100001")]["ticket_attributes"] as! [String: Any]
        flipped["escalated"] = false
        records[ticket("T-100001")]["ticket_attributes"] = flipped
        records.remove(at: ticket("T-100002"))
        records.append(["type": "ticket", "id": "999", "ticket_attributes": ["source_id__c": "T-999999", "_default_title_": "made by hand"]])
        var pages = ""
        for start in stride(from: 0, to: records.count, by: 150) {
            let page: [String: Any] = ["type": "ticket.list", "tickets": Array(records[start..<min(start + 150, records.count)]), "total_count": records.count]
            pages += String(decoding: try JSONSerialization.data(withJSONObject: page, options: [.sortedKeys]), as: UTF8.self) + "\n"
        }
        let export = folder.write("intercom-export/ticket.jsonl", pages)
        return (run, (export as NSString).deletingLastPathComponent)
    }

    @Test("verify --site publishes the verification beside the reconciled run: its pages and report.json, the verdict on the run's and the migration's pages, its figures in the ledger; a run not in the site is refused and nothing written")
    func verifyPublished() throws {
        let folder = TemporaryFolder()
        let (run, export) = try ticketsSentAndExported(into: folder)
        let site = folder.path + "/site"
        var unpublished = VerifyCommand(runFolder: run, exportFolder: export, queries: false, catalog: Fixtures.catalog, templates: Fixtures.templates)
        unpublished.site = site
        let refused = unpublished.run()
        #expect(refused.status == .dataError)
        #expect(refused.standardError == "\(site): error: the run export-thread-sandbox-1 is not published in this site: reconcile its run folder into it first (landfall reconcile RUN_DIR --site \(site)); nothing was written\n")
        #expect(!FileManager.default.fileExists(atPath: run + "/verify") && !FileManager.default.fileExists(atPath: site))
        // Intercom's results: every request answered, each record created.
        let description = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: run + "/run.json"))) as! [String: Any]
        for object in description["objects"] as! [[String: Any]] {
            let sent = try CSVDocument.parse(InputFile(path: run + "/" + (object["source_file"] as! String)))
            let key = try #require(sent.header.firstIndex(of: object["id_column"] as! String))
            let lines = sent.rows.enumerated().map { index, row in #"{"source_id":"\#(row.fields[key])","destination_id":"\#(index + 1)","status":"created","at":"2026-12-01T10:00:00Z"}"# }
            try FileManager.default.createDirectory(atPath: run + "/results", withIntermediateDirectories: true)
            try (lines.joined(separator: "\n") + "\n").write(toFile: run + "/results/\(object["object"] as! String).jsonl", atomically: true, encoding: .utf8)
        }
        let reconciled = ReconcileCommand(runFolder: run, site: site, catalog: Fixtures.catalog, acceptance: Fixtures.rules.acceptance, templates: Fixtures.templates).run()
        #expect(reconciled.status == .ok, "\(reconciled.standardError)")
        let runPage = site + "/runs/export-thread-sandbox-1/index.html"
        #expect(try String(contentsOfFile: runPage, encoding: .utf8).contains("Not verified field by field yet"))
        var published = unpublished
        published.asOf = Fixtures.asOf
        let verified = published.run()
        #expect(verified.status == .ok, "\(verified.standardError)")
        for name in ["index.html", "report.md", "report.json", "differences.csv", "spot-check.md"] {
            #expect(FileManager.default.fileExists(atPath: site + "/runs/export-thread-sandbox-1/verify/" + name), "\(name)")
        }
        let page = try String(contentsOfFile: runPage, encoding: .utf8)
        #expect(page.contains(#"<span class="grade grade-f">fail: 2 fields different, 1 record missing, 1 record not sent by the run</span>"#))
        #expect(page.contains(#"<a href="verify/index.html">the verification</a>"#))
        let migration = try String(contentsOfFile: site + "/migrations/export-thread-sandbox/index.md", encoding: .utf8)
        #expect(migration.contains("| FAIL: 2 fields different, 1 record missing |"), "\(migration)")
        let verifyPage = try String(contentsOfFile: site + "/runs/export-thread-sandbox-1/verify/index.html", encoding: .utf8)
        #expect(verifyPage.contains("<th scope=\"row\">06-ticket-ticket</th><td data-label=\"Destination\">ticket</td><td class=\"number\" data-label=\"Records\">332</td>"))
        let rows = try DatabaseQueue(path: site + "/ledger.sqlite").read { db in
            try Row.fetchAll(db, sql: "SELECT object, records, different, missing, verdict, verified_on FROM verifications ORDER BY position").map { row in
                "\(row[0] as String) \(row[1] as Int) \(row[2] as Int) \(row[3] as Int) \(row[4] as String) \(row[5] as String)"
            }
        }
        #expect(rows == ["04-ticket-review 100 0 0 fail 2026-11-21", "06-ticket-ticket 332 2 1 fail 2026-11-21"])
        // The ledger rebuilt from the run folders holds the verification again.
        try FileManager.default.removeItem(atPath: site + "/ledger.sqlite")
        _ = try SiteLedger(site: site)
        let rebuilt = try DatabaseQueue(path: site + "/ledger.sqlite").read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM verifications") }
        #expect(rebuilt == 2)
    }

    @Test("verify joins Intercom's tickets on source_id__c and finds exactly the seeded differences: a changed title, a flipped attribute, a missing ticket, an unexpected one; Intercom's numbers, times and booleans equal what was sent")
    func verifyTickets() throws {
        let folder = TemporaryFolder()
        let (run, export) = try ticketsSentAndExported(into: folder)
        let queries = VerifyCommand(runFolder: run, exportFolder: nil, queries: true, catalog: Fixtures.catalog, templates: Fixtures.templates).run()
        #expect(queries.standardOutput == #"POST /tickets/search {"query":{"field":"created_at","operator":">","value":"0"},"pagination":{"per_page":150}} > ticket.jsonl"# + "\n")
        let verified = VerifyCommand(runFolder: run, exportFolder: export, queries: false, catalog: Fixtures.catalog, templates: Fixtures.templates).run()
        #expect(verified.status == .ok, "\(verified.standardError)")
        #expect(verified.standardOutput.contains("04-ticket-review: 100 ticket records, 800 fields compared: 800 equal, 0 different, 0 records missing\n"), "\(verified.standardOutput)")
        #expect(verified.standardOutput.contains("06-ticket-ticket: 332 ticket records, "), "\(verified.standardOutput)")
        #expect(verified.standardOutput.contains(" equal, 2 different, 1 record missing\n"), "\(verified.standardOutput)")
        #expect(verified.standardOutput.contains("ticket: 1 record in the export that this run did not send\n"))
        #expect(verified.standardOutput.hasSuffix("verdict: fail\n"))
        // --fail-on stops a pipeline on that verdict, once everything is written.
        var gate = VerifyCommand(runFolder: run, exportFolder: export, queries: false, catalog: Fixtures.catalog, templates: Fixtures.templates)
        gate.failOn = .fail
        let stopped = gate.run()
        #expect(stopped.status == .verdict)
        #expect(stopped.standardOutput == verified.standardOutput)
        let differences = try String(contentsOfFile: run + "/verify/differences.csv", encoding: .utf8)
        #expect(differences.contains("06-ticket-ticket,T-100000,9"))
        #expect(differences.contains(",ticket_attributes._default_title_,different,\"wifi printer dock\nsecond line, with a comma\",\"wifi printer dock second line, with a comma\"\r\n"))
        #expect(differences.contains("06-ticket-ticket,T-100001,"))
        #expect(differences.contains(",ticket_attributes.escalated,different,true,false\r\n"))
        #expect(differences.contains("06-ticket-ticket,T-100002,,,missing,,\r\n"))
        #expect(differences.contains("ticket,T-999999,999,,unexpected,,\r\n"))
        // A Salesforce export for an Intercom run is refused.
        let salesforce = folder.write("salesforce-export/Case.csv", "Id,external_case_id__c\n500,T-1\n")
        let wrong = VerifyCommand(runFolder: run, exportFolder: (salesforce as NSString).deletingLastPathComponent, queries: false, catalog: Fixtures.catalog, templates: Fixtures.templates).run()
        #expect(wrong.status == .dataError)
        #expect(wrong.standardError == "\(salesforce): error: is a Salesforce export (CSV), but the run went to Intercom: export ticket.json with the queries verify --queries writes\n")
    }

    /// The OpenAPI path of a request's path: `/tickets/215470307/reply` → `/tickets/{ticket_id}/reply`.
    static func operation(of path: String) -> String {
        var parts = path.split(separator: "/").map(String.init)
        for index in parts.indices.dropFirst() where ["tickets", "contacts", "conversations", "companies"].contains(parts[index - 1]) {
            parts[index] = "{\(parts[index - 1].dropLast())_id}"
        }
        return "/" + parts.joined(separator: "/")
    }
}
