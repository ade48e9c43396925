import Foundation

/// What turns the quote into a statement of work: the basis of the counts and how far they may
/// grow, the change-request clause, the payment schedule, the milestones with their dates (when
/// the project has a start) and the costs that fall on the customer. From `terms.yaml`.
public struct StatementOfWork: Sendable, Encodable {
    /// One instalment of the price.
    public struct Payment: Sendable, Encodable {
        /// `signature`, or the id of the phase whose end makes it due.
        public var due: String
        /// When, in words: `at signature`, `on Production acceptance`.
        public var dueWhen: String
        /// Its share of the total.
        public var share: Double
        /// Its amount (the last instalment takes the rounding), when the quote has a price.
        public var amount: Int?
        /// The day it falls due on the optimistic plan, `YYYY-MM-DD`, when the project has a
        /// start and the due is a phase.
        public var targetDate: String?
        /// The day it falls due at the latest: on the cautious plan.
        public var latestDate: String?
    }

    /// A phase's end, dated.
    public struct Milestone: Sendable, Encodable {
        /// The phase's id.
        public var phase: String
        /// Its name.
        public var name: String
        /// The day it ends on the optimistic plan.
        public var targetDate: String
        /// The day it ends on the cautious plan.
        public var latestDate: String
        /// Whether it is the end of a window in which the customer signs off a run report.
        public var isSignOff: Bool
    }

    /// When the export the counts come from was taken, `YYYY-MM-DD`.
    public var countsExportedAt: String
    /// How it was taken.
    public var exportMethod: ExportMethod
    /// How much the counts may grow before cutover without a new quote.
    public var countGrowthAllowed: Double
    /// The most records the price holds for.
    public var recordsCeiling: Int
    /// The hourly rate of work outside the scope, in the price's currency.
    public var changeRequestHourlyRate: Int
    /// Working days in which a change request is estimated in writing.
    public var changeRequestAnswerDays: Int
    /// The instalments, in order.
    public var payments: [Payment]
    /// The project's first working day, when given.
    public var start: String?
    /// The holidays on weekdays from the start to the last milestone: the days the milestones
    /// skip, `YYYY-MM-DD`, in order.
    public var holidays: [String]
    /// Working days the customer has to sign off a run report, after which it counts as accepted.
    public var signOffWorkingDays: Int
    /// The phases' ends, dated, when the project has a start.
    public var milestones: [Milestone]
    /// Costs the plan puts on the customer, outside this price.
    public var customerCosts: [String]
}

extension StatementOfWork {
    /// The same terms without a start: what the price and the scope are, whenever the project begins.
    var undated: StatementOfWork {
        var terms = self
        terms.start = nil
        terms.holidays = []
        terms.milestones = []
        for index in terms.payments.indices {
            terms.payments[index].targetDate = nil
            terms.payments[index].latestDate = nil
        }
        return terms
    }

    init(estimate: Estimate, terms: TermsRules, calendar: WorkingCalendar?) {
        let facts = estimate.facts
        let timeline = estimate.timeline
        let phaseNames = Dictionary(timeline.phases.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        // Every phase's end, sign-off windows included, so that no milestone falls after the plan's end.
        let milestones = calendar.map { calendar in
            timeline.scopedIndividually ? [] : timeline.phases.map { phase in
                Milestone(phase: phase.id, name: phase.name, targetDate: Calendar.day(calendar.day(phase.end.low)),
                          latestDate: Calendar.day(calendar.day(phase.end.high)), isSignOff: phase.signOff != nil)
            }
        } ?? []
        let dates = Dictionary(milestones.map { ($0.phase, $0) }, uniquingKeysWith: { first, _ in first })
        var payments: [Payment] = []
        var paid = 0
        for (index, instalment) in terms.paymentSchedule.enumerated() {
            let amount = estimate.price.total.map { total in
                index == terms.paymentSchedule.count - 1 ? total - paid : Int((Double(total) * instalment.share).rounded())
            }
            paid += amount ?? 0
            let window = terms.signOffWindows.contains { $0.id == instalment.due }
            let dueWhen = instalment.due == TermsRules.signature ? "at signature"
                : window ? "on \(phaseNames[instalment.due] ?? instalment.due)" : "when \(phaseNames[instalment.due] ?? instalment.due) ends"
            payments.append(Payment(due: instalment.due, dueWhen: dueWhen, share: instalment.share, amount: amount,
                                    targetDate: dates[instalment.due]?.targetDate, latestDate: dates[instalment.due]?.latestDate))
        }
        let lastDay = calendar.map { $0.day(timeline.daysHigh) }
        var costs: [String] = []
        if facts.family == .salesforce {
            if facts.destinationSystem.serviceCloudLicensed != true {
                costs.append("Service Cloud licences for every agent who works Cases, bought from Salesforce.")
            }
            // Salesforce Help, "Sandbox Licenses and Storage Limits by Type": a Full sandbox comes
            // with Performance and Unlimited Edition only; other editions buy one.
            if let edition = facts.destinationSystem.edition, edition != .performance && edition != .unlimited {
                costs.append("A Full sandbox for the rehearsal run: \(edition.rawValue.capitalized) Edition does not include one, so it is a paid add-on from Salesforce (Performance and Unlimited Edition include one).")
            }
        }
        self.init(countsExportedAt: Calendar.day(facts.manifest.source.exportedAt), exportMethod: facts.manifest.source.exportMethod,
                  countGrowthAllowed: terms.countGrowthAllowed,
                  recordsCeiling: Int((Double(facts.records) * (1 + terms.countGrowthAllowed)).rounded(.down)),
                  changeRequestHourlyRate: terms.changeRequestHourlyRate, changeRequestAnswerDays: terms.changeRequestAnswerDays,
                  payments: payments, start: calendar.map { Calendar.day($0.start) }, holidays: calendar.flatMap { calendar in lastDay.map { calendar.holidays(through: $0) } } ?? [],
                  signOffWorkingDays: terms.signOffWindowLength, milestones: milestones, customerCosts: costs)
    }
}
