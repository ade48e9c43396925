import Foundation
@testable import LandfallKit
import LandfallTestSupport
import Testing

@Suite("The statement of work's terms come from Rules/terms.yaml")
struct ContractTermsTests {
    private func scope(_ manifest: String, users: String, rules: Rules = Fixtures.rules) throws -> String {
        guard case .success(let calendar) = ProjectStart.calendar(start: "2027-01-04", holidaysFile: nil),
              case .success(let estimated) = EstimateRun(estimator: Fixtures.estimator).run(
                  path: Fixtures.sample(manifest), destination: nil, unmatchedUsers: nil, usersFile: { _ in Fixtures.sample(users) }, fieldMapPath: nil,
                  asOf: Fixtures.asOf)
        else { throw CancellationError() }
        let renderer = DocumentRenderer(templates: Fixtures.templates, rules: rules)
        let files = try renderer.render(.scope, estimated.estimate, reading: estimated.reading, users: nil, calendar: calendar, formats: [.md]).files
        return try #require(files.first?.text)
    }

    @Test("both samples' client scope carries every clause a signer looks for", arguments: OneCalendarTests.samples)
    func everyClause(manifest: String, users: String) throws {
        let markdown = try scope(manifest, users: users)
        for heading in ["### Payment", "### Milestones", "### Cutover", "### Hypercare", "### Who does what", "### On the customer's side", "### Personal data",
                        "### Confidentiality", "### Warranty", "### Limitation of liability", "### Termination", "### Governing law"] {
            #expect(markdown.contains("\n\(heading)\n"), "\(manifest): no \(heading)")
        }
        #expect(markdown.contains("payable within 30 calendar days of the invoice's date"))
        #expect(markdown.contains("Agents stop writing in Thread for 1 working day while the delta run loads"))
        #expect(markdown.contains("- **Go/no-go.** Before the freeze, both project leads hold a go/no-go call"))
        #expect(markdown.contains("counts as accepted when its window lapses"))
        #expect(markdown.contains("| Landfall Migration Services | Project lead | | Runs the plan"))
        #expect(markdown.contains("Within thirty days of production acceptance every copy is destroyed"))
    }

    @Test("Intercom's costs carry the vendor's list price, its page and the day it was read; hypercare ends on a date")
    func intercomCosts() throws {
        let markdown = try scope("harbor-intercom.yaml", users: "destination-users/harbor-pine.json")
        #expect(markdown.contains("| A full Intercom seat for every agent who works the migrated conversations and tickets | USD 39 a seat a month on the Essential plan (Advanced 99, Expert 139) (list price) | Read on 2026-12-05 at https://www.intercom.com/help/en/articles/8205716-seats |"))
        #expect(markdown.contains("| Fin AI Agent resolutions, if Fin is to answer migrated customers | USD 0.99 a resolution (list price) |"))
        #expect(markdown.contains("Rebuilding what cannot be migrated takes the customer's admin about "))
        #expect(markdown.firstMatch(of: /until \d{4}-\d{2}-\d{2} at the latest/) != nil)
    }

    @Test("an edited clause is what the document says")
    func editedClause() throws {
        var rules = Fixtures.rules
        rules.terms.contract.clauses[4].text = "This statement of work is governed by the laws of Ireland."
        rules.terms.contract.invoices.netDays = 14
        let markdown = try scope("northwind-salesforce.json", users: "destination-users/northwind.csv", rules: rules)
        #expect(markdown.contains("### Governing law\n\nThis statement of work is governed by the laws of Ireland.\n"))
        #expect(markdown.contains("payable within 14 calendar days"))
    }
}

@Suite("Bad terms: each a finding at its place in terms.yaml")
struct ContractTermsErrorTests {
    private func broken(_ original: String, _ replacement: String) -> (RulesLoading, MarkedText, String) {
        let folder = TemporaryFolder()
        let (copy, marks, path) = folder.copy(folder: Fixtures.rulesDirectory, as: "rules", in: "terms.yaml", replacing: original, with: replacement)
        return withExtendedLifetime(folder) { (RulesLoader.load(directory: copy), marks, path) }
    }

    @Test("a list price without its source and day, a cost with neither price nor reason, a bad day, an unknown destination")
    func costs() {
        let (unsourced, _, path) = broken("      source: https://www.intercom.com/help/en/articles/8205716-seats\n      read: \"2026-12-05\"\n", "")
        #expect(unsourced.rules == nil)
        #expect(unsourced.diagnostics.map(\.description).contains { $0.hasPrefix("\(path):") && $0.contains("error: a list price needs the vendor's page it was read on (source) and the day (read) [customer_costs.intercom[0]]") })
        let (unpriced, _, _) = broken("      no_list_price: Salesforce publishes no list price for a Full sandbox; its account executive quotes it.\n", "")
        #expect(unpriced.diagnostics.map(\.message) == ["expected either list_price (with source and read) or no_list_price (why no figure is given)"])
        let (badDay, dayMarks, dayPath) = broken("      read: \"2026-12-05\"\n    - when: always\n      item: Fin", "      read: ‸\"2026-13-05\"\n    - when: always\n      item: Fin")
        #expect(badDay.diagnostics.map(\.description) == [
            "\(dayPath):\(dayMarks.position.line):\(dayMarks.position.column): error: \"2026-13-05\" is not a date such as 2026-12-05 [customer_costs.intercom[0].read]",
        ])
        let (unknown, unknownMarks, unknownPath) = broken("  intercom:\n    - when: always", "  ‸intercomm:\n    - when: always")
        #expect(unknown.diagnostics.map(\.description) == [
            "\(unknownPath):\(unknownMarks.position.line):\(unknownMarks.position.column): error: \"intercomm\" is no destination the timeline plans for; did you mean \"intercom\"? [customer_costs.intercomm]",
        ])
    }

    @Test("a role of neither party, a missing clause text")
    func rolesAndClauses() {
        let (party, marks, path) = broken("  - { party: issuer, role: Project lead,", "  - { party: ‸vendor, role: Project lead,")
        #expect(party.diagnostics.map(\.description) == [
            "\(path):\(marks.position.line):\(marks.position.column): error: unknown party \"vendor\"; expected one of issuer, customer [roles[0].party]",
        ])
        let (clause, _, _) = broken("  - title: Governing law\n    text: >-", "  - title: Governing law\n    txt: >-")
        #expect(clause.rules == nil)
        #expect(clause.diagnostics.contains { $0.message.contains("\"text\"") })
    }
}
