import Foundation
import LandfallKit
import LandfallTestSupport
import Testing

@Suite("landfall validate")
struct ValidateCommandTests {
    private func run(_ paths: [String], format: TerminalFormat = .text) -> CommandOutput {
        ValidateCommand(paths: paths, format: format, vocabulary: Fixtures.catalog.vocabulary).run()
    }

    @Test("valid files: exit 0 and a summary")
    func valid() {
        let output = run(["json", "yaml", "xml"].map { Fixtures.path("manifest-v1.\($0)") })
        #expect(output == CommandOutput(standardOutput: "3 files checked: 3 valid; 0 errors, 0 warnings\n", status: .ok))
    }

    @Test("warnings only: exit 0")
    func warningsOnly() {
        let folder = TemporaryFolder()
        let path = folder.write("m.json", ManifestText.with("\"id\": \"acme\" }", "\"id\": \"acme\", \"nmae\": \"x\" }"))
        let output = run([path])
        #expect(output.standardOutput == """
        \(path):3:55: warning: unknown key "nmae" is ignored; did you mean "name"? [customer.nmae]
        1 file checked: 1 valid; 0 errors, 1 warning

        """)
        #expect(output.status == .ok)
    }

    @Test("an invalid file: exit 65; a missing one as well: exit 66")
    func invalidAndMissing() {
        let folder = TemporaryFolder()
        let bad = folder.write("bad.json", ManifestText.with("\"reviews\": 10", "\"reviews\": -1"))
        #expect(run([bad]).status == .dataError)
        let output = run([bad, folder.path + "/missing.yaml"])
        #expect(output.standardOutput == """
        \(bad):7:16: error: must not be negative, found -1 [counts.reviews]
        \(folder.path)/missing.yaml: error: does not exist
        2 files checked: 0 valid; 2 errors, 0 warnings

        """)
        #expect(output.status == .noInput)
    }

    @Test("--format json prints the findings as an array")
    func json() throws {
        let folder = TemporaryFolder()
        let bad = folder.write("bad.json", ManifestText.with("\"reviews\": 10", "\"reviews\": -1"))
        let output = run([bad, folder.path + "/none.json"], format: .json)
        let parsed = try JSONSerialization.jsonObject(with: Data(output.standardOutput.utf8)) as? [[String: Any]]
        let entries = try #require(parsed)
        #expect(entries.count == 2)
        #expect(entries[0]["file"] as? String == bad)
        #expect(entries[0]["line"] as? Int == 7)
        #expect(entries[0]["column"] as? Int == 16)
        #expect(entries[0]["path"] as? String == "counts.reviews")
        #expect(entries[0]["severity"] as? String == "error")
        #expect(entries[0]["message"] as? String == "must not be negative, found -1")
        #expect(entries[1]["line"] is NSNull)
        #expect(Set(entries[0].keys) == ["file", "line", "column", "path", "severity", "message"])
        #expect(output.status == .noInput)
    }
}

@Suite("landfall catalog")
struct CatalogCommandTests {
    @Test("the overview lists platforms and pairs")
    func overview() {
        let output = CatalogCommand(catalog: Fixtures.catalog, pair: nil, format: .text).run()
        #expect(output.status == .ok)
        #expect(output.standardOutput.contains("thread → salesforce-service-cloud  10              6 1:1, 1 1:many, 3 lossy  10"))
        #expect(output.standardOutput.contains("thread                    Thread                    source       17       4"))
    }

    @Test("one pair's object map, in load order")
    func objectMap() {
        let output = CatalogCommand(catalog: Fixtures.catalog, pair: ("thread", "intercom"), format: .text).run()
        #expect(output.status == .ok)
        let lines = output.standardOutput.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "Thread → Intercom")
        #expect(lines[2] == "object                         destination                       cardinality  support           load order")
        #expect(lines[4] == "User                           Admin / teammate                  1:1          mapping-required  1. Admins and teammates")
        #expect(lines[15] == "Integration                    App Store app or connector        1:1          manual            —")
        #expect(output.standardOutput.contains("- Workflow / Automation: Thread does not export its automations, and Intercom's API has no way to create a workflow"))
    }

    @Test("JSON of one pair")
    func pairJSON() throws {
        let output = CatalogCommand(catalog: Fixtures.catalog, pair: ("thread", "salesforce-service-cloud"), format: .json).run()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.standardOutput.utf8)) as? [String: Any])
        #expect(object["destination"] as? String == "salesforce-service-cloud")
        #expect((object["mappings"] as? [Any])?.count == 10)
        #expect((object["load_order"] as? [Any])?.count == 10)
        #expect((object["customer_mappings"] as? [[String: Any]])?.map { $0["source_object"] as? String } == ["company", "contact"])
    }

    @Test("an unknown pair is a usage error (64) with the nearest name")
    func unknownPair() {
        let output = CatalogCommand(catalog: Fixtures.catalog, pair: ("thread", "zendesk"), format: .text).run()
        #expect(output.status == .usage)
        #expect(output.standardError == "landfall: error: unknown destination platform \"zendesk\"; known pairs: thread intercom, thread salesforce-service-cloud\n")
    }
}

@Suite("Small readers")
struct SmallReaderTests {
    @Test("ISO 8601 timestamps", arguments: [
        ("2026-11-02T09:30:00Z", "2026-11-02T09:30:00Z"), ("2026-11-02T11:30:00+02:00", "2026-11-02T09:30:00Z"),
        ("2026-11-02T04:30:00.250-0500", "2026-11-02T09:30:00Z"), ("2026-11-02", "2026-11-02T00:00:00Z"), ("2026-11-02 09:30Z", "2026-11-02T09:30:00Z"),
    ])
    func timestamps(text: String, expected: String) throws {
        guard case .instant(let date) = Timestamp.parse(text) else {
            Issue.record("\(text) did not parse")
            return
        }
        #expect(Timestamp.format(date) == expected)
    }

    @Test("not ISO 8601", arguments: ["2026-11-2", "2026/11/02", "2026-02-29", "2026-11-02T25:00Z", "2026-11-02T09:30:00+2", "yesterday", "2026-11-02T09:30:00Zjunk"])
    func invalidTimestamps(text: String) {
        #expect(Timestamp.parse(text) == .invalid)
    }

    @Test("nearest names")
    func suggestions() {
        #expect(NameSuggestion.nearest(to: "salesforce", among: ["intercom", "salesforce-service-cloud"]) == "salesforce-service-cloud")
        #expect(NameSuggestion.nearest(to: "interkom", among: ["intercom", "salesforce-service-cloud"]) == "intercom")
        #expect(NameSuggestion.nearest(to: "zendesk", among: ["intercom", "salesforce-service-cloud"]) == nil)
        #expect(NameSuggestion.nearest(to: "custom_propertys", among: ["custom_properties", "counts"]) == "custom_properties")
    }

    @Test("JSON strings: escapes, surrogate pairs, and columns counted in characters")
    func jsonStrings() throws {
        let folder = TemporaryFolder()
        let path = folder.write("s.json", "{\"é\": \"a\\u00e9\\ud83d\\ude00\\n\\\"\", \"n\": [1, -0.5, 2E3]}")
        let node = try JSONNodeReader.read(InputFile(path: path))
        guard case .object(let members) = node.value else {
            Issue.record("not an object")
            return
        }
        #expect(members[0].key == "é")
        #expect(members[0].value.value == .string("aé😀\n\""))
        #expect(members[0].value.position == TextPosition(line: 1, column: 7))
        #expect(members[1].keyPosition == TextPosition(line: 1, column: 34))
        #expect(members[1].value.value == .array([
            DataNode(.number("1"), at: TextPosition(line: 1, column: 40)), DataNode(.number("-0.5"), at: TextPosition(line: 1, column: 43)),
            DataNode(.number("2E3"), at: TextPosition(line: 1, column: 49)),
        ]))
    }

    @Test("JSON: a lone surrogate and a raw control character are refused")
    func jsonBadStrings() {
        let folder = TemporaryFolder()
        let lone = folder.write("a.json", "{\"a\": \"\\ud83d\"}")
        #expect(Fixtures.manifestReader.read(path: lone).diagnostics.map(\.message) == ["a lone UTF-16 surrogate in a \\u escape"])
        let control = folder.write("b.json", "{\"a\": \"x\ty\"}")
        #expect(Fixtures.manifestReader.read(path: control).diagnostics.map(\.message) == ["a control character (0x9) inside a string must be escaped"])
    }

    @Test("YAML scalars keep their types: quoted numbers are strings")
    func yamlTypes() throws {
        let folder = TemporaryFolder()
        let path = folder.write("t.yaml", "a: 12\nb: \"12\"\nc: true\nd: ~\ne: 0x1F\nf: 2026-11-02\n")
        let node = try YAMLNodeReader.read(InputFile(path: path))
        guard case .object(let members) = node.value else {
            Issue.record("not an object")
            return
        }
        #expect(members.map(\.value.value) == [.number("12"), .string("12"), .bool(true), .null, .number("31"), .string("2026-11-02")])
        #expect(members[4].keyPosition == TextPosition(line: 5, column: 1))
        #expect(members[4].value.position == TextPosition(line: 5, column: 4))
    }
}
