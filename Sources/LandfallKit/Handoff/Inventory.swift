import Foundation

/// The automation-rebuild inventory: everything in the source that does not migrate by itself,
/// listed so that the customer's admin can rebuild it and tick it off.
public struct Inventory: Sendable, Encodable {
    /// One automation to rebuild.
    public struct AutomationItem: Sendable, Encodable {
        public var id: String
        public var name: String
        public var kind: AutomationKind
        public var active: Bool
        /// When it runs, in words.
        public var trigger: String
        /// What it checks, in words.
        public var conditions: [String]
        /// What it does.
        public var actions: [String]
        /// What to build in the destination.
        public var equivalent: String
        /// Estimated hours to rebuild.
        public var hours: Double
        /// S, M, L or XL.
        public var size: String
    }

    /// A template variable and what it becomes.
    public struct VariableItem: Sendable, Encodable {
        public var variable: String
        /// The destination's merge field, when there is one.
        public var equivalent: String?
        /// What the admin does.
        public var instruction: String
    }

    /// A response template and its variables.
    public struct TemplateItem: Sendable, Encodable {
        public var id: String
        public var name: String
        public var shortcut: String?
        public var variables: [VariableItem]
        /// Whether any variable must be rewritten by hand.
        public var needsRewrite: Bool
    }

    /// An integration and what to do with it.
    public struct IntegrationItem: Sendable, Encodable {
        public var name: String
        public var kind: String
        public var active: Bool
        public var action: IntegrationAction.Action
        public var note: String
    }

    /// A custom property whose type has no direct destination equivalent.
    public struct PropertyItem: Sendable, Encodable {
        public var key: String
        public var label: String
        public var type: PropertyType
        public var destinationType: String
        public var fit: TypeFit
        public var note: String
    }

    /// A count and the hours behind it.
    public struct Total: Sendable, Encodable {
        public var name: String
        public var count: Int
        public var hours: Double
    }

    public var customer: Customer
    public var source: String
    public var destination: String
    public var date: String
    /// Active automations, then inactive ones.
    public var automations: [AutomationItem]
    public var templates: [TemplateItem]
    public var integrations: [IntegrationItem]
    public var properties: [PropertyItem]
    /// Active automations by kind.
    public var totalsByKind: [Total]
    /// Active automations by effort size.
    public var totalsBySize: [Total]
    /// Hours for every active automation.
    public var totalHours: Double
}

extension Inventory {
    /// Builds the inventory of `estimate`'s account.
    init(estimate: Estimate, rules: HandoffRules) {
        let manifest = estimate.facts.manifest
        let pair = estimate.pair
        let items = (manifest.automations ?? []).map { automation -> AutomationItem in
            let hours = (rules.hoursByKind[automation.kind] ?? 0) + Double(automation.conditions.count) * rules.perConditionHours
                + Double(automation.actions.count) * rules.perActionHours
            let equivalent = PlainWords.isScheduled(automation.trigger) && [.workflow, .autoClose, .notification].contains(automation.kind)
                ? pair.scheduledEquivalent : (pair.automationEquivalents[automation.kind] ?? "")
            return AutomationItem(id: automation.id, name: automation.name, kind: automation.kind, active: automation.active,
                                  trigger: PlainWords.trigger(automation.trigger), conditions: automation.conditions.map(PlainWords.condition),
                                  actions: automation.actions, equivalent: equivalent, hours: hours, size: rules.size(for: hours))
        }
        let active = items.filter(\.active)
        automations = active + items.filter { !$0.active }
        templates = (manifest.responseTemplates ?? []).map { template in
            let variables = TemplateVariables.names(in: [template.body]).map { name -> VariableItem in
                if let equivalent = pair.templateVariable(name)?.equivalent {
                    return VariableItem(variable: name, equivalent: equivalent, instruction: "use \(equivalent)")
                }
                return VariableItem(variable: name, equivalent: nil, instruction: "no equivalent: rewrite by hand")
            }
            return TemplateItem(id: template.id, name: template.name, shortcut: template.shortcut, variables: variables,
                                needsRewrite: variables.contains { $0.equivalent == nil })
        }
        integrations = (manifest.integrations ?? []).map { integration in
            let action = pair.action(for: integration)
            return IntegrationItem(name: integration.name, kind: integration.kind, active: integration.active, action: action?.action ?? .rebuild,
                                   note: action?.note ?? "")
        }
        properties = (manifest.customProperties ?? []).compactMap { property in
            guard let mapping = pair.propertyType(property.type), mapping.fit != .direct else { return nil }
            return PropertyItem(key: property.key, label: property.label ?? property.key, type: property.type, destinationType: mapping.destination,
                                fit: mapping.fit, note: mapping.note ?? "")
        }
        totalsByKind = AutomationKind.allCases.compactMap { kind in
            let matching = active.filter { $0.kind == kind }
            return matching.isEmpty ? nil : Total(name: kind.rawValue, count: matching.count, hours: matching.reduce(0) { $0 + $1.hours })
        }
        totalsBySize = rules.sizes.compactMap { size in
            let matching = active.filter { $0.size == size.size }
            return matching.isEmpty ? nil : Total(name: size.size, count: matching.count, hours: matching.reduce(0) { $0 + $1.hours })
        }
        totalHours = active.reduce(0) { $0 + $1.hours }
        customer = manifest.customer
        source = estimate.source.name
        destination = estimate.destination.name
        date = Calendar.day(estimate.asOf)
    }
}
