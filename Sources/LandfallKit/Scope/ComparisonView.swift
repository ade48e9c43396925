/// The comparison as the templates see it: every value formatted, rows of cells in the
/// destinations' order.
struct ComparisonView {
    /// A value, with the destination it belongs to as its label on a phone's card.
    struct Cell {
        let text: String
        var label = ""
    }
    struct Row {
        let label: String
        let cells: [Cell]
    }
    struct ObjectRow {
        let name, count: String
        let cells: [Cell]
    }
    struct Risk { let destination, severity, severityClass, title, mitigation, owner: String }

    let title: String
    let customer, source, date, records: String
    let destinations: [Cell]
    let figures: [Row]
    let grades: [Row]
    let objects: [ObjectRow]
    let risks: [Risk]
    let hasRisks: Bool
    let assumptions: [Cell]
    let hasAssumptions: Bool
    /// Why the prices do not compare one to one, when they do not.
    let notLikeForLike: String
    let hasNotLikeForLike: Bool

    init(_ comparison: Comparison) {
        let options = comparison.options
        title = "Destinations compared: \(comparison.customer.name), from \(comparison.source)"
        customer = comparison.customer.name
        source = comparison.source
        date = comparison.asOf
        records = Format.count(comparison.records)
        destinations = options.map { Cell(text: $0.destinationName) }
        func row(_ label: String, _ text: (Comparison.Option) -> String) -> Row {
            Row(label: label, cells: options.map { Cell(text: text($0), label: $0.destinationName) })
        }
        figures = [
            row("Overall grade") { "\($0.grades["overall"] ?? "") (\($0.overallLabel))" },
            row("Timeline") { $0.timelineScopedIndividually ? "set after discovery" : "\(Format.weeks($0.weeksLow, $0.weeksHigh)) (\(Format.range($0.daysLow, $0.daysHigh)) working days)" },
            row("Load") { "\(Format.count($0.requests)) API requests, \(Format.number($0.loadHours)) hours of API work, \(Format.count($0.loadDays)) calendar day\($0.loadDays == 1 ? "" : "s")" },
            row("People") { option in
                let people = option.userMatching.matching.summary(destination: option.destinationName)
                return "\(people.figure) (\(people.note))"
            },
            row("Price") { $0.price.map { price in Format.money(price, options[0].currency) } ?? "scoped individually" },
            row("Customer's rebuild") { "about \(ContractView.hours($0.customerRebuildHours)) of the admin's time, not in the price" },
            row("Customer's costs") { option in
                option.customerCosts.isEmpty ? "none beyond the price" : option.customerCosts.map { "\($0.item): \($0.priceText.hasSuffix(".") ? String($0.priceText.dropLast()) : $0.priceText)" }.joined(separator: "; ")
            },
            row("Quote number") { $0.quoteNumber },
        ]
        grades = Grading.Dimension.allCases.map { dimension in row(dimension.title) { $0.grades[dimension.rawValue] ?? "" } }
        objects = comparison.objects.map { object in
            ObjectRow(name: object.name, count: Format.count(object.count), cells: zip(object.mappings, options).map { mapping, option in
                let label = option.destinationName
                if let carrier = mapping.carriedBy { return Cell(text: "moves inside \(carrier)", label: label) }
                guard let becomes = mapping.becomes, let cardinality = mapping.cardinality, let support = mapping.support else { return Cell(text: "not migrated", label: label) }
                return Cell(text: "\(becomes) (\(Format.cardinality(cardinality)), \(Format.support(support)))", label: label)
            })
        }
        let names = Dictionary(options.map { ($0.destination, $0.destinationName) }, uniquingKeysWith: { first, _ in first })
        risks = comparison.differingRisks.map { risk in
            Risk(destination: names[risk.destination] ?? risk.destination, severity: Format.severity(risk.severity),
                 severityClass: "severity-\(risk.severity.rawValue)", title: risk.title, mitigation: risk.mitigation, owner: risk.owner.words)
        }
        hasRisks = !risks.isEmpty
        assumptions = comparison.sharedAssumptions.map { Cell(text: $0) }
        hasAssumptions = !assumptions.isEmpty
        // Owner reconciliation is priced only where the people were matched or counted.
        let unknown = options.filter { $0.userMatching.matching.unmatched == nil }.map(\.destinationName)
        let known = options.filter { ($0.userMatching.matching.unmatched ?? 0) > 0 }.map(\.destinationName)
        notLikeForLike = unknown.isEmpty || known.isEmpty ? ""
            : "Owner reconciliation is in the price for \(known.joined(separator: " and ")), whose people were matched, "
            + "but not yet for \(unknown.joined(separator: " and ")), whose people are not matched yet; it is added there once they are."
        hasNotLikeForLike = !notLikeForLike.isEmpty
    }
}
