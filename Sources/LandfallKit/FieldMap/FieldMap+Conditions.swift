/// A source help desk's condition on a record's field (`priority in [urgent, high]`), read in the
/// destination's terms through the field map: the destination field and the values that stand
/// for the source values there.
public struct DestinationCondition: Equatable, Sendable {
    /// The source field the condition tests (`priority`).
    public var sourceField: String
    /// The source values it tests.
    public var sourceValues: [String]
    /// The destination field (`Case.Priority`).
    public var field: String
    /// The destination values the source values become, each once.
    public var values: [String]
    /// Source values the map sends to the same destination values, which the condition did
    /// not name: a rule on the destination value catches them too.
    public var merged: [String]
    /// Source values the map has no destination value for.
    public var unmapped: [String]

    /// A source condition as written: `field = value`, `field is value`, `field in [a, b]`.
    static func parse(_ condition: String) -> (field: String, values: [String])? {
        let text = condition.trimmingWhitespace()
        var field: Substring
        var values: [Substring]
        if let range = text.firstRange(of: " in ") {
            var list = text[range.upperBound...].trimmingWhitespace()
            guard list.hasPrefix("["), list.hasSuffix("]") else { return nil }
            list = String(list.dropFirst().dropLast())
            field = text[..<range.lowerBound]
            values = list.split(separator: ",")
        } else if let range = text.firstRange(of: " = ") ?? text.firstRange(of: " is ") {
            field = text[..<range.lowerBound]
            values = [text[range.upperBound...]]
        } else {
            return nil
        }
        let name = field.trimmingWhitespace()
        let cleaned = values.map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
        guard !name.isEmpty, !name.contains(" "), !cleaned.isEmpty else { return nil }
        return (name, cleaned)
    }
}

extension FieldMap {
    /// `condition` on a record of `object`, in the destination's terms; `nil` when it is not a
    /// comparison of one field or the map carries that field through no value map.
    public func destinationCondition(_ condition: String, object: String = "ticket") -> DestinationCondition? {
        guard let (field, sourceValues) = DestinationCondition.parse(condition),
              let entry = fields.first(where: { $0.object == object && $0.source == field && $0.transform == .valueMap && $0.when == nil && !$0.isList })
        else { return nil }
        func folded(_ value: String) -> [String] {
            // The condition names a value as people write it; the data may hold it in other casings.
            entry.values.filter { $0.from.lowercased() == value.lowercased() }.compactMap(\.to)
        }
        var values: [String] = []
        var unmapped: [String] = []
        for value in sourceValues {
            let targets = folded(value)
            if targets.isEmpty { unmapped.append(value) }
            values += targets
        }
        values = values.uniqued(caseInsensitive: false)
        let named = Set(sourceValues.map { $0.lowercased() })
        let merged = entry.values.filter { value in value.to.map(values.contains) == true && !named.contains(value.from.lowercased()) }
            .map(\.from).uniqued(caseInsensitive: true)
        return DestinationCondition(sourceField: field, sourceValues: sourceValues, field: entry.destination, values: values, merged: merged,
                                    unmapped: unmapped)
    }
}

extension FieldMap.Field {
    /// Whether the entry belongs to the rows of `rule`: an entry with a condition to the rule
    /// with the same one, an entry without one to every rule of its object.
    func applies(to rule: FieldMap.RecordRule) -> Bool {
        guard let when, let ruleWhen = rule.when else { return true }
        return when == ruleWhen
    }
}
