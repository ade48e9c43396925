/// The proposed field map as the customer reads and signs it (`fieldmap.{html,md}`): per source
/// object, each field, where it goes, how, and its value map; what is still to choose.
struct FieldMapView {
    struct Value { let from, to, rows: String }
    struct Row {
        let source, destination, transform, limits, origin: String
        let values: [Value]
        let hasValues: Bool
    }
    struct Object { let name: String; let rows: [Row] }
    struct NotCarried { let field, reason: String }

    let title, customer, source, destination, date, summary: String
    let objects: [Object]
    let notCarried: [NotCarried]
    let hasNotCarried: Bool
    let signatureCustomer, signatureIssuer: String

    /// A transform in words.
    static func words(_ transform: FieldMapping.Transform) -> String {
        switch transform {
        case .timeZoneToUTC: "time zone to UTC"
        case .unixSeconds: "Unix seconds"
        case .htmlToText: "HTML to text"
        default: transform.rawValue.replacingOccurrences(of: "_", with: " ")
        }
    }

    init(_ proposal: FieldMapProposal, issuer: String) {
        title = "Field map: \(proposal.customer), \(proposal.sourceName) to \(proposal.destinationName)"
        customer = proposal.customer
        source = proposal.sourceName
        destination = proposal.destinationName
        date = proposal.date
        let unmapped = proposal.entries.reduce(0) { $0 + $1.values.filter { $0.to == nil }.count }
        summary = "\(Format.count(proposal.entries.count, "field")), none confirmed yet"
            + (unmapped == 0 ? "; every value the data holds has a proposed destination value." : "; \(Format.count(unmapped, "value")) without a destination value, to choose before anything moves.")
        var order: [String] = []
        for entry in proposal.entries where !order.contains(entry.object) { order.append(entry.object) }
        objects = order.map { object in
            Object(name: object.prefix(1).uppercased() + object.dropFirst(), rows: proposal.entries.filter { $0.object == object }.map { entry in
                let limits = [entry.required ? "required" : nil, entry.maxLength.map { "at most \(Format.count($0)) characters" }].compactMap { $0 }.joined(separator: ", ")
                let values = entry.values.map { Value(from: $0.from, to: $0.to ?? "to choose", rows: $0.rows.map(Format.count) ?? "") }
                return Row(source: entry.source, destination: entry.destination, transform: Self.words(entry.transform),
                           limits: limits, origin: entry.origin, values: values, hasValues: !values.isEmpty)
            })
        }
        notCarried = proposal.notCarried.map { NotCarried(field: "\($0.object).\($0.source)", reason: $0.reason) }
        hasNotCarried = !notCarried.isEmpty
        signatureCustomer = proposal.customer
        signatureIssuer = issuer
    }
}
