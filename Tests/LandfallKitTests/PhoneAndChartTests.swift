import Foundation
@testable import LandfallKit
import LandfallTestSupport
import Testing

@Suite("On a phone and in print: no empty labels on cards, chart text of 11 px or more")
struct PhoneAndChartTests {
    /// Every HTML file of the demo, with its text.
    private func documents() throws -> [(name: String, text: String)] {
        let folder = TemporaryFolder()
        #expect(Fixtures.demo(into: folder.path + "/demo").status == .ok)
        return try filesBelow(folder.path + "/demo").keys.filter { $0.hasSuffix(".html") }.sorted().map { name in
            (name, try String(contentsOfFile: folder.path + "/demo/" + name, encoding: .utf8))
        }
    }

    @Test("a labelled cell is text or empty: never blank nor an empty element, which a phone's card would show as a label with nothing after it")
    func noEmptyLabels() throws {
        let documents = try documents()
        #expect(documents.count >= 19)
        let style = try String(contentsOfFile: Fixtures.templatesDirectory + "/html/partials/style.mustache", encoding: .utf8)
        #expect(style.contains("table.stack td[data-label]:empty:not(.write) { display: none; }"))
        for (name, text) in documents {
            for match in text.matches(of: /<td[^>]*data-label="([^"]*)"[^>]*>(\s+|(?:\s*<(\w+)[^>]*>\s*<\/\3>\s*)+)<\/td>/) {
                Issue.record("\(name): the cell labelled \"\(match.output.1)\" is blank but not empty")
            }
        }
    }

    @Test("every chart is drawn at its own width or wider: the timeline redrawn for a phone, the others scrolling; print sets its text larger")
    func chartText() throws {
        let style = try String(contentsOfFile: Fixtures.templatesDirectory + "/html/partials/style.mustache", encoding: .utf8)
        #expect(style.contains(".chart-axis { fill: var(--muted); font-size: 11px; }"))
        #expect(style.contains("@media screen and (max-width: 47.5rem) {"))
        #expect(style.contains("figure.scroll-chart svg { width: 720px; max-width: none; }"))
        #expect(style.contains("  .chart-axis { font-size: 12.5px; }"))
        var charts = 0
        for (name, text) in try documents() {
            for match in text.matches(of: /(<figure[^>]*>)?\s*<svg([^>]*)viewBox="0 0 (\d+) \d+"/) {
                charts += 1
                let attributes = String(match.output.2), width = Int(match.output.3) ?? 0
                let scrolls = match.output.1.map { $0.contains("scroll-chart") } ?? false
                // 760 px and wider, a 720-unit chart is drawn at 100 % of a column of 728 px or more; narrower, the
                // redrawn one at 100 % of a phone's column of 366 px or more (390 px less its margins).
                let fits = attributes.contains("chart-wide") && width <= 728 || attributes.contains("chart-narrow") && width <= 366 || scrolls
                #expect(fits, "\(name): a chart \(width) units wide that is neither redrawn for a phone nor scrolling")
            }
        }
        #expect(charts >= 10)
    }
}
