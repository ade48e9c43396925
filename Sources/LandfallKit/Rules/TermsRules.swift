/// The terms a quote turns into a statement of work with: how far the counts may grow before the
/// price is quoted again, change requests, the payment schedule and the customer's windows to
/// sign off a run report.
public struct TermsRules: Equatable, Sendable {
    /// One instalment of the price.
    public struct Instalment: Equatable, Sendable {
        /// `signature`, or the id of the phase (or sign-off window) whose end makes it due.
        public var due: String
        /// Its share of the total.
        public var share: Double
    }

    /// A window in which the customer signs off a run report: a phase of the plan of its own.
    public struct SignOffWindow: Equatable, Sendable {
        /// Where the window stands in the plan.
        public enum Place: Equatable, Sendable, Encodable {
            /// After this phase, which waits for nothing else: the next phase waits for the sign-off.
            case after(String)
            /// The last days of this phase, alongside its work: the window ends with it.
            case within(String)

            /// The phase it is placed by.
            public var phase: String {
                switch self {
                case .after(let phase), .within(let phase): phase
                }
            }

            private enum CodingKeys: String, CodingKey { case after, within }

            /// `{"after": PHASE}` or `{"within": PHASE}`, as the terms file writes it.
            public func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                switch self {
                case .after(let phase): try container.encode(phase, forKey: .after)
                case .within(let phase): try container.encode(phase, forKey: .within)
                }
            }
        }

        /// Its id, which an instalment may fall due at.
        public var id: String
        /// Its name, as the timeline shows it.
        public var name: String
        /// Where it stands.
        public var place: Place
        /// What the customer signs off in it, and what follows, in words for the buyer.
        public var detail: String
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
    /// Working days the plan gives a sign-off window: the optimistic plan expects the sign-off
    /// after `low` days, the cautious one reserves the whole window, `high`, after which a report
    /// neither signed off nor rejected counts as accepted.
    public var signOffWorkingDays: DayRange
    /// The sign-off windows, in file order.
    public var signOffWindows: [SignOffWindow]
    /// The clauses of the statement of work beyond the price and the plan.
    public var contract: ContractTerms

    /// The working days the customer has to sign off a run report: the whole window.
    public var signOffWindowLength: Int { Int(signOffWorkingDays.high) }

    /// The due point of an instalment paid when the document is signed.
    public static let signature = "signature"
}

extension TermsRules {
    /// Reads `terms.yaml`; `phases` are the timeline's phase ids, which a sign-off window is placed
    /// by and an instalment may fall due at, and `destinations` its destinations (any of either,
    /// when the timeline could not be read).
    static func decode(_ root: DataNode, decoder: NodeDecoder, phases: Set<String>?, destinations: Set<String>?) -> TermsRules? {
        guard let fields = decoder.fields(root, .root) else { return nil }
        var signOffDays: DayRange?
        let windows = fields.required("sign_off") { node, path -> [SignOffWindow]? in
            guard let fields = decoder.fields(node, path) else { return nil }
            signOffDays = fields.required("working_days") { node, path -> DayRange? in
                guard let range = decoder.dayRange(node, path) else { return nil }
                guard range.low >= 1, range.high == range.high.rounded() else {
                    decoder.error("expected at least one working day and a whole number of days for the window, found \(Format.range(range.low, range.high))",
                                  at: node.position, path: path)
                    return nil
                }
                return range
            }
            let windows = fields.required("windows") { node, path -> [SignOffWindow]? in
                guard let windows = decoder.list(node, path, of: signOffWindow(decoder, phases: phases)),
                      windows.count == decoder.list(node, path)?.count else { return nil }
                var seen: Set<String> = []
                for (index, window) in windows.enumerated() where !seen.insert(window.id).inserted {
                    let idPath = path.appending(index: index).appending("id")
                    decoder.error("\(NodeDecoder.quoted(window.id)) names two sign-off windows", at: decoder.position(of: idPath), path: idPath)
                    return nil
                }
                return windows
            }
            fields.finish()
            return windows
        }
        // An instalment falls due at signature, at a phase's end or at a sign-off window's end.
        // (Left unchecked when the windows did not read: their error is the one to report.)
        let dueAt = windows.flatMap { windows in phases.map { $0.union(windows.map(\.id)) } }
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
                    guard due == Self.signature || dueAt?.contains(due) != false else {
                        decoder.error("expected signature, a phase id or a sign-off window's id (\((dueAt ?? []).sorted().joined(separator: ", "))), found \(NodeDecoder.quoted(due))"
                                      + NameSuggestion.hint(for: due, among: Array(dueAt ?? [])),
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
        let contract = ContractTerms.decode(fields, decoder: decoder, destinations: destinations)
        fields.finish()
        guard let version, let growth, let rate, let answer, let schedule, let signOffDays, let windows, let contract else { return nil }
        return TermsRules(version: version, countGrowthAllowed: growth, changeRequestHourlyRate: rate, changeRequestAnswerDays: answer,
                          paymentSchedule: schedule, signOffWorkingDays: signOffDays, signOffWindows: windows, contract: contract)
    }

    /// One window: `{ id, name, after: PHASE | within: PHASE, detail }`, its id no phase's.
    private static func signOffWindow(_ decoder: NodeDecoder, phases: Set<String>?) -> (DataNode, KeyPath) -> SignOffWindow? {
        { node, path in
            guard let fields = decoder.fields(node, path) else { return nil }
            let id = fields.required("id") { node, path -> String? in
                guard let id = decoder.nonEmptyString(node, path) else { return nil }
                guard phases?.contains(id) != true, id != Self.signature else {
                    decoder.error("\(NodeDecoder.quoted(id)) is already a phase's id: a sign-off window needs an id of its own", at: node.position, path: path)
                    return nil
                }
                return id
            }
            let name = fields.required("name", decoder.nonEmptyString)
            let detail = fields.required("detail", decoder.nonEmptyString)
            func phase(_ node: DataNode, _ path: KeyPath) -> String? {
                guard let phase = decoder.nonEmptyString(node, path) else { return nil }
                guard phases?.contains(phase) != false else {
                    decoder.error("expected a phase id of the timeline (\((phases ?? []).sorted().joined(separator: ", "))), found \(NodeDecoder.quoted(phase))"
                                  + NameSuggestion.hint(for: phase, among: Array(phases ?? [])), at: node.position, path: path)
                    return nil
                }
                return phase
            }
            let placed = (after: fields.has("after"), within: fields.has("within"))
            let after = fields.optional("after", phase)
            let within = fields.optional("within", phase)
            fields.finish()
            guard placed.after != placed.within else {
                decoder.error("expected either after: PHASE (the next phase waits for the sign-off) or within: PHASE (the window is the phase's last days)",
                              at: node.position, path: path)
                return nil
            }
            guard let id, let name, let detail, let place = after.map(SignOffWindow.Place.after) ?? within.map(SignOffWindow.Place.within) else { return nil }
            return SignOffWindow(id: id, name: name, place: place, detail: detail)
        }
    }
}
