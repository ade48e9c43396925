/// One migration the catalog supports: how each source object lands in the destination, in which
/// order, and with which risks and steps.
public struct MigrationPair: Equatable, Sendable, Encodable {
    /// The source platform's id.
    public var source: String
    /// The destination platform's id.
    public var destination: String
    /// One paragraph on how the migration works.
    public var summary: String
    /// Where each source object goes.
    public var mappings: [ObjectMapping]
    /// The end customers' records (the MSP's client companies and their people): mapped and
    /// loaded like the others, but not part of the help desk's object map that grades compare.
    public var customerMappings: [ObjectMapping]
    /// Objects that travel inside another (a conversation's messages, a team's members): mapped
    /// and loaded like the others, shown inside their carrier in the object map.
    public var partMappings: [ObjectMapping] = []

    /// Every mapping: the help desk's objects, the customers', then the parts.
    public var allMappings: [ObjectMapping] { mappings + customerMappings + partMappings }
    /// Source objects that do not move, and why.
    public var notMigrated: [NotMigrated]
    /// What each custom-property type becomes in the destination.
    public var propertyTypes: [PropertyTypeMapping]
    /// The destination equivalent of each known response-template variable.
    public var templateVariables: [TemplateVariable]
    /// The destination feature each automation kind is rebuilt as.
    public var automationEquivalents: [AutomationKind: String]
    /// The feature for automations that run on a schedule.
    public var scheduledEquivalent: String
    /// What to do with each integration, first match wins.
    public var integrationActions: [IntegrationAction]
    /// The load steps as a dependency graph (checked acyclic when loaded).
    public var loadOrder: [LoadStep]
    /// Risks particular to this pair.
    public var challenges: [Challenge]
    /// What the customer must do.
    public var customerResponsibilities: [String]
    /// The migration method, step by step.
    public var approach: [ApproachStep]
    /// The fields the set-up may create, each created only where an account's map fills it.
    public var customFields: [FieldMap.CustomField] = []
    /// Field by field, where the export's fields go.
    public var fieldMap: [FieldMapping] = []
    /// The export's fields of those objects that no destination field takes, and why.
    public var fieldsNotCarried: [FieldMap.NotCarried] = []

    /// The mapping of `sourceObject`, if the pair maps it (a part included).
    public func mapping(for sourceObject: String) -> ObjectMapping? {
        allMappings.first { $0.sourceObject == sourceObject }
    }

    /// The object map people read and the grades compare: the help desk's objects, then the
    /// customers'; parts stand inside their carriers.
    public var objectMap: [ObjectMapping] { mappings + customerMappings }

    /// The load steps in an order that respects every dependency (ties kept in file order).
    public var orderedLoadSteps: [LoadStep] {
        (try? LoadOrderGraph(steps: loadOrder).sorted()) ?? loadOrder
    }

    /// What a custom property of `type` becomes, if the pair says.
    public func propertyType(_ type: PropertyType) -> PropertyTypeMapping? {
        propertyTypes.first { $0.source == type }
    }

    /// The pair's entry for a template variable, if it knows the variable (its `equivalent` is
    /// `nil` when the destination has none).
    public func templateVariable(_ name: String) -> TemplateVariable? {
        templateVariables.first { $0.variable == name }
    }

    /// What to do with `integration`: the first entry whose name fragment or kind matches.
    public func action(for integration: Integration) -> IntegrationAction? {
        integrationActions.first { $0.matches(integration) }
    }

    /// The 1-based position of the load step that moves `sourceObject`, if any.
    public func loadPosition(of sourceObject: String) -> Int? {
        orderedLoadSteps.firstIndex { $0.objects.contains(sourceObject) }.map { $0 + 1 }
    }
}

/// How records map from one side to the other.
public enum Cardinality: String, Equatable, Sendable, Encodable, CaseIterable {
    case oneToOne = "1:1"
    case oneToMany = "1:many"
    case lossy
}

/// How much work a mapping needs.
public enum MappingSupport: String, Equatable, Sendable, Encodable, CaseIterable {
    case full
    case mappingRequired = "mapping-required"
    case manual
}

/// Where one source object goes.
public struct ObjectMapping: Equatable, Sendable, Encodable {
    /// The source object's id.
    public var sourceObject: String
    /// The destination objects, the main one first.
    public var destinationObjects: [String]
    /// 1:1, 1:many or lossy.
    public var cardinality: Cardinality
    /// Full, mapping required, or manual.
    public var support: MappingSupport
    /// Other source objects that travel inside this one (messages in a conversation).
    public var carries: [String]
    /// How it is handled.
    public var notes: String
    /// What its rows become, rule by rule.
    public var records: [CatalogRecordRule] = []
    /// The vendor documentation the fact rests on, when the catalog cites it.
    public var source: String?

    private enum CodingKeys: String, CodingKey {
        case sourceObject, destinationObjects, cardinality, support, carries, notes, source
    }
}

/// A source object that does not move, and why.
public struct NotMigrated: Equatable, Sendable, Encodable {
    /// The source object's id.
    public var object: String
    /// Why it stays behind and what happens instead.
    public var reason: String
}

/// One step of the load.
public struct LoadStep: Equatable, Sendable, Encodable {
    /// A stable id that other steps name in `after`.
    public var id: String
    /// The display name.
    public var name: String
    /// The source objects the step moves.
    public var objects: [String]
    /// The steps that must finish first.
    public var after: [String]
}

/// A risk particular to a pair.
public struct Challenge: Equatable, Sendable, Encodable {
    /// A short title.
    public var title: String
    /// How much it can hurt.
    public var severity: RiskSeverity
    /// What it is and how it is handled.
    public var detail: String
    /// Who acts on it.
    public var owner: RiskOwner
    /// What is done about it.
    public var mitigation: String
    /// When it applies.
    public var appliesWhen: Applicability
    /// The vendor documentation the fact rests on, when the catalog cites it.
    public var source: String?
}

/// One step of the migration method.
public struct ApproachStep: Equatable, Sendable, Encodable {
    /// A stable id (`discovery`, `setup`, …) that the timeline rules refer to.
    public var id: String
    /// The display name.
    public var name: String
    /// What happens in the step.
    public var detail: String
}

/// How well a source type fits its destination type.
public enum TypeFit: String, Equatable, Sendable, Encodable, CaseIterable {
    case direct
    case approximate
    case none
}

/// What one custom-property type becomes in the destination.
public struct PropertyTypeMapping: Equatable, Sendable, Encodable {
    /// The source property type.
    public var source: PropertyType
    /// The destination field type.
    public var destination: String
    /// How well it fits.
    public var fit: TypeFit
    /// What is lost or must be done, when the fit is not direct.
    public var note: String?
}

/// A response-template variable and its destination equivalent.
public struct TemplateVariable: Equatable, Sendable, Encodable {
    /// The variable's name, as in `{{customer_name}}`.
    public var variable: String
    /// The destination's merge field, or `nil` when there is none.
    public var equivalent: String?
}

/// What to do with a connected integration in the destination.
public struct IntegrationAction: Equatable, Sendable, Encodable {
    /// The three kinds of work.
    public enum Action: String, Equatable, Sendable, Encodable, CaseIterable {
        /// Point the same product at the destination.
        case reconfigure
        /// Use a different product that does the same.
        case replace
        /// No equivalent: rebuild by hand.
        case rebuild
    }

    /// Matches integrations whose name contains this, ignoring case.
    public var nameContains: String?
    /// Matches integrations of this kind.
    public var kind: String?
    /// What to do.
    public var action: Action
    /// How, in plain words.
    public var note: String

    /// Whether the entry applies to `integration`.
    func matches(_ integration: Integration) -> Bool {
        if let nameContains { return integration.name.lowercased().contains(nameContains.lowercased()) }
        if let kind { return integration.kind.lowercased() == kind.lowercased() }
        return true
    }
}
