import Foundation
@testable import LandfallKit
import LandfallTestSupport
import Testing

/// The examples in the README and in `Docs/`: every ```` ```console ```` block, its `$ ` lines
/// run one after the other in a fresh folder (holding `Samples/`) with the built `landfall` on the
/// PATH, each compared with the output shown under it. A line `…` stands for any number of
/// lines; a last line `(exit N)` says the status the command ends with (0 otherwise).
@Suite("Every example in the README and Docs/ prints what it shows")
struct DocumentationExamplesTests {
    /// One `$ ` line and what it must print.
    struct Example: CustomStringConvertible {
        var command: String
        var expected: [String]
        var status: Int32
        var line: Int
        var description: String { "line \(line): $ \(command)" }
    }

    /// The pages that hold examples: the README, then every Markdown file under `Docs/`.
    static let pages: [String] = {
        let docs = Fixtures.repositoryRoot + "/Docs"
        let found = (FileManager.default.enumerator(atPath: docs)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".md") }.sorted()
        return ["README.md"] + found.map { "Docs/" + $0 }
    }()

    /// The examples of a page, in order.
    static func examples(in text: String) -> [Example] {
        var examples: [Example] = []
        var inBlock = false
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.hasPrefix("```") {
                inBlock = !inBlock && line == "```console"
                continue
            }
            guard inBlock else { continue }
            if line.hasPrefix("$ ") {
                examples.append(Example(command: String(line.dropFirst(2)), expected: [], status: 0, line: index + 1))
            } else if let last = examples.indices.last {
                if line.hasPrefix("(exit "), line.hasSuffix(")"), let status = Int32(line.dropFirst(6).dropLast()) {
                    examples[last].status = status
                } else {
                    examples[last].expected.append(String(line))
                }
            }
        }
        return examples
    }

    /// Whether `actual` is `expected`, a `…` line standing for any lines.
    static func matches(_ actual: ArraySlice<String>, _ expected: ArraySlice<String>) -> Bool {
        guard let first = expected.first else { return actual.isEmpty }
        if first == "…" {
            let rest = expected.dropFirst()
            return (actual.startIndex...actual.endIndex).contains { matches(actual[$0...], rest) }
        }
        guard let line = actual.first, line == first else { return false }
        return matches(actual.dropFirst(), expected.dropFirst())
    }

    @Test("every console example prints what the page shows", arguments: pages)
    func page(_ page: String) throws {
        let text = try String(contentsOfFile: Fixtures.repositoryRoot + "/" + page, encoding: .utf8)
        let examples = Self.examples(in: text)
        guard !examples.isEmpty else { return }
        let folder = TemporaryFolder()
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/Samples", withDestinationPath: Fixtures.repositoryRoot + "/Samples")
        for example in examples {
            let (output, status) = try Self.run(example.command, in: folder.path)
            var lines = output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if lines.last == "" { lines.removeLast() }
            #expect(status == example.status, "\(page) \(example): exit \(status)\n\(output)")
            #expect(Self.matches(lines[...], example.expected[...]), "\(page) \(example) printed:\n\(output)")
        }
    }

    /// Runs `command` with `sh` in `folder`, standard error joined to standard output.
    static func run(_ command: String, in folder: String) throws -> (String, Int32) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "exec 2>&1; " + command]
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        var environment = ProcessInfo.processInfo.environment
        let binaries = (LandfallProcess.executable as NSString).deletingLastPathComponent
        environment["PATH"] = binaries + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        environment["SOURCE_DATE_EPOCH"] = "1795219200"
        environment["NO_COLOR"] = "1"
        environment["LANDFALL_HOME"] = nil
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (String(decoding: data, as: UTF8.self), process.terminationStatus)
    }

    @Test("the matcher: a … line stands for any lines, nothing else does")
    func matcher() {
        #expect(Self.matches(["a", "b", "c"][...], ["a", "…", "c"][...]))
        #expect(Self.matches(["a", "c"][...], ["a", "…", "c"][...]))
        #expect(!Self.matches(["a", "b"][...], ["a", "c"][...]))
        #expect(!Self.matches(["a", "b", "c"][...], ["a", "b"][...]))
        let parsed = Self.examples(in: "x\n```console\n$ landfall x\nout\n(exit 65)\n```\n```sh\n$ not run\n```\n")
        #expect(parsed.map(\.command) == ["landfall x"])
        #expect(parsed.first?.expected == ["out"] && parsed.first?.status == 65)
    }
}
