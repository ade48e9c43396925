import Foundation
@testable import LandfallKit
import LandfallTestSupport
import Testing

@Suite("Control characters from input never reach a document or a terminal")
struct OutputHygieneTests {
    /// The Northwind sample with hostile text in the customer's name and a tag.
    private func hostileManifest(_ folder: TemporaryFolder) throws -> String {
        var text = try String(contentsOfFile: Fixtures.sample("northwind-salesforce.json"), encoding: .utf8)
        text = text.replacingOccurrences(of: "\"Northwind IT Services\"", with: "\"North\\u0000wind \\u001b[31mIT\\u0085\"")
        text = text.replacingOccurrences(of: "\"name\": \"billing\"", with: "\"name\": \"bill\\u0007ing\"")
        return folder.write("hostile.json", text)
    }

    @Test("NUL, escapes and C1 controls are replaced in HTML, Markdown and CSV, with a warning at the value")
    func documents() throws {
        let folder = TemporaryFolder()
        let manifest = try hostileManifest(folder)
        let reading = Fixtures.manifestReader.read(path: manifest)
        #expect(reading.diagnostics.map(\.description).contains("\(manifest):3:25: warning: the value holds a control character (U+0000) that no document can show; it is replaced by U+FFFD [customer.name]"))
        for kind in [DocumentKind.scope, .crosswalk] {
            let output = DocumentCommand(kind: kind, manifestPath: manifest, destination: nil, outputDirectory: folder.path + "/out",
                                         formats: OutputFormat.allCases, asOf: Fixtures.asOf, unmatchedUsers: nil,
                                         estimator: Fixtures.estimator, renderer: Fixtures.renderer).run()
            #expect(output.status == .ok, "\(output.standardError)")
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path + "/out").filter { !$0.hasPrefix(".") && $0.contains(".") }
        #expect(Set(names).isSuperset(of: ["scope.html", "scope.md", "crosswalk.csv", "crosswalk.html"]))
        for name in names {
            let text = try String(contentsOfFile: folder.path + "/out/" + name, encoding: .utf8)
            #expect(!text.unicodeScalars.contains(where: ControlCharacters.isHidden), "\(name) holds a control character")
        }
        let html = try String(contentsOfFile: folder.path + "/out/scope.html", encoding: .utf8)
        #expect(html.contains("North\u{FFFD}wind \u{FFFD}[31mIT\u{FFFD}"))
        let csv = try String(contentsOfFile: folder.path + "/out/crosswalk.csv", encoding: .utf8)
        #expect(csv.contains("bill\u{FFFD}ing"))
    }

    @Test("a terminal escape in a diagnostic is printed as a visible escape")
    func diagnostics() {
        let diagnostic = Diagnostic(.warning, at: SourceLocation(file: "a\u{1B}b.json", line: 1, column: 2), path: "x", "unknown key \"\u{1B}[2J\nq\"")
        #expect(diagnostic.description == "a\\u{1B}b.json:1:2: warning: unknown key \"\\u{1B}[2J\\u{A}q\" [x]")
    }

    @Test("a character that reorders text (U+202E and its kin) is printed as a visible escape, so a name cannot read backwards")
    func reorderingCharacters() {
        let diagnostic = Diagnostic(.error, at: SourceLocation(file: "invoice\u{202E}fdp.json", line: 3, column: 1), "the team \u{2067}Desk\u{2069} is \u{200F}empty")
        #expect(diagnostic.description == "invoice\\u{202E}fdp.json:3:1: error: the team \\u{2067}Desk\\u{2069} is \\u{200F}empty")
        #expect(CommandOutput.error("--site a\u{202E}b: no", status: .cannotCreate).standardError == "landfall: error: --site a\\u{202E}b: no\n")
    }

    @Test("estimate prints no escape sequence that came from input")
    func estimateText() throws {
        let folder = TemporaryFolder()
        let manifest = try hostileManifest(folder)
        let output = EstimateCommand(manifestPath: manifest, destination: nil, format: .text, asOf: Fixtures.asOf, unmatchedUsers: nil,
                                     colour: false, estimator: Fixtures.estimator).run()
        #expect(output.status == .ok)
        #expect(!output.standardOutput.contains("\u{1B}"))
        #expect(!output.standardError.contains("\u{1B}"))
        #expect(output.standardOutput.hasPrefix("North\u{FFFD}wind \u{FFFD}[31mIT\u{FFFD} · Thread"))
    }

    @Test("Intercom attribute names that collide or clean to nothing are errors naming both, and nothing is written")
    func intercomNames() throws {
        let folder = TemporaryFolder()
        var text = try String(contentsOfFile: Fixtures.sample("harbor-intercom.yaml"), encoding: .utf8)
        text = text.replacingOccurrences(of: "custom_properties: 3", with: "custom_properties: 5")
        text = text.replacingOccurrences(of: "custom_properties:\n", with: """
        custom_properties:
          - { key: "a.b", label: "A", type: text, applies_to: [ticket, conversation] }
          - { key: "ab", label: "B", type: text, applies_to: [ticket, conversation] }
          - { key: "$$$", label: "C", type: text, applies_to: [ticket] }

        """)
        let manifest = folder.write("collide.yaml", text)
        let output = DocumentCommand(kind: .crosswalk, manifestPath: manifest, destination: nil, outputDirectory: folder.path + "/out",
                                     formats: OutputFormat.allCases, asOf: Fixtures.asOf, unmatchedUsers: nil,
                                     estimator: Fixtures.estimator, renderer: Fixtures.renderer).run()
        #expect(output.status == .dataError)
        let lines = output.standardError.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasSuffix("error: the custom property keys \"a.b\" (custom_properties[0].key) and \"ab\" both become the Intercom attribute \"ab\"; rename one of them [custom_properties[1].key]") })
        #expect(lines.contains { $0.contains("error: the custom property key \"$$$\" has nothing left once the characters Intercom refuses") })
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/out"))
    }
}

@Suite("The progress line")
struct ProgressMeterTests {
    /// What a meter wrote, collected across threads.
    private final class Lines: @unchecked Sendable {
        private let lock = NSLock()
        private var written: [String] = []
        func add(_ text: String) { lock.withLock { written.append(text) } }
        var all: [String] { lock.withLock { written } }
    }

    @Test("it rewrites one line with the bytes read of the total, the share and the rate, and clears it at the end")
    func oneLine() {
        let lines = Lines()
        let meter = ProgressMeter("survey", total: 10_000_000) { lines.add($0) }
        meter.add(2_500_000)
        meter.add(1_000_000)
        meter.finish()
        let written = lines.all
        #expect(written.count == 2, "\(written)")
        #expect(written.first?.hasPrefix("\r\u{1B}[Ksurvey: 2.5 of 10.0 MB (25 %), ") == true, "\(written)")
        #expect(written.first?.hasSuffix(" MB/s") == true)
        #expect(written.last == "\r\u{1B}[K")
    }

    @Test("a survey told of no terminal writes the same files and no progress line")
    func silentWithoutTerminal() throws {
        let folder = TemporaryFolder()
        let lines = Lines()
        var command = SurveyCommand(folder: Fixtures.sample("export-thread"), directory: folder.path + "/with", destination: "salesforce-service-cloud",
                                    customer: "Sample MSP", asOf: Fixtures.asOf, catalog: Fixtures.catalog, rules: Fixtures.rules)
        let quiet = command
        command.progress = { lines.add($0) }
        #expect(command.run().status == .ok)
        var without = quiet
        without.directory = folder.path + "/without"
        #expect(without.run().status == .ok)
        for name in ["manifest.json", "profile.json", "fieldmap.yaml"] {
            #expect(FileManager.default.contents(atPath: folder.path + "/with/" + name) == FileManager.default.contents(atPath: folder.path + "/without/" + name), "\(name)")
        }
        #expect(lines.all.allSatisfy { $0.hasPrefix("\r\u{1B}[K") })
    }
}
