import Foundation
@testable import LandfallKit
import LandfallTestSupport
import Testing

@Suite("landfall survey: a manifest from the raw export")
struct SurveyTests {
    /// `../shared/samples/export-thread`, the bundled small export.
    private static let sample = Fixtures.repositoryRoot + "/../shared/samples/export-thread"

    /// A writable copy of the sample export in `folder`, with `edit` applied to the named files.
    private func copy(into folder: TemporaryFolder, _ edits: [String: (String) -> String] = [:]) throws -> String {
        let target = folder.path + "/export"
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: Self.sample) {
            let text = try String(contentsOfFile: Self.sample + "/" + name, encoding: .utf8)
            try (edits[name]?(text) ?? text).write(toFile: target + "/" + name, atomically: true, encoding: .utf8)
        }
        return target
    }

    private func survey(_ folder: String, to destination: String = "salesforce-service-cloud", output: String) -> CommandOutput {
        // `output` names the manifest: its folder is --out, its extension --format.
        SurveyCommand(folder: folder, directory: (output as NSString).deletingLastPathComponent, manifestFormat: output.hasSuffix(".yaml") ? .yaml : .json,
                      destination: destination, customer: "Sample MSP", asOf: Fixtures.asOf, catalog: Fixtures.catalog, rules: Fixtures.rules).run()
    }

    /// Records in a CSV text, counted by a plain RFC 4180 reading: line breaks outside quotes end a record.
    private func records(_ text: String) -> Int {
        var quoted = false
        var count = 0
        var content = false
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": quoted.toggle(); content = true
            case "\n" where !quoted:
                if content { count += 1 }
                content = false
            case "\r": break
            default: content = true
            }
        }
        return (content ? count + 1 : count) - 1
    }

    @Test("the sample export's manifest validates, and its counts are the rows of each file, counted apart")
    func sampleManifest() throws {
        let folder = TemporaryFolder()
        let output = survey(Self.sample, output: folder.path + "/out/manifest.json")
        #expect(output.status == .ok, "\(output.standardError)")
        #expect(output.standardOutput == "\(folder.path)/out/manifest.json\n\(folder.path)/out/profile.json\n\(folder.path)/out/fieldmap.yaml\n")
        let reading = Fixtures.manifestReader.read(path: folder.path + "/out/manifest.json")
        #expect(reading.diagnostics == [])
        let manifest = try #require(reading.manifest)
        for (file, key) in [("tickets.csv", CountKey.tickets), ("messages.csv", .messages), ("conversations.csv", .conversations), ("reviews.csv", .reviews),
                            ("review_responses.csv", .reviewResponses), ("users.csv", .users), ("teams.csv", .teams), ("attachments.csv", .attachments),
                            ("companies.csv", .companies), ("contacts.csv", .contacts), ("tags.csv", .tags), ("custom_properties.csv", .customProperties),
                            ("response_templates.csv", .responseTemplates)] {
            let text = try String(contentsOfFile: Self.sample + "/" + file, encoding: .utf8)
            #expect(manifest.counts[key] == records(text), "\(file)")
        }
        #expect(manifest.destination.platform == "salesforce-service-cloud")
        #expect(manifest.source.exportMethod == .adminPanel)
        #expect(manifest.teams?.first { $0.name == "Service Desk" }?.members == ["u0", "u4"])
        #expect(manifest.reviewSources?.reduce(0) { $0 + $1.count } == manifest.counts[.reviews])
        #expect(manifest.automations?.count == manifest.counts[.automations])
        // The manifest estimates like a typed one.
        #expect(try Fixtures.estimator.estimate(manifest, asOf: Fixtures.asOf).price.total != nil)
    }

    @Test("the profile lists every value status and priority hold, casing variants and rare values included")
    func profileValues() throws {
        let folder = TemporaryFolder()
        #expect(survey(Self.sample, output: folder.path + "/manifest.yaml").status == .ok)
        #expect(Fixtures.manifestReader.read(path: folder.path + "/manifest.yaml").manifest != nil, "the YAML manifest validates")
        let data = try #require(FileManager.default.contents(atPath: folder.path + "/profile.json"))
        let profile = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(profile["schema"] as? String == "landfall.profile/1")
        let files = try #require(profile["files"] as? [[String: Any]])
        let tickets = try #require(files.first { $0["file"] as? String == "tickets.csv" })
        let columns = try #require(tickets["columns"] as? [[String: Any]])
        let text = try String(contentsOfFile: Self.sample + "/tickets.csv", encoding: .utf8)
        for name in ["status", "priority"] {
            let column = try #require(columns.first { $0["column"] as? String == name })
            let listed = Set(try #require(column["values"] as? [[String: Any]]).compactMap { $0["value"] as? String })
            let index = try #require(text.split(separator: "\n").first?.split(separator: ",").firstIndex { $0 == name })
            // The sample's status and priority never hold a comma or a quote: a plain split finds every value.
            var seen: Set<String> = []
            for line in text.split(separator: "\n").dropFirst() where line.hasPrefix("T-") {
                let cells = line.split(separator: ",", omittingEmptySubsequences: false)
                if cells.count > index { seen.insert(String(cells[index])) }
            }
            #expect(seen.isSubset(of: listed), "\(name): \(seen.subtracting(listed))")
            #expect(listed.contains(name == "status" ? "CLOSED" : "High"))
        }
        let created = try #require(columns.first { $0["column"] as? String == "created_at" })
        #expect(created["type"] as? String == "datetime")
    }

    @Test("a broken copy: dangling references, a duplicate id, a timestamp without a zone and a ragged row, each at its file, line and column")
    func integrity() throws {
        let folder = TemporaryFolder()
        let export = try copy(into: folder, [
            "messages.csv": { $0.replacingOccurrences(of: "\nM-1,CV-0,", with: "\nM-1,CV-9999,") },
            "review_responses.csv": { $0.replacingOccurrences(of: "\nRR-1,R-1,", with: "\nRR-1,R-404,") },
            "users.csv": { $0 + "u1,Agent Again,again@msp.example,agent,true\n" },
            "conversations.csv": { $0.replacingOccurrences(of: "CV-1,T-100019,,portal,2024-02-20T12:44:31Z,", with: "CV-1,T-100019,,portal,2024-02-20T12:44:31,") },
            "tickets.csv": { $0.replacingOccurrences(of: "\nT-100001,ticket teams monitor Søren laptop patch licence,", with: "\nT-100001," + String(repeating: "é", count: 300) + ",") },
        ])
        let output = survey(export, output: folder.path + "/out/manifest.json")
        #expect(output.status == .ok)
        let lines = output.standardError.split(separator: "\n").map(String.init)
        #expect(lines.contains("\(export)/users.csv:8:1: warning: the id u1 appears more than once in users.csv (first on line 3)"))
        #expect(lines.contains("\(export)/conversations.csv:3:23: warning: the timestamp 2024-02-20T12:44:31 has no zone: which instant it is cannot be told; give it Z or an offset"))
        #expect(lines.contains("\(export)/tickets.csv:4:10: warning: the value holds 300 characters; Case.Subject takes 255, so it is cut there"))
        #expect(lines.contains("\(export)/messages.csv:3:5: warning: conversation_id CV-9999 points to no row of conversations.csv"))
        #expect(lines.contains("\(export)/review_responses.csv:3:6: warning: review_id R-404 points to no row of reviews.csv"))
        let raggedFolder = TemporaryFolder()
        let ragged = try copy(into: raggedFolder, ["teams.csv": { $0.replacingOccurrences(of: "t1,Escalations (Tier 2)", with: "t1,Escalations,Tier 2") }])
        let refused = survey(ragged, output: folder.path + "/ragged/manifest.json")
        #expect(refused.status == .dataError)
        #expect(refused.standardError.contains("\(ragged)/teams.csv:3:1: error: this row has 3 fields but the header has 2"))
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/ragged"), "nothing is written when the export has an error")
    }

    @Test("bad folders: missing, empty, none of the export's files, an unknown file, a column twice")
    func badFolders() throws {
        let folder = TemporaryFolder()
        let missing = survey(folder.path + "/nowhere", output: folder.path + "/m.json")
        #expect(missing.status == .noInput)
        #expect(missing.standardError == "\(folder.path)/nowhere: error: does not exist\n")
        try FileManager.default.createDirectory(atPath: folder.path + "/empty", withIntermediateDirectories: true)
        let empty = survey(folder.path + "/empty", output: folder.path + "/m.json")
        #expect(empty.status == .dataError)
        #expect(empty.standardError == "\(folder.path)/empty: error: is empty: it holds none of the export's files (users.csv, teams.csv, team_members.csv, companies.csv …)\n")
        try FileManager.default.createDirectory(atPath: folder.path + "/other", withIntermediateDirectories: true)
        let other = folder.write("other/notes.txt", "hello\n")
        let none = survey((other as NSString).deletingLastPathComponent, output: folder.path + "/m.json")
        #expect(none.standardError.contains("notes.txt: warning: is not a file of a Thread export; it was not read"))
        #expect(none.standardError.contains("error: holds none of the export's files"))
        let twiceFolder = TemporaryFolder()
        let twice = try copy(into: twiceFolder, ["tags.csv": { _ in "name,usage,name\nvpn,58,x\n" }])
        let duplicate = survey(twice, output: folder.path + "/twice/manifest.json")
        #expect(duplicate.status == .dataError)
        #expect(duplicate.standardError.contains("\(twice)/tags.csv:1:12: error: the column name appears twice (first as column 1): which one holds the values is unclear"))
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/m.json"))
        let extraFolder = TemporaryFolder()
        let extra = try copy(into: extraFolder, ["tags.csv": { _ in "name,usage,colour\nvpn,58,red\n" }])
        let unknown = survey(extra, output: extraFolder.path + "/out/manifest.json")
        #expect(unknown.status == .ok)
        #expect(unknown.standardError.contains("\(extra)/tags.csv:1:12: warning: the column colour is not one tags.csv has in a Thread export; it is profiled, not used"))
    }

    @Test("a header wider than 2,000 columns is refused at the first column past the limit, its rows unread, and nothing is written")
    func wideHeader() throws {
        let folder = TemporaryFolder()
        let header = (0..<2_001).map { "c\($0)" }.joined(separator: ",")
        let wide = try copy(into: folder, ["tags.csv": { _ in header + "\n" }])
        let output = survey(wide, output: folder.path + "/out/manifest.json")
        #expect(output.status == .dataError)
        let column = 1 + (0..<2_000).reduce(0) { $0 + "c\($1)".count + 1 }
        #expect(output.standardError.contains("\(wide)/tags.csv:1:\(column): error: the header names 2,001 columns; a file of a Thread export has at most 2,000 (its own and one a custom property), so this is not one"))
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/out"))
    }

    @Test("automations.json goes into the manifest entry by entry as the export has it, numbers as written, keys in order; a list of something else is refused at the entry")
    func automationsCarried() throws {
        let folder = TemporaryFolder()
        let list = #"[{"id":"a1","name":"Tab\tand \"quote\" \u00e9","kind":"sla","active":false,"trigger":"ticket created","conditions":[],"actions":["set priority high"],"threshold":1.50}]"#
        let export = try copy(into: folder, ["automations.json": { _ in list }])
        let output = survey(export, output: folder.path + "/out/manifest.json")
        #expect(output.status == .ok, "\(output.standardError)")
        let text = try String(contentsOfFile: folder.path + "/out/manifest.json", encoding: .utf8)
        #expect(text.contains("""
          "automations" : [
            {
              "actions" : [
                "set priority high"
              ],
              "active" : false,
              "conditions" : [],
              "id" : "a1",
              "kind" : "sla",
              "name" : "Tab\\tand \\"quote\\" é",
              "threshold" : 1.50,
              "trigger" : "ticket created"
            }
          ],
        """), "\(text.prefix(600))")
        let refusedFolder = TemporaryFolder()
        let refused = try copy(into: refusedFolder, ["automations.json": { _ in "[{\"id\":\"a1\"},\n 7]" }])
        let wrong = survey(refused, output: refusedFolder.path + "/out/manifest.json")
        #expect(wrong.status == .dataError)
        #expect(wrong.standardError.contains("\(refused)/automations.json:2:2: error: holds a number where each entry is an object shaped like the manifest's list"))
    }

    @Test("a byte-order mark and CRLF line ends read as the export meant; a byte that is not UTF-8 is refused at its line, column and byte offset")
    func encodings() throws {
        let folder = TemporaryFolder()
        let windows = try copy(into: folder, ["tags.csv": { "\u{FEFF}" + $0.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n") }])
        let read = survey(windows, output: folder.path + "/out/manifest.json")
        #expect(read.status == .ok, "\(read.standardError)")
        let manifest = try #require(Fixtures.manifestReader.read(path: folder.path + "/out/manifest.json").manifest)
        #expect(manifest.tags?.first?.name == "vpn")
        #expect(manifest.counts[.tags] == 7)
        let latinFolder = TemporaryFolder()
        let latin = try copy(into: latinFolder)
        try FileManager.default.removeItem(atPath: latin + "/tags.csv")
        _ = FileManager.default.createFile(atPath: latin + "/tags.csv", contents: Data("name,usage\nvpn,58\ncaf".utf8) + Data([0xE9]) + Data(",3\n".utf8))
        let refused = survey(latin, output: latinFolder.path + "/out/manifest.json")
        #expect(refused.status == .dataError)
        #expect(refused.standardError.contains("\(latin)/tags.csv:3:4: error: is not valid UTF-8 (byte 0xE9 at byte offset 21); save it as UTF-8"))
        #expect(!FileManager.default.fileExists(atPath: latinFolder.path + "/out"))
    }

    @Test("a message body of 100 MB is read, measured and reported at its place, for any destination, and as longer than TextBody takes; the profile does not list the column's values")
    func hundredMegabyteField() throws {
        let folder = TemporaryFolder()
        let export = try copy(into: folder)
        let original = try String(contentsOfFile: export + "/messages.csv", encoding: .utf8)
        #expect(original.utf8.last == 0x0A)
        let line = original.utf8.count(where: { $0 == 0x0A }) + 1
        let body = String(repeating: "Grüße ", count: 100 << 20 / 8)
        try Data((original + "M-999999,CV-0,agent,u0,,\"" + body + "\",text,2024-02-23T00:15:12Z,false\r\n").utf8).write(to: URL(fileURLWithPath: export + "/messages.csv"))
        let output = survey(export, output: folder.path + "/out/manifest.json")
        #expect(output.status == .ok)
        let characters = body.unicodeScalars.count
        #expect(output.standardError.contains("\(export)/messages.csv:\(line):25: warning: the value holds \(characters) characters; EmailMessage.TextBody takes 131072, so it is cut there"))
        #expect(output.standardError.contains("\(export)/messages.csv:\(line):25: warning: the value runs on for 104,857,600 bytes: a help-desk value this long is most often a quote left open before it or a file pasted in; check it before it is loaded"))
        let intercom = survey(export, to: "intercom", output: folder.path + "/intercom/manifest.json")
        #expect(intercom.status == .ok)
        #expect(intercom.standardError.contains("\(export)/messages.csv:\(line):25: warning: the value runs on for 104,857,600 bytes"), "reported whatever the destination")
        let profile = try ExportProfile.read(path: folder.path + "/out/profile.json")
        let column = try #require(profile.column("body", of: "message"))
        #expect(column.maxLength == characters)
        #expect(column.values == nil)
        let text = try String(contentsOfFile: folder.path + "/out/profile.json", encoding: .utf8)
        #expect(text.contains("\"values_longer_than\" : 1024"))
        #expect(text.utf8.count < 1 << 20, "the profile holds no copy of the long value")
    }
}
