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
