/// Which rows of a file a rule or a field applies to: clauses on the row's own columns, all of
/// which must hold. Written as people read it: `internal = true`, `ticket_id is empty and
/// review_id is set`, `body_format != html`.
public struct RecordCondition: Equatable, Sendable, CustomStringConvertible, Encodable {
    /// One test of one column.
    public enum Clause: Equatable, Sendable {
        /// The column holds exactly this value.
        case equals(String, String)
        /// The column holds anything but this value (an empty cell included).
        case notEquals(String, String)
        /// The column is empty.
        case isEmpty(String)
        /// The column holds a value.
        case isSet(String)

        /// The column it tests.
        public var column: String {
            switch self {
            case .equals(let column, _), .notEquals(let column, _), .isEmpty(let column), .isSet(let column): column
            }
        }

        /// Whether `value` (an empty string for an empty cell) meets it.
        public func holds(for value: String) -> Bool {
            switch self {
            case .equals(_, let expected): value == expected
            case .notEquals(_, let other): value != other
            case .isEmpty: value.isEmpty
            case .isSet: !value.isEmpty
            }
        }

        var text: String {
            switch self {
            case .equals(let column, let value): "\(column) = \(value)"
            case .notEquals(let column, let value): "\(column) != \(value)"
            case .isEmpty(let column): "\(column) is empty"
            case .isSet(let column): "\(column) is set"
            }
        }
    }

    /// The clauses, all of which must hold.
    public var clauses: [Clause]

    /// Creates a condition.
    public init(_ clauses: [Clause]) {
        self.clauses = clauses
    }

    /// Reads `internal = true and ticket_id is set`; `nil` when the text is not of that form.
    public init?(parsing text: String) {
        var clauses: [Clause] = []
        for part in text.components(separatedBy: " and ") {
            let words = part.trimmingWhitespace()
            if words.hasSuffix(" is empty") {
                clauses.append(.isEmpty(String(words.dropLast(" is empty".count)).trimmingWhitespace()))
            } else if words.hasSuffix(" is set") {
                clauses.append(.isSet(String(words.dropLast(" is set".count)).trimmingWhitespace()))
            } else if let range = words.range(of: " != ") {
                clauses.append(.notEquals(String(words[..<range.lowerBound]).trimmingWhitespace(),
                                          String(words[range.upperBound...]).trimmingWhitespace()))
            } else if let range = words.range(of: " = ") {
                clauses.append(.equals(String(words[..<range.lowerBound]).trimmingWhitespace(),
                                       String(words[range.upperBound...]).trimmingWhitespace()))
            } else {
                return nil
            }
        }
        guard !clauses.isEmpty, clauses.allSatisfy({ !$0.column.isEmpty && !$0.column.contains(" ") }) else { return nil }
        self.clauses = clauses
    }

    /// The columns it reads.
    public var columns: [String] { clauses.map(\.column) }

    /// Whether a row meets it; `value` gives a column's value in the row (empty for an empty cell).
    public func holds(_ value: (String) -> String) -> Bool {
        clauses.allSatisfy { $0.holds(for: value($0.column)) }
    }

    public var description: String { clauses.map(\.text).joined(separator: " and ") }

    /// As it is written: `internal = true`.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
