/// The migration's phases in working days, following the pair's approach steps, and the total
/// as a range of weeks.
public struct Timeline: Equatable, Sendable, Encodable {
    /// One phase.
    public struct Phase: Equatable, Sendable, Encodable {
        /// The approach step's id, or the sign-off window's.
        public var id: String
        /// Its name.
        public var name: String
        /// Optimistic working days.
        public var daysLow: Double
        /// Cautious working days.
        public var daysHigh: Double
        /// Working days before this phase starts (low), for charts.
        public var startLow: Double
        /// Working days before this phase starts (high), for charts.
        public var startHigh: Double
        /// What set the figures: the base rule and every driver that added days.
        public var drivers: [String]
        /// What in this account lengthens the phase, in words for the buyer (empty when the
        /// phase keeps its standard length).
        public var reasons: [String]
        /// For a sign-off window, where it stands: after a phase (holding up the next) or as the
        /// last days of one; nil for a phase of work.
        public var signOff: TermsRules.SignOffWindow.Place?

        /// Working days from the start to this phase's end: optimistic, cautious.
        public var end: DayRange { DayRange(low: startLow + daysLow, high: startHigh + daysHigh) }
    }

    /// The phases in order.
    public var phases: [Phase]
    /// All working days, low.
    public var daysLow: Double
    /// All working days, high.
    public var daysHigh: Double
    /// Weeks, low end (``TimelinePlanner/weeks(_:week:)``).
    public var weeksLow: Int
    /// Weeks, high end (``TimelinePlanner/weeks(_:week:)``).
    public var weeksHigh: Int
    /// Whether the cautious plan is longer than the rules lay out, so that the timeline is set
    /// after discovery instead of by rule.
    public var scopedIndividually: Bool
    /// Why the timeline is scoped individually, when it is.
    public var reason: String?
}

/// A problem combining the rules with the catalog: the timeline names no days for an approach step.
public struct RulesMismatch: Error, Equatable, Sendable {
    /// The finding, in the rules file.
    public var diagnostic: Diagnostic
}

/// Lays out the phases from the timeline rules, the account and the load plan, with the
/// customer's sign-off windows from the terms.
struct TimelinePlanner {
    let rules: TimelineRules
    let rulesFile: String
    let terms: TermsRules
    let pair: MigrationPair
    let facts: AccountFacts
    let loadDays: Int

    func plan() throws(RulesMismatch) -> Timeline {
        let destination = facts.destination
        guard let phaseRules = rules.destinations[destination] else {
            throw mismatch("the timeline rules have no section for \(destination)", path: KeyPath(components: []))
        }
        var days: [String: DayRange] = [:]
        var drivers: [String: [String]] = [:]
        var reasons: [String: [String]] = [:]
        for (id, range) in phaseRules.phases {
            days[id] = range
            drivers[id] = ["base \(Self.days(range)) (timeline.\(destination).phases.\(id))"]
        }
        for step in pair.approach where days[step.id] == nil {
            throw mismatch("the timeline rules give no days for the approach step \"\(step.id)\" (\(step.name)) of \(pair.source) → \(pair.destination)",
                           path: KeyPath(components: [.key(destination), .key("phases")]))
        }
        for driver in phaseRules.drivers {
            let (times, why, words) = applications(of: driver.condition)
            guard times > 0 else { continue }
            for (phase, range) in driver.add {
                let added = range * times
                days[phase, default: .zero] = days[phase, default: .zero] + added
                drivers[phase, default: []].append("+\(Self.days(added)) for \(why) (timeline.\(destination).drivers.\(driver.id))")
                reasons[phase, default: []].append("+\(Self.days(added)): \(words)")
            }
        }
        let extraLoad = max(0, Double(loadDays) - phaseRules.loadDaysIncluded)
        if extraLoad > 0 {
            days["production", default: .zero] = days["production", default: .zero] + DayRange(low: extraLoad, high: extraLoad)
            drivers["production", default: []].append("+\(Format.number(extraLoad)) for a load of \(loadDays) calendar days, \(Format.number(phaseRules.loadDaysIncluded)) of them already covered (timeline.\(destination).load_days_included)")
            reasons["production", default: []].append("+\(Self.days(DayRange(low: extraLoad, high: extraLoad))): the load itself takes \(loadDays) calendar days")
        }
        var phases: [Timeline.Phase] = []
        var start = DayRange.zero
        let window = terms.signOffWorkingDays
        for step in pair.approach {
            let range = days[step.id] ?? .zero
            phases.append(Timeline.Phase(id: step.id, name: step.name, daysLow: range.low, daysHigh: range.high,
                                         startLow: start.low, startHigh: start.high, drivers: drivers[step.id] ?? [],
                                         reasons: reasons[step.id] ?? [], signOff: nil))
            start = start + range
            for signOff in terms.signOffWindows where signOff.place.phase == step.id {
                let lasts: DayRange
                let opens: DayRange
                switch signOff.place {
                case .after:
                    // The next phase waits for the sign-off.
                    (lasts, opens) = (window, start)
                    start = start + window
                case .within:
                    // The phase's last days, no more than it lasts.
                    lasts = DayRange(low: min(window.low, range.low), high: min(window.high, range.high))
                    opens = DayRange(low: start.low - lasts.low, high: start.high - lasts.high)
                }
                phases.append(Timeline.Phase(id: signOff.id, name: signOff.name, daysLow: lasts.low, daysHigh: lasts.high,
                                             startLow: opens.low, startHigh: opens.high,
                                             drivers: ["\(Self.days(lasts)) for the customer's sign-off (terms.sign_off)"], reasons: [],
                                             signOff: signOff.place))
            }
        }
        let week = rules.workingDaysPerWeek
        var reason: String?
        if start.high > rules.plannableWorkingDays {
            reason = "The cautious plan comes to \(Format.number(start.high)) working days, more than the \(Format.number(rules.plannableWorkingDays)) a rule-based timeline lays out (timeline.plannable_working_days_at_most): the timeline is set individually after discovery."
        }
        return Timeline(phases: phases, daysLow: start.low, daysHigh: start.high,
                        weeksLow: Self.weeks(start.low, week: week), weeksHigh: Self.weeks(start.high, week: week),
                        scopedIndividually: reason != nil, reason: reason)
    }

    /// The one rule every week figure follows (summary, compare, grades, both ends of a range):
    /// `days` working days in weeks of `week` working days, to the nearest whole week and a half
    /// week up, so that 15.5 and 16 days are 3 weeks, 17.5 and 20.5 are 4; at least one; a span
    /// too long for an integer is capped (it is scoped individually anyway).
    static func weeks(_ days: Double, week: Double) -> Int {
        let rounded = (days / week + 1e-9).rounded(.toNearestOrAwayFromZero)
        return rounded >= Double(Int.max / 2) ? Int.max / 2 : max(1, Int(rounded))
    }

    /// How many times a driver applies, and why: with the rule's figures, and in words for the buyer.
    private func applications(of condition: TimelineRules.Condition) -> (times: Double, why: String, words: String) {
        switch condition {
        case .exportMethod(let method):
            let words = method == .screenScrape ? "the export is screen-scraped, which is slower than an admin-panel export" : "the export method is \(method.rawValue)"
            return facts.manifest.source.exportMethod == method ? (1, "a \(method.rawValue) export", words) : (0, "", "")
        case .anyOver(let bounds):
            let met = bounds.filter { facts.value($0.figure) > $0.over }
            let reasons = met.map { "\($0.figure.rawValue) \(Format.number(facts.value($0.figure))) over \(Format.number($0.over))" }
            let words = met.map { "\($0.figure.words(facts.value($0.figure))), more than \(Format.number($0.over))" }
            return met.isEmpty ? (0, "", "") : (1, reasons.joined(separator: ", "), words.joined(separator: "; "))
        case .per(let figure, let beyond, let step):
            let value = facts.value(figure)
            guard value > beyond else { return (0, "", "") }
            let times = ((value - beyond) / step).rounded(.up)
            let words = figure.words(value) + (beyond > 0 ? ", beyond the \(Format.number(beyond)) the standard plan covers" : "")
            return (times, "\(figure.rawValue) \(Format.number(value)): \(Format.number(times)) × \(Format.number(step)) beyond \(Format.number(beyond))", words)
        }
    }

    private func mismatch(_ message: String, path: KeyPath) -> RulesMismatch {
        let position = rules.phasePositions[facts.destination] ?? TextPosition(line: 1, column: 1)
        return RulesMismatch(diagnostic: Diagnostic(.error, at: SourceLocation(file: rulesFile, line: position.line, column: position.column),
                                                    path: path.description, message))
    }

    /// `2–3 days`.
    static func days(_ range: DayRange) -> String {
        "\(Format.range(range.low, range.high)) days"
    }
}
