/// The scope document as the customer receives it in JSON (`scope.json`, `landfall.scope/2`):
/// what the client render says and nothing the internal review adds: no rule paths, no grade
/// points, no price line for the rounding, no name of the file the people were matched against.
struct ClientScope: Encodable {
    let document: ScopeDocument

    /// A grade with what in this account sets it.
    struct Grade: Encodable {
        let letter: String
        let label: String
        let explanation: [String]
    }

    /// One phase of the plan, with what in this account lengthens it.
    struct Phase: Encodable {
        let id: String
        let name: String
        let daysLow: Double
        let daysHigh: Double
        let reasons: [String]
        let signOff: TermsRules.SignOffWindow.Place?
    }

    /// The plan as a whole.
    struct Timeline: Encodable {
        let phases: [Phase]
        let daysLow: Double
        let daysHigh: Double
        let weeksLow: Int
        let weeksHigh: Int
        let scopedIndividually: Bool
        let reason: String?
    }

    /// One line of the price.
    struct PriceLine: Encodable {
        let description: String
        let amount: Int
    }

    /// The price: the lines add up to the total.
    struct Price: Encodable {
        let currency: String
        let total: Int?
        let lines: [PriceLine]
        let scopedIndividually: Bool
        let reason: String?
        let asOf: String
        let validUntil: String
    }

    private enum CodingKeys: String, CodingKey {
        case quote, customer, source, destination, records, grades, timeline, loadPlan, price, assumptions, userMatching
        case objectMap, risks, outOfScope, approach, customerResponsibilities, acceptance, statementOfWork
    }

    func encode(to encoder: Encoder) throws {
        let estimate = document.estimate
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(document.quote, forKey: .quote)
        try container.encode(estimate.customer, forKey: .customer)
        try container.encode(Estimate.PlatformReference(platform: estimate.source.id, name: estimate.source.name), forKey: .source)
        try container.encode(Estimate.PlatformReference(platform: estimate.destination.id, name: estimate.destination.name), forKey: .destination)
        try container.encode(estimate.facts.records, forKey: .records)
        var grades = ["overall": Grade(letter: estimate.grading.overall.letter, label: estimate.grading.overall.label,
                                       explanation: estimate.grading.overall.explanation)]
        for dimension in Grading.Dimension.allCases {
            let grade = estimate.grading[dimension]
            grades[dimension.rawValue] = Grade(letter: grade.letter, label: grade.label, explanation: grade.explanation)
        }
        try container.encode(grades, forKey: .grades)
        let timeline = estimate.timeline
        try container.encode(Timeline(phases: timeline.phases.map {
            Phase(id: $0.id, name: $0.name, daysLow: $0.daysLow, daysHigh: $0.daysHigh, reasons: $0.reasons, signOff: $0.signOff)
        }, daysLow: timeline.daysLow, daysHigh: timeline.daysHigh, weeksLow: timeline.weeksLow, weeksHigh: timeline.weeksHigh,
           scopedIndividually: timeline.scopedIndividually, reason: timeline.reason), forKey: .timeline)
        var plan = estimate.loadPlan
        for index in plan.lines.indices { plan.lines[index].rule = nil }
        try container.encode(plan, forKey: .loadPlan)
        let price = estimate.price
        try container.encode(Price(currency: price.currency, total: price.total, lines: price.clientLines.map { PriceLine(description: $0.description, amount: $0.amount) },
                                   scopedIndividually: price.scopedIndividually, reason: price.reason, asOf: price.asOf, validUntil: price.validUntil),
                             forKey: .price)
        try container.encode(estimate.facts.assumptions, forKey: .assumptions)
        try container.encode(estimate.facts.userMatching.forClient, forKey: .userMatching)
        try container.encode(document.objectMap, forKey: .objectMap)
        try container.encode(document.risks, forKey: .risks)
        try container.encode(document.outOfScope, forKey: .outOfScope)
        try container.encode(document.approach, forKey: .approach)
        try container.encode(document.customerResponsibilities, forKey: .customerResponsibilities)
        try container.encode(document.acceptance, forKey: .acceptance)
        try container.encode(document.statementOfWork, forKey: .statementOfWork)
    }
}
