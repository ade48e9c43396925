import Foundation
@testable import LandfallKit
import LandfallTestSupport
import Testing

@Suite("One calendar: sign-off windows inside the plan, no milestone after its end, the final payment at acceptance")
struct OneCalendarTests {
    /// Both samples, with the destination users the demo matches them against.
    static let samples = [("northwind-salesforce.json", "destination-users/northwind.csv"), ("harbor-intercom.yaml", "destination-users/harbor-pine.json")]

    private func dated(_ manifest: String, users: String, start: String) throws -> (Estimate, StatementOfWork, WorkingCalendar) {
        guard case .success(let calendar) = ProjectStart.calendar(start: start, holidaysFile: nil) else { throw CancellationError() }
        guard case .success(let estimated) = EstimateRun(estimator: Fixtures.estimator).run(
            path: Fixtures.sample(manifest), destination: nil, unmatchedUsers: nil, usersFile: { _ in Fixtures.sample(users) }, fieldMapPath: nil,
            asOf: Fixtures.asOf)
        else { throw CancellationError() }
        let document = ScopeDocument(estimate: estimated.estimate, rules: Fixtures.rules, calendar: calendar)
        return (estimated.estimate, document.statementOfWork, calendar)
    }

    @Test("every milestone and payment date lies within the plan's range", arguments: samples)
    func withinThePlan(manifest: String, users: String) throws {
        let (estimate, work, calendar) = try dated(manifest, users: users, start: "2027-01-04")
        let optimisticEnd = Calendar.day(calendar.day(estimate.timeline.daysLow))
        let latestEnd = Calendar.day(calendar.day(estimate.timeline.daysHigh))
        #expect(work.milestones.count == estimate.timeline.phases.count)
        for milestone in work.milestones {
            #expect(milestone.targetDate <= optimisticEnd, "\(milestone.name) ends after the optimistic plan")
            #expect(milestone.latestDate <= latestEnd, "\(milestone.name) ends after the cautious plan")
            #expect(milestone.targetDate <= milestone.latestDate)
        }
        let dates = Dictionary(uniqueKeysWithValues: work.milestones.map { ($0.phase, $0) })
        // The sandbox's sign-off comes before the production load, at both ends of the range.
        let signOff = try #require(dates["rehearsal_sign_off"])
        let production = try #require(dates["production"])
        #expect(signOff.latestDate < production.latestDate && signOff.targetDate < production.targetDate)
        // Acceptance is the plan's last day, and the final payment falls due on it.
        #expect(dates["acceptance"]?.latestDate == latestEnd)
        #expect(work.payments.last?.due == "acceptance")
        #expect(work.payments.last?.latestDate == latestEnd)
        #expect(work.payments.last?.targetDate == optimisticEnd)
    }

    @Test("the Northwind sample from 2027-01-04: the dated plan, phase by phase")
    func northwindDates() throws {
        let (estimate, work, _) = try dated("northwind-salesforce.json", users: "destination-users/northwind.csv", start: "2027-01-04")
        #expect((estimate.timeline.daysLow, estimate.timeline.daysHigh) == (15.5, 27))
        #expect((estimate.timeline.weeksLow, estimate.timeline.weeksHigh) == (3, 5))
        #expect(work.milestones.map { "\($0.phase) \($0.targetDate) \($0.latestDate)" } == [
            "discovery 2027-01-05 2027-01-06", "setup 2027-01-08 2027-01-12", "export_transform 2027-01-13 2027-01-18",
            "owner_reconciliation 2027-01-15 2027-01-21", "sandbox 2027-01-19 2027-01-26", "rehearsal_sign_off 2027-01-20 2027-01-29",
            "production 2027-01-21 2027-02-03", "cutover 2027-01-25 2027-02-09", "acceptance 2027-01-25 2027-02-09",
        ])
        #expect(work.payments.map { "\($0.dueWhen) \($0.amount ?? 0) \($0.latestDate ?? "-")" } == ["at signature 5025 -", "on Production acceptance 5025 2027-02-09"])
    }

    @Test("a window within a phase is its last days; one after a phase holds up the next")
    func windowPlaces() throws {
        let (estimate, _, _) = try dated("harbor-intercom.yaml", users: "destination-users/harbor-pine.json", start: "2027-01-04")
        let phases = Dictionary(uniqueKeysWithValues: estimate.timeline.phases.map { ($0.id, $0) })
        let sandbox = try #require(phases["sandbox"]), signOff = try #require(phases["rehearsal_sign_off"])
        let production = try #require(phases["production"]), cutover = try #require(phases["cutover"]), acceptance = try #require(phases["acceptance"])
        #expect((signOff.startLow, signOff.startHigh) == (sandbox.end.low, sandbox.end.high))
        #expect((production.startLow, production.startHigh) == (signOff.end.low, signOff.end.high))
        #expect(acceptance.end == cutover.end)
        #expect((acceptance.daysLow, acceptance.daysHigh) == (1, 3))
        #expect(estimate.timeline.daysHigh == cutover.end.high)
    }
}

@Suite("The quote's number and version")
struct QuoteNumberTests {
    private func document(start: String?, terms: (inout TermsRules) -> Void = { _ in }) throws -> ScopeDocument {
        let calendar: WorkingCalendar? = try start.map { start in
            guard case .success(let calendar) = ProjectStart.calendar(start: start, holidaysFile: nil) else { throw CancellationError() }
            return calendar
        }
        var rules = Fixtures.rules
        terms(&rules.terms)
        let estimate = try Fixtures.estimator.estimate(Fixtures.manifest(), destination: nil, unmatchedUsers: 3, asOf: Fixtures.asOf)
        return ScopeDocument(estimate: estimate, rules: rules, calendar: calendar)
    }

    @Test("one price and scope carry one number whatever the start; the version tells the copies apart")
    func stableNumber() throws {
        let undated = try document(start: nil), january = try document(start: "2027-01-04"), march = try document(start: "2027-03-01")
        #expect(undated.quote.number == january.quote.number && january.quote.number == march.quote.number)
        #expect(Set([undated.quote.version, january.quote.version, march.quote.version]).count == 3)
        #expect(undated.quote.number.hasPrefix("LF-20261121-") && undated.quote.number.count == 20)
        #expect(undated.quote.version.count == 8)
    }

    @Test("an edit of the terms changes the version, and the number with it, since the terms are part of the price")
    func editedTerms() throws {
        let standard = try document(start: nil)
        let edited = try document(start: nil) { $0.changeRequestHourlyRate = 175 }
        #expect(standard.quote.version != edited.quote.version)
        #expect(standard.quote.number != edited.quote.number)
    }
}
