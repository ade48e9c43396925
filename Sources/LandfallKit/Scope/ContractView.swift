/// The statement of work's clauses beyond the price and the plan, as the scope templates show
/// them: invoices, cutover, hypercare, who does what, personal data, the legal clauses, and what
/// falls on the customer in money and in hours.
struct ContractView {
    struct Text { let text: String }
    struct CostRow { let item, price, citation: String; let hasCitation: Bool }
    struct RoleRow { let party, role, duties: String }
    struct Clause { let id, title, text: String }

    /// Who "the customer" and "the issuer" are in the terms' wording.
    let parties: String
    let invoices: String
    let taxes: String
    let expenses: String
    let cutover: String
    let goNoGo: String
    let rollback: String
    let hypercare: String
    let hypercareCovers: [Text]
    let hypercareExcludes: [Text]
    let roles: [RoleRow]
    let reporting: String
    let escalation: [Text]
    let personalData: String
    let clauses: [Clause]
    let customerCosts: [CostRow]
    let hasCustomerCosts: Bool
    let customerEffort: String

    init(_ work: StatementOfWork, customer: String, issuer: String, source: String, currency: String) {
        parties = "In these terms, the customer is \(customer) and the issuer is \(issuer)."
        invoices = "Each instalment is invoiced when it falls due and is payable within \(Format.count(work.invoiceNetDays, "calendar day")) of the invoice's date, in \(currency)."
        taxes = work.taxes
        expenses = work.expenses
        cutover = "Agents stop writing in \(source) for \(Format.count(work.writeFreezeWorkingDays, "working day")) while the delta run loads what changed since the production run; \(source) stays readable throughout."
        goNoGo = work.goNoGo
        rollback = work.rollback
        let hypercare = work.hypercare
        self.hypercare = "Hypercare runs from the delta run until \(Format.count(hypercare.workingDaysAfterAcceptance, "working day")) after production acceptance"
            + (hypercare.endsBy.map { ", that is until \($0) at the latest." } ?? ".")
        hypercareCovers = hypercare.covers.map(Text.init)
        hypercareExcludes = hypercare.excludes.map(Text.init)
        roles = work.roles.map { RoleRow(party: $0.party == .customer ? customer : issuer, role: $0.role, duties: $0.duties) }
        reporting = work.reporting
        escalation = work.escalation.map(Text.init)
        personalData = work.personalData
        clauses = work.clauses.map { Clause(id: "clause-" + Self.slug($0.title), title: $0.title, text: $0.text) }
        customerCosts = work.customerCosts.map { cost in
            let price = cost.priceText
            let citation = cost.source.map { source in "Read on \(cost.read ?? "") at \(source)" } ?? ""
            return CostRow(item: cost.item, price: price, citation: citation, hasCitation: cost.source != nil)
        }
        hasCustomerCosts = !customerCosts.isEmpty
        customerEffort = "Rebuilding what cannot be migrated takes the customer's admin about \(Self.hours(work.customerRebuildHours))"
            + " (the active automations, the response templates and the active integrations)"
            + (work.customerOptionalHours > 0 ? ", and \(Self.hours(work.customerOptionalHours)) more for the inactive ones if they are wanted" : "")
            + "; the rebuild inventory lists each item with its hours. This work is not in the price."
    }

    /// `15 hours`: estimated hours, rounded up to whole ones.
    static func hours(_ hours: Double) -> String {
        Format.count(Int(hours.rounded(.up)), "hour")
    }

    /// `limitation-of-liability`: the title's letters and digits, lowercased, joined by hyphens.
    static func slug(_ title: String) -> String {
        title.lowercased().split { !$0.isLetter && !$0.isNumber }.joined(separator: "-")
    }
}
