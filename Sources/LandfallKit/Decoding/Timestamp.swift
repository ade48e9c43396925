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
        var text = text
        return text.withUTF8 { parse(bytes: $0) }
    }

    /// Parses the UTF-8 `bytes` of a timestamp (whitespace around it ignored), in integer
    /// arithmetic on the proleptic Gregorian calendar.
    private static func parse(bytes: UnsafeBufferPointer<UInt8>) -> Result {
        var start = 0
        var end = bytes.count
        while start < end, isSpace(bytes[start]) { start += 1 }
        while end > start, isSpace(bytes[end - 1]) { end -= 1 }
        var index = start
        func digits(_ count: Int) -> Int? {
            guard index + count <= end else { return nil }
            var value = 0
            for at in index..<(index + count) {
                let byte = bytes[at]
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            index += count
            return value
        }
        func expect(_ character: UInt8) -> Bool {
            guard index < end, bytes[index] == character else { return false }
            index += 1
            return true
        }
        guard let year = digits(4), expect(0x2D), let month = digits(2), expect(0x2D), let day = digits(2) else { return .invalid }
        guard (1...12).contains(month), (1...DayNumber.days(inMonth: month, of: year)).contains(day) else { return .invalid }
        let midnight = Double(DayNumber(year: year, month: month, day: day).value * 86_400)
        if index == end { return .instant(Date(timeIntervalSince1970: midnight)) }
        guard expect(UInt8(ascii: "T")) || expect(UInt8(ascii: "t")) || expect(0x20) else { return .invalid }
        guard let hour = digits(2), expect(0x3A), let minute = digits(2) else { return .invalid }
        var second = 0
        var fraction = 0.0
        if expect(0x3A) {
            guard let whole = digits(2) else { return .invalid }
            second = whole
            if expect(UInt8(ascii: ".")) || expect(UInt8(ascii: ",")) {
                let first = index
                while index < end, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
                guard index > first else { return .invalid }
                fraction = Double("0." + String(decoding: UnsafeBufferPointer(rebasing: bytes[first..<index]), as: UTF8.self)) ?? 0
            }
        }
        guard (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second) else { return .invalid }
        let time = midnight + Double(hour * 3600 + minute * 60 + min(second, 59)) + fraction
        if index == end { return .withoutZone(Date(timeIntervalSince1970: time)) }
        var offsetSeconds = 0
        if expect(UInt8(ascii: "Z")) || expect(UInt8(ascii: "z")) {
            offsetSeconds = 0
        } else if index < end, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
            let sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
            index += 1
            guard let hours = digits(2), hours <= 23 else { return .invalid }
            _ = expect(0x3A)
            guard let minutes = digits(2), minutes <= 59 else { return .invalid }
            offsetSeconds = sign * (hours * 3600 + minutes * 60)
        } else {
            return .invalid
        }
        guard index == end else { return .invalid }
        return .instant(Date(timeIntervalSince1970: time - Double(offsetSeconds)))
    }

    /// The date and time in UTC as `2026-11-02T09:30:00Z` (the second rounded down).
    public static func format(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let day = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let (year, month, dayOfMonth) = DayNumber(value: day).civil
        let time = seconds - day * 86_400
        var bytes: [UInt8] = []
        bytes.reserveCapacity(20)
        func append(_ value: Int, width: Int) {
            if value < 0 { bytes.append(UInt8(ascii: "-")) }
            let text = String(abs(value))
            for _ in text.count..<max(width, text.count) { bytes.append(0x30) }
            bytes.append(contentsOf: text.utf8)
        }
        append(year, width: 4)
        bytes.append(0x2D)
        append(month, width: 2)
        bytes.append(0x2D)
        append(dayOfMonth, width: 2)
        bytes.append(UInt8(ascii: "T"))
        append(time / 3600, width: 2)
        bytes.append(0x3A)
        append(time / 60 % 60, width: 2)
        bytes.append(0x3A)
        append(time % 60, width: 2)
        bytes.append(UInt8(ascii: "Z"))
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}
