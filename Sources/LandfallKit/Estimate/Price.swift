import Foundation

/// The rule-based price: line items that each name their rule and figures, the total, and how
/// long it holds; or no price when the migration is too large to quote by rule.
public struct Price: Equatable, Sendable, Encodable {
    /// One line of the price.
    public struct LineItem: Equatable, Sendable, Encodable {
        /// The rule behind the line, such as `pricing.tiers[2]`.
        public var rule: String
        /// What it is for, with the figures.
        public var description: String
        /// The amount, in whole currency units.
        public var amount: Int
    }

    /// ISO 4217 code.
    public var currency: String
    /// The sum of the line items, or `nil` when scoped individually.
    public var total: Int?
    /// The lines, in order.
    public var lineItems: [LineItem]
    /// True when the migration is too large for a rule-based price.
    public var scopedIndividually: Bool
    /// Why there is no price, when there is none.
    public var reason: String?
    /// The factor applied for the overall grade.
    public var complexityFactor: Double
    /// The quote's date, `YYYY-MM-DD`.
    public var asOf: String
    /// The last day the price holds, `YYYY-MM-DD`.
    public var validUntil: String
    /// The total is rounded up to a multiple of this.
    public var roundUpTo: Int

    /// The rule of the line that rounds the total up.
    static let roundingRule = "pricing.round_up_to"
    /// The rules of the complexity line start so.
    static let complexityRulePrefix = "pricing.complexity_factor."
}

/// Prices an account by the pricing rules.
struct Pricer {
    let rules: PricingRules
    let facts: AccountFacts
    let overallGrade: String
    let asOf: Date

    func price() -> Price {
        let records = facts.records
        let factor = rules.complexityFactor[overallGrade] ?? 1
        let validUntil = Calendar.utc.date(byAdding: .day, value: rules.validityDays, to: asOf) ?? asOf
        var price = Price(currency: rules.currency, total: nil, lineItems: [], scopedIndividually: false, reason: nil, complexityFactor: factor,
                          asOf: Calendar.day(asOf), validUntil: Calendar.day(validUntil), roundUpTo: rules.roundUpTo)
        guard records <= rules.scopedIndividuallyAbove else {
            price.scopedIndividually = true
            price.reason = "\(Format.count(records)) records is more than the \(Format.count(rules.scopedIndividuallyAbove)) a rule-based price covers (pricing.scoped_individually_above): this migration is scoped individually after discovery."
            return price
        }
        var items: [Price.LineItem] = []
        if let index = rules.tiers.firstIndex(where: { records <= $0.upTo }) {
            let tier = rules.tiers[index]
            let lower = index == 0 ? 0 : rules.tiers[index - 1].upTo + 1
            items.append(.init(rule: "pricing.tiers[\(index)]", description: "Migration of \(Format.count(records)) records (tier \(Format.count(lower))–\(Format.count(tier.upTo)) records, fixed price)", amount: tier.price))
        }
        let gigabytes = facts.value(.attachmentGB)
        if gigabytes > rules.attachmentIncludedGB {
            let steps = Int(((gigabytes - rules.attachmentIncludedGB) / rules.attachmentStepGB).rounded(.up))
            items.append(.init(rule: "pricing.add_ons.attachment_volume", description: "Attachment volume: \(Format.tenths(gigabytes)) GB, \(Format.number(rules.attachmentIncludedGB)) GB included; \(steps) × \(Format.number(rules.attachmentStepGB)) GB beyond at \(Format.count(rules.attachmentPricePerStep))", amount: steps * rules.attachmentPricePerStep))
        }
        let platforms = facts.reviewPlatforms
        if platforms > 1 {
            items.append(.init(rule: "pricing.add_ons.extra_review_platform", description: "Review platforms: \(platforms), \(platforms - 1) beyond the first at \(Format.count(rules.extraReviewPlatformPrice)) each", amount: (platforms - 1) * rules.extraReviewPlatformPrice))
        }
        let articles = facts.manifest.counts[.knowledgeBaseArticles]
        if articles > 0 {
            let steps = (articles + rules.knowledgeBaseStepArticles - 1) / rules.knowledgeBaseStepArticles
            items.append(.init(rule: "pricing.add_ons.knowledge_base", description: "Knowledge base: \(Format.count(articles)) articles (\(Format.count(rules.knowledgeBasePrice)), plus \(steps) × \(Format.count(rules.knowledgeBaseStepArticles)) articles at \(Format.count(rules.knowledgeBasePricePerStep)))", amount: rules.knowledgeBasePrice + steps * rules.knowledgeBasePricePerStep))
        }
        if facts.manifest.source.exportMethod == .screenScrape {
            items.append(.init(rule: "pricing.add_ons.screen_scrape_export", description: "Screen-scraped export, with the customer's consent", amount: rules.screenScrapePrice))
        }
        let unmatched = facts.unmatchedUsers
        if unmatched > 0 {
            let word = facts.family?.personWord ?? "user"
            items.append(.init(rule: "pricing.add_ons.owner_reconciliation", description: "Owner reconciliation: \(Format.count(unmatched)) \(unmatched == 1 ? "person" : "people") with no destination \(word) yet, at \(Format.count(rules.ownerReconciliationPricePerPerson)) each", amount: unmatched * rules.ownerReconciliationPricePerPerson))
        }
        items.append(.init(rule: "pricing.add_ons.delta_run", description: "Delta run at cutover", amount: rules.deltaRunPrice))
        let subtotal = items.reduce(0) { $0 + $1.amount }
        if factor != 1 {
            let extra = Int((Double(subtotal) * (factor - 1)).rounded())
            items.append(.init(rule: Price.complexityRulePrefix + overallGrade, description: "Complexity factor \(Format.number(factor)) for overall grade \(overallGrade), on \(Format.count(subtotal))", amount: extra))
        }
        let beforeRounding = items.reduce(0) { $0 + $1.amount }
        let rounded = (beforeRounding + rules.roundUpTo - 1) / rules.roundUpTo * rules.roundUpTo
        if rounded != beforeRounding {
            items.append(.init(rule: Price.roundingRule, description: "Rounded up to a multiple of \(Format.count(rules.roundUpTo))", amount: rounded - beforeRounding))
        }
        price.lineItems = items
        price.total = rounded
        return price
    }
}

extension Calendar {
    /// The Gregorian calendar in UTC, for dates on documents.
    static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// `YYYY-MM-DD` in UTC, in the Gregorian calendar carried back before 1582 (ISO 8601).
    static func day(_ date: Date) -> String {
        DayNumber(date).text
    }
}

extension Price {
    /// The line items as the buyer reads them: the rounding is no line of its own but part of the
    /// complexity line (or, without one, of the line before it), so the lines still add up to the total.
    var clientLines: [LineItem] {
        guard let rounding = lineItems.firstIndex(where: { $0.rule == Self.roundingRule }) else { return lineItems }
        var lines = lineItems
        let amount = lines.remove(at: rounding).amount
        guard let target = lines.lastIndex(where: { $0.rule.hasPrefix(Self.complexityRulePrefix) }) ?? lines.indices.last else { return lineItems }
        lines[target].amount += amount
        lines[target].description += " (the total rounded up to a multiple of \(Format.count(roundUpTo)))"
        return lines
    }
}
