import Foundation

/// The type a column's values share, narrowest first.
public enum InferredType: String, Sendable, Codable {
    case integer, decimal, boolean, date
    /// ISO 8601 with a zone (`Z` or an offset).
    case datetime
    /// ISO 8601 without a zone: its instant is unknown.
    case datetimeWithoutZone = "datetime_without_zone"
    case email, url, html, text

    /// The type of one non-empty value.
    static func of(_ value: String) -> InferredType {
        let lower = value.lowercased()
        if lower == "true" || lower == "false" { return .boolean }
        if Int64(value) != nil { return .integer }
        if Double(value) != nil, value.allSatisfy({ $0.isNumber || $0 == "." || $0 == "-" || $0 == "+" || $0 == "e" || $0 == "E" }) { return .decimal }
        if value.count == 10, ProjectStart.day(value) != nil { return .date }
        if value.count > 10, value.dropFirst(10).first == "T" || value.dropFirst(10).first == " " {
            switch Timestamp.parse(value) {
            case .instant: return .datetime
            case .withoutZone: return .datetimeWithoutZone
            case .invalid: break
            }
        }
        if !value.contains(where: { $0 == " " || $0 == "\n" }), value.hasPrefix("http://") || value.hasPrefix("https://") { return .url }
        if !value.contains(where: { $0 == " " || $0 == "\n" }), let at = value.firstIndex(of: "@"), at != value.startIndex,
           value[value.index(after: at)...].contains(".") { return .email }
        if Self.holdsTag(value) { return .html }
        return .text
    }

    /// Whether `value` holds an HTML tag: `<` (or `</`) and a letter, then letters or digits up to
    /// a space, `/` or `>`.
    static func holdsTag(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "<") {
                var cursor = index + 1
                if cursor < bytes.count && bytes[cursor] == UInt8(ascii: "/") { cursor += 1 }
                let nameStart = cursor
                while cursor < bytes.count, (bytes[cursor] | 0x20) >= UInt8(ascii: "a") && (bytes[cursor] | 0x20) <= UInt8(ascii: "z") || (cursor > nameStart && bytes[cursor] >= UInt8(ascii: "0") && bytes[cursor] <= UInt8(ascii: "9")) {
                    cursor += 1
                }
                if cursor > nameStart, cursor < bytes.count, [0x20, 0x09, 0x0A, UInt8(ascii: "/"), UInt8(ascii: ">")].contains(bytes[cursor]),
                   (bytes[nameStart] | 0x20) >= UInt8(ascii: "a") && (bytes[nameStart] | 0x20) <= UInt8(ascii: "z") {
                    return true
                }
            }
            index += 1
        }
        return false
    }

    /// The type that both `self` and `other` fit.
    func joined(with other: InferredType) -> InferredType {
        if self == other { return self }
        switch (self, other) {
        case (.integer, .decimal), (.decimal, .integer): return .decimal
        case (.datetime, .datetimeWithoutZone), (.datetimeWithoutZone, .datetime): return .datetimeWithoutZone
        case (.html, .text), (.text, .html): return .html
        default: return .text
        }
    }
}

/// What one column of an export file holds: rows, empty cells, the longest value in characters,
/// the type its values share and, while there are at most ``distinctLimit`` of them, its distinct
/// values with their counts (memory stays bounded however long the file).
public struct ColumnProfile: Sendable, Codable {
    /// A distinct value and how many rows hold it.
    public struct ValueCount: Sendable, Codable {
        public var value: String
        public var count: Int
    }

    /// The most distinct values kept; a column with more lists none.
    public static let distinctLimit = 1000

    public var column: String
    public var rows = 0
    public var empty = 0
    /// The longest value, in characters (Unicode scalars).
    public var maxLength = 0
    /// The type every non-empty value fits, when there is one.
    public var type: InferredType?
    private var counts: [String: Int]? = [:]

    init(column: String) {
        self.column = column
    }

    /// The distinct values, most frequent first, or `nil` when there are more than ``distinctLimit``.
    public var values: [ValueCount]? {
        counts.map { $0.map { ValueCount(value: $0.key, count: $0.value) }.sorted { ($1.count, $0.value) < ($0.count, $1.value) } }
    }

    private enum CodingKeys: String, CodingKey {
        case column, rows, empty, maxLength, type, values, distinctValuesOver
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        column = try container.decode(String.self, forKey: .column)
        rows = try container.decode(Int.self, forKey: .rows)
        empty = try container.decode(Int.self, forKey: .empty)
        maxLength = try container.decode(Int.self, forKey: .maxLength)
        type = try container.decodeIfPresent(InferredType.self, forKey: .type)
        counts = try container.decodeIfPresent([ValueCount].self, forKey: .values).map { Dictionary($0.map { ($0.value, $0.count) }, uniquingKeysWith: +) }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(column, forKey: .column)
        try container.encode(rows, forKey: .rows)
        try container.encode(empty, forKey: .empty)
        try container.encode(maxLength, forKey: .maxLength)
        try container.encodeIfPresent(type, forKey: .type)
        if let values { try container.encode(values, forKey: .values) } else { try container.encode(Self.distinctLimit, forKey: .distinctValuesOver) }
    }

    /// Takes one row's value; returns its type (nil when empty).
    @discardableResult
    mutating func add(_ value: String, length: Int) -> InferredType? {
        rows += 1
        guard value.utf8.contains(where: { $0 != 0x20 && $0 != 0x09 }) else {
            empty += 1
            return nil
        }
        maxLength = max(maxLength, length)
        let kind = InferredType.of(value)
        type = type.map { $0.joined(with: kind) } ?? kind
        if counts != nil {
            counts![value, default: 0] += 1
            if counts!.count > Self.distinctLimit { counts = nil }
        }
        return kind
    }
}
