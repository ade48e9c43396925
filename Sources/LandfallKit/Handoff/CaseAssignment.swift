/// A routing condition that a Case Assignment Rule entry can express: one Case field compared
/// with one destination value or a list of them, read through the field map (`channel = email`
/// becomes `Case.Origin equals Email`).
public struct CaseAssignmentCriterion: Equatable, Sendable, Encodable {
    /// The Case field, such as `Case.Origin`.
    public var field: String
    /// The destination values, any of which matches.
    public var values: [String]
    /// Source values the map sends to the same destination values, which the rule did not name.
    public var merged: [String]

    /// The criterion for `condition` as the map reads it, or `nil` when an assignment rule
    /// cannot express it (a field the map does not carry to a Case picklist, a value without a
    /// destination value): the rule is then rebuilt as a Flow.
    init?(_ condition: DestinationCondition?) {
        guard let condition, condition.unmapped.isEmpty, !condition.values.isEmpty, condition.field.hasPrefix("Case."),
              condition.values.allSatisfy({ !$0.contains(",") && !$0.contains("\"") })
        else { return nil }
        field = condition.field
        values = condition.values
        merged = condition.merged
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
