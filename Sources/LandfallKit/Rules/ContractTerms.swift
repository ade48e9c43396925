/// The clauses that make the quote a statement of work a buyer can sign, from `terms.yaml`:
/// invoices, the cutover and its decisions, hypercare, who does what, reporting and escalation,
/// personal data, the legal clauses, and the costs the plan puts on the customer with the
/// vendors' list prices. The business edits the wording; the figures the plan dates are numbers.
public struct ContractTerms: Equatable, Sendable {
    /// When an invoice is payable, and what it adds to the price.
    public struct Invoices: Equatable, Sendable {
        /// Calendar days from an invoice's date to its due date.
        public var netDays: Int
        /// How taxes are charged.
        public var taxes: String
        /// How expenses are handled.
        public var expenses: String
    }

    /// The cutover: the write freeze, the go/no-go call and the rollback decision.
    public struct Cutover: Equatable, Sendable {
        /// Working days agents stop writing in the source while the delta run loads.
        public var writeFreezeWorkingDays: Int
        /// How the go/no-go decision is taken.
        public var goNoGo: String
        /// How a rollback is decided and carried out.
        public var rollback: String
    }

    /// The support after the delta run.
    public struct Hypercare: Equatable, Sendable {
        /// Working days it lasts after production acceptance.
        public var workingDaysAfterAcceptance: Int
        /// What it covers.
        public var covers: [String]
        /// What it does not.
        public var excludes: [String]
    }

    /// Which side a role is on.
    public enum Party: String, Equatable, Sendable, CaseIterable, Encodable {
        /// Whoever issues the quote.
        case issuer
        /// The customer.
        case customer
    }

    /// A named role of the project.
    public struct Role: Equatable, Sendable, Encodable {
        /// Its side.
        public var party: Party
        /// Its name, such as `Project lead`.
        public var role: String
        /// What it does.
        public var duties: String
    }

    /// A clause with a heading of its own.
    public struct Clause: Equatable, Sendable, Encodable {
        /// Its heading.
        public var title: String
        /// Its text.
        public var text: String
    }

    /// When a cost falls on the customer.
    public enum CostCondition: String, Equatable, Sendable, CaseIterable {
        /// In every migration to the destination.
        case always
        /// When the Salesforce org has no Service Cloud licence, or it is not known.
        case serviceCloudUnlicensed = "service_cloud_unlicensed"
        /// When the Salesforce edition comes without a Full sandbox.
        case fullSandboxNotIncluded = "full_sandbox_not_included"
    }

    /// A vendor's list price.
    public struct ListPrice: Equatable, Sendable, Encodable {
        /// The amount.
        public var amount: Double
        /// Its currency.
        public var currency: String
        /// What it is the price of: `seat a month on the Essential plan`.
        public var per: String
    }

    /// A cost the plan puts on the customer, outside the price.
    public struct CustomerCost: Equatable, Sendable {
        /// When it applies.
        public var when: CostCondition
        /// What the customer buys.
        public var item: String
        /// The vendor's list price, when it publishes one.
        public var listPrice: ListPrice?
        /// Why no figure is given, when none is.
        public var noListPrice: String?
        /// The vendor's page the price was read on.
        public var source: String?
        /// The day it was read, `YYYY-MM-DD`.
        public var read: String?
    }

    /// Invoices, taxes and expenses.
    public var invoices: Invoices
    /// The cutover.
    public var cutover: Cutover
    /// Hypercare.
    public var hypercare: Hypercare
    /// The roles, issuer's first as the file lists them.
    public var roles: [Role]
    /// How progress is reported.
    public var reporting: String
    /// The escalation path, step by step.
    public var escalation: [String]
    /// How the export's personal data is handled.
    public var personalData: String
    /// The legal clauses, in order.
    public var clauses: [Clause]
    /// The customer's costs by destination platform id.
    public var customerCosts: [String: [CustomerCost]]
}

extension ContractTerms {
    /// Reads the clauses from `terms.yaml`'s `fields`; `destinations` are the platform ids the
    /// customer's costs may be listed under (any, when the timeline could not be read).
    static func decode(_ fields: FieldReader, decoder: NodeDecoder, destinations: Set<String>?) -> ContractTerms? {
        let invoices = fields.required("invoices") { node, path -> Invoices? in
            guard let fields = decoder.fields(node, path) else { return nil }
            let net = fields.required("net_days") { decoder.integer($0, $1, in: 0...365) }
            let taxes = fields.required("taxes", decoder.nonEmptyString)
            let expenses = fields.required("expenses", decoder.nonEmptyString)
            fields.finish()
            guard let net, let taxes, let expenses else { return nil }
            return Invoices(netDays: net, taxes: taxes, expenses: expenses)
        }
        let cutover = fields.required("cutover") { node, path -> Cutover? in
            guard let fields = decoder.fields(node, path) else { return nil }
            let freeze = fields.required("write_freeze_working_days") { decoder.integer($0, $1, in: 1...60) }
            let goNoGo = fields.required("go_no_go", decoder.nonEmptyString)
            let rollback = fields.required("rollback", decoder.nonEmptyString)
            fields.finish()
            guard let freeze, let goNoGo, let rollback else { return nil }
            return Cutover(writeFreezeWorkingDays: freeze, goNoGo: goNoGo, rollback: rollback)
        }
        let hypercare = fields.required("hypercare") { node, path -> Hypercare? in
            guard let fields = decoder.fields(node, path) else { return nil }
            let days = fields.required("working_days_after_acceptance") { decoder.integer($0, $1, in: 0...260) }
            let covers = fields.required("covers") { decoder.list($0, $1, of: decoder.nonEmptyString) }
            let excludes = fields.required("excludes") { decoder.list($0, $1, of: decoder.nonEmptyString) }
            fields.finish()
            guard let days, let covers, let excludes else { return nil }
            return Hypercare(workingDaysAfterAcceptance: days, covers: covers, excludes: excludes)
        }
        let roles = fields.required("roles") { node, path in
            decoder.list(node, path) { element, path -> Role? in
                guard let fields = decoder.fields(element, path) else { return nil }
                let party: Party? = fields.required("party") { decoder.oneOf($0, $1, "party") }
                let role = fields.required("role", decoder.nonEmptyString)
                let duties = fields.required("duties", decoder.nonEmptyString)
                fields.finish()
                guard let party, let role, let duties else { return nil }
                return Role(party: party, role: role, duties: duties)
            }
        }
        let reporting = fields.required("reporting", decoder.nonEmptyString)
        let escalation = fields.required("escalation") { decoder.list($0, $1, of: decoder.nonEmptyString) }
        let personalData = fields.required("personal_data", decoder.nonEmptyString)
        let clauses = fields.required("clauses") { node, path in
            decoder.list(node, path) { element, path -> Clause? in
                guard let fields = decoder.fields(element, path) else { return nil }
                let title = fields.required("title", decoder.nonEmptyString)
                let text = fields.required("text", decoder.nonEmptyString)
                fields.finish()
                guard let title, let text else { return nil }
                return Clause(title: title, text: text)
            }
        }
        let costs = fields.required("customer_costs") { node, path -> [String: [CustomerCost]]? in
            guard let fields = decoder.fields(node, path) else { return nil }
            var costs: [String: [CustomerCost]] = [:]
            for destination in fields.unreadKeys {
                guard destinations?.contains(destination) != false else {
                    let keyPath = path.appending(destination)
                    decoder.error("\(NodeDecoder.quoted(destination)) is no destination the timeline plans for"
                                  + NameSuggestion.hint(for: destination, among: Array(destinations ?? [])), at: fields.keyPosition(of: destination), path: keyPath)
                    return nil
                }
                costs[destination] = fields.required(destination) { decoder.list($0, $1, of: customerCost(decoder)) }
            }
            return costs
        }
        guard let invoices, let cutover, let hypercare, let roles, let reporting, let escalation, let personalData, let clauses, let costs else { return nil }
        return ContractTerms(invoices: invoices, cutover: cutover, hypercare: hypercare, roles: roles, reporting: reporting, escalation: escalation,
                             personalData: personalData, clauses: clauses, customerCosts: costs)
    }

    /// One cost: `{ when, item, list_price: { amount, currency, per }, source, read }`, or
    /// `{ when, item, no_list_price }` where the vendor publishes none.
    private static func customerCost(_ decoder: NodeDecoder) -> (DataNode, KeyPath) -> CustomerCost? {
        { node, path in
            guard let fields = decoder.fields(node, path) else { return nil }
            let when: CostCondition? = fields.required("when") { decoder.oneOf($0, $1, "condition") }
            let item = fields.required("item", decoder.nonEmptyString)
            let price = fields.optional("list_price") { node, path -> ListPrice? in
                guard let fields = decoder.fields(node, path) else { return nil }
                let amount = fields.required("amount") { decoder.number($0, $1, in: 0...1_000_000) }
                let currency = fields.required("currency", decoder.nonEmptyString)
                let per = fields.required("per", decoder.nonEmptyString)
                fields.finish()
                guard let amount, let currency, let per else { return nil }
                return ListPrice(amount: amount, currency: currency, per: per)
            }
            let none = fields.optional("no_list_price", decoder.nonEmptyString)
            let source = fields.optional("source", decoder.documentationURL)
            let read = fields.optional("read") { node, path -> String? in
                guard let text = decoder.nonEmptyString(node, path) else { return nil }
                guard DayNumber(text: text) != nil else {
                    decoder.error("\(NodeDecoder.quoted(text)) is not a date such as 2026-12-05", at: node.position, path: path)
                    return nil
                }
                return text
            }
            fields.finish()
            let priced = fields.has("list_price")
            guard priced != fields.has("no_list_price") else {
                decoder.error("expected either list_price (with source and read) or no_list_price (why no figure is given)", at: node.position, path: path)
                return nil
            }
            guard !priced || (fields.has("source") && fields.has("read")) else {
                decoder.error("a list price needs the vendor's page it was read on (source) and the day (read)", at: node.position, path: path)
                return nil
            }
            guard let when, let item, (price != nil || none != nil) else { return nil }
            return CustomerCost(when: when, item: item, listPrice: price, noListPrice: none, source: source, read: read)
        }
    }
}
