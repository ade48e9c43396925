/// `verify/index.html` and `verify/report.md` as the templates see them: the verdict, each object's
/// figures, the records the run did not send, and the rules values were compared by.
struct VerifyPageView {
    struct ObjectRow { let object, destinationObject, records, compared, equal, different, waived, missing: String }
    struct UnexpectedRow { let destinationObject, records: String }
    struct RuleRow { let rule, words, source: String; let hasSource: Bool }

    let title, runID, destination, verifiedOn, verdict, verdictClass, summary, spotCheck, seed: String
    let objects: [ObjectRow]
    let unexpected: [UnexpectedRow]
    let hasUnexpected: Bool
    let rules: [RuleRow]
    struct ToleranceRow { let field, amount, reason: String }
    let tolerances: [ToleranceRow]
    let hasTolerances: Bool
    let hasWaived: Bool

    init(_ report: VerifyReport, names: PlatformDirectory = PlatformDirectory()) {
        title = "Run \(report.runID): field-by-field verification"
        runID = report.runID
        destination = names.name(of: report.destination)
        verifiedOn = report.verifiedOn
        verdict = report.verdict.rawValue.uppercased()
        verdictClass = report.verdict == .pass ? "grade-a" : "grade-f"
        summary = report.figures.prefix(1).uppercased() + report.figures.dropFirst()
        spotCheck = Format.count(report.spotCheck)
        seed = String(report.seed)
        objects = report.objects.map {
            ObjectRow(object: $0.object, destinationObject: $0.destinationObject, records: Format.count($0.records), compared: Format.count($0.compared),
                      equal: Format.count($0.equal), different: Format.count($0.different), waived: Format.count($0.waived), missing: Format.count($0.missing))
        }
        unexpected = report.unexpected.map { UnexpectedRow(destinationObject: $0.destinationObject, records: Format.count($0.records)) }
        hasUnexpected = !unexpected.isEmpty
        rules = report.rules.map { RuleRow(rule: $0.rule, words: ValueComparison(rawValue: $0.rule)?.words ?? "", source: $0.source ?? "", hasSource: $0.source != nil) }
        hasWaived = report.waived > 0
        tolerances = report.tolerances.map { tolerance in
            ToleranceRow(field: tolerance.field,
                         amount: tolerance.absolute.map { "within \(Format.number($0))" } ?? tolerance.seconds.map { "within \(Format.number($0)) s" } ?? "",
                         reason: tolerance.reason)
        }
        hasTolerances = !tolerances.isEmpty
    }
}
