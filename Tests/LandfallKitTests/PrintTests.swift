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

@Suite("The scope document printed, as a signer reads it")
struct PrintTests {
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
