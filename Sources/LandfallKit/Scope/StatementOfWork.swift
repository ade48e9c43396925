import Foundation

/// What turns the quote into a statement of work: the basis of the counts and how far they may
/// grow, the change-request clause, the payment schedule and invoices, the milestones with their
/// dates (when the project has a start), the cutover, hypercare, who does what, personal data,
/// the legal clauses, and what falls on the customer in money and in hours. From `terms.yaml`.
public struct StatementOfWork: Sendable, Encodable {
    /// A cost on the customer's side, with the vendor's list price where it publishes one.
    public struct CustomerCost: Sendable, Encodable {
        /// What the customer buys.
        public var item: String
        /// The vendor's list price.
        public var listPrice: ContractTerms.ListPrice?
        /// Why no figure is given, when none is.
        public var noListPrice: String?
        /// The vendor's page the price was read on.
        public var source: String?
        /// The day it was read.
        public var read: String?

        /// `USD 39 a seat a month (list price)`, or why no figure is given.
        var priceText: String {
            listPrice.map { "\($0.currency) \(Format.number($0.amount)) a \($0.per) (list price)" } ?? noListPrice ?? ""
        }
    }

    /// Hypercare, with its last day when the project has a start.
    public struct Hypercare: Sendable, Encodable {
        /// Working days it lasts after production acceptance.
        public var workingDaysAfterAcceptance: Int
        /// Its last day at the latest, `YYYY-MM-DD`, when the project has a start.
        public var endsBy: String?
        /// What it covers.
        public var covers: [String]
        /// What it does not.
        public var excludes: [String]
    }

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
    public var customerCosts: [CustomerCost]
    /// The customer's admin's hours to rebuild what cannot be migrated (active automations,
    /// templates, active integrations), and the optional hours of the inactive ones.
    public var customerRebuildHours: Double
    /// The optional hours: inactive automations and integrations.
    public var customerOptionalHours: Double
    /// Calendar days from an invoice's date to its due date.
    public var invoiceNetDays: Int
    /// How taxes are charged.
    public var taxes: String
    /// How expenses are handled.
    public var expenses: String
    /// Working days agents stop writing in the source while the delta run loads.
    public var writeFreezeWorkingDays: Int
    /// How the go/no-go decision is taken.
    public var goNoGo: String
    /// How a rollback is decided and carried out.
    public var rollback: String
    /// Hypercare.
    public var hypercare: Hypercare
    /// Who does what; names are written in at signature.
    public var roles: [ContractTerms.Role]
    /// How progress is reported.
    public var reporting: String
    /// The escalation path.
    public var escalation: [String]
    /// How the export's personal data is handled.
    public var personalData: String
    /// The legal clauses.
    public var clauses: [ContractTerms.Clause]
}

extension StatementOfWork {
    /// The same terms without a start: what the price and the scope are, whenever the project begins.
    var undated: StatementOfWork {
        var terms = self
        terms.start = nil
        terms.holidays = []
        terms.milestones = []
        terms.hypercare.endsBy = nil
        for index in terms.payments.indices {
            terms.payments[index].targetDate = nil
            terms.payments[index].latestDate = nil
        }
        return terms
    }

    init(estimate: Estimate, rules: Rules, calendar: WorkingCalendar?) {
        let terms = rules.terms
        let contract = terms.contract
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
        let costs = (contract.customerCosts[estimate.destination.id] ?? []).filter { Self.applies($0.when, to: facts) }.map {
            CustomerCost(item: $0.item, listPrice: $0.listPrice, noListPrice: $0.noListPrice, source: $0.source, read: $0.read)
        }
        let effort = RebuildEffort(rules: rules.handoff, pair: estimate.pair).totals(of: facts.manifest)
        let hypercareEnd = calendar.flatMap { calendar in
            timeline.scopedIndividually ? nil : Calendar.day(calendar.day(contract.hypercare.workingDaysAfterAcceptance, after: calendar.day(timeline.daysHigh)))
        }
        self.init(countsExportedAt: Calendar.day(facts.manifest.source.exportedAt), exportMethod: facts.manifest.source.exportMethod,
                  countGrowthAllowed: terms.countGrowthAllowed,
                  recordsCeiling: Int((Double(facts.records) * (1 + terms.countGrowthAllowed)).rounded(.down)),
                  changeRequestHourlyRate: terms.changeRequestHourlyRate, changeRequestAnswerDays: terms.changeRequestAnswerDays,
                  payments: payments, start: calendar.map { Calendar.day($0.start) }, holidays: calendar.flatMap { calendar in lastDay.map { calendar.holidays(through: $0) } } ?? [],
                  signOffWorkingDays: terms.signOffWindowLength, milestones: milestones, customerCosts: costs,
                  customerRebuildHours: effort.planned, customerOptionalHours: effort.optional, invoiceNetDays: contract.invoices.netDays,
                  taxes: contract.invoices.taxes, expenses: contract.invoices.expenses, writeFreezeWorkingDays: contract.cutover.writeFreezeWorkingDays,
                  goNoGo: contract.cutover.goNoGo, rollback: contract.cutover.rollback,
                  hypercare: Hypercare(workingDaysAfterAcceptance: contract.hypercare.workingDaysAfterAcceptance, endsBy: hypercareEnd,
                                       covers: contract.hypercare.covers, excludes: contract.hypercare.excludes),
                  roles: contract.roles, reporting: contract.reporting, escalation: contract.escalation, personalData: contract.personalData,
                  clauses: contract.clauses)
    }

    /// Whether a cost falls on this account's customer.
    static func applies(_ condition: ContractTerms.CostCondition, to facts: AccountFacts) -> Bool {
        switch condition {
        case .always:
            return true
        case .serviceCloudUnlicensed:
            return facts.family == .salesforce && facts.destinationSystem.serviceCloudLicensed != true
        case .fullSandboxNotIncluded:
            // Salesforce Help, "Sandbox Licenses and Storage Limits by Type": a Full sandbox comes
            // with Performance and Unlimited Edition only; other editions buy one.
            guard facts.family == .salesforce, let edition = facts.destinationSystem.edition else { return false }
            return edition != .performance && edition != .unlimited
        }
    }
}
