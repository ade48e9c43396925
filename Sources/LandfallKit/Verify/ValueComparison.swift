import Foundation

/// How a value the load sent is compared with the value the destination returns: each rule says
/// how the platform stores a value of its form, and where the platform documents it. A value that
/// none of them covers is compared byte for byte; nothing is ignored wholesale.
enum ValueComparison: String, CaseIterable {
    /// A Salesforce dateTime: sent as `2024-03-19T15:25:40.000Z`, returned in UTC as
    /// `2024-03-19T15:25:40.000+0000`; the same instant is equal.
    case dateTime = "date_time"
    /// A checkbox: `true` or `false`, in any case.
    case checkbox
    /// A number: `38` and `38.0` are the same number.
    case number
    /// Anything else: the same bytes.
    case exact

    /// The documentation the rule rests on for a destination of `family`: Salesforce's field
    /// types; for Intercom its OpenAPI description, whose records return numbers, booleans and
    /// Unix-second times as JSON's own.
    func source(for family: DestinationFamily = .salesforce) -> String? {
        switch (self, family) {
        case (.exact, _): nil
        case (_, .intercom): "https://github.com/intercom/Intercom-OpenAPI"
        case (.dateTime, .salesforce): "https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/datafiles_date_format.htm"
        case (_, .salesforce): "https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/field_types.htm"
        }
    }

    /// The rules a destination's values are compared by (Intercom returns no dateTime text).
    static func rules(for family: DestinationFamily) -> [ValueComparison] {
        family == .salesforce ? allCases : allCases.filter { $0 != .dateTime }
    }

    /// What the rule holds equal, in words.
    var words: String {
        switch self {
        case .dateTime: "the same instant, whatever the form: Salesforce returns times in UTC with milliseconds and +0000"
        case .checkbox: "true and false in any case"
        case .number: "the same number: 38 and 38.0, a number returned as JSON's own"
        case .exact: "everything else: the same bytes"
        }
    }

    /// The rule for a value as the load wrote it.
    static func rule(for expected: String) -> ValueComparison {
        if expected == "true" || expected == "false" { return .checkbox }
        if expected.count == 24, expected.hasSuffix("Z"), Timestamp.parse(expected) != .invalid { return .dateTime }
        if Decimal(string: expected, locale: Locale(identifier: "en_US_POSIX")) != nil, expected.allSatisfy({ $0.isNumber || $0 == "." || $0 == "-" }) {
            return .number
        }
        return .exact
    }

    /// Whether `found` is `expected` under the rule of `expected`, decided on the bytes for the
    /// forms a load meets most (the same bytes; a dateTime sent with `Z` and returned with
    /// `+0000`; a checkbox in another case); `nil` when the values must be read to tell.
    static func equalBytes(_ expected: UnsafeBufferPointer<UInt8>, _ found: UnsafeBufferPointer<UInt8>) -> Bool? {
        if expected.count == found.count, expected.count == 0 || memcmp(expected.baseAddress!, found.baseAddress!, expected.count) == 0 { return true }
        if expected.count == 24, found.count == 28, expected[23] == UInt8(ascii: "Z"), expected[10] == UInt8(ascii: "T"),
           found[23] == UInt8(ascii: "+"), found[24] == UInt8(ascii: "0"), found[25] == UInt8(ascii: "0"), found[26] == UInt8(ascii: "0"), found[27] == UInt8(ascii: "0"),
           memcmp(expected.baseAddress!, found.baseAddress!, 23) == 0 {
            return true
        }
        if expected.count == found.count, expected.count == 4 || expected.count == 5,
           expected.elementsEqual("true".utf8) || expected.elementsEqual("false".utf8) {
            // ASCII letters only: a case-insensitive match.
            for index in 0..<expected.count where found[index] | 0x20 != expected[index] { return nil }
            return true
        }
        // A whole number returned with a fraction of zeros: 4 and 4.0.
        if found.count > expected.count + 1, found[expected.count] == UInt8(ascii: "."), !expected.isEmpty,
           expected.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
           memcmp(expected.baseAddress!, found.baseAddress!, expected.count) == 0,
           found[(expected.count + 1)...].allSatisfy({ $0 == UInt8(ascii: "0") }) {
            return true
        }
        return nil
    }

    /// Whether `found` is `expected` under this rule.
    func equal(_ expected: String, _ found: String) -> Bool {
        switch self {
        case .exact:
            return expected == found
        case .checkbox:
            return expected.lowercased() == found.lowercased()
        case .number:
            guard let left = Decimal(string: expected, locale: Locale(identifier: "en_US_POSIX")),
                  let right = Decimal(string: found, locale: Locale(identifier: "en_US_POSIX")) else { return expected == found }
            return left == right
        case .dateTime:
            guard let left = Self.instant(expected), let right = Self.instant(found) else { return expected == found }
            return abs(left.timeIntervalSince(right)) < 0.0005
        }
    }

    /// An instant in the forms Salesforce writes (`…Z`, `…+0000`).
    private static func instant(_ text: String) -> Date? {
        if case .instant(let date) = Timestamp.parse(text) { return date }
        return nil
    }
}
