/// The rules of the handoff pack: rebuild effort, and how Salesforce set-up files are made.
public struct HandoffRules: Equatable, Sendable {
    /// An effort size and the most hours it covers (the largest has no bound).
    public struct Size: Equatable, Sendable, Encodable {
        /// S, M, L …
        public var size: String
        /// The most hours it covers.
        public var upToHours: Double?
    }

    /// How one custom-property type becomes a Salesforce field.
    public struct SalesforceFieldType: Equatable, Sendable {
        /// The Metadata API type (`Text`, `Picklist` …).
        public var type: String
        /// Text length.
        public var length: Int?
        /// Digits in all.
        public var precision: Int?
        /// Digits after the point.
        public var scale: Int?
        /// Lines shown for long text and multi-select picklists.
        public var visibleLines: Int?
        /// Default value (checkboxes).
        public var defaultValue: String?
    }

    /// The rules file's version.
    public var version: String
    /// Base hours by automation kind.
    public var hoursByKind: [AutomationKind: Double]
    /// Hours per condition.
    public var perConditionHours: Double
    /// Hours per action.
    public var perActionHours: Double
    /// Hours to copy a response template with no variable.
    public var templateCopyHours: Double
    /// Hours per variable replaced by a merge field.
    public var templateVariableHours: Double
    /// Hours per variable rewritten by hand.
    public var templateRewriteHours: Double
    /// Hours to reconfigure, replace or rebuild an integration.
    public var integrationHours: [IntegrationAction.Action: Double]
    /// The sizes, smallest first, then the largest.
    public var sizes: [Size]
    /// The Metadata API version, such as 66.0.
    public var apiVersion: String
    /// The longest DeveloperName.
    public var developerNameMaxLength: Int
    /// The longest custom-field name before `__c`.
    public var apiNameMaxLength: Int
    /// Field types by custom-property type.
    public var fieldTypes: [PropertyType: SalesforceFieldType]
    /// The permission set that lets the migration user see the fields and load history.
    public var permissionSet: PermissionSetRule

    /// The migration user's permission set: its name and the system permissions it grants.
    public struct PermissionSetRule: Equatable, Sendable {
        /// The API name, such as `Landfall_Migration`.
        public var name: String
        /// The label admins see.
        public var label: String
        /// The system permissions by API name, such as `CreateAuditFields`.
        public var userPermissions: [String]
    }

    /// The size of `hours` of work.
    func size(for hours: Double) -> String {
        sizes.first { ($0.upToHours ?? .infinity) >= hours }?.size ?? sizes.last?.size ?? ""
    }
}

extension HandoffRules {
    static func decode(_ root: DataNode, decoder: NodeDecoder) -> HandoffRules? {
        guard let fields = decoder.fields(root, .root) else { return nil }
        let version = fields.required("version", decoder.nonEmptyString)
        var effort: (hours: [AutomationKind: Double], condition: Double, action: Double, sizes: [Size])?
        var templates: (copy: Double, variable: Double, rewrite: Double)?
        var integrations: [IntegrationAction.Action: Double]?
        _ = fields.required("effort") { node, path -> Bool? in
            guard let fields = decoder.fields(node, path) else { return nil }
            let hours: [AutomationKind: Double]? = fields.required("hours_by_kind") { decoder.pointTable($0, $1) }
            let condition = fields.required("per_condition_hours", decoder.weight)
            let action = fields.required("per_action_hours", decoder.weight)
            let sizes = fields.required("sizes") { decoder.list($0, $1, of: { node, path -> Size? in
                guard let fields = decoder.fields(node, path) else { return nil }
                let size = fields.required("size", decoder.nonEmptyString)
                let upTo = fields.required("up_to_hours", decoder.weight)
                fields.finish()
                guard let size, let upTo else { return nil }
                return Size(size: size, upToHours: upTo)
            }) }
            let largest = fields.required("largest_size", decoder.nonEmptyString)
            _ = fields.required("template_hours") { node, path -> Bool? in
                guard let fields = decoder.fields(node, path) else { return nil }
                let copy = fields.required("copy", decoder.weight)
                let variable = fields.required("per_variable", decoder.weight)
                let rewrite = fields.required("per_rewrite", decoder.weight)
                fields.finish()
                if let copy, let variable, let rewrite { templates = (copy, variable, rewrite) }
                return true
            }
            _ = fields.required("integration_hours") { node, path -> Bool? in
                guard let fields = decoder.fields(node, path) else { return nil }
                var table: [IntegrationAction.Action: Double] = [:]
                for action in IntegrationAction.Action.allCases {
                    if let hours = fields.required(action.rawValue, decoder.weight) { table[action] = hours }
                }
                fields.finish()
                if table.count == IntegrationAction.Action.allCases.count { integrations = table }
                return true
            }
            fields.finish()
            if let hours, let condition, let action, let sizes, let largest {
                effort = (hours, condition, action, sizes + [Size(size: largest, upToHours: nil)])
            }
            return true
        }
        var salesforce: (version: String, developer: Int, api: Int, types: [PropertyType: SalesforceFieldType], permissionSet: PermissionSetRule)?
        _ = fields.required(DestinationFamily.salesforce.rawValue) { node, path -> Bool? in
            guard let fields = decoder.fields(node, path) else { return nil }
            let version = fields.required("api_version") { node, path -> String? in
                guard let text = decoder.nonEmptyString(node, path) else { return nil }
                guard Double(text) != nil, text.contains(".") else {
                    decoder.error("expected an API version such as 66.0, found \(NodeDecoder.quoted(text))", at: node.position, path: path)
                    return nil
                }
                return text
            }
            let developer = fields.required("developer_name_max_length") { decoder.integer($0, $1, in: 1...255) }
            let api = fields.required("api_name_max_length") { decoder.integer($0, $1, in: 1...255) }
            let types = fields.required("field_types") { node, path -> [PropertyType: SalesforceFieldType]? in
                guard let fields = decoder.fields(node, path) else { return nil }
                var table: [PropertyType: SalesforceFieldType] = [:]
                for type in PropertyType.allCases {
                    if let value = fields.required(type.rawValue, { fieldType($0, $1, decoder) }) { table[type] = value }
                }
                fields.finish()
                return table.count == PropertyType.allCases.count ? table : nil
            }
            let permissionSet = fields.required("permission_set") { node, path -> PermissionSetRule? in
                guard let fields = decoder.fields(node, path) else { return nil }
                let name = fields.required("name") { node, path -> String? in
                    guard let name = decoder.nonEmptyString(node, path) else { return nil }
                    guard SalesforceNames.isValid(name, maxLength: 80) else {
                        decoder.error("expected an API name (letters, digits and single underscores, starting with a letter), found \(NodeDecoder.quoted(name))",
                                      at: node.position, path: path)
                        return nil
                    }
                    return name
                }
                let label = fields.required("label", decoder.nonEmptyString)
                let permissions = fields.required("user_permissions", decoder.stringList)
                fields.finish()
                guard let name, let label, let permissions else { return nil }
                return PermissionSetRule(name: name, label: label, userPermissions: permissions)
            }
            fields.finish()
            if let version, let developer, let api, let types, let permissionSet { salesforce = (version, developer, api, types, permissionSet) }
            return true
        }
        fields.finish()
        guard let version, let effort, let templates, let integrations, let salesforce else { return nil }
        return HandoffRules(version: version, hoursByKind: effort.hours, perConditionHours: effort.condition, perActionHours: effort.action,
                            templateCopyHours: templates.copy, templateVariableHours: templates.variable, templateRewriteHours: templates.rewrite,
                            integrationHours: integrations, sizes: effort.sizes, apiVersion: salesforce.version, developerNameMaxLength: salesforce.developer,
                            apiNameMaxLength: salesforce.api, fieldTypes: salesforce.types, permissionSet: salesforce.permissionSet)
    }

    private static func fieldType(_ node: DataNode, _ path: KeyPath, _ decoder: NodeDecoder) -> SalesforceFieldType? {
        guard let fields = decoder.fields(node, path) else { return nil }
        let positive: (DataNode, KeyPath) -> Int? = { decoder.integer($0, $1, in: 1...131_072) }
        let type = fields.required("type", decoder.nonEmptyString)
        let length = fields.optional("length", positive)
        let precision = fields.optional("precision", positive)
        let scale = fields.optional("scale") { decoder.integer($0, $1, in: 0...18) }
        let lines = fields.optional("visible_lines", positive)
        let defaultValue = fields.optional("default_value", decoder.nonEmptyString)
        fields.finish()
        return type.map { SalesforceFieldType(type: $0, length: length, precision: precision, scale: scale, visibleLines: lines, defaultValue: defaultValue) }
    }
}
