import Foundation

/// Everything the written scope document says, as values: the estimate plus the account's object
/// map, risks, exclusions, method and acceptance criteria. The HTML and Markdown are rendered
/// from it, and its JSON form is `scope.json`.
public struct ScopeDocument: Sendable, Encodable {
    /// The quote's identity.
    public struct Quote: Sendable, Encodable {
        /// `LF-YYYYMMDD-XXXXXXXX`: the date and a fingerprint of the price and the scope, so that
        /// two copies of one price carry one number whatever their start date.
        public var number: String
        /// A fingerprint of everything the document says, dates and terms included: it changes
        /// with any edit, so two copies with one number and one version are the same document.
        public var version: String
        /// The quote's date, `YYYY-MM-DD`.
        public var date: String
        /// The last day it holds.
        public var validUntil: String
        /// Who issues it.
        public var issuer: String
        /// Landfall's version.
        public var toolVersion: String
        /// The rules' version.
        public var rulesVersion: String
    }

    /// One row of the account's object map.
    public struct ObjectRow: Sendable, Encodable {
        /// The source object's id.
        public var object: String
        /// Its name.
        public var name: String
        /// How many the account has.
        public var count: Int
        /// Objects that travel inside it, with their counts.
        public var carries: [CarriedObject]
        /// The destination objects' names: what the field map makes of its rows and of the rows
        /// it carries.
        public var destinations: [String]
        /// The records the field map makes, per destination, where it counts them.
        public var records: [RecordCount] = []
        /// The export's columns the field map carries, and those it does not (when the map has the object).
        public var fieldsCarried: Int?
        public var fieldsNotCarried: Int?
        /// 1:1, 1:many or lossy.
        public var cardinality: Cardinality
        /// Full, mapping required or manual.
        public var support: MappingSupport
        /// How it is handled.
        public var notes: String
        /// The load step that moves it, `3. Ticket Cases`.
        public var loadStep: String?
    }

    /// The records an object's rows become in one destination object.
    public struct RecordCount: Sendable, Encodable, Equatable {
        /// The destination object (`Case`, `ticket (Review)`).
        public var destination: String
        /// How many.
        public var count: Int
    }

    /// An object carried inside another, with its count.
    public struct CarriedObject: Sendable, Encodable {
        /// Its name.
        public var name: String
        /// How many.
        public var count: Int
    }

    /// A source object that stays behind.
    public struct Exclusion: Sendable, Encodable {
        /// Its name.
        public var name: String
        /// How many the account has.
        public var count: Int
        /// Why, and what happens instead.
        public var reason: String
    }

    /// A risk that applies to this account.
    public struct Risk: Sendable, Encodable {
        /// Where it comes from: a platform's name, or the migration itself.
        public var origin: String
        /// How much it can hurt.
        public var severity: RiskSeverity
        /// A short title.
        public var title: String
        /// What happens and what to do.
        public var detail: String
        /// Who acts on it.
        public var owner: RiskOwner
        /// What is done about it.
        public var mitigation: String
    }

    /// What the quote does not cover.
    public struct OutOfScope: Sendable, Encodable {
        /// Active automations to rebuild.
        public var activeAutomations: Int
        /// Inactive automations (listed, not rebuilt unless asked).
        public var inactiveAutomations: Int
        /// Integrations to reconfigure.
        public var integrations: [Integration]
        /// The source objects that stay behind.
        public var exclusions: [Exclusion]
        /// Salesforce licensing, when Service Cloud is not confirmed.
        public var licensingNote: String?
    }

    /// The quote's identity.
    public var quote: Quote
    /// The figures.
    public var estimate: Estimate
    /// The account's object map, in load order.
    public var objectMap: [ObjectRow]
    /// The risks that apply, most severe first.
    public var risks: [Risk]
    /// What is excluded.
    public var outOfScope: OutOfScope
    /// The method, step by step.
    public var approach: [ApproachStep]
    /// What the customer must do.
    public var customerResponsibilities: [String]
    /// What every run must meet.
    public var acceptance: AcceptanceRules
    /// The terms: basis and growth of the counts, changes, payments, milestones, customer costs.
    public var statementOfWork: StatementOfWork
}

extension ScopeDocument {
    /// Builds the document for an estimate; `calendar` dates the milestones.
    init(estimate: Estimate, rules: Rules, calendar: WorkingCalendar? = nil) {
        let facts = estimate.facts
        let pair = estimate.pair
        let source = estimate.source
        let count = { (object: String) -> Int in
            source.object(object)?.countKey.map { facts.manifest.counts[$0] } ?? 0
        }
        let steps = pair.orderedLoadSteps
        let map = estimate.fieldMap
        let rows = pair.objectMap
            .filter { Compatibility.present($0, source: source, facts: facts) }
            .map { mapping in
                var row = ObjectRow(object: mapping.sourceObject, name: source.object(mapping.sourceObject)?.name ?? mapping.sourceObject,
                                    count: count(mapping.sourceObject),
                                    carries: mapping.carries.map { CarriedObject(name: source.object($0)?.name ?? $0, count: count($0)) },
                                    destinations: mapping.destinationObjects.map { estimate.destination.object($0)?.name ?? $0 },
                                    cardinality: mapping.cardinality, support: mapping.support,
                                    notes: Self.accountNotes(mapping.notes, for: mapping.sourceObject, pair: pair, facts: facts),
                                    loadStep: pair.loadPosition(of: mapping.sourceObject).map { "\($0). \(steps[$0 - 1].name)" })
                let objects = ([mapping.sourceObject] + mapping.carries).compactMap { object in map.objects.first { $0.object == object } }
                if !objects.isEmpty {
                    // What travels inside counts as the map counts it (a team's members have no count of their own).
                    row.carries = row.carries.enumerated().map { index, carried in
                        let object = mapping.carries[index]
                        return CarriedObject(name: carried.name, count: map.objects.first { $0.object == object }?.rows ?? carried.count)
                    }
                    row.records = Self.records(of: objects)
                    row.destinations = row.records.filter { $0.count > 0 }.map(\.destination)
                    if row.destinations.isEmpty { row.destinations = row.records.map(\.destination) }
                    row.fieldsCarried = Set(map.fields.filter { $0.object == mapping.sourceObject }.compactMap(\.source)).count
                    row.fieldsNotCarried = map.notCarried.filter { $0.object == mapping.sourceObject }.count
                }
                return row
            }
            .enumerated()
            .sorted { ($0.element.loadStepIndex(pair), $0.offset) < ($1.element.loadStepIndex(pair), $1.offset) }
            .map(\.element)
        var risks: [Risk] = []
        for platform in [source, estimate.destination] {
            for gotcha in platform.gotchas where gotcha.appliesWhen.applies(to: facts) {
                risks.append(Risk(origin: platform.name, severity: gotcha.severity, title: gotcha.title, detail: gotcha.detail, owner: gotcha.owner,
                                  mitigation: gotcha.mitigation))
            }
        }
        for challenge in pair.challenges where challenge.appliesWhen.applies(to: facts) {
            risks.append(Risk(origin: "This migration", severity: challenge.severity, title: challenge.title, detail: challenge.detail,
                              owner: challenge.owner, mitigation: challenge.mitigation))
        }
        risks = risks.enumerated().sorted { ($0.element.severity, $0.offset) < ($1.element.severity, $1.offset) }.map(\.element)
        let automations = facts.manifest.automations
        let activeAutomations = automations?.filter(\.active).count ?? facts.manifest.counts[.automations]
        let inactiveAutomations = automations?.filter { !$0.active }.count ?? 0
        var licensing: String?
        if StatementOfWork.applies(.serviceCloudUnlicensed, to: facts) {
            licensing = facts.destinationSystem.serviceCloudLicensed == false
                ? "The org has no Service Cloud licence yet. Case features need Service Cloud licences on top of the platform fee; they are the customer's to buy and are not in this price."
                : "Service Cloud licensing is not confirmed. Case features need Service Cloud licences on top of the platform fee; they are the customer's to buy and are not in this price."
        }
        let exclusions = pair.notMigrated.map { Exclusion(name: source.object($0.object)?.name ?? $0.object, count: count($0.object), reason: $0.reason) }
        let outOfScope = OutOfScope(activeAutomations: activeAutomations, inactiveAutomations: inactiveAutomations,
                                    integrations: facts.manifest.integrations ?? [], exclusions: exclusions, licensingNote: licensing)
        self.init(quote: Quote(number: "", version: "", date: estimate.price.asOf, validUntil: estimate.price.validUntil, issuer: rules.pricing.issuer,
                               toolVersion: Landfall.version, rulesVersion: estimate.rulesVersion),
                  estimate: estimate, objectMap: rows, risks: risks, outOfScope: outOfScope, approach: Self.approach(timeline: estimate.timeline, pair: pair, terms: rules.terms),
                  customerResponsibilities: pair.customerResponsibilities, acceptance: rules.acceptance,
                  statementOfWork: StatementOfWork(estimate: estimate, rules: rules, calendar: calendar))
        (quote.number, quote.version) = fingerprints()
    }

    /// The steps of the plan in the timeline's order: the pair's approach steps, and the
    /// customer's sign-off windows where the timeline placed them.
    static func approach(timeline: Timeline, pair: MigrationPair, terms: TermsRules) -> [ApproachStep] {
        timeline.phases.compactMap { phase in
            pair.approach.first { $0.id == phase.id }
                ?? terms.signOffWindows.first { $0.id == phase.id }.map { ApproachStep(id: $0.id, name: $0.name, detail: $0.detail) }
        }
    }

    /// The records the field map makes of `objects`' rows, per destination object (a record
    /// type in brackets), in the map's order; rows it cannot count without a survey count as 0.
    static func records(of objects: [FieldMap.MappedObject]) -> [RecordCount] {
        var counts: [RecordCount] = []
        for object in objects {
            for rule in object.records {
                guard let destination = rule.destination else { continue }
                let base = destination.prefix(1).uppercased() + destination.dropFirst()
                let name = base + (rule.recordType.flatMap { $0 == base ? nil : " (\($0))" } ?? "")
                if let index = counts.firstIndex(where: { $0.destination == name }) {
                    counts[index].count += rule.rows ?? 0
                } else {
                    counts.append(RecordCount(destination: name, count: rule.rows ?? 0))
                }
            }
        }
        return counts
    }

    /// The catalog's note on an object, followed by what this account holds of it where the
    /// manifest lists it: its integrations and what happens to each, its custom properties and
    /// their types, its review platforms and their reviews.
    static func accountNotes(_ notes: String, for object: String, pair: MigrationPair, facts: AccountFacts) -> String {
        let manifest = facts.manifest
        switch object {
        case "integration": return integrationNotes(notes, pair: pair, facts: facts)
        case "custom_property":
            guard let properties = manifest.customProperties, !properties.isEmpty else { return notes }
            return notes + " This account: " + properties.map { "\($0.label ?? $0.key) (\($0.type.rawValue.replacingOccurrences(of: "_", with: " ")))" }
                .joined(separator: ", ") + "."
        case "review":
            guard let sources = manifest.reviewSources?.filter({ $0.count > 0 }), !sources.isEmpty else { return notes }
            return notes + " This account: " + sources.map { "\(Format.count($0.count)) from \($0.platform)" }.joined(separator: ", ") + "."
        default: return notes
        }
    }

    /// The catalog's note on integrations, followed by what happens to each of this account's:
    /// `… This account: HubSpot CRM is reconfigured; Autotask PSA is replaced.`
    private static func integrationNotes(_ notes: String, pair: MigrationPair, facts: AccountFacts) -> String {
        guard let integrations = facts.manifest.integrations, !integrations.isEmpty else { return notes }
        let fates = integrations.map { integration in
            let fate = switch pair.action(for: integration)?.action ?? .rebuild {
            case .reconfigure: "is reconfigured"
            case .replace: "is replaced"
            case .rebuild: "is rebuilt by hand"
            }
            return "\(integration.name)\(integration.active ? "" : " (inactive)") \(fate)"
        }
        return notes + " This account: " + fates.joined(separator: "; ") + "."
    }

    /// The quote's number, from the document without its dated plan (the start, the milestones,
    /// the payments' dates), and its version, from the whole document.
    private func fingerprints() -> (number: String, version: String) {
        var undated = self
        undated.statementOfWork = statementOfWork.undated
        let number = StableHash.hex(((try? JSONOutput.string(undated)) ?? "").utf8)
        let version = StableHash.hex(((try? JSONOutput.string(self)) ?? "").utf8)
        return ("LF-\(quote.date.replacingOccurrences(of: "-", with: ""))-\(number.prefix(8))", String(version.prefix(8)))
    }
}

extension ScopeDocument.ObjectRow {
    /// The load position, or after everything when the object is not loaded.
    fileprivate func loadStepIndex(_ pair: MigrationPair) -> Int {
        pair.loadPosition(of: object) ?? Int.max
    }
}
