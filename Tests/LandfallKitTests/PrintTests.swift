import Foundation
@testable import LandfallKit
import LandfallTestSupport
import Testing

/// Where headless Chromium and pdftotext are, when both are installed.
private let printTools: (chromium: String, pdftotext: String)? = {
    let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first { FileManager.default.isExecutableFile(atPath: $0) }
    guard let chromium, FileManager.default.isExecutableFile(atPath: "/usr/bin/pdftotext") else { return nil }
    return (chromium, "/usr/bin/pdftotext")
}()

/// Runs `tool` with `arguments`; its standard output.
private func run(_ tool: String, _ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: tool)
    process.arguments = arguments
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return text
}

@Suite("The scope document printed, as a signer reads it")
struct PrintTests {
    /// The text of each page of `html` printed on `paper` (nil: Chromium's default, Letter).
    private func pages(of html: String, paper: String?, in folder: TemporaryFolder) throws -> [[String]] {
        let tools = try #require(printTools)
        var text = try String(contentsOfFile: html, encoding: .utf8)
        if let paper { text = text.replacingOccurrences(of: "</head>", with: "<style>@page { size: \(paper); }</style></head>") }
        let name = ((html as NSString).deletingLastPathComponent as NSString).lastPathComponent + "-" + (paper ?? "letter")
        let copy = folder.write(name + ".html", text)
        let pdf = folder.path + "/" + name + ".pdf"
        _ = try run(tools.chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", "--print-to-pdf=" + pdf, "file://" + copy])
        return try run(tools.pdftotext, ["-layout", pdf, "-"]).components(separatedBy: "\u{0C}")
            .map { page in page.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
            .filter { !$0.isEmpty }
    }

    /// The headings and table captions of `html`, as text.
    private func headings(of html: String) throws -> Set<String> {
        let text = try String(contentsOfFile: html, encoding: .utf8)
        let pattern = /<(h[1-4]|caption)[^>]*>(.*?)<\/(h[1-4]|caption)>/
        return Set(text.matches(of: pattern).map { match in
            String(match.output.2).replacing(/<[^>]+>/, with: "").replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&#39;", with: "'")
        })
    }

    @Test("A4 and Letter: every page names the quote at its head and its closing line and number at its foot, no page ends on a heading, no page stands nearly empty, the sign-off is whole",
          .enabled(if: printTools != nil, "needs headless Chromium and pdftotext (apt-get install chromium poppler-utils)"))
    func printed() throws {
        let folder = TemporaryFolder()
        let demo = Fixtures.demo(into: folder.path + "/demo")
        #expect(demo.status == .ok)
        for slug in ["northwind", "harbor-pine"] {
            let html = folder.path + "/demo/\(slug)/scope.html"
            let headings = try headings(of: html)
            let number = try #require(try String(contentsOfFile: html, encoding: .utf8).firstMatch(of: /LF-\d{8}-[0-9A-F]{8}/)).output
            for paper in [nil, "A4"] {
                let pages = try pages(of: html, paper: paper, in: folder)
                #expect(pages.count > 3)
                for (index, lines) in pages.enumerated() {
                    let place = "\(slug) \(paper ?? "Letter") page \(index + 1)"
                    #expect(lines.first?.hasPrefix("Quote \(number), version ") == true, "\(place) has no running header: \(lines.first ?? "")")
                    #expect(lines.last?.hasSuffix("Page \(index + 1) of \(pages.count)") == true, "\(place) has no page number")
                    #expect(lines.last?.hasPrefix("Quote \(number), version ") == true, "\(place) has no closing line at its foot: \(lines.last ?? "")")
                    let content = Array(lines.dropFirst().dropLast())
                    if let last = content.last {
                        #expect(!headings.contains(last), "\(place) ends on the heading \"\(last)\"")
                    }
                    if index < pages.count - 1 {
                        #expect(content.count >= 12, "\(place) is nearly empty: \(content.count) lines")
                    }
                }
                let signOff = try #require(pages.firstIndex { $0.contains("Sign-off") })
                #expect(pages[signOff].filter { $0.contains("Signature and date") }.count == 1 && pages[signOff].contains { $0.contains("For \(slug == "northwind" ? "Northwind" : "Harbor") ") }, "\(slug): the sign-off block is split across pages")
            }
        }
    }
}

@Suite("Every HTML document printed: no page ends on a heading or on the introduction of what follows it")
struct PrintEveryDocumentTests {
    /// Every HTML file the demo writes, by its path below the demo folder.
    static let documents = [
        "northwind/scope.html", "northwind/scope-internal.html", "northwind/compare.html", "northwind/crosswalk.html", "northwind/inventory.html",
        "harbor-pine/scope.html", "harbor-pine/compare.html", "harbor-pine/crosswalk.html", "harbor-pine/inventory.html", "survey/fieldmap.html",
        "index.html", "site/index.html", "site/migrations/northwind-sandbox/index.html", "site/runs/northwind-sandbox-2/index.html",
    ]

    /// The demo, written once for every document's test.
    static let demo: String = {
        let folder = NSTemporaryDirectory() + "landfall-print-\(UUID().uuidString)"
        _ = Fixtures.demo(into: folder)
        return folder
    }()

    /// Text with its runs of white space as one space.
    private func normalized(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// The plain text of an HTML fragment.
    private func plain(_ html: some StringProtocol) -> String {
        normalized(String(html).replacing(/<[^>]+>/, with: "").replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&quot;", with: "\""))
    }

    @Test("A4 and Letter", .enabled(if: printTools != nil, "needs headless Chromium and pdftotext (apt-get install chromium poppler-utils)"),
          arguments: documents)
    func printed(_ document: String) throws {
        let tools = try #require(printTools)
        let html = Self.demo + "/" + document
        let source = try String(contentsOfFile: html, encoding: .utf8)
        let headings = Set(source.matches(of: /<(h[1-4]|caption)[^>]*>(.*?)<\/(h[1-4]|caption)>/.dotMatchesNewlines()).map { plain($0.output.2) })
        // An introduction: the paragraph right after a heading, followed by the table, chart or list it introduces.
        let introductions = source.matches(of: /<\/h[2-4]>\s*<p[^>]*>((?:(?!<\/p>).)*)<\/p>\s*<(div|table|figure|ul|ol)/.dotMatchesNewlines()).map { plain($0.output.1) }
        let totals = source.matches(of: /<tfoot>\s*<tr>\s*<th[^>]*>((?:(?!<\/th>).)*)<\/th>/.dotMatchesNewlines()).map { plain($0.output.1) }
        let folder = TemporaryFolder()
        for paper in ["A4", "Letter"] {
            let copy = folder.write("\(paper).html", source.replacingOccurrences(of: "</head>", with: "<style>@page { size: \(paper); }</style></head>"))
            let pdf = folder.path + "/\(paper).pdf"
            _ = try run(tools.chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", "--print-to-pdf=" + pdf, "file://" + copy])
            var pages = try run(tools.pdftotext, ["-layout", pdf, "-"]).components(separatedBy: "\u{0C}")
                .map { page in page.split(separator: "\n").map { normalized(String($0)) }.filter { !$0.isEmpty && $0.firstMatch(of: /Page \d+ of \d+$/) == nil } }
                .filter { !$0.isEmpty }
            // The running header every page repeats is no content.
            if pages.count > 1, let first = pages.first?.first, pages.allSatisfy({ $0.first == first }) { pages = pages.map { Array($0.dropFirst()) } }
            #expect(!pages.isEmpty)
            // A table's total stands once, at its end, however many pages the table spans.
            for total in totals {
                let printed = pages.joined().filter { $0.hasPrefix(total + " ") || $0 == total }.count
                #expect(printed == totals.filter { $0 == total }.count, "\(document) \(paper): the total \"\(total)\" is printed \(printed) times")
            }
            for (index, lines) in pages.dropLast().enumerated() {
                guard let last = lines.last else { continue }
                let place = "\(document) \(paper) page \(index + 1) of \(pages.count)"
                #expect(!headings.contains(last), "\(place) ends on the heading \"\(last)\"")
                #expect(!(last.count >= 15 && introductions.contains { $0.contains(last) }), "\(place) ends on an introduction: \"\(last)\"")
            }
        }
    }
}
