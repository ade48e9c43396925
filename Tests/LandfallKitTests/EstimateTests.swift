import Foundation
@testable import LandfallKit
import LandfallTestSupport
import Testing

/// Estimates a manifest with the bundled catalog and rules on the fixed quote date.
func estimate(_ manifest: Manifest, to destination: String? = nil, unmatchedUsers: Int? = nil) throws -> Estimate {
    try Fixtures.estimator.estimate(manifest, destination: destination, unmatchedUsers: unmatchedUsers, asOf: Fixtures.asOf)
}

/// The letters of the five grades, in document order, then the overall one.
func letters(_ estimate: Estimate) -> [String] {
    Grading.Dimension.allCases.map { estimate.grading[$0].letter } + [estimate.grading.overall.letter]
}

@Suite("The published figures")
struct PublishedFiguresTests {
    @Test("Thread → Intercom, typical account: C, C, B, B, B, overall C (Moderate), 2–3 weeks")
    func intercomTypical() throws {
        let result = try estimate(Fixtures.manifest(), to: "intercom")
        #expect(letters(result) == ["C", "C", "B", "B", "B", "C"])
        #expect(result.grading.overall.label == "Moderate")
        #expect(result.compatibility.pair.oneToOne == 10)
        #expect(result.compatibility.pair.total == 10)
    }

    @Test("Thread → Salesforce Service Cloud, typical account: overall C, 3–5 weeks")
    func salesforceTypical() throws {
        let result = try estimate(Fixtures.manifest())
        #expect(result.grading.overall.letter == "C")
        #expect(result.grading.overall.label == "Moderate")
        #expect((result.timeline.weeksLow, result.timeline.weeksHigh) == (3, 5))
        #expect((result.compatibility.pair.oneToOne, result.compatibility.pair.oneToMany, result.compatibility.pair.lossy) == (6, 1, 3))
        #expect(result.compatibility.pair.mappingRequired == 4)
    }

    @Test("Thread publishes no API (its own help center, cited in the catalog): API constraints grade at best B, as both route pages have it; the bundled accounts of each pair grade B, overall C")
    func sourceWithoutAPI() throws {
        let thread = try #require(Fixtures.catalog.platform("thread"))
        #expect(thread.publicAPI == Platform.PublicAPI(available: false, source: "https://docs.getthread.com/article/qpft61ssjp-webhooks-apis-how-thread-talks-to-your-psa"))
        for (sample, destination) in [("northwind-salesforce.json", "salesforce-service-cloud"), ("harbor-intercom.yaml", "intercom")] {
            let manifest = try #require(Fixtures.manifestReader.read(path: Fixtures.sample(sample)).manifest)
            let result = try estimate(manifest, to: destination)
            #expect(result.grading[.apiConstraints].letter == "B", "\(sample)")
            #expect(result.grading[.apiConstraints].reasons == [
                "the load fits the destination's limits in 1 calendar day",
                "Thread publishes no API, so its data leaves only through an export: at least 1 point (source_without_api_min_points)",
                "1 point; B is up to 1 (grading.api_constraints.thresholds)",
            ], "\(sample)")
            #expect(result.grading.overall.letter == "C", "\(sample)")
        }
    }

    @Test("Intercom under 5,000 conversations and 2,000 reviews: 2–3 weeks")
    func intercomSmall() throws {
        for manifest in [Fixtures.manifestReader.read(path: Fixtures.sample("harbor-intercom.yaml")).manifest!, Fixtures.manifest()] {
            let result = try estimate(manifest, to: "intercom")
            #expect((result.timeline.weeksLow, result.timeline.weeksHigh) == (2, 3))
        }
    }

    @Test("Intercom with over 10,000 reviews with responses, three review platforms, or a knowledge base: 5–8 weeks")
    func intercomComplex() throws {
        let small = Fixtures.manifestReader.read(path: Fixtures.sample("harbor-intercom.yaml")).manifest!
        var manyReviews = small
        manyReviews.counts[.reviews] = 10_500
        manyReviews.counts[.reviewResponses] = 10_200
        manyReviews.reviewSources = nil
        var threePlatforms = small
        threePlatforms.reviewSources?.append(ReviewSource(platform: "trustpilot", count: 200))
        var knowledgeBase = small
        knowledgeBase.counts[.knowledgeBaseArticles] = 120
        for manifest in [manyReviews, threePlatforms, knowledgeBase] {
            let result = try estimate(manifest)
            #expect((result.timeline.weeksLow, result.timeline.weeksHigh) == (5, 8))
            #expect(result.timeline.phases.flatMap(\.drivers).contains { $0.contains("timeline.intercom.drivers.complex_reviews") })
        }
    }
}

@Suite("Estimates react to the account")
struct EstimateReactionTests {
    @Test("a screen-scraped export lowers API constraints and adds time and an add-on")
    func screenScrape() throws {
        let base = try estimate(Fixtures.manifest(), to: "intercom")
        var manifest = Fixtures.manifest()
        manifest.source.exportMethod = .screenScrape
        let scraped = try estimate(manifest, to: "intercom")
        #expect(base.grading[.apiConstraints].letter == "B")
        #expect(scraped.grading[.apiConstraints].letter == "D")
        #expect(scraped.grading[.apiConstraints].reasons.first == "the export is screen-scraped: +2 (screen_scrape_points)")
        #expect(scraped.timeline.daysLow == base.timeline.daysLow + 3)
        #expect(scraped.timeline.daysHigh == base.timeline.daysHigh + 5)
        #expect(scraped.price.lineItems.contains { $0.rule == "pricing.add_ons.screen_scrape_export" && $0.amount == 2000 })
    }

    @Test("unmatched users add owner-reconciliation time")
    func unmatchedUsers() throws {
        let base = try estimate(Fixtures.manifest(), unmatchedUsers: 0)
        let twelve = try estimate(Fixtures.manifest(), unmatchedUsers: 12)
        let phase = { (estimate: Estimate) in estimate.timeline.phases.first { $0.id == "owner_reconciliation" }! }
        #expect(phase(base).daysLow == 1)
        #expect(phase(twelve).daysLow == 2.5)
        #expect(phase(twelve).daysHigh == 5)
        #expect(phase(twelve).drivers.last == "+1.5–3 days for unmatched_users 12: 3 × 5 beyond 0 (timeline.salesforce-service-cloud.drivers.unmatched_users)")
    }

    @Test("custom properties without an equivalent, over-long tags and template variables lower field-mapping clarity")
    func fieldMapping() throws {
        var manifest = Fixtures.manifest()
        let base = try estimate(manifest, to: "intercom")
        #expect(base.grading[.fieldMappingClarity].points == 5)
        #expect(base.grading[.fieldMappingClarity].reasons.contains("2 template variables have no destination equivalent (\"star_rating\", \"ticket_id\"): +2 (per_variable_without_equivalent)"))
        manifest.customProperties?.append(contentsOf: [
            CustomProperty(key: "devices", type: .multiPicklist), CustomProperty(key: "homepage", type: .url),
        ])
        manifest.tags?.append(Tag(name: String(repeating: "x", count: 300)))
        manifest.responseTemplates?[2].body = "Closing {{ticket_subject}} for {{agent_name}}, {{customer_first_name}}."
        let worse = try estimate(manifest, to: "intercom")
        #expect(worse.grading[.fieldMappingClarity].points == 5 + 1 + 0.5 + 0.5 + 2)
        #expect(worse.grading[.fieldMappingClarity].letter == "D")
    }

    @Test("volume beyond the rate lowers API constraints and data-volume sensitivity")
    func volume() throws {
        var manifest = Fixtures.manifest()
        manifest.counts[.messages] = 1_500_000
        let result = try estimate(manifest, to: "intercom")
        #expect(result.loadPlan.calendarDays == 1)
        #expect(result.grading[.apiConstraints].letter == "C")
        #expect(result.grading[.apiConstraints].reasons == ["1,594,416 requests sent one record at a time, over 500,000: +2 (record_by_record_requests_points)",
                                                            "Thread publishes no API, so its data leaves only through an export: at least 1 point (source_without_api_min_points)",
                                                            "2 points; C is up to 2 (grading.api_constraints.thresholds)"])
        #expect(result.grading[.dataVolumeSensitivity].letter == "D")
    }

    @Test("an account with nothing but users")
    func onlyUsers() throws {
        var manifest = Fixtures.manifest()
        for key in CountKey.allCases { manifest.counts[key] = 0 }
        manifest.counts[.users] = 6
        manifest.tags = nil
        manifest.responseTemplates = nil
        manifest.customProperties = nil
        manifest.reviewSources = nil
        let result = try estimate(manifest, to: "intercom")
        // API constraints stay at B: the source publishes no API, however light the load.
        #expect(letters(result) == ["A", "A", "B", "B", "A", "A"])
        #expect(result.compatibility.account.total == 1)
        // Teammates are invited by hand: Intercom's API creates none.
        #expect(result.loadPlan.totalRequests == 0)
        #expect(result.price.total == 3250)
        #expect(result.price.lineItems.map(\.rule) == ["pricing.tiers[0]", "pricing.add_ons.delta_run"])
    }

    @Test("all counts zero")
    func allZero() throws {
        var manifest = Fixtures.manifest()
        for key in CountKey.allCases { manifest.counts[key] = 0 }
        manifest.reviewSources = nil
        let result = try estimate(manifest)
        #expect(result.facts.records == 0)
        #expect(result.compatibility.account.total == 0)
        #expect(result.loadPlan.totalRequests == 0)
        #expect(result.loadPlan.calendarDays == 0)
        #expect((result.timeline.weeksLow, result.timeline.weeksHigh) == (3, 5))
        #expect(result.price.total == 3250)
    }
}

@Suite("Price")
struct PriceTests {
    /// A manifest with exactly `records` records, all of them tickets.
    private func manifest(records: Int) -> Manifest {
        var manifest = Fixtures.manifest()
        for key in CountKey.allCases { manifest.counts[key] = 0 }
        manifest.counts[.tickets] = records
        manifest.reviewSources = nil
        return manifest
    }

    @Test("the typical Salesforce account, line by line")
    func typicalLines() throws {
        let price = try estimate(Fixtures.manifest()).price
        #expect(price.currency == "USD")
        #expect(price.lineItems.map(\.rule) == [
            "pricing.tiers[2]", "pricing.add_ons.attachment_volume", "pricing.add_ons.extra_review_platform", "pricing.add_ons.delta_run",
            "pricing.complexity_factor.C", "pricing.round_up_to",
        ])
        #expect(price.lineItems.map(\.amount) == [7500, 300, 400, 750, 895, 5])
        #expect(price.lineItems[0].description == "Migration of 106,894 records (tier 50,001–150,000 records, fixed price)")
        #expect(price.total == 9850)
        #expect(price.total == price.lineItems.reduce(0) { $0 + $1.amount })
        #expect(price.asOf == "2026-11-21")
        #expect(price.validUntil == "2026-12-21")
        #expect(!price.scopedIndividually)
    }

    @Test("2,000,000 records have a price; 2,000,001 are scoped individually")
    func boundary() throws {
        let at = try estimate(manifest(records: 2_000_000)).price
        #expect(at.scopedIndividually == false)
        #expect(at.lineItems.first?.rule == "pricing.tiers[5]")
        #expect(at.total != nil)
        let over = try estimate(manifest(records: 2_000_001)).price
        #expect(over.scopedIndividually == true)
        #expect(over.total == nil)
        #expect(over.lineItems == [])
        #expect(over.reason == "2,000,001 records is more than the 2,000,000 a rule-based price covers (pricing.scoped_individually_above): this migration is scoped individually after discovery.")
    }
}

@Suite("More records never make a migration look easier")
struct MonotonicityTests {
    private static let ranges: [CountKey: Int] = [
        .reviews: 40_000, .reviewResponses: 30_000, .tickets: 600_000, .conversations: 80_000, .messages: 900_000, .users: 300, .teams: 30,
        .tags: 400, .customProperties: 40, .attachments: 150_000, .attachmentBytes: 600_000_000_000, .responseTemplates: 200,
        .automations: 100, .integrations: 10, .knowledgeBaseArticles: 900, .companies: 3_000, .contacts: 60_000,
    ]

    @Test("price, timeline and grades over generated manifests", arguments: ["salesforce-service-cloud", "intercom"])
    func monotone(destination: String) throws {
        var random = SeededRandom(seed: destination == "intercom" ? 7 : 11)
        for _ in 0..<150 {
            var smaller = Fixtures.manifest()
            for key in CountKey.allCases where !key.isBreakdown {
                smaller.counts[key] = random.below(3) == 0 ? 0 : random.below(Self.ranges[key]! + 1)
            }
            smaller.source.exportMethod = random.below(4) == 0 ? .screenScrape : .adminPanel
            var larger = smaller
            for key in CountKey.allCases where !key.isBreakdown && random.below(2) == 0 {
                larger.counts[key] += random.below(Self.ranges[key]! + 1)
            }
            let small = try estimate(smaller, to: destination, unmatchedUsers: 2)
            let large = try estimate(larger, to: destination, unmatchedUsers: 2)
            let context = "\(smaller.counts) → \(larger.counts)"
            #expect(large.timeline.daysLow >= small.timeline.daysLow, "\(context)")
            #expect(large.timeline.daysHigh >= small.timeline.daysHigh, "\(context)")
            #expect(large.timeline.weeksHigh >= small.timeline.weeksHigh, "\(context)")
            for (a, b) in zip(letters(small), letters(large)) {
                #expect(rank(b) >= rank(a), "grade improved from \(a) to \(b): \(context)")
            }
            switch (small.price.total, large.price.total) {
            case (let a?, let b?): #expect(b >= a, "\(context)")
            case (nil, let b): #expect(b == nil, "price appeared for a larger account: \(context)")
            case (_?, nil): break
            }
        }
    }

    private func rank(_ letter: String) -> Int {
        ["A", "B", "C", "D", "F"].firstIndex(of: letter)!
    }
}

@Suite("landfall estimate")
struct EstimateCommandTests {
    private func run(_ path: String, to destination: String? = nil, format: TerminalFormat, unmatched: Int? = nil) -> CommandOutput {
        EstimateCommand(manifestPath: path, destination: destination, format: format, asOf: Fixtures.asOf, unmatchedUsers: unmatched,
                        colour: false, estimator: Fixtures.estimator).run()
    }

    @Test("the text summary (golden)")
    func text() {
        let output = run(Fixtures.sample("northwind-salesforce.json"), format: .text)
        #expect(output.status == .ok)
        #expect(output.standardError == "")
        #expect(Golden.mismatch(output.standardOutput, "estimate-northwind-salesforce.txt") == nil)
        let intercom = run(Fixtures.sample("harbor-intercom.yaml"), format: .text)
        #expect(Golden.mismatch(intercom.standardOutput, "estimate-harbor-intercom.txt") == nil)
    }

    @Test("the JSON (golden), with every documented key")
    func json() throws {
        let output = run(Fixtures.sample("northwind-salesforce.json"), format: .json)
        #expect(Golden.mismatch(output.standardOutput, "estimate-northwind-salesforce.json") == nil)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.standardOutput.utf8)) as? [String: Any])
        let compatibility = try #require(object["compatibility"] as? [String: Any])
        #expect(compatibility["one_to_one"] as? Int == 6)
        #expect(compatibility["total"] as? Int == 10)
        let grades = try #require(object["grades"] as? [String: String])
        #expect(Set(grades.keys) == ["object_compatibility", "field_mapping_clarity", "timeline_complexity", "api_constraints", "data_volume_sensitivity", "overall"])
        #expect((object["grades_reasons"] as? [String: [String]])?.count == 6)
        #expect((object["grades_explained"] as? [String: [String]])?.count == 6)
        let matching = try #require(object["user_matching"] as? [String: Any])
        #expect(matching["method"] as? String == "not_done")
        let timeline = try #require(object["timeline"] as? [String: Any])
        #expect(timeline["weeks_low"] as? Int == 3)
        #expect(timeline["weeks_high"] as? Int == 5)
        // The seven approach steps, with the customer's two sign-off windows where the terms place them.
        #expect((timeline["phases"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [
            "discovery", "setup", "export_transform", "owner_reconciliation", "sandbox", "rehearsal_sign_off", "production", "cutover", "acceptance",
        ])
        #expect(object["load_plan"] is [String: Any])
        let price = try #require(object["price"] as? [String: Any])
        #expect(price["currency"] as? String == "USD")
        #expect(price["total"] as? Int == 9850)
        #expect((price["line_items"] as? [Any])?.count == 6)
        #expect(price["scoped_individually"] as? Bool == false)
        #expect(price["valid_until"] as? String == "2026-12-21")
    }

    @Test("the same input and date give the same bytes")
    func deterministic() {
        let first = run(Fixtures.sample("harbor-intercom.yaml"), format: .json)
        let second = run(Fixtures.sample("harbor-intercom.yaml"), format: .json)
        #expect(first.standardOutput == second.standardOutput)
        #expect(!first.standardOutput.isEmpty)
    }

    @Test("an unknown --to is a usage error")
    func unknownDestination() {
        let output = run(Fixtures.sample("harbor-intercom.yaml"), to: "zendesk", format: .text)
        #expect(output.status == .usage)
        #expect(output.standardError == "landfall: error: the catalog has no migration from thread to zendesk; known destinations: intercom, salesforce-service-cloud\n")
    }

    @Test("an invalid manifest is reported, exit 65")
    func invalidManifest() {
        let folder = TemporaryFolder()
        let path = folder.write("bad.json", ManifestText.with("\"reviews\": 10", "\"reviews\": -1"))
        let output = run(path, format: .text)
        #expect(output.status == .dataError)
        #expect(output.standardOutput == "")
        #expect(output.standardError == "\(path):7:16: error: must not be negative, found -1 [counts.reviews]\n")
    }

    @Test("--to another destination fills in what the manifest leaves out, and says so")
    func otherDestination() throws {
        let manifest = Fixtures.manifestReader.read(path: Fixtures.sample("harbor-intercom.yaml")).manifest!
        let result = try estimate(manifest, to: "salesforce-service-cloud")
        #expect(result.facts.destinationSystem.edition == .enterprise)
        #expect(result.facts.destinationSystem.licenses == 4)
        #expect(result.facts.assumptions.prefix(2) == [
            "The Salesforce edition is not given; Enterprise is assumed.",
            "The number of Salesforce licences is not given; 4, one per active agent, is assumed.",
        ])
    }
}

@Suite("The quote date")
struct QuoteDateTests {
    @Test("--as-of wins, then SOURCE_DATE_EPOCH, then the clock; always midnight UTC")
    func resolution() throws {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(try QuoteDate.resolve(asOf: "2026-11-21", environment: ["SOURCE_DATE_EPOCH": "0"], now: now).get() == Fixtures.asOf)
        #expect(try QuoteDate.resolve(asOf: nil, environment: ["SOURCE_DATE_EPOCH": "1795250000"], now: now).get() == Fixtures.asOf)
        #expect(try QuoteDate.resolve(asOf: nil, environment: [:], now: Date(timeIntervalSince1970: 1_795_219_200 + 86_399)).get() == Fixtures.asOf)
    }

    @Test("bad values name themselves")
    func invalid() {
        #expect(QuoteDate.resolve(asOf: "21/11/2026", environment: [:], now: Date()) == .failure(QuoteDateError(message: "--as-of \"21/11/2026\" is not a date such as 2026-11-21")))
        #expect(QuoteDate.resolve(asOf: nil, environment: ["SOURCE_DATE_EPOCH": "soon"], now: Date()) == .failure(QuoteDateError(message: "SOURCE_DATE_EPOCH \"soon\" is not a whole number of seconds")))
    }
}

@Suite("The load plan follows the destinations' APIs, figure by figure")
struct LoadPlanArithmeticTests {
    @Test("Northwind to Salesforce: Bulk API 2.0 jobs sized by their CSV, one multipart call a file")
    func salesforce() throws {
        let plan = try estimate(Fixtures.manifestReader.read(path: Fixtures.sample("northwind-salesforce.json")).manifest!).loadPlan
        // Jobs carry at most 100 MB of CSV: messages 51,877 × 4 KB = 207.5 MB → 3 jobs; the other
        // bulk objects fit one job each (reviews 1,840 × 2 KB, tickets 38,214 × 2 KB = 76.4 MB,
        // responses 1,512 × 2 KB). A job costs 9 requests. Companies 140 × 1 KB and contacts
        // 1,860 × 1 KB load first, a job each. The 4,120 conversations make no Case of their own:
        // they are fewer than the tickets and reviews they belong to, so none is assumed to stand alone.
        #expect(plan.lines.map(\.object) == ["user", "team", "company", "contact", "review", "ticket", "review_response", "message", "attachment", "response_template"])
        #expect(plan.lines.map(\.destination) == ["User", "Queue", "Account", "Contact", "Case", "Case", "EmailMessage", "EmailMessage", "ContentVersion", "EmailTemplate"])
        #expect(plan.lines.map(\.operation) == ["match", "setup", "upsert", "upsert", "upsert", "upsert", "insert", "insert", "insert", nil])
        #expect(plan.lines.map(\.method) == ["rest", "rest", "bulk", "bulk", "bulk", "bulk", "bulk", "bulk", "file", "rest"])
        #expect(plan.lines.compactMap(\.jobs) == [1, 1, 1, 1, 1, 3])
        #expect(plan.lines.compactMap(\.csvMB) == [0.1, 1.9, 3.7, 76.4, 3, 207.5])
        #expect(plan.lines.map(\.requests) == [6, 3, 9, 9, 9, 9, 9, 27, 7_310, 3])
        #expect(plan.totalRequests == 6 + 3 + 5 * 9 + 27 + 7_310 + 3)
        #expect(plan.recordByRecordRequests == 6 + 3 + 7_310 + 3)
        // 9,663.7 MB of files at 10 MB/s = 16.1 min; 7,322 one-by-one requests at 1,500 a minute
        // = 4.9 min; 95,443 bulk records at 10,000 a minute = 9.5 min: 30.5 min in all.
        #expect(plan.hoursAtLimit == 0.5)
        #expect(plan.calendarDays == 1)
        #expect(plan.dailyAllowance == 89_600)
        #expect(!plan.dailyAllowanceExceeded)
        #expect(!plan.warnings.contains { $0.id == "file_storage" })
    }

    @Test("Salesforce file storage: more files than the edition and licences hold is a warning")
    func fileStorage() throws {
        var manifest = Fixtures.manifestReader.read(path: Fixtures.sample("northwind-salesforce.json")).manifest!
        manifest.counts[.attachmentBytes] = 40_000_000_000
        let warning = try #require(try estimate(manifest).loadPlan.warnings.first { $0.id == "file_storage" })
        #expect(warning.message == "The files need 40 GB of file storage; an Enterprise org with 12 licences has about 34 GB: buy more storage before the load, or leave older files behind.")
    }

    @Test("Harbor to Intercom: a request a record and part, attachments riding on their part, at the workspace's own limit")
    func intercom() throws {
        let plan = try estimate(Fixtures.manifestReader.read(path: Fixtures.sample("harbor-intercom.yaml")).manifest!).loadPlan
        #expect(plan.lines.map(\.object) == ["custom_property", "company", "contact", "review", "review_response", "ticket", "ticket", "message",
                                             "tag", "tag_application"])
        // The 3,180 conversations are each the message chain of a ticket or review (fewer than
        // those), so they make no conversation of their own; their 21,940 messages are replies.
        // Every ticket is created submitted, then its state is set by a second request (without a
        // survey the states are not counted, so every ticket is planned for one).
        // 3 + 62 + 744 × 2 (create, attach) + 1,460 × 2 + 1,105 + 2,875 + 2,875 + 21,940 + 6
        // + (940 + 611 + 188 + 440 + 1,020 + 12)
        #expect(plan.lines.map(\.destination)[5...6] == ["Ticket", "Ticket state, set by a second request"])
        #expect(plan.totalRequests == 36_485)
        #expect(plan.ratePerMinute == 500)
        // 36,485 / (500 × 0.8) / 60 = 1.52 h, plus 1,288.5 MB of files at 10 MB/s = 0.04 h.
        #expect(plan.hoursAtLimit == 1.6)
        #expect(plan.settings.first == "Ticket creation and every reply and note send skip_notifications: true, so no one is notified of what the load writes.")
        #expect(plan.warnings.map(\.id) == ["rate_limit"])
        #expect(plan.warnings[0].message == "The workspace is set to 500 requests a minute, below the 10,000 a minute Intercom documents for one private app: the plan uses 500; confirm the workspace's limit before the load.")
    }
}

@Suite("Review-heavy Intercom accounts hold the published 5–8 weeks")
struct ReviewHeavyBandTests {
    /// Harbor & Pine (the small Intercom sample) made review-heavy by `change`.
    private func weeks(_ change: (inout Manifest) -> Void) throws -> (Int, Int) {
        var manifest = Fixtures.manifestReader.read(path: Fixtures.sample("harbor-intercom.yaml")).manifest!
        change(&manifest)
        let timeline = try estimate(manifest).timeline
        return (timeline.weeksLow, timeline.weeksHigh)
    }

    @Test("from just over each threshold to twice it, the plan stays 5–8 weeks", arguments: [10_001, 12_500, 15_000, 17_500, 20_000])
    func responses(count: Int) throws {
        let band = try weeks {
            $0.counts[.reviews] = count + 300
            $0.counts[.reviewResponses] = count
            $0.reviewSources = nil
        }
        #expect(band == (5, 8), "\(count) review responses: \(band)")
    }

    @Test("three to six review platforms", arguments: [3, 4, 5, 6])
    func platforms(count: Int) throws {
        let band = try weeks { manifest in
            let extra = ["trustpilot", "g2", "yelp", "facebook"].prefix(count - 2).map { ReviewSource(platform: $0, count: 100) }
            manifest.reviewSources = (manifest.reviewSources ?? []).prefix(2) + extra
            manifest.counts[.reviews] = manifest.reviewSources!.reduce(0) { $0 + $1.count }
        }
        #expect(band == (5, 8), "\(count) platforms: \(band)")
    }

    @Test("a knowledge base of any size up to 2,000 articles", arguments: [1, 120, 2_000])
    func knowledgeBase(count: Int) throws {
        #expect(try weeks { $0.counts[.knowledgeBaseArticles] = count } == (5, 8))
    }

    @Test("more volume than twice the thresholds may lengthen the plan, never shorten it")
    func beyond() throws {
        var previous = 0
        for count in stride(from: 20_000, through: 200_000, by: 20_000) {
            let high = try weeks {
                $0.counts[.reviews] = count + 300
                $0.counts[.reviewResponses] = count
            }.1
            #expect(high >= 8 && high >= previous, "\(count): \(high) weeks after \(previous)")
            previous = high
        }
    }
}

@Suite("The MSP's end customers: client companies and their contacts")
struct CustomerTests {
    @Test("a manifest without customer counts stays valid, says what is not planned, and plans none")
    func olderManifest() throws {
        let text = ManifestText.base.replacingOccurrences(of: #",\s*"companies": 2, "contacts": 3"#, with: "", options: .regularExpression)
        let (reading, _, file) = ManifestText.read(text)
        #expect(reading.status == .ok)
        #expect(reading.diagnostics.map(\.description) == [
            "\(file):6:13: warning: counts.companies and counts.contacts are not given: the customers' companies and contacts are taken as 0, so they are neither planned nor priced [counts]",
        ])
        let result = try estimate(try #require(reading.manifest))
        #expect(result.facts.assumptions.contains("The manifest does not count the customers' companies and contacts: they are neither planned nor priced here."))
        #expect(!result.loadPlan.lines.contains { $0.object == "company" || $0.object == "contact" })
    }

    @Test("companies and contacts are in both maps and load before the records that point at them")
    func maps() throws {
        for (destination, objects) in [("salesforce-service-cloud", ["account", "contact"]), ("intercom", ["company", "contact"])] {
            let pair = try #require(Fixtures.catalog.pair(source: "thread", destination: destination))
            #expect(pair.customerMappings.map(\.sourceObject) == ["company", "contact"])
            #expect(pair.customerMappings.flatMap(\.destinationObjects) == objects)
            let customers = try #require(pair.loadPosition(of: "contact"))
            for record in ["review", "ticket", "conversation"] {
                #expect(customers < (pair.loadPosition(of: record) ?? 0), "\(destination): contacts load after \(record)")
            }
        }
    }

    @Test("the published object map stays: customers are mapped apart from the help desk's ten objects")
    func publishedMap() throws {
        let result = try estimate(Fixtures.manifest())
        #expect((result.compatibility.pair.total, result.compatibility.pair.oneToOne) == (10, 6))
        #expect((result.compatibility.account.total, result.compatibility.account.oneToOne) == (10, 6))
        let document = ScopeDocument(estimate: result, rules: Fixtures.rules)
        #expect(document.objectMap.map(\.object).prefix(6) == ["user", "team", "tag", "custom_property", "company", "contact"])
    }
}

@Suite("The optional list of client companies")
struct CompanyListTests {
    @Test("read with the counts it must agree with; duplicate ids and sums that disagree are findings")
    func companies() throws {
        let list = #""companies": [ { "id": "c1", "name": "Bayside Dental", "domain": "bayside.example", "contacts": 2 }, { "id": "c2", "name": "Marlow LLP", "contacts": 1 } ],"#
        let (reading, _, _) = ManifestText.read(ManifestText.base.replacingOccurrences(of: "\"users\": [", with: list + "\n  \"users\": ["))
        #expect(reading.diagnostics.isEmpty, "\(reading.diagnostics)")
        #expect(reading.manifest?.companies?.map(\.name) == ["Bayside Dental", "Marlow LLP"])
        let broken = list.replacingOccurrences(of: "\"id\": \"c2\"", with: "\"id\": \"c1\"").replacingOccurrences(of: "\"contacts\": 1", with: "\"contacts\": 5")
        let (bad, _, _) = ManifestText.read(ManifestText.base.replacingOccurrences(of: "\"users\": [", with: broken + "\n  \"users\": ["))
        #expect(bad.diagnostics.map(\.message).sorted() == [
            "companies add up to 7 contacts but counts.contacts is 3",
            "duplicate company id \"c1\": already used by companies[0] (line 12)",
        ])
    }
}
