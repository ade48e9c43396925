import Foundation

/// Turns one source record's values into the values a field map's entries write, for the
/// before-and-after sample the customer signs: the load's own values (``FieldValueEngine``), with
/// what the load resolves later (a lookup, a file) and what it cannot write said in words.
struct FieldValueTransformer {
    /// What the load writes for each entry.
    let engine: FieldValueEngine

    /// The value `field` writes for `row` (a column's value by its name, empty for an empty
    /// cell), or `nil` when the entry does not apply to the row or writes nothing.
    func value(of field: FieldMap.Field, in row: [String: String]) -> String? {
        switch engine.outcome(of: field, in: { row[$0] ?? "" }) {
        case .value(let value, _): value
        case .nothing, .problem(.missing): nil
        case .reference(let object, let sourceID): "(the id of what \(object.replacingOccurrences(of: "_", with: " ")) \(sourceID) became)"
        case .file(let url): "(the file at \(url))"
        case .matchOnly: "(matched, not written)"
        case .problem(.unmapped(let value)): "(no value chosen for \(value))"
        case .problem(.notATimestamp(let value)): "(not a timestamp: \(value))"
        case .problem(let problem): "(not loaded: \(problem.words))"
        }
    }
}
