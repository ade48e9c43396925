/// The rules that price a migration: record tiers, add-ons, a complexity factor and rounding.
public struct PricingRules: Equatable, Sendable {
    /// A flat price for migrations of up to `upTo` records.
    public struct Tier: Equatable, Sendable {
        /// The most records the tier covers.
        public var upTo: Int
        /// Its price.
        public var price: Int
    }

    /// The rules file's version.
    public var version: String
    /// ISO 4217 code, such as USD.
    public var currency: String
    /// Who issues the quote, as named on the scope document.
    public var issuer: String
    /// Days a quote stays valid.
    public var validityDays: Int
    /// Above this many records there is no price: the migration is scoped by hand.
    public var scopedIndividuallyAbove: Int
    /// The counts that make up "records".
    public var recordFigures: [CountKey]
    /// The tiers, ascending.
    public var tiers: [Tier]
    /// Attachment volume included, the step beyond it, and the price per started step.
    public var attachmentIncludedGB: Double
    /// Each started step of this many GB beyond the included volume costs `attachmentPricePerStep`.
    public var attachmentStepGB: Double
    /// Price of each started attachment step.
    public var attachmentPricePerStep: Int
    /// Price per review platform beyond the first.
    public var extraReviewPlatformPrice: Int
    /// Price of the delta run at cutover.
    public var deltaRunPrice: Int
    /// Knowledge-base base price, article step and price per started step.
    public var knowledgeBasePrice: Int
    /// Articles per knowledge-base step.
    public var knowledgeBaseStepArticles: Int
    /// Price of each started knowledge-base step.
    public var knowledgeBasePricePerStep: Int
    /// Extra price for a screen-scraped export.
    public var screenScrapePrice: Int
    /// Price per person with no destination user yet, whose records are reconciled to an owner.
    public var ownerReconciliationPricePerPerson: Int
    /// Factor on the subtotal by overall grade letter.
    public var complexityFactor: [String: Double]
    /// The total is rounded up to a multiple of this.
    public var roundUpTo: Int
}

extension PricingRules {
    static func decode(_ root: DataNode, decoder: NodeDecoder) -> PricingRules? {
        guard let fields = decoder.fields(root, .root) else { return nil }
        let money: (DataNode, KeyPath) -> Int? = { decoder.integer($0, $1, in: 0...1_000_000_000) }
        let version = fields.required("version", decoder.nonEmptyString)
        let currency = fields.required("currency") { node, path -> String? in
            guard let code = decoder.nonEmptyString(node, path) else { return nil }
            guard code.count == 3, code.allSatisfy({ $0.isASCII && $0.isUppercase }) else {
                decoder.error("expected a three-letter ISO 4217 currency code such as USD, found \(NodeDecoder.quoted(code))", at: node.position, path: path)
                return nil
            }
            return code
        }
        let issuer = fields.required("issuer", decoder.nonEmptyString)
        let validity = fields.required("validity_days") { decoder.integer($0, $1, in: 1...3650) }
        let above = fields.required("scoped_individually_above") { decoder.integer($0, $1, in: 1...Int(1e12)) }
        let figures: [CountKey]? = fields.required("record_figures") { decoder.list($0, $1) { decoder.oneOf($0, $1, "count") } }
        let tiers = fields.required("tiers") { node, path -> [Tier]? in
            let tiers = decoder.list(node, path) { element, elementPath -> Tier? in
                guard let fields = decoder.fields(element, elementPath) else { return nil }
                let upTo = fields.required("up_to") { decoder.integer($0, $1, in: 1...Int(1e12)) }
                let price = fields.required("price", money)
                fields.finish()
                guard let upTo, let price else { return nil }
                return Tier(upTo: upTo, price: price)
            }
            if let tiers, !zip(tiers, tiers.dropFirst()).allSatisfy({ $0.upTo < $1.upTo && $0.price <= $1.price }) {
                decoder.error("tiers must rise: each covers more records than the one before and costs no less", at: node.position, path: path)
                return nil
            }
            return tiers
        }
        var addOns: [String: [Double]] = [:]
        _ = fields.required("add_ons") { node, path -> Bool? in
            guard let fields = decoder.fields(node, path) else { return nil }
            let shapes: [(String, [String])] = [
                ("attachment_volume", ["included_gb", "step_gb", "price_per_step"]), ("extra_review_platform", ["price_each"]),
                ("delta_run", ["price"]), ("knowledge_base", ["price", "step_articles", "price_per_step"]), ("screen_scrape_export", ["price"]),
                ("owner_reconciliation", ["price_per_person"]),
            ]
            for (name, keys) in shapes {
                _ = fields.required(name) { node, path -> Bool? in
                    guard let fields = decoder.fields(node, path) else { return nil }
                    let values = keys.map { key in fields.required(key) { decoder.number($0, $1, in: (key.hasPrefix("step") ? 1 : 0)...1e12) } }
                    fields.finish()
                    if values.allSatisfy({ $0 != nil }) { addOns[name] = values.compactMap { $0 } }
                    return true
                }
            }
            fields.finish()
            return true
        }
        let factor = fields.required("complexity_factor") { node, path -> [String: Double]? in
            guard let fields = decoder.fields(node, path) else { return nil }
            var table: [String: Double] = [:]
            for letter in ["A", "B", "C", "D", "F"] {
                if let value = fields.required(letter, { decoder.number($0, $1, in: 0.1...10) }) { table[letter] = value }
            }
            fields.finish()
            return table.count == 5 ? table : nil
        }
        let round = fields.required("round_up_to") { decoder.integer($0, $1, in: 1...1_000_000) }
        fields.finish()
        guard let version, let currency, let issuer, let validity, let above, let figures, let tiers, let factor, let round, addOns.count == 6,
              let attachment = addOns["attachment_volume"], let review = addOns["extra_review_platform"], let delta = addOns["delta_run"],
              let knowledge = addOns["knowledge_base"], let scrape = addOns["screen_scrape_export"],
              let owners = addOns["owner_reconciliation"]
        else { return nil }
        if let last = tiers.last, last.upTo < above {
            decoder.error("the last tier covers \(last.upTo) records, fewer than scoped_individually_above (\(above)): some migrations would have no price",
                          at: decoder.position(of: "tiers"), path: "tiers")
            return nil
        }
        return PricingRules(version: version, currency: currency, issuer: issuer, validityDays: validity, scopedIndividuallyAbove: above, recordFigures: figures,
                            tiers: tiers, attachmentIncludedGB: attachment[0], attachmentStepGB: attachment[1],
                            attachmentPricePerStep: Int(attachment[2]), extraReviewPlatformPrice: Int(review[0]), deltaRunPrice: Int(delta[0]),
                            knowledgeBasePrice: Int(knowledge[0]), knowledgeBaseStepArticles: Int(knowledge[1]),
                            knowledgeBasePricePerStep: Int(knowledge[2]), screenScrapePrice: Int(scrape[0]),
                            ownerReconciliationPricePerPerson: Int(owners[0]), complexityFactor: factor,
                            roundUpTo: round)
    }
}
