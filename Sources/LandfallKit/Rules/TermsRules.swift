/// The terms a quote turns into a statement of work with: how far the counts may grow before the
/// price is quoted again, change requests, the payment schedule and the customer's time to sign
/// off a run report.
public struct TermsRules: Equatable, Sendable {
    /// One instalment of the price.
    public struct Instalment: Equatable, Sendable {
        /// `signature`, or the id of the phase whose end makes it due.
        public var due: String
        /// Its share of the total.
        public var share: Double
    }

    /// The rules file's version.
    public var version: String
    /// How much the counts may grow before cutover without a new quote (0.1: 10 %).
    public var countGrowthAllowed: Double
    /// The hourly rate of work outside the scope.
    public var changeRequestHourlyRate: Int
    /// Working days in which a change request is estimated in writing.
    public var changeRequestAnswerDays: Int
    /// The instalments, in order; their shares add up to 1.
    public var paymentSchedule: [Instalment]
    /// Working days the customer has to sign off a run report.
    public var signOffWorkingDays: Int

    /// The due point of an instalment paid when the document is signed.
    public static let signature = "signature"
}

extension TermsRules {
    /// Reads `terms.yaml`; `phases` are the phase ids an instalment may fall due at (any, when
    /// the timeline could not be read).
    static func decode(_ root: DataNode, decoder: NodeDecoder, phases: Set<String>?) -> TermsRules? {
        guard let fields = decoder.fields(root, .root) else { return nil }
        let version = fields.required("version", decoder.nonEmptyString)
        let growth = fields.required("count_growth_allowed") { decoder.number($0, $1, in: 0...10) }
        var rate: Int?
        var answer: Int?
        _ = fields.required("change_request") { node, path -> Bool? in
            guard let fields = decoder.fields(node, path) else { return nil }
            rate = fields.required("hourly_rate") { decoder.integer($0, $1, in: 0...1_000_000) }
            answer = fields.required("answer_working_days") { decoder.integer($0, $1, in: 1...260) }
            fields.finish()
            return true
        }
        let schedule = fields.required("payment_schedule") { node, path -> [Instalment]? in
            let instalments = decoder.list(node, path) { element, elementPath -> Instalment? in
                guard let fields = decoder.fields(element, elementPath) else { return nil }
                let due = fields.required("due") { node, path -> String? in
                    guard let due = decoder.nonEmptyString(node, path) else { return nil }
                    guard due == Self.signature || phases?.contains(due) != false else {
                        decoder.error("expected signature or a phase id (\((phases ?? []).sorted().joined(separator: ", "))), found \(NodeDecoder.quoted(due))",
                                      at: node.position, path: path)
                        return nil
                    }
                    return due
                }
                let share = fields.required("share") { decoder.number($0, $1, in: 0...1) }
                fields.finish()
                guard let due, let share else { return nil }
                return Instalment(due: due, share: share)
            }
            guard let instalments, instalments.count == decoder.list(node, path)?.count else { return nil }
            let sum = instalments.reduce(0) { $0 + $1.share }
            guard !instalments.isEmpty, abs(sum - 1) < 1e-9 else {
                decoder.error("the shares must add up to 1, found \(Format.number(sum))", at: node.position, path: path)
                return nil
            }
            return instalments
        }
        let signOff = fields.required("sign_off_working_days") { decoder.integer($0, $1, in: 1...260) }
        fields.finish()
        guard let version, let growth, let rate, let answer, let schedule, let signOff else { return nil }
        return TermsRules(version: version, countGrowthAllowed: growth, changeRequestHourlyRate: rate, changeRequestAnswerDays: answer,
                          paymentSchedule: schedule, signOffWorkingDays: signOff)
    }
}
