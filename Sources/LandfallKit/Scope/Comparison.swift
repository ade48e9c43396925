import Foundation

/// One account quoted against every destination the catalog has for its source, side by side:
/// grades, timeline, load, price, how each object maps, and the risks that differ. For a buyer
/// who has not chosen yet; the scope document of the chosen destination is the one to sign.
public struct Comparison: Sendable, Encodable {
    /// One destination's figures.
    public struct Option: Sendable, Encodable {
        /// The destination's platform id.
        public var destination: String
        /// Its name.
        public var destinationName: String
        /// The overall grade and the five, by dimension.
        public var grades: [String: String]
        /// The overall grade's label, such as `Moderate`.
        public var overallLabel: String
        /// Working days, low and high.
        public var daysLow: Double
        public var daysHigh: Double
        /// Weeks, low and high.
        public var weeksLow: Int
        public var weeksHigh: Int
        /// Whether the timeline is set after discovery instead of by rule.
        public var timelineScopedIndividually: Bool
        /// API requests of the load.
        public var requests: Int
        /// Hours of API work at the limit.
        public var loadHours: Double
        /// Calendar days the load needs.
        public var loadDays: Int
        /// The price, or `nil` when scoped individually.
        public var price: Int?
        /// The price's currency.
        public var currency: String
        /// The scope document's quote number for this destination.
        public var quoteNumber: String
        /// What is known of the people in this destination.
        public var userMatching: ClientUserMatching
        /// The customer's admin's hours to rebuild what cannot be migrated.
        public var customerRebuildHours: Double
        /// Costs the plan puts on the customer, outside the price.
        public var customerCosts: [StatementOfWork.CustomerCost]
    }

    /// How one source object maps to one destination.
    public struct Mapping: Sendable, Encodable {
        /// The destination's platform id.
        public var destination: String
        /// The destination objects' names, or `nil` when it does not move there.
        public var becomes: String?
        /// The source object's name it travels inside, when it moves as part of another.
        public var carriedBy: String?
        /// 1:1, 1:many or lossy.
        public var cardinality: Cardinality?
        /// Full, mapping required or manual.
        public var support: MappingSupport?
    }

    /// One source object of the account, across the destinations.
    public struct ObjectRow: Sendable, Encodable {
        /// The source object's id.
        public var object: String
        /// Its name.
        public var name: String
        /// How many the account has.
        public var count: Int
        /// Per destination, in the order of ``options``.
        public var mappings: [Mapping]
    }

    /// A risk that one destination has and another does not.
    public struct DifferingRisk: Sendable, Encodable {
        /// The destination it belongs to.
        public var destination: String
        /// How much it can hurt.
        public var severity: RiskSeverity
        /// Its title.
        public var title: String
        /// What is done about it.
        public var mitigation: String
        /// Who acts on it.
        public var owner: RiskOwner
    }

    /// The customer.
    public var customer: Customer
    /// The source platform's name.
    public var source: String
    /// The comparison's date, `YYYY-MM-DD`.
    public var asOf: String
    /// The records the pricing rules count.
    public var records: Int
    /// The destinations, in catalog order.
    public var options: [Option]
    /// The account's objects, in the source platform's order.
    public var objects: [ObjectRow]
    /// The risks that apply to some destinations and not to others, most severe first.
    public var differingRisks: [DifferingRisk]
    /// What was assumed, the same for every destination (users, companies …), in words.
    public var sharedAssumptions: [String]
}

extension Comparison {
    /// Builds the comparison from one scope document per destination (all for one manifest).
    init(documents: [ScopeDocument]) {
        let first = documents[0].estimate
        let facts = first.facts
        let source = first.source
        options = documents.map { document in
            let estimate = document.estimate
            var grades = ["overall": estimate.grading.overall.letter]
            for dimension in Grading.Dimension.allCases { grades[dimension.rawValue] = estimate.grading[dimension].letter }
            return Option(destination: estimate.destination.id, destinationName: estimate.destination.name, grades: grades, overallLabel: estimate.grading.overall.label,
                          daysLow: estimate.timeline.daysLow, daysHigh: estimate.timeline.daysHigh,
                          weeksLow: estimate.timeline.weeksLow, weeksHigh: estimate.timeline.weeksHigh,
                          timelineScopedIndividually: estimate.timeline.scopedIndividually,
                          requests: estimate.loadPlan.totalRequests, loadHours: estimate.loadPlan.hoursAtLimit, loadDays: estimate.loadPlan.calendarDays,
                          price: estimate.price.total, currency: estimate.price.currency, quoteNumber: document.quote.number,
                          userMatching: estimate.facts.userMatching.forClient, customerRebuildHours: document.statementOfWork.customerRebuildHours,
                          customerCosts: document.statementOfWork.customerCosts)
        }
        objects = source.objects.compactMap { object in
            guard let key = object.countKey, facts.manifest.counts[key] > 0 else { return nil }
            let mappings = documents.map { document in
                let estimate = document.estimate
                guard let mapping = estimate.pair.objectMap.first(where: { $0.sourceObject == object.id }) else {
                    let carrier = estimate.pair.allMappings.first { $0.carries.contains(object.id) }
                    return Mapping(destination: estimate.destination.id, carriedBy: carrier.map { source.object($0.sourceObject)?.name ?? $0.sourceObject })
                }
                return Mapping(destination: estimate.destination.id,
                               becomes: mapping.destinationObjects.map { estimate.destination.object($0)?.name ?? $0 }.joined(separator: " + "),
                               cardinality: mapping.cardinality, support: mapping.support)
            }
            return ObjectRow(object: object.id, name: object.name, count: facts.manifest.counts[key], mappings: mappings)
        }
        var differing: [DifferingRisk] = []
        for document in documents {
            let elsewhere = documents.filter { $0.estimate.destination.id != document.estimate.destination.id }.map { Set($0.risks.map(\.title)) }
            for risk in document.risks where risk.origin != source.name {
                guard !elsewhere.allSatisfy({ $0.contains(risk.title) }) else { continue }
                differing.append(DifferingRisk(destination: document.estimate.destination.id, severity: risk.severity, title: risk.title,
                                               mitigation: risk.mitigation, owner: risk.owner))
            }
        }
        differingRisks = differing.enumerated().sorted { ($0.element.severity, $0.offset) < ($1.element.severity, $1.offset) }.map(\.element)
        let assumptionSets = documents.map { Set($0.estimate.facts.assumptions) }
        sharedAssumptions = first.facts.assumptions.filter { assumption in assumptionSets.allSatisfy { $0.contains(assumption) } }
        customer = first.customer
        self.source = source.name
        asOf = Calendar.day(first.asOf)
        records = facts.records
    }
}
