import Foundation
@testable import LandfallKit
import LandfallTestSupport
import Testing

/// The bundled raw export, surveyed into `folder` for `destination`: the paths of its manifest,
/// profile and field map.
func surveyed(into folder: TemporaryFolder, to destination: String = "salesforce-service-cloud", force: Bool = false,
              sample: String = Fixtures.repositoryRoot + "/Samples/export-thread") -> (output: CommandOutput, manifest: String, profile: String, map: String) {
    let output = SurveyCommand(folder: sample, directory: folder.path, destination: destination, customer: "Sample MSP", asOf: Fixtures.asOf,
                               catalog: Fixtures.catalog, rules: Fixtures.rules, renderer: Fixtures.renderer, force: force).run()
    return (output, folder.path + "/manifest.json", folder.path + "/profile.json", folder.path + "/fieldmap.yaml")
}

@Suite("The field map: complete, proposed from the data, checked before any record moves")
struct FieldMapTests {
    @Test("survey proposes a value for every status and priority the data holds, casing variants and rare values included, and flags one it cannot map")
    func proposal() throws {
        let folder = TemporaryFolder()
        let run = surveyed(into: folder)
        #expect(run.output.standardOutput.contains("\(run.map)\n"))
        let yaml = try String(contentsOfFile: run.map, encoding: .utf8)
        for value in ["pending", "resolved", "on_hold", "open", "closed", "CLOSED", "OPEN", "PENDING", "RESOLVED", "high", "low", "urgent", "medium", "High", "Low", "Urgent"] {
            #expect(yaml.contains("- { from: \(value), to: "), "\(value) is not in the value map")
        }
        #expect(yaml.contains("      - { from: CLOSED, to: Closed, rows: 2 }  # casing variant of closed, catalog default"))
        #expect(yaml.contains("      - { from: teams, to: null, rows: 102 }  # seen in the data, no proposal: choose a value"))
        #expect(yaml.contains("      - { from: chat, to: Chat, rows: 107 }  # catalog default"))
        #expect(!yaml.contains("confirmed: true"))
        let checked = ValidateCommand(paths: [run.map], format: .text, vocabulary: Fixtures.catalog.vocabulary, catalog: Fixtures.catalog,
                                      profile: try ExportProfile.read(path: run.profile)).run()
        #expect(checked.status == .dataError)
        // The ticket's channel goes to a Case's Origin; a conversation's only where it has a Case of its own, which none has here.
        let errors = checked.standardOutput.split(separator: "\n").filter { $0.contains(": error: ") }
        #expect(errors.count == 1)
        #expect(errors.first?.hasSuffix("error: the value \"teams\" (102 rows) of ticket.channel has no destination value: choose one [fields[33].values[2].to]") == true)
    }

    @Test("every column of every data file is carried or listed as not carried, with its reason, on both destinations, and the surveyed map says so")
    func everyColumn() throws {
        for pair in Fixtures.catalog.pairs where pair.source == "thread" {
            for file in ExportLayout.dataFiles {
                let object = try #require(file.object)
                let rules = (pair.mapping(for: object)?.records ?? []).flatMap { ($0.rule.when?.columns ?? []) + [$0.rule.joins].compactMap { $0 } }
                for column in file.columns {
                    let carried = pair.fieldMap.contains { $0.object == object && [$0.source, $0.fallback, $0.referencesColumn].contains(column) || ($0.object == object && $0.when?.columns.contains(column) == true) }
                    let reason = pair.fieldsNotCarried.first { $0.object == object && $0.source == column }?.reason
                    #expect(carried || reason != nil || rules.contains(column), "\(pair.destination): \(object).\(column) is neither carried, decisive, nor listed")
                    #expect(!(pair.fieldMap.contains { $0.object == object && $0.source == column } && reason != nil), "\(pair.destination): \(object).\(column) is both")
                }
            }
        }
        for destination in ["salesforce-service-cloud", "intercom"] {
            let folder = TemporaryFolder()
            let run = surveyed(into: folder, to: destination)
            #expect(run.output.status == .ok)
            let read = try FieldMapReader.read(path: run.map)
            let map = try #require(read.map)
            #expect(map.objects.map(\.file).sorted() == ExportLayout.dataFiles.map(\.name).sorted())
            let findings = FieldMapValidation(catalog: Fixtures.catalog, profile: try ExportProfile.read(path: run.profile)).check(map, file: run.map)
            #expect(!findings.contains { $0.message.contains("neither carries nor lists") }, "\(findings)")
            #expect(map.notCarried.allSatisfy { !$0.reason.isEmpty })
        }
    }

    @Test("the signed map: values to choose first, every object with a box per field, rows counted, and the export's first record before and after")
    func signedDocument() throws {
        let folder = TemporaryFolder()
        _ = surveyed(into: folder)
        let markdown = try String(contentsOfFile: folder.path + "/fieldmap.md", encoding: .utf8)
        let choose = try #require(markdown.range(of: "## Values to choose"))
        let firstObject = try #require(markdown.range(of: "## User"))
        #expect(choose.lowerBound < firstObject.lowerBound)
        #expect(markdown.contains("| `ticket.channel` | teams | 102 | `Phone`, `Email`, `Web`, `Chat` | |"))
        for object in ["User", "Team", "Team member", "Company", "Contact", "Review", "Ticket", "Conversation", "Review response", "Message", "Attachment"] {
            #expect(markdown.contains("\n## \(object)\n"), "\(object) has no section")
        }
        #expect(markdown.contains("| [ ] to confirm | `subject` | `Case.Subject` | truncate | at most 255 characters | 400 | catalog default |"))
        // The first ticket's subject holds a line break; the map writes it as it is, within 255 characters.
        #expect(markdown.contains("| `Case.Subject` | subject: wifi printer dock second line, with a comma | wifi printer dock second line, with a comma |"))
        #expect(markdown.contains("| `Case.Status` | status: pending | Working |"))
        #expect(markdown.contains("| `Case.CreatedDate` | created_at: 2024-03-19T15:25:40Z | 2024-03-19T15:25:40.000Z |"))
        #expect(markdown.contains("- 200 rows where `ticket_id is set` make no record of their own: they land on the record `ticket_id` points at."))
        // A field for a conversation with a Case of its own counts the rows it applies to: none here.
        #expect(markdown.contains("| [ ] to confirm | `started_at` | `Case.CreatedDate` | time zone to UTC (where ticket_id is empty and review_id is empty) |  | 0 |"))
        let html = try String(contentsOfFile: folder.path + "/fieldmap.html", encoding: .utf8)
        #expect(html.contains("<td data-label=\"Your choice\" class=\"write\"></td>"))
        #expect(html.contains("<span class=\"box\" role=\"img\" aria-label=\"to confirm\"></span>to confirm"))
    }

    @Test("manifest → fieldmap → validate on both destinations: a proposal from the catalog checks clean but for its unconfirmed entries")
    func roundTrip() throws {
        let folder = TemporaryFolder()
        for (manifest, destination) in [("northwind-salesforce.json", "salesforce-service-cloud"), ("harbor-intercom.yaml", "intercom")] {
            let path = folder.path + "/\(destination)/fieldmap.yaml"
            let written = FieldMapCommand(manifestPath: Fixtures.sample(manifest), profilePath: nil, directory: folder.path + "/\(destination)", destination: nil, asOf: Fixtures.asOf,
                                          catalog: Fixtures.catalog, rules: Fixtures.rules).run()
            #expect(written.status == .ok, "\(written.standardError)")
            let checked = ValidateCommand(paths: [path], format: .text, vocabulary: Fixtures.catalog.vocabulary, catalog: Fixtures.catalog).run()
            #expect(checked.status == .ok, "\(checked.standardOutput)")
            #expect(checked.standardOutput.hasSuffix("1 file checked: 1 valid; 0 errors, 1 warning\n"))
            #expect(checked.standardOutput.contains("entries are not confirmed yet"))
        }
    }

    @Test("values YAML could misread are quoted, and two spellings of one word stay two values, byte for byte")
    func exactValues() throws {
        let nfc = "caf\u{E9}"
        let nfd = "cafe\u{301}"
        var map = FieldMap(source: "thread", destination: "salesforce-service-cloud", objects: [], customFields: [], fields: [
            FieldMap.Field(object: "ticket", source: "priority", destination: "Case.Priority", transform: .valueMap, picklist: ["High", "Low"], values: [
                FieldMap.ValueMapping(from: "0o17", to: "High"), FieldMap.ValueMapping(from: "line\u{85}break", to: "Low"), FieldMap.ValueMapping(from: nfc, to: "High"),
                FieldMap.ValueMapping(from: nfd, to: "Low"), FieldMap.ValueMapping(from: "yes", to: "High"), FieldMap.ValueMapping(from: "1e3", to: "Low"),
                FieldMap.ValueMapping(from: " padded ", to: "High"), FieldMap.ValueMapping(from: "a: b # c", to: "Low"),
            ]),
        ], notCarried: [])
        map.objects = [FieldMap.MappedObject(object: "ticket", file: "tickets.csv", rows: 1, records: [FieldMap.RecordRule(destination: "Case", operation: .upsert, key: "external_case_id__c")])]
        let text = FieldMapYAML(map: map, customer: "Acme", sourceName: "Thread", destinationName: "Salesforce Service Cloud", date: "2026-11-21").text
        let folder = TemporaryFolder()
        let path = folder.write("fieldmap.yaml", text)
        let read = try FieldMapReader.read(path: path)
        let values = try #require(read.map?.fields.first?.values)
        #expect(values.map { Array($0.from.unicodeScalars) } == map.fields[0].values.map { Array($0.from.unicodeScalars) })
        #expect(values.map(\.to) == map.fields[0].values.map(\.to))
        #expect(text.contains("from: \"line\\u0085break\""))
    }
}

@Suite("A field map that does not fit is refused at its line, and nothing is written")
struct FieldMapBadInputTests {
    /// The proposed map for Northwind with `original` replaced by the marked `replacement`.
    private func map(_ original: String, _ replacement: String, in folder: TemporaryFolder) throws -> (path: String, marks: MarkedText) {
        let proposed = FieldMapCommand(manifestPath: Fixtures.sample("northwind-salesforce.json"), profilePath: nil, directory: folder.path + "/proposed",
                                       destination: nil, asOf: Fixtures.asOf, catalog: Fixtures.catalog, rules: Fixtures.rules).run()
        #expect(proposed.status == .ok)
        let text = try String(contentsOfFile: folder.path + "/proposed/fieldmap.yaml", encoding: .utf8)
        #expect(text.contains(original), "the proposal has no \(original)")
        let marks = MarkedText(text.replacingOccurrences(of: original, with: replacement))
        return (folder.write("edited/fieldmap.yaml", marks.text), marks)
    }

    /// The scope document for Northwind with `path` as its field map, into `folder/out`.
    private func scope(_ path: String, _ folder: TemporaryFolder, manifest: String = "northwind-salesforce.json") -> CommandOutput {
        DocumentCommand(kind: .scope, manifestPath: Fixtures.sample(manifest), destination: nil, outputDirectory: folder.path + "/out", formats: [.html, .md, .json],
                        asOf: Fixtures.asOf, unmatchedUsers: nil, fieldMapPath: path, estimator: Fixtures.estimator, renderer: Fixtures.renderer).run()
    }

    @Test("a destination field that the platform does not have and the set-up does not create")
    func unknownField() throws {
        let folder = TemporaryFolder()
        let edited = try map("destination: Case.Subject  #", "destination: ‸Case.Subjekt  #", in: folder)
        let output = scope(edited.path, folder)
        #expect(output.status == .dataError)
        #expect(output.standardError.contains("\(edited.path):\(edited.marks.position.line - 2):5: error: Case.Subjekt is not a field of Salesforce Service Cloud, and the set-up does not create it (custom_fields); did you mean \"Subject\"?"))
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/out"))
    }

    @Test("a value map to a value outside the picklist")
    func outsidePicklist() throws {
        let folder = TemporaryFolder()
        let edited = try map("- { from: urgent, to: High }", "- ‸{ from: urgent, to: Critical }", in: folder)
        let output = scope(edited.path, folder)
        #expect(output.status == .dataError)
        #expect(output.standardError.contains("\(edited.path):\(edited.marks.position.line):\(edited.marks.position.column): error: \"Critical\" is not a value of Case.Priority (High, Medium, Low): choose one of them, or add it to the picklist for the set-up to create"))
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/out"))
    }

    @Test("a map for the other destination")
    func otherDestination() throws {
        let folder = TemporaryFolder()
        let edited = try map("destination: salesforce-service-cloud\n", "‸destination: salesforce-service-cloud\n", in: folder)
        let output = scope(edited.path, folder, manifest: "harbor-intercom.yaml")
        #expect(output.status == .dataError)
        #expect(output.standardError.contains("\(edited.path):\(edited.marks.position.line):1: error: this field map is for salesforce-service-cloud, not for intercom: propose one for intercom with landfall fieldmap [destination]"))
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/out"))
    }

    @Test("a map of another export: a column this export does not have")
    func otherExport() throws {
        let folder = TemporaryFolder()
        let edited = try map("    source: custom.site_count\n", "  ‸  source: custom.seat_count\n", in: folder)
        let output = scope(edited.path, folder)
        #expect(output.status == .dataError)
        #expect(output.standardError.contains("\(edited.path):\(edited.marks.position.line - 1):5: error: tickets.csv has no column \"custom.seat_count\""))
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/out"))
    }

    @Test("a value mapped twice to different values, a field filled twice, a misspelled object")
    func conflicts() throws {
        let folder = TemporaryFolder()
        var edited = try map("      - { from: urgent, to: High }", "      - { from: urgent, to: High }\n      ‸- { from: urgent, to: Low }", in: folder)
        var checked = FieldMapCheck(catalog: Fixtures.catalog, profile: nil).check(try DocumentReader.read(path: edited.path), file: edited.path)
        #expect(checked.diagnostics.contains { $0.severity == .error && $0.location.line == edited.marks.position.line && $0.message == "the value \"urgent\" is mapped twice, to \"High\" and to \"Low\"; keep one" })
        edited = try map("  - object: ticket\n    source: subject\n", "  - object: ticket\n    source: subject\n    destination: Case.Subject\n    transform: copy\n    confirmed: false\n  ‸- object: ticket\n    source: subject\n", in: folder)
        checked = FieldMapCheck(catalog: Fixtures.catalog, profile: nil).check(try DocumentReader.read(path: edited.path), file: edited.path)
        #expect(checked.diagnostics.contains { $0.severity == .error && $0.location.line == edited.marks.position.line && $0.message.hasPrefix("Case.Subject is filled twice for the same rows of ticket") })
        edited = try map("  - object: ticket\n    source: subject\n", "  ‸- object: tikcet\n    source: subject\n", in: folder)
        checked = FieldMapCheck(catalog: Fixtures.catalog, profile: nil).check(try DocumentReader.read(path: edited.path), file: edited.path)
        #expect(checked.diagnostics.contains { $0.location.line == edited.marks.position.line && $0.message == "\"tikcet\" is not a data file's object of the export; did you mean \"ticket\"?" })
        #expect(checked.status == .dataError)
    }
}

@Suite("Re-running survey or fieldmap never loses what a person wrote")
struct FieldMapRerunTests {
    @Test("confirmed entries and edits are kept, counts brought up to date, what is new is added and said")
    func keepsConfirmations() throws {
        let folder = TemporaryFolder()
        _ = surveyed(into: folder)
        var text = try String(contentsOfFile: folder.path + "/fieldmap.yaml", encoding: .utf8)
        text = text.replacingOccurrences(of: "    confirmed: false", with: "    confirmed: true")
        text = text.replacingOccurrences(of: "      - { from: teams, to: null, rows: 102 }", with: "      - { from: teams, to: Web, rows: 102 }")
        text = text.replacingOccurrences(of: "      - { from: urgent, to: High, rows: 93 }", with: "      - { from: urgent, to: Medium, rows: 93 }")
        try text.write(toFile: folder.path + "/fieldmap.yaml", atomically: true, encoding: .utf8)
        let again = surveyed(into: folder)
        #expect(again.output.status == .ok, "\(again.output.standardError)")
        #expect(again.output.standardError.contains("landfall: kept 68 confirmed fields as written"))
        let kept = try String(contentsOfFile: folder.path + "/fieldmap.yaml", encoding: .utf8)
        #expect(!kept.contains("    confirmed: false"))
        #expect(kept.contains("      - { from: teams, to: Web, rows: 102 }"))
        #expect(kept.contains("      - { from: urgent, to: Medium, rows: 93 }"))
        let merged = try #require(try FieldMapReader.read(path: folder.path + "/fieldmap.yaml").map)
        #expect(merged.fields.allSatisfy { $0.confirmed })
    }

    @Test("new values in the data do not change a confirmed entry unless forced; forced, the entry is to confirm again")
    func conflictNeedsForce() throws {
        let folder = TemporaryFolder()
        let export = folder.copy(folder: Fixtures.repositoryRoot + "/Samples/export-thread", as: "export")
        let out = TemporaryFolder()
        _ = surveyed(into: out, sample: export)
        let confirmed = try String(contentsOfFile: out.path + "/fieldmap.yaml", encoding: .utf8).replacingOccurrences(of: "    confirmed: false", with: "    confirmed: true")
        try confirmed.write(toFile: out.path + "/fieldmap.yaml", atomically: true, encoding: .utf8)
        let tickets = try String(contentsOfFile: export + "/tickets.csv", encoding: .utf8)
        try tickets.replacingOccurrences(of: ",pending,urgent,u1,", with: ",escalating,urgent,u1,").write(toFile: export + "/tickets.csv", atomically: true, encoding: .utf8)
        let refused = surveyed(into: out, sample: export)
        #expect(refused.output.status == .cannotCreate)
        #expect(refused.output.standardError.contains("ticket.status → Case.Status is confirmed, and the data now holds \"escalating\" (7 rows), which its value map does not list"))
        let unchanged = try String(contentsOfFile: out.path + "/fieldmap.yaml", encoding: .utf8)
        #expect(unchanged == confirmed)
        let forced = surveyed(into: out, force: true, sample: export)
        #expect(forced.output.status == .ok)
        #expect(forced.output.standardError.contains("ticket.status → Case.Status: the data now holds \"escalating\" (7 rows); added to its value map, and the entry is no longer confirmed"))
        let merged = try #require(try FieldMapReader.read(path: out.path + "/fieldmap.yaml").map)
        #expect(merged.fields.first { $0.source == "status" }?.confirmed == false)
        #expect(merged.fields.filter { !$0.confirmed }.count == 1)
    }

    @Test("what a person corrected in the manifest (the edition, the licences) is kept, and a count the export changed is said")
    func keepsManifestEdits() throws {
        let folder = TemporaryFolder()
        let export = folder.copy(folder: Fixtures.repositoryRoot + "/Samples/export-thread", as: "export")
        let out = TemporaryFolder()
        _ = surveyed(into: out, sample: export)
        let edited = try String(contentsOfFile: out.path + "/manifest.json", encoding: .utf8)
            .replacingOccurrences(of: "\"edition\" : \"enterprise\"", with: "\"edition\" : \"unlimited\"")
        try edited.write(toFile: out.path + "/manifest.json", atomically: true, encoding: .utf8)
        let tags = try String(contentsOfFile: export + "/tags.csv", encoding: .utf8)
        try (tags + "warranty,3\n").write(toFile: export + "/tags.csv", atomically: true, encoding: .utf8)
        let again = surveyed(into: out, sample: export)
        #expect(again.output.status == .ok)
        #expect(again.output.standardError.contains("landfall: kept the manifest's destination as it was edited\n"))
        #expect(again.output.standardError.contains("landfall: counts.tags: 7, now 8\n"))
        let manifest = try #require(Fixtures.manifestReader.read(path: out.path + "/manifest.json").manifest)
        #expect(manifest.destination.edition == .unlimited)
        #expect(manifest.counts[.tags] == 8)
    }

    @Test("a field map is never written into the bundled samples' folder")
    func notIntoSamples() {
        let output = FieldMapCommand(manifestPath: Fixtures.sample("northwind-salesforce.json"), profilePath: nil, directory: Fixtures.sample(""),
                                     destination: nil, asOf: Fixtures.asOf, catalog: Fixtures.catalog, rules: Fixtures.rules).run()
        #expect(output.status == .usage)
        #expect(!FileManager.default.fileExists(atPath: Fixtures.sample("fieldmap.yaml")))
    }
}

@Suite("A value is kept byte for byte wherever it is listed")
struct ExactValueTests {
    @Test("values YAML could misread, a control character and two spellings of one word: survey lists each as the data holds it, and its own validate reads them back")
    func surveyRoundTrip() throws {
        let folder = TemporaryFolder()
        let export = folder.copy(folder: Fixtures.repositoryRoot + "/Samples/export-thread", as: "export")
        let odd = ["0o17", "caf\u{E9}", "cafe\u{301}", "x\u{85}y", "yes", "1e3"]
        var tickets = try String(contentsOfFile: export + "/tickets.csv", encoding: .utf8)
        for (index, value) in odd.enumerated() {
            tickets += "T-2000\(index),subject,\(value),high,u1,t1,c1,co1,2024-03-19T15:25:40Z,2024-03-19T15:25:40Z,,,th_x,email,,Gold,1,2026-01-01,false\n"
        }
        try tickets.write(toFile: export + "/tickets.csv", atomically: true, encoding: .utf8)
        let out = TemporaryFolder()
        let run = surveyed(into: out, sample: export)
        #expect(run.output.status == .ok, "\(run.output.standardError)")
        let map = try #require(try FieldMapReader.read(path: run.map).map)
        let status = try #require(map.fields.first { $0.source == "status" })
        for value in odd {
            #expect(status.values.contains { Array($0.from.unicodeScalars) == Array(value.unicodeScalars) }, "\(value.unicodeScalars.map { String($0.value, radix: 16) }) is not listed as it is")
        }
        let checked = FieldMapValidation(catalog: Fixtures.catalog, profile: try ExportProfile.read(path: run.profile)).check(map, file: run.map)
        #expect(!checked.contains { $0.message.contains("which the map does not list") }, "\(checked)")
    }
}
