import Foundation

/// The type a column's values share, narrowest first.
public enum InferredType: String, Sendable, Codable {
    case integer, decimal, boolean, date
    /// ISO 8601 with a zone (`Z` or an offset).
    case datetime
    /// ISO 8601 without a zone: its instant is unknown.
    case datetimeWithoutZone = "datetime_without_zone"
    case email, url, html, text

    /// The type of one non-empty value, read from its bytes (UTF-8).
    static func of(_ bytes: UnsafeBufferPointer<UInt8>) -> InferredType {
        let count = bytes.count
        func digit(_ index: Int) -> Bool { bytes[index] &- UInt8(ascii: "0") < 10 }
        func lower(_ index: Int) -> UInt8 { bytes[index] | 0x20 }
        if count == 4, lower(0) == UInt8(ascii: "t"), lower(1) == UInt8(ascii: "r"), lower(2) == UInt8(ascii: "u"), lower(3) == UInt8(ascii: "e") { return .boolean }
        if count == 5, lower(0) == UInt8(ascii: "f"), lower(1) == UInt8(ascii: "a"), lower(2) == UInt8(ascii: "l"), lower(3) == UInt8(ascii: "s"), lower(4) == UInt8(ascii: "e") { return .boolean }
        // Numbers: an optional sign, digits, at most one point.
        var index = bytes[0] == UInt8(ascii: "-") || bytes[0] == UInt8(ascii: "+") ? 1 : 0
        var digits = 0
        var points = 0
        while index < count, digit(index) || (bytes[index] == UInt8(ascii: ".") && points == 0) {
            if bytes[index] == UInt8(ascii: ".") { points += 1 } else { digits += 1 }
            index += 1
        }
        if index == count && digits > 0 { return points == 0 && digits <= 18 ? .integer : .decimal }
        // Dates and timestamps: YYYY-MM-DD, then T or a space and HH:MM(:SS…), then Z or an offset.
        if count >= 10, digit(0), digit(1), digit(2), digit(3), bytes[4] == UInt8(ascii: "-"), digit(5), digit(6), bytes[7] == UInt8(ascii: "-"), digit(8), digit(9) {
            if count == 10 { return .date }
            if count >= 16, bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " "), digit(11), digit(12), bytes[13] == UInt8(ascii: ":"), digit(14), digit(15) {
                let last = bytes[count - 1]
                if last == UInt8(ascii: "Z") || last == UInt8(ascii: "z") { return .datetime }
                if count >= 22, bytes[count - 3] == UInt8(ascii: ":"), bytes[count - 6] == UInt8(ascii: "+") || bytes[count - 6] == UInt8(ascii: "-") { return .datetime }
                if count >= 21, bytes[count - 5] == UInt8(ascii: "+") || bytes[count - 5] == UInt8(ascii: "-"), digit(count - 4), digit(count - 1), bytes[count - 5] != bytes[7] || count - 5 > 10 { return .datetime }
                return .datetimeWithoutZone
            }
        }
        var spaces = false
        var at = -1
        var dotAfterAt = false
        var angle = false
        for index in 0..<count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: spaces = true
            case UInt8(ascii: "@"): if at < 0 { at = index }
            case UInt8(ascii: "."): if at >= 0 { dotAfterAt = true }
            case UInt8(ascii: "<"): angle = true
            default: break
            }
        }
        if !spaces, count > 8, lower(0) == UInt8(ascii: "h"), lower(1) == UInt8(ascii: "t"), lower(2) == UInt8(ascii: "t"), lower(3) == UInt8(ascii: "p") {
            if (bytes[4] == UInt8(ascii: ":") && bytes[5] == UInt8(ascii: "/")) || (lower(4) == UInt8(ascii: "s") && bytes[5] == UInt8(ascii: ":")) { return .url }
        }
        if !spaces, at > 0, dotAfterAt { return .email }
        if angle, holdsTag(bytes) { return .html }
        return .text
    }

    /// Whether `value` holds an HTML tag: `<` (or `</`) and a letter, then letters or digits up to
    /// a space, `/` or `>`.
    static func holdsTag(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
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

    /// The narrowest type that both `self` and `other` fit. The types form a tree under `html`
    /// (text that may hold markup), then `text`, with `decimal` over `integer` and
    /// `datetime_without_zone` over `datetime`: the join is the nearest type over both, so the
    /// order the values come in (or the parts of a file read apart) never changes the result.
    func joined(with other: InferredType) -> InferredType {
        if self == other { return self }
        switch (self, other) {
        case (.html, _), (_, .html): return .html
        case (.integer, .decimal), (.decimal, .integer): return .decimal
        case (.datetime, .datetimeWithoutZone), (.datetimeWithoutZone, .datetime): return .datetimeWithoutZone
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
    /// The longest value kept, in bytes: a column that holds a longer one is free text, and lists
    /// none (so a column's list takes at most about a megabyte, whatever its values).
    public static let listedLengthLimit = 1024

    public var column: String
    public var rows = 0
    public var empty = 0
    /// The longest value, in characters (Unicode scalars).
    public var maxLength = 0
    /// The type every non-empty value fits, when there is one.
    public var type: InferredType?
    /// The values longer than ``bulkFieldLimit`` characters, which one field of a Salesforce Bulk
    /// API 2.0 ingest job does not take.
    public var valuesOverBulkLimit = 0
    /// The most characters one field of a Bulk API 2.0 ingest job takes.
    public static let bulkFieldLimit = 32_000
    private var counter: ValueCounter? = ValueCounter(limit: ColumnProfile.distinctLimit)
    /// Whether the values are not listed because one is longer than ``listedLengthLimit``.
    private var holdsLongValues = false

    init(column: String) {
        self.column = column
    }

    /// The distinct values, most frequent first, or `nil` when there are more than ``distinctLimit``.
    public var values: [ValueCount]? {
        counter.map { counter in
            // The same text may stand with and without doubled quotes: counted together once undoubled.
            // Keyed by bytes: two spellings of one word (NFC and NFD) are two values, as the data holds them.
            var merged: [[UInt8]: Int] = [:]
            for (key, count) in zip(counter.keys, counter.counts) {
                merged[Array(String(decoding: key, as: UTF8.self).replacingOccurrences(of: "\"\"", with: "\"").utf8), default: 0] += count
            }
            return merged.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key.lexicographicallyPrecedes($1.key) }
                .map { ValueCount(value: String(decoding: $0.key, as: UTF8.self), count: $0.value) }
        }
    }

    private enum CodingKeys: String, CodingKey {
        case column, rows, empty, maxLength, type, values, distinctValuesOver, valuesLongerThan
        case valuesOverBulkLimit = "valuesOver32000Characters"
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        column = try container.decode(String.self, forKey: .column)
        rows = try container.decode(Int.self, forKey: .rows)
        empty = try container.decode(Int.self, forKey: .empty)
        maxLength = try container.decode(Int.self, forKey: .maxLength)
        type = try container.decodeIfPresent(InferredType.self, forKey: .type)
        valuesOverBulkLimit = try container.decodeIfPresent(Int.self, forKey: .valuesOverBulkLimit) ?? 0
        holdsLongValues = container.contains(.valuesLongerThan)
        counter = try container.decodeIfPresent([ValueCount].self, forKey: .values).map { values in
            var counter = ValueCounter(limit: Self.distinctLimit)
            for value in values {
                let bytes = Array(value.value.replacingOccurrences(of: "\"", with: "\"\"").utf8)
                bytes.withUnsafeBufferPointer { _ = counter.add($0, times: value.count) }
            }
            return counter
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(column, forKey: .column)
        try container.encode(rows, forKey: .rows)
        try container.encode(empty, forKey: .empty)
        try container.encode(maxLength, forKey: .maxLength)
        try container.encodeIfPresent(type, forKey: .type)
        if valuesOverBulkLimit > 0 { try container.encode(valuesOverBulkLimit, forKey: .valuesOverBulkLimit) }
        if let values {
            try container.encode(values, forKey: .values)
        } else if holdsLongValues {
            try container.encode(Self.listedLengthLimit, forKey: .valuesLongerThan)
        } else {
            try container.encode(Self.distinctLimit, forKey: .distinctValuesOver)
        }
    }

    /// The characters (Unicode scalars) of a value: every byte that does not continue a UTF-8
    /// sequence, less one for each doubled quote.
    static func characters(in bytes: UnsafeBufferPointer<UInt8>, escapedQuotes: Bool) -> Int {
        var length = 0
        for byte in bytes where byte & 0xC0 != 0x80 { length += 1 }
        if escapedQuotes { length -= bytes.count(where: { $0 == UInt8(ascii: "\"") }) / 2 }
        return length
    }

    /// Takes in the profile of the same column over the rows that follow.
    mutating func merge(_ next: ColumnProfile) {
        rows += next.rows
        empty += next.empty
        maxLength = max(maxLength, next.maxLength)
        valuesOverBulkLimit += next.valuesOverBulkLimit
        type = switch (type, next.type) {
        case let (mine?, theirs?): mine.joined(with: theirs)
        case let (mine, theirs): mine ?? theirs
        }
        holdsLongValues = holdsLongValues || next.holdsLongValues
        if let theirs = next.counter, counter != nil, !holdsLongValues {
            if counter!.merge(theirs) > Self.distinctLimit { counter = nil }
        } else {
            counter = nil
        }
    }

    /// Takes one row's value (its bytes, and whether doubled quotes stand in them); returns its
    /// type (nil when empty).
    @discardableResult
    mutating func add(_ bytes: UnsafeBufferPointer<UInt8>, escapedQuotes: Bool) -> InferredType? {
        rows += 1
        guard bytes.contains(where: { $0 != 0x20 && $0 != 0x09 }) else {
            empty += 1
            return nil
        }
        // Characters: every byte that does not continue a UTF-8 sequence (no more than the bytes,
        // so a value no longer in bytes than the longest so far is not counted).
        if bytes.count > maxLength || bytes.count > Self.bulkFieldLimit {
            let characters = Self.characters(in: bytes, escapedQuotes: escapedQuotes)
            maxLength = max(maxLength, characters)
            if characters > Self.bulkFieldLimit { valuesOverBulkLimit += 1 }
        }
        // Text and HTML are the widest types: once a column is one of them, only a tag can widen it.
        let kind: InferredType
        switch type {
        case .html?: kind = .html
        case .text?: kind = memchr(bytes.baseAddress!, Int32(UInt8(ascii: "<")), bytes.count) != nil && InferredType.holdsTag(bytes) ? .html : .text
        default: kind = InferredType.of(bytes)
        }
        type = type.map { $0.joined(with: kind) } ?? kind
        if bytes.count > Self.listedLengthLimit {
            counter = nil
            holdsLongValues = true
        } else if counter != nil, counter!.add(bytes) > Self.distinctLimit {
            counter = nil
        }
        return kind
    }
}
