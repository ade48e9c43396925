/// A routing condition that a Case Assignment Rule entry can express: one Case field compared
/// with one value or a list of them (`channel = email`, `priority in [urgent, high]`).
public struct CaseAssignmentCriterion: Equatable, Sendable, Encodable {
    /// The Case field, such as `Case.Origin`.
    public var field: String
    /// The values, any of which matches.
    public var values: [String]

    /// The Case field behind each source field a routing rule may test.
    static let fields = ["channel": "Case.Origin", "priority": "Case.Priority", "status": "Case.Status"]

    /// The criterion for `condition`, or `nil` when an assignment rule cannot express it (the rule
    /// is then rebuilt as a Flow).
    init?(_ condition: String) {
        let parts: (field: Substring, values: [Substring])
        if let range = condition.range(of: " in ") {
            var list = condition[range.upperBound...].trimmingCharacters(in: .whitespaces)
            guard list.hasPrefix("["), list.hasSuffix("]") else { return nil }
            list = String(list.dropFirst().dropLast())
            parts = (condition[..<range.lowerBound], list.split(separator: ","))
        } else if let range = condition.range(of: " = ") {
            parts = (condition[..<range.lowerBound], [condition[range.upperBound...]])
        } else {
            return nil
        }
        let values = parts.values.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard let field = Self.fields[parts.field.trimmingCharacters(in: .whitespaces).lowercased()], !values.isEmpty,
              values.allSatisfy({ !$0.contains(",") && !$0.contains("\"") })
        else { return nil }
        self.field = field
        self.values = values
    }
}

/// One entry of the Case Assignment Rule: where Cases that meet the criterion go, in order.
public struct CaseAssignmentEntry: Equatable, Sendable, Encodable {
    /// The Queue's DeveloperName.
    public var queue: String
    /// The routing rule's rank in the source help desk, when it has one.
    public var order: Int?
    /// What a Case must meet.
    public var criterion: CaseAssignmentCriterion
}
