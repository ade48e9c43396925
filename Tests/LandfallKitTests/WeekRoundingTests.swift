@testable import LandfallKit
import Testing

@Suite("One rounding rule for weeks: to the nearest whole week, a half week up, at both ends of a range")
struct WeekRoundingTests {
    @Test("15, 15.5 and 16 days are 3 weeks; 17.5, 20 and 20.5 are 4; 22.5 is 5; at least one week", arguments: [
        (15.0, 3), (15.5, 3), (16.0, 3), (17.4, 3), (17.5, 4), (20.0, 4), (20.5, 4), (22.5, 5), (0.0, 1), (2.4, 1), (2.5, 1), (7.5, 2),
    ])
    func boundaries(days: Double, weeks: Int) {
        #expect(TimelinePlanner.weeks(days, week: 5) == weeks)
    }
}

@Suite("Shares a page shows: never complete while records fail, never nothing while some do")
struct ShareFormatTests {
    @Test("to a tenth of a percent, but 99.9 % short of all and < 0.1 % above none", arguments: [
        (1.0, "100 %"), (0.0, "0 %"), (0.5, "50 %"), (0.12345, "12.3 %"), (0.9996, "99.9 %"), (9_990.0 / 10_000, "99.9 %"), (0.00004, "< 0.1 %"),
        (0.0005, "0.1 %"),
    ])
    func shares(share: Double, text: String) {
        #expect(Format.percent(share) == text)
    }
}
