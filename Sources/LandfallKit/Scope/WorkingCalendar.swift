import Foundation

/// Working days from a project's start: Monday to Friday, holidays skipped.
///
/// Days are counted as whole numbers (days since 1970-01-01), so that a long holidays list costs
/// a set lookup a day and no calendar arithmetic.
public struct WorkingCalendar: Sendable, Equatable {
    /// The first day of the project (moved to the next working day when it is not one).
    public let start: Date
    /// Days off, as day numbers.
    private let daysOff: Set<Int>

    /// A calendar starting on `start` (midnight UTC), with `holidays` (`YYYY-MM-DD`) off; a text
    /// that is no date is left out.
    public init(start: Date, holidays: Set<String> = []) {
        self.init(start: start, daysOff: Set(holidays.compactMap(DayNumber.init(text:)).map(\.value)))
    }

    init(start: Date, daysOff: Set<Int>) {
        self.daysOff = daysOff
        var day = DayNumber(start).value
        while !Self.isWorkingDay(day, daysOff: daysOff) { day += 1 }
        self.start = DayNumber(value: day).date
    }

    /// Days off, `YYYY-MM-DD`.
    public var holidays: Set<String> {
        Set(daysOff.map { DayNumber(value: $0).text })
    }

    /// The holidays on weekdays from the start to `last`, in order: the days a plan up to
    /// `last` skips.
    public func holidays(through last: Date) -> [String] {
        let first = DayNumber(start).value
        let end = DayNumber(last).value
        return daysOff.filter { $0 >= first && $0 <= end && !Self.isWeekend($0) }.sorted().map { DayNumber(value: $0).text }
    }

    /// The day the `count`-th working day falls on, the start being the first; a fraction of a
    /// day takes the whole day.
    public func day(_ count: Double) -> Date {
        day(max(1, Int(count.rounded(.up))) - 1, after: start)
    }

    /// The working day `count` working days after `date`.
    public func day(_ count: Int, after date: Date) -> Date {
        var remaining = count
        var day = DayNumber(date).value
        while remaining > 0 {
            day += 1
            if Self.isWorkingDay(day, daysOff: daysOff) { remaining -= 1 }
        }
        return DayNumber(value: day).date
    }

    private static func isWeekend(_ day: Int) -> Bool {
        // 1970-01-01 was a Thursday: with Sunday as 0, day 0 is weekday 4.
        let weekday = ((day % 7) + 7 + 4) % 7
        return weekday == 0 || weekday == 6
    }

    private static func isWorkingDay(_ day: Int, daysOff: Set<Int>) -> Bool {
        !isWeekend(day) && !daysOff.contains(day)
    }
}

/// The lines of a holidays file, numbered as a text editor numbers them: a line ends at a line
/// feed, a carriage return (with the line feed after it, one break), a vertical tab or form
/// feed, U+0085, U+2028 or U+2029.
enum HolidayLines {
    /// Calls `body` with each line's number and bytes until it returns false.
    static func each(in bytes: [UInt8], _ body: (Int, ArraySlice<UInt8>) -> Bool) {
        var number = 1
        var start = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            var breakLength = 0
            switch byte {
            case 0x0A, 0x0B, 0x0C: breakLength = 1
            case 0x0D: breakLength = index + 1 < bytes.count && bytes[index + 1] == 0x0A ? 2 : 1
            case 0xC2 where index + 1 < bytes.count && bytes[index + 1] == 0x85: breakLength = 2
            case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9): breakLength = 3
            default: break
            }
            if breakLength > 0 {
                guard body(number, bytes[start..<index]) else { return }
                number += 1
                index += breakLength
                start = index
            } else {
                index += 1
            }
        }
        _ = body(number, bytes[start..<bytes.count])
    }
}

/// A day of the Gregorian calendar as the number of days since 1970-01-01, with the arithmetic
/// from and to `YYYY-MM-DD` done by hand (Howard Hinnant's days-from-civil).
struct DayNumber: Equatable, Comparable {
    /// Days since 1970-01-01.
    let value: Int

    /// 9999-12-31: the last day a four-digit year writes, and the last any date may be.
    static let latest = DayNumber(value: 2_932_896)
    /// 0001-01-01, the first.
    static let earliest = DayNumber(value: -719_162)

    static func < (lhs: DayNumber, rhs: DayNumber) -> Bool {
        lhs.value < rhs.value
    }

    /// Whether the day is one a date of four digits writes (0001-01-01 to 9999-12-31).
    var isWritable: Bool {
        self >= Self.earliest && self <= Self.latest
    }

    init(value: Int) {
        self.value = value
    }

    /// The day `date` falls on, in UTC.
    init(_ date: Date) {
        value = Int((date.timeIntervalSince1970 / 86_400).rounded(.down))
    }

    /// `YYYY-MM-DD` (years 0001 to 9999), when it names a real day.
    init?(text: some StringProtocol) {
        self.init(bytes: Array(text.utf8)[...])
    }

    /// `YYYY-MM-DD` as UTF-8 bytes.
    init?(bytes slice: ArraySlice<UInt8>) {
        let bytes = Array(slice)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var result = 0
            for byte in bytes[range] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                result = result * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return result
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              year >= 1, (1...12).contains(month), day >= 1, day <= Self.days(inMonth: month, of: year)
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// Day `day` of `month` of `year` on the proleptic Gregorian calendar, which the caller
    /// has checked names a real day.
    init(year: Int, month: Int, day: Int) {
        let shifted = month <= 2 ? year - 1 : year
        let era = (shifted >= 0 ? shifted : shifted - 399) / 400
        let yearOfEra = shifted - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        value = era * 146_097 + dayOfEra - 719_468
    }

    /// The day's year, month and day (Howard Hinnant's civil-from-days).
    var civil: (year: Int, month: Int, day: Int) {
        let shifted = value + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Midnight UTC of the day.
    var date: Date {
        Date(timeIntervalSince1970: Double(value) * 86_400)
    }

    /// `YYYY-MM-DD`.
    var text: String {
        let (year, month, day) = civil
        func padded(_ number: Int, _ width: Int) -> String {
            let digits = String(number)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(padded(year, 4))-\(padded(month, 2))-\(padded(day, 2))"
    }

    /// How many days `month` of `year` has.
    static func days(inMonth month: Int, of year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

/// `--start` and `--holidays`: when the project starts and which days are off.
public enum ProjectStart {
    /// The calendar, or a finding: a start that is no date is a usage error (64); a holidays file
    /// that cannot be read (66) or holds a line that is no date (65) names the file and the place.
    ///
    /// - Parameter holidaysFile: a text file with one `YYYY-MM-DD` a line, optionally followed by
    ///   a name; blank lines and lines starting with `#` are skipped.
    public static func calendar(start: String, holidaysFile: String?) -> Result<WorkingCalendar, InputFailure> {
        guard let date = day(start) else {
            return .failure(InputFailure(Diagnostic(.error, at: SourceLocation(file: "--start"), "\"\(start)\" is not a date such as 2027-01-11"), status: .usage))
        }
        guard let holidaysFile else { return .success(WorkingCalendar(start: date)) }
        let input: InputFile
        do {
            input = try InputFile(path: holidaysFile)
        } catch {
            return .failure(error)
        }
        var daysOff: Set<Int> = []
        var failure: InputFailure?
        HolidayLines.each(in: input.bytes) { number, line in
            var leading = 0
            while leading < line.count, line[line.startIndex + leading] == 0x20 || line[line.startIndex + leading] == 0x09 { leading += 1 }
            let content = line.dropFirst(leading)
            if content.isEmpty || content.first == UInt8(ascii: "#") { return true }
            let word = content.prefix { $0 != 0x20 && $0 != 0x09 }
            guard let holiday = DayNumber(bytes: word) else {
                let text = String(decoding: word, as: UTF8.self)
                let location = SourceLocation(file: holidaysFile, line: number, column: leading + 1)
                failure = InputFailure(Diagnostic(.error, at: location, "\"\(text)\" is not a date such as 2026-12-25; each line holds one date, optionally followed by its name"),
                                       status: .dataError)
                return false
            }
            daysOff.insert(holiday.value)
            return true
        }
        if let failure { return .failure(failure) }
        return .success(WorkingCalendar(start: date, daysOff: daysOff))
    }

    /// `YYYY-MM-DD` as midnight UTC, when it is a real day (years 0001 to 9999).
    static func day(_ text: String) -> Date? {
        DayNumber(text: text)?.date
    }
}
