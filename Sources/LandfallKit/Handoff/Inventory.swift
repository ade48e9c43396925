import Foundation

/// The automation-rebuild inventory: everything in the source that does not migrate by itself,
/// listed so that the customer's admin can rebuild it and tick it off.
public struct Inventory: Sendable, Encodable {
    /// One automation to rebuild.
    public struct AutomationItem: Sendable, Encodable {
        /// The id.
        public var id: String
        /// The display name.
        public var name: String
        /// What kind it is.
        public var kind: AutomationKind
        /// Whether it is switched on or active.
        public var active: Bool
        /// When it runs, in words.
        public var trigger: String
        /// What it checks, in words.
        public var conditions: [String]
        /// What it does, with the destination's name of the queue or template an action names.
        public var actions: [String]
        /// Where it overlaps or conflicts with a team's routing rule.
        public var routingFindings: [String]
        /// Each condition the field map can read, in the destination's field and values.
        public var destinationConditions: [String] = []
        /// Where the field map merges values that a condition tells apart, or has none for one.
        public var valueFindings: [String] = []
        /// What to build in the destination.
        public var equivalent: String
        /// Estimated hours to rebuild.
        public var hours: Double
        /// S, M, L or XL.
        public var size: String
    }

    /// A template variable and what it becomes.
    public struct VariableItem: Sendable, Encodable {
        /// The variable's name.
        public var variable: String
        /// The destination's merge field, when there is one.
        public var equivalent: String?
        /// What the admin does.
        public var instruction: String
    }

    /// A response template and its variables.
    public struct TemplateItem: Sendable, Encodable {
        /// The id.
        public var id: String
        /// The display name.
        public var name: String
        /// The shortcut agents type.
        public var shortcut: String?
        /// The variables found.
        public var variables: [VariableItem]
        /// Whether any variable must be rewritten by hand.
        public var needsRewrite: Bool
        /// Estimated hours to bring it over.
        public var hours: Double
        /// S, M, L or XL.
        public var size: String
    }

    /// An integration and what to do with it.
    public struct IntegrationItem: Sendable, Encodable {
        /// The display name.
        public var name: String
        /// What kind it is.
        public var kind: String
        /// Whether it is switched on or active.
        public var active: Bool
        /// Reconfigure, replace, or rebuild by hand.
        public var action: IntegrationAction.Action
        /// What to do, or what is lost, in plain words.
        public var note: String
        /// Estimated hours.
        public var hours: Double
        /// S, M, L or XL.
        public var size: String
    }

    /// A custom property whose type has no direct destination equivalent.
    public struct PropertyItem: Sendable, Encodable {
        /// The key as written in the source.
        public var key: String
        /// The label people see.
        public var label: String
        /// The type.
        public var type: PropertyType
        /// The destination type it becomes.
        public var destinationType: String
        /// How well the destination type fits.
        public var fit: TypeFit
        /// What to do, or what is lost, in plain words.
        public var note: String
    }

    /// A count and the hours behind it.
    public struct Total: Sendable, Encodable {
        /// The display name.
        public var name: String
        /// How many.
        public var count: Int
        /// Estimated hours.
        public var hours: Double
    }

    /// The customer.
    public var customer: Customer
    /// The source platform's name.
    public var source: String
    /// The destination.
    public var destination: String
    /// The date, YYYY-MM-DD.
    public var date: String
    /// Active automations, then inactive ones.
    public var automations: [AutomationItem]
    /// The response templates.
    public var templates: [TemplateItem]
    /// The integrations.
    public var integrations: [IntegrationItem]
    /// The custom properties without a direct destination type.
    public var properties: [PropertyItem]
    /// The work by kind: each kind of active automation, the response templates, the active
    /// integrations.
    public var totalsByKind: [Total]
    /// The same work by effort size.
    public var totalsBySize: [Total]
    /// Hours for all of it.
    public var totalHours: Double
    /// What is optional (inactive automations and integrations): how many, and their hours.
    public var optional: Total
    /// The sizes: each one's name and the most hours it covers (none for the largest).
    public var sizes: [HandoffRules.Size]
}

extension Inventory {
    /// What to build in the destination: what the action does decides before the automation's
    /// kind, so an alert to an internal team becomes what the destination uses for notifications
    /// (a record-triggered Flow, not an Auto-Response Rule, which writes to the customer), and a
    /// scheduled one runs on a schedule.
    static func equivalent(of automation: Automation, in pair: MigrationPair) -> String {
        if PlainWords.isScheduled(automation.trigger) && [.workflow, .autoClose, .notification].contains(automation.kind) {
            return pair.scheduledEquivalent
        }
        let alertsTeam = automation.actions.contains { $0.trimmingWhitespace().lowercased().hasPrefix("notify") }
        if alertsTeam, let notification = pair.automationEquivalents[.notification] { return notification }
        return pair.automationEquivalents[automation.kind] ?? ""
    }

    /// Builds the inventory of `estimate`'s account; `crosswalk` names the queues and templates
    /// its automations act on.
    init(estimate: Estimate, rules: HandoffRules, crosswalk: Crosswalk) {
        let manifest = estimate.facts.manifest
        let pair = estimate.pair
        let links = AutomationLinks(crosswalk: crosswalk, manifest: manifest)
        let overlaps = AutomationLinks.routingOverlaps(in: manifest)
        let effort = RebuildEffort(rules: rules, pair: pair)
        let items = (manifest.automations ?? []).map { automation -> AutomationItem in
            let hours = effort.hours(automation)
            let equivalent = Self.equivalent(of: automation, in: pair)
            var item = AutomationItem(id: automation.id, name: automation.name, kind: automation.kind, active: automation.active,
                                      trigger: PlainWords.trigger(automation.trigger), conditions: automation.conditions.map(PlainWords.condition),
                                      actions: automation.actions.map(links.described),
                                      routingFindings: overlaps.filter { $0.automation == automation.id }.map(\.finding),
                                      equivalent: equivalent, hours: hours, size: rules.size(for: hours))
            let object = automation.trigger.flatMap { $0.split(separator: ".").first.map(String.init) }.flatMap { estimate.fieldMap.objects.map(\.object).contains($0) ? $0 : nil } ?? "ticket"
            for condition in automation.conditions {
                guard let translated = estimate.fieldMap.destinationCondition(condition, object: object) else { continue }
                let field = FieldPath(translated.field).field
                if !translated.values.isEmpty {
                    item.destinationConditions.append("\(field) is \(translated.values.joined(separator: " or "))")
                }
                if !translated.merged.isEmpty {
                    item.valueFindings.append("the field map sends \(translated.merged.joined(separator: ", ")) to \(translated.values.joined(separator: " or ")) as well, so a condition on \(field) in \(estimate.destination.name) also catches them; tell them apart in the field map, or accept it")
                }
                if !translated.unmapped.isEmpty {
                    item.valueFindings.append("the field map gives \(translated.unmapped.joined(separator: ", ")) no value of \(field): choose one there before rebuilding")
                }
            }
            return item
        }
        let active = items.filter(\.active)
        automations = active + items.filter { !$0.active }
        templates = (manifest.responseTemplates ?? []).map { template in
            let variables = effort.variables(of: template)
            let hours = effort.hours(ofTemplateWith: variables)
            return TemplateItem(id: template.id, name: template.name, shortcut: template.shortcut, variables: variables,
                                needsRewrite: variables.contains { $0.equivalent == nil }, hours: hours, size: rules.size(for: hours))
        }
        integrations = (manifest.integrations ?? []).map { integration in
            let action = pair.action(for: integration)
            let kind = action?.action ?? .rebuild
            let hours = effort.hours(integration)
            return IntegrationItem(name: integration.name, kind: integration.kind, active: integration.active, action: kind,
                                   note: action?.note ?? "", hours: hours, size: rules.size(for: hours))
        }
        properties = (manifest.customProperties ?? []).compactMap { property in
            guard let mapping = pair.propertyType(property.type), mapping.fit != .direct else { return nil }
            return PropertyItem(key: property.key, label: property.label ?? property.key, type: property.type, destinationType: mapping.destination,
                                fit: mapping.fit, note: mapping.note ?? "")
        }
        // The work planned: active automations, every template, active integrations; the inactive are optional.
        let activeIntegrations = integrations.filter(\.active)
        var work: [(kind: String, size: String, hours: Double)] = active.map { ($0.kind.rawValue, $0.size, $0.hours) }
        work += templates.map { ("response_templates", $0.size, $0.hours) }
        work += activeIntegrations.map { ("integrations", $0.size, $0.hours) }
        let kinds = AutomationKind.allCases.map(\.rawValue) + ["response_templates", "integrations"]
        func total(_ name: String, _ items: [(kind: String, size: String, hours: Double)]) -> Total {
            Total(name: name, count: items.count, hours: items.reduce(0) { $0 + $1.hours })
        }
        totalsByKind = kinds.compactMap { kind in
            let matching = work.filter { $0.kind == kind }
            return matching.isEmpty ? nil : total(kind, matching)
        }
        totalsBySize = rules.sizes.compactMap { size in
            let matching = work.filter { $0.size == size.size }
            return matching.isEmpty ? nil : total(size.size, matching)
        }
        totalHours = work.reduce(0) { $0 + $1.hours }
        let optionalWork = items.filter { !$0.active }.map { ($0.kind.rawValue, $0.size, $0.hours) }
            + integrations.filter { !$0.active }.map { ("integrations", $0.size, $0.hours) }
        optional = total("optional", optionalWork)
        sizes = rules.sizes
        customer = manifest.customer
        source = estimate.source.name
        destination = estimate.destination.name
        date = Calendar.day(estimate.asOf)
    }
}
