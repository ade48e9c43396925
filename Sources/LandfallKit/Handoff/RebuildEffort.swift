/// The hours the customer's admin spends bringing over what cannot be migrated: each automation
/// rebuilt by hand, each response template copied with its variables rewritten, each integration
/// reconnected. The inventory lists the items with these hours; the statement of work states
/// their sum as the customer's own effort.
struct RebuildEffort {
    let rules: HandoffRules
    let pair: MigrationPair

    /// An automation: its kind's hours and the hours of each condition and action.
    func hours(_ automation: Automation) -> Double {
        (rules.hoursByKind[automation.kind] ?? 0) + Double(automation.conditions.count) * rules.perConditionHours
            + Double(automation.actions.count) * rules.perActionHours
    }

    /// A template's variables, each with the destination's merge field when the pair knows one.
    func variables(of template: ResponseTemplate) -> [Inventory.VariableItem] {
        TemplateVariables.names(in: [template.body]).map { name in
            if let equivalent = pair.templateVariable(name)?.equivalent {
                return Inventory.VariableItem(variable: name, equivalent: equivalent, instruction: "use \(equivalent)")
            }
            return Inventory.VariableItem(variable: name, equivalent: nil, instruction: "no equivalent: rewrite by hand")
        }
    }

    /// A template with `variables`: copied as it is when it has none, else each variable
    /// replaced, or rewritten where the destination has no equivalent.
    func hours(ofTemplateWith variables: [Inventory.VariableItem]) -> Double {
        let rewrites = variables.filter { $0.equivalent == nil }.count
        return variables.isEmpty ? rules.templateCopyHours
            : Double(variables.count - rewrites) * rules.templateVariableHours + Double(rewrites) * rules.templateRewriteHours
    }

    /// An integration: what the pair does with it decides.
    func hours(_ integration: Integration) -> Double {
        rules.integrationHours[pair.action(for: integration)?.action ?? .rebuild] ?? 0
    }

    /// The planned hours of an account (its active automations, every template, its active
    /// integrations) and the optional ones (the inactive automations and integrations).
    func totals(of manifest: Manifest) -> (planned: Double, optional: Double) {
        let automations = manifest.automations ?? [], integrations = manifest.integrations ?? []
        let planned = automations.filter(\.active).reduce(0) { $0 + hours($1) }
            + (manifest.responseTemplates ?? []).reduce(0) { $0 + hours(ofTemplateWith: variables(of: $1)) }
            + integrations.filter(\.active).reduce(0) { $0 + hours($1) }
        let optional = automations.filter { !$0.active }.reduce(0) { $0 + hours($1) } + integrations.filter { !$0.active }.reduce(0) { $0 + hours($1) }
        return (planned, optional)
    }
}
