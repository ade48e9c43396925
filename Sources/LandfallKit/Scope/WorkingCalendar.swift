import Foundation

/// Working days from a project's start: Monday to Friday, holidays skipped.
public struct WorkingCalendar: Sendable, Equatable {
    /// The first day of the project (moved to the next working day when it is not one).
    public let start: Date
    /// Days off, `YYYY-MM-DD`.
    public let holidays: Set<String>

    /// A calendar starting on `start` (midnight UTC).
    public init(start: Date, holidays: Set<String> = []) {
        self.holidays = holidays
        var day = Calendar.utc.startOfDay(for: start)
        while !Self.isWorkingDay(day, holidays: holidays) { day = Self.next(day) }
        self.start = day
    }

    /// The day the `count`-th working day falls on, the start being the first; a fraction of a
    /// day takes the whole day.
    public func day(_ count: Double) -> Date {
        var remaining = max(1, Int(count.rounded(.up))) - 1
        var day = start
        while remaining > 0 {
            day = Self.next(day)
            if Self.isWorkingDay(day, holidays: holidays) { remaining -= 1 }
        }
        return day
    }

    /// The working day `count` working days after `date`.
    public func day(_ count: Int, after date: Date) -> Date {
        var remaining = count
        var day = date
        while remaining > 0 {
            day = Self.next(day)
            if Self.isWorkingDay(day, holidays: holidays) { remaining -= 1 }
        }
        return day
    }

    private static func next(_ day: Date) -> Date {
        Calendar.utc.date(byAdding: .day, value: 1, to: day)!
    }

    private static func isWorkingDay(_ day: Date, holidays: Set<String>) -> Bool {
        let weekday = Calendar.utc.component(.weekday, from: day)
        return weekday != 1 && weekday != 7 && !holidays.contains(Calendar.day(day))
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
        var holidays: Set<String> = []
        for (index, line) in input.text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let leading = line.prefix { $0 == " " || $0 == "\t" }.count
            let content = line.dropFirst(leading)
            if content.isEmpty || content.hasPrefix("#") { continue }
            let word = String(content.prefix { $0 != " " && $0 != "\t" })
            guard let holiday = day(word) else {
                let location = SourceLocation(file: holidaysFile, line: index + 1, column: leading + 1)
                return .failure(InputFailure(Diagnostic(.error, at: location, "\"\(word)\" is not a date such as 2026-12-25; each line holds one date, optionally followed by its name"),
                                             status: .dataError))
            }
            holidays.insert(Calendar.day(holiday))
        }
        return .success(WorkingCalendar(start: date, holidays: holidays))
    }

    /// `YYYY-MM-DD` as midnight UTC, when it is a real day.
    static func day(_ text: String) -> Date? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) })
        else { return nil }
        let components = DateComponents(year: year, month: month, day: day)
        guard let date = Calendar.utc.date(from: components),
              Calendar.utc.dateComponents([.year, .month, .day], from: date) == DateComponents(year: year, month: month, day: day)
        else { return nil }
        return date
    }
}
