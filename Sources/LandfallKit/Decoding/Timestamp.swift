import Foundation

/// Reads ISO 8601 dates and times: `2026-11-02`, `2026-11-02T09:30:00Z`,
/// `2026-11-02T09:30:00.250+02:00`, `2026-11-02 09:30Z`.
public enum Timestamp {
    /// What a parse found.
    public enum Result: Equatable {
        /// A full instant.
        case instant(Date)
        /// A date and time without a zone, read as UTC.
        case withoutZone(Date)
        /// Not ISO 8601.
        case invalid
    }

    /// Parses `text`. A date alone is midnight UTC.
    public static func parse(_ text: String) -> Result {
        let scalars = Array(text.trimmingWhitespace().unicodeScalars)
        var index = 0
        func digits(_ count: Int) -> Int? {
            guard index + count <= scalars.count else { return nil }
            var value = 0
            for scalar in scalars[index..<(index + count)] {
                guard let digit = Int(String(scalar)), scalar.isASCII else { return nil }
                value = value * 10 + digit
            }
            index += count
            return value
        }
        func expect(_ character: Unicode.Scalar) -> Bool {
            guard index < scalars.count, scalars[index] == character else { return false }
            index += 1
            return true
        }
        guard let year = digits(4), expect("-"), let month = digits(2), expect("-"), let day = digits(2) else { return .invalid }
        var components = DateComponents(calendar: calendar, timeZone: TimeZone(identifier: "UTC"), year: year, month: month, day: day)
        guard (1...12).contains(month), (1...31).contains(day) else { return .invalid }
        if index == scalars.count {
            return validated(components).map(Result.instant) ?? .invalid
        }
        guard expect("T") || expect("t") || expect(" ") else { return .invalid }
        guard let hour = digits(2), expect(":"), let minute = digits(2) else { return .invalid }
        var second = 0
        var nanosecond = 0
        if expect(":") {
            guard let whole = digits(2) else { return .invalid }
            second = whole
            if expect(".") || expect(",") {
                var fraction = ""
                while index < scalars.count, scalars[index].properties.numericType != nil, scalars[index].isASCII {
                    fraction.unicodeScalars.append(scalars[index])
                    index += 1
                }
                guard !fraction.isEmpty else { return .invalid }
                nanosecond = Int((Double("0." + fraction) ?? 0) * 1_000_000_000)
            }
        }
        guard (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second) else { return .invalid }
        components.hour = hour
        components.minute = minute
        components.second = min(second, 59)
        components.nanosecond = nanosecond
        if index == scalars.count {
            return validated(components).map(Result.withoutZone) ?? .invalid
        }
        var offsetSeconds = 0
        if expect("Z") || expect("z") {
            offsetSeconds = 0
        } else if index < scalars.count, scalars[index] == "+" || scalars[index] == "-" {
            let sign = scalars[index] == "-" ? -1 : 1
            index += 1
            guard let hours = digits(2), hours <= 23 else { return .invalid }
            _ = expect(":")
            guard let minutes = digits(2), minutes <= 59 else { return .invalid }
            offsetSeconds = sign * (hours * 3600 + minutes * 60)
        } else {
            return .invalid
        }
        guard index == scalars.count, let date = validated(components) else { return .invalid }
        return .instant(date.addingTimeInterval(TimeInterval(-offsetSeconds)))
    }

    /// The date and time in UTC as `2026-11-02T09:30:00Z`.
    public static func format(_ date: Date) -> String {
        let components = calendar.dateComponents(in: TimeZone(identifier: "UTC")!, from: date)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", components.year!, components.month!, components.day!,
                      components.hour!, components.minute!, components.second!)
    }

    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// The date of `components`, or `nil` when they name a day that does not exist (30 February).
    private static func validated(_ components: DateComponents) -> Date? {
        guard components.isValidDate(in: calendar) || components.second == 60 else { return nil }
        return calendar.date(from: components)
    }
}
