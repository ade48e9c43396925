import Foundation

/// The date a document is dated: `--as-of`, else `SOURCE_DATE_EPOCH`, else today (UTC), always
/// taken at midnight UTC so that the same inputs give the same bytes all day.
public enum QuoteDate {
    /// Resolves the date.
    ///
    /// - Parameters:
    ///   - asOf: the `--as-of` value: `YYYY-MM-DD` or an ISO 8601 date and time.
    ///   - environment: the process environment (for `SOURCE_DATE_EPOCH`).
    ///   - now: the clock's time, used when neither is given.
    /// - Returns: the date, or a message naming the bad value.
    public static func resolve(asOf: String?, environment: [String: String], now: Date) -> Result<Date, QuoteDateError> {
        if let asOf {
            switch Timestamp.parse(asOf) {
            case .instant(let date), .withoutZone(let date):
                // An instant with an offset may fall on the day before 0001-01-01.
                guard DayNumber(date).isWritable else { return .failure(QuoteDateError(message: "--as-of \"\(asOf)\" falls before 0001-01-01")) }
                return .success(midnight(date))
            case .invalid: return .failure(QuoteDateError(message: "--as-of \"\(asOf)\" is not a date such as 2026-11-21"))
            }
        }
        if let epoch = environment["SOURCE_DATE_EPOCH"], !epoch.isEmpty {
            guard let seconds = Int64(epoch.trimmingWhitespace()) else {
                return .failure(QuoteDateError(message: "SOURCE_DATE_EPOCH \"\(epoch)\" is not a whole number of seconds"))
            }
            let date = Date(timeIntervalSince1970: TimeInterval(seconds))
            guard DayNumber(date).isWritable else {
                return .failure(QuoteDateError(message: "SOURCE_DATE_EPOCH \"\(epoch)\" falls outside 0001-01-01 to 9999-12-31, the dates a document writes"))
            }
            return .success(midnight(date))
        }
        return .success(midnight(now))
    }

    private static func midnight(_ date: Date) -> Date {
        Calendar.utc.startOfDay(for: date)
    }
}

/// A `--as-of` or `SOURCE_DATE_EPOCH` value that is not a date.
public struct QuoteDateError: Error, Equatable, Sendable {
    /// What is wrong.
    public var message: String
}
