import Foundation
@testable import LandfallKit
import LandfallTestSupport
import Testing

@Suite("Every figure that sizes output is bounded")
struct BoundedFiguresTests {
    /// The sample manifest with every count at the largest the manifest accepts.
    private func largest() -> Manifest {
        var manifest = Fixtures.manifest()
        for key in CountKey.allCases { manifest.counts[key] = key.maximum }
        manifest.destination.rateLimitPerMinute = 1
        return manifest
    }

    @Test("an account beyond what the rules plan is scoped individually, for both destinations and with the most unmatched users")
    func scopedIndividually() throws {
        for destination in ["salesforce-service-cloud", "intercom"] {
            let result = try estimate(largest(), to: destination, unmatchedUsers: 1_000_000)
            #expect(result.timeline.scopedIndividually)
            #expect(result.timeline.reason?.hasSuffix("more than the 260 a rule-based timeline lays out (timeline.plannable_working_days_at_most): the timeline is set individually after discovery.") == true)
            #expect(result.price.scopedIndividually)
        }
    }

    @Test("the typical accounts stay planned")
    func typicalPlanned() throws {
        #expect(try !estimate(Fixtures.manifest()).timeline.scopedIndividually)
        #expect(try !estimate(Fixtures.manifest(), to: "intercom").timeline.scopedIndividually)
    }

    @Test("the scope document of the largest account draws no chart and stays small")
    func boundedDocument() throws {
        let result = try estimate(largest(), unmatchedUsers: 1_000_000)
        let view = ScopeView(ScopeDocument(estimate: result, rules: Fixtures.rules))
        #expect(view.gantt == nil)
        let html = try Fixtures.templates.render(view, template: "scope", format: .html)
        #expect(html.utf8.count < 200_000)
        #expect(html.contains("<strong>Scoped individually.</strong> The cautious plan comes to "))
    }

    @Test("chart ticks: a round step, at most 8 intervals, whatever the span", arguments: [
        (1.0, 5.0), (25, 5), (40, 5), (45, 10), (80, 10), (100, 20), (260, 50), (9_999, 2_000), (1e12, 2e11),
    ])
    func tickStep(span: Double, step: Double) {
        #expect(GanttChart.tickStep(for: span) == step)
        #expect(span / GanttChart.tickStep(for: span) <= 8)
    }
}
