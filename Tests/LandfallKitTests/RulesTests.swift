import Foundation
import LandfallKit
import LandfallTestSupport
import Testing

@Suite("The rules files")
struct RulesTests {
    @Test("the bundled rules load with no findings")
    func bundled() {
        let loading = RulesLoader.load(directory: Fixtures.rulesDirectory)
        #expect(loading.diagnostics == [])
        #expect(loading.rules?.version == "2026.12")
    }

    @Test("every number in the rules is marked as a default the business may change")
    func defaultsMarked() throws {
        for name in ["grading.yaml", "timeline.yaml", "load-plan.yaml", "pricing.yaml", "reconciliation.yaml", "handoff.yaml", "terms.yaml"] {
            let text = try String(contentsOfFile: Fixtures.rulesDirectory + "/" + name, encoding: .utf8)
            for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let content = line.split(separator: "#", maxSplits: 1).first.map(String.init) ?? ""
                // A version, or a citation's address and the day it was read, is no figure to change.
                let key = content.trimmingCharacters(in: .whitespaces)
                guard !content.hasPrefix("version"), !key.hasPrefix("source:"), !key.hasPrefix("read:"), content.contains(where: \.isNumber),
                      !content.contains("\"1:") else { continue }
                #expect(line.contains("# default"), "\(name):\(index + 1) has a number without a # default mark: \(line)")
            }
        }
    }

    /// A copy of the bundled rules with `original` replaced by marked `replacement` in `file`.
    private func broken(_ file: String, _ original: String, _ replacement: String) -> (RulesLoading, MarkedText, String) {
        let folder = TemporaryFolder()
        let (copy, marks, path) = folder.copy(folder: Fixtures.rulesDirectory, as: "rules", in: file, replacing: original, with: replacement)
        return withExtendedLifetime(folder) { (RulesLoader.load(directory: copy), marks, path) }
    }

    @Test("a rules file with an error is reported with file and line")
    func errorWithPlace() {
        let (loading, marks, path) = broken("pricing.yaml", "  - { up_to: 50000, price: 4500 }", "  - { up_to: 50000, price: ‸-4500 }")
        #expect(loading.rules == nil)
        #expect(loading.status == .dataError)
        #expect(loading.diagnostics.map(\.description) == [
            "\(path):\(marks.position.line):\(marks.position.column): error: must not be negative, found -4500 [tiers[1].price]",
        ])
    }

    @Test("payment shares that do not add up to the price, and an instalment due at no phase")
    func paymentSchedule() {
        let (short, _, path) = broken("terms.yaml", "  - { due: acceptance, share: 0.5 }          # default",
                                          "  - { due: acceptance, share: 0.4 }          # default")
        #expect(short.rules == nil)
        #expect(short.diagnostics.map(\.description) == ["\(path):10:3: error: the shares must add up to 1, found 0.9 [payment_schedule]"])
        let (unknown, unknownMarks, unknownPath) = broken("terms.yaml", "  - { due: acceptance, share: 0.5 }", "  - { due: ‸acceptanse, share: 0.5 }")
        #expect(unknown.diagnostics.map(\.description) == [
            "\(unknownPath):\(unknownMarks.position.line):\(unknownMarks.position.column): error: expected signature, a phase id or a sign-off window's id (acceptance, cutover, discovery, export_transform, owner_reconciliation, production, rehearsal_sign_off, sandbox, setup), found \"acceptanse\"; did you mean \"acceptance\"? [payment_schedule[1].due]",
        ])
    }

    @Test("a sign-off window placed by no phase, placed twice over, or under a phase's id")
    func signOffWindows() {
        let (unknown, marks, path) = broken("terms.yaml", "      after: sandbox", "      after: ‸sandbx")
        #expect(unknown.diagnostics.map(\.description) == [
            "\(path):\(marks.position.line):\(marks.position.column): error: expected a phase id of the timeline (cutover, discovery, export_transform, owner_reconciliation, production, sandbox, setup), found \"sandbx\"; did you mean \"sandbox\"? [sign_off.windows[0].after]",
        ])
        let (both, bothMarks, bothPath) = broken("terms.yaml", "    - id: acceptance\n      name: Production acceptance\n      within: cutover",
                                                 "    ‸- id: acceptance\n      name: Production acceptance\n      within: cutover\n      after: production")
        #expect(both.diagnostics.map(\.description) == [
            "\(bothPath):\(bothMarks.position.line):\(bothMarks.position.column + 2): error: expected either after: PHASE (the next phase waits for the sign-off) or within: PHASE (the window is the phase's last days) [sign_off.windows[1]]",
        ])
        let (clash, clashMarks, clashPath) = broken("terms.yaml", "    - id: rehearsal_sign_off", "    - id: ‸sandbox")
        #expect(clash.diagnostics.map(\.description) == [
            "\(clashPath):\(clashMarks.position.line):\(clashMarks.position.column): error: \"sandbox\" is already a phase's id: a sign-off window needs an id of its own [sign_off.windows[0].id]",
        ])
        let (empty, emptyMarks, emptyPath) = broken("terms.yaml", "  working_days: [1, 3]", "  working_days: ‸[0, 3]")
        #expect(empty.diagnostics.map(\.description) == [
            "\(emptyPath):\(emptyMarks.position.line):\(emptyMarks.position.column): error: expected at least one working day and a whole number of days for the window, found 0–3 [sign_off.working_days]",
        ])
    }

    @Test("thresholds that decrease")
    func decreasingThresholds() {
        let (loading, marks, path) = broken("grading.yaml", "  thresholds: [1, 3, 6, 10]", "  thresholds: ‸[1, 6, 3, 10]")
        #expect(loading.diagnostics.map(\.description) == [
            "\(path):\(marks.position.line):\(marks.position.column): error: thresholds must not decrease [field_mapping_clarity.thresholds]",
        ])
    }

    @Test("a driver that adds days to a phase that does not exist")
    func unknownPhase() {
        let (loading, marks, _) = broken("timeline.yaml", "      add: { export_transform: [3, 5] }      # default\n    - id: unmatched_users\n      per: { figure: unmatched_users, beyond: 0, step: 5 }            # default\n      add: { owner_reconciliation: [0.5, 1] }                         # default\n    - id: record_volume",
                                         "      add: { ‸export: [3, 5] }      # default\n    - id: unmatched_users\n      per: { figure: unmatched_users, beyond: 0, step: 5 }            # default\n      add: { owner_reconciliation: [0.5, 1] }                         # default\n    - id: record_volume")
        #expect(loading.diagnostics.count == 1)
        #expect(loading.diagnostics.first?.message == "the driver \"screen_scrape\" adds days to \"export\", which is not a phase here; did you mean \"export_transform\"?")
        #expect(loading.diagnostics.first?.location.line == marks.position.line)
    }

    @Test("tiers that do not reach the individually-scoped size")
    func shortTiers() {
        let (loading, _, _) = broken("pricing.yaml", "  - { up_to: 2000000, price: 26000 }         # default\n", "")
        #expect(loading.diagnostics.map(\.message) == ["the last tier covers 1000000 records, fewer than scoped_individually_above (2000000): some migrations would have no price"])
    }

    @Test("a missing rules file: 66")
    func missingFile() throws {
        let folder = TemporaryFolder()
        let copy = folder.copy(folder: Fixtures.rulesDirectory, as: "rules")
        try FileManager.default.removeItem(atPath: copy + "/load-plan.yaml")
        let loading = RulesLoader.load(directory: copy)
        #expect(loading.diagnostics.map(\.description) == ["\(copy)/load-plan.yaml: error: does not exist"])
        #expect(loading.status == .noInput)
    }

    @Test("timeline rules that miss an approach step of the catalog are reported against the rules file")
    func missingPhase() throws {
        let (loading, _, path) = broken("timeline.yaml", "    cutover: [2, 4]                          # default\n", "")
        let rules = try #require(loading.rules)
        let estimator = Estimator(catalog: Fixtures.catalog, rules: rules, timelineFile: path)
        #expect(throws: Estimator.Failure.self) { try estimator.estimate(Fixtures.manifest(), asOf: Fixtures.asOf) }
        do {
            _ = try estimator.estimate(Fixtures.manifest(), asOf: Fixtures.asOf)
        } catch {
            guard case .rulesMismatch(let diagnostic) = error else {
                Issue.record("expected a rules mismatch")
                return
            }
            #expect(diagnostic.location.file == path)
            #expect(diagnostic.message == "the timeline rules give no days for the approach step \"cutover\" (Cutover and hypercare) of thread → salesforce-service-cloud")
        }
    }
}
