import Foundation

/// What turns the quote into a statement of work: the basis of the counts and how far they may
/// grow, the change-request clause, the payment schedule, the milestones with their dates (when
/// the project has a start) and the costs that fall on the customer. From `terms.yaml`.
public struct StatementOfWork: Sendable, Encodable {
    /// One instalment of the price.
    public struct Payment: Sendable, Encodable {
        /// `signature`, or the id of the phase whose end makes it due.
        public var due: String
        /// When, in words: `at signature`, `when Cutover and hypercare ends`.
        public var dueWhen: String
        /// Its share of the total.
        public var share: Double
        /// Its amount (the last instalment takes the rounding), when the quote has a price.
        public var amount: Int?
        /// The target date, `YYYY-MM-DD`, when the project has a start and the due is a phase.
        public var targetDate: String?
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
        /// The day by which the customer signs off the run report, for the phases that end in a run.
        public var signOffBy: String?
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
    /// Working days the customer has to sign off a run report.
    public var signOffWorkingDays: Int
    /// The phases' ends, dated, when the project has a start.
    public var milestones: [Milestone]
    /// Costs the plan puts on the customer, outside this price.
    public var customerCosts: [String]
}

extension StatementOfWork {
    /// The phases whose end is a run the customer signs off.
    static let signedOffPhases: Set<String> = ["sandbox", "production"]

    init(estimate: Estimate, terms: TermsRules, calendar: WorkingCalendar?) {
        let facts = estimate.facts
        let timeline = estimate.timeline
        let phaseNames = Dictionary(timeline.phases.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        var milestones: [Milestone] = []
        // The last day the plan reaches: the holidays up to it are the ones it skips.
        var lastDay = calendar?.start ?? Date(timeIntervalSince1970: 0)
        if let calendar, !timeline.scopedIndividually {
            for phase in timeline.phases {
                let latest = calendar.day(phase.startHigh + phase.daysHigh)
                let signOff = Self.signedOffPhases.contains(phase.id) ? calendar.day(terms.signOffWorkingDays, after: latest) : nil
                lastDay = max(lastDay, signOff ?? latest)
                milestones.append(Milestone(phase: phase.id, name: phase.name,
                                            targetDate: Calendar.day(calendar.day(phase.startLow + phase.daysLow)),
                                            latestDate: Calendar.day(latest), signOffBy: signOff.map(Calendar.day)))
            }
        }
        let targets = Dictionary(milestones.map { ($0.phase, $0.targetDate) }, uniquingKeysWith: { first, _ in first })
        var payments: [Payment] = []
        var paid = 0
        for (index, instalment) in terms.paymentSchedule.enumerated() {
            let amount = estimate.price.total.map { total in
                index == terms.paymentSchedule.count - 1 ? total - paid : Int((Double(total) * instalment.share).rounded())
            }
            paid += amount ?? 0
            let dueWhen = instalment.due == TermsRules.signature ? "at signature" : "when \(phaseNames[instalment.due] ?? instalment.due) ends"
            payments.append(Payment(due: instalment.due, dueWhen: dueWhen, share: instalment.share, amount: amount, targetDate: targets[instalment.due]))
        }
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
                  payments: payments, start: calendar.map { Calendar.day($0.start) }, holidays: calendar.map { $0.holidays(through: lastDay) } ?? [],
                  signOffWorkingDays: terms.signOffWorkingDays, milestones: milestones, customerCosts: costs)
    }
}
