import Foundation
@testable import LandfallKit
import Testing

@Suite("Timestamps: ISO 8601 read and written in UTC, day for day with Foundation's calendar")
struct TimestampTests {
    @Test("every form the exports use reads as the same instant; a day that does not exist, a bad hour or zone, and stray text do not")
    func forms() {
        let instant = Date(timeIntervalSince1970: 1_772_443_800)  // 2026-03-02T09:30:00Z
        for text in ["2026-03-02T09:30:00Z", " 2026-03-02t09:30:00z ", "2026-03-02 09:30Z", "2026-03-02T11:30:00+02:00", "2026-03-02T04:00:00-0530"] {
            #expect(Timestamp.parse(text) == .instant(instant), "\(text)")
        }
        #expect(Timestamp.parse("2026-03-02T09:30:00") == .withoutZone(instant))
        #expect(Timestamp.parse("2026-03-02") == .instant(Date(timeIntervalSince1970: 1_772_409_600)))
        #expect(Timestamp.parse("2026-03-02T09:30:00.250Z") == .instant(instant.addingTimeInterval(0.25)))
        #expect(Timestamp.parse("2026-03-02T09:30:00,5Z") == .instant(instant.addingTimeInterval(0.5)))
        #expect(Timestamp.parse("2024-02-29") != .invalid)
        for text in ["2023-02-29", "2026-04-31", "2026-13-01", "2026-03-02T24:00:00Z", "2026-03-02T09:60Z", "2026-03-02T09:30:00+24:00", "2026-03-02T09:30:00.Z",
                     "2026-03-02T09:30:00Zx", "2026-03-02X09:30", "26-03-02", "2026-03-０2", ""] {
            #expect(Timestamp.parse(text) == .invalid, "\(text)")
        }
    }

    /// Foundation's calendar turns Julian before October 1582; ISO 8601 (and Landfall) stay
    /// Gregorian, so the two are compared from 1583 on.
    @Test("written as Foundation's Gregorian calendar in UTC writes it, from 1583 to 9999, before and after 1970")
    func sameAsCalendar() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var state: UInt64 = 20_261_205
        for _ in 0..<20_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let seconds = Double(Int64(bitPattern: state >> 1) % (253_402_300_799 + 12_212_553_600)) - 12_212_553_600
            let date = Date(timeIntervalSince1970: seconds.rounded(.down))
            let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
            let expected = String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", parts.year!, parts.month!, parts.day!, parts.hour!, parts.minute!, parts.second!)
            #expect(Timestamp.format(date) == expected)
            #expect(Timestamp.parse(expected) == .instant(date), "\(expected)")
        }
    }
}
