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
