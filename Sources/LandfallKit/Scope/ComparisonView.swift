/// The comparison as the templates see it: every value formatted, rows of cells in the
/// destinations' order.
struct ComparisonView {
    struct Cell { let text: String }
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

    init(_ comparison: Comparison) {
        let options = comparison.options
        title = "Destinations compared: \(comparison.customer.name), from \(comparison.source)"
        customer = comparison.customer.name
        source = comparison.source
        date = comparison.asOf
        records = Format.count(comparison.records)
        destinations = options.map { Cell(text: $0.destinationName) }
        func row(_ label: String, _ text: (Comparison.Option) -> String) -> Row {
            Row(label: label, cells: options.map { Cell(text: text($0)) })
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
            row("Quote number") { $0.quoteNumber },
        ]
        grades = Grading.Dimension.allCases.map { dimension in row(dimension.title) { $0.grades[dimension.rawValue] ?? "" } }
        objects = comparison.objects.map { object in
            ObjectRow(name: object.name, count: Format.count(object.count), cells: object.mappings.map { mapping in
                if let carrier = mapping.carriedBy { return Cell(text: "moves inside \(carrier)") }
                guard let becomes = mapping.becomes, let cardinality = mapping.cardinality, let support = mapping.support else { return Cell(text: "not migrated") }
                return Cell(text: "\(becomes) (\(Format.cardinality(cardinality)), \(Format.support(support)))")
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
    }
}
