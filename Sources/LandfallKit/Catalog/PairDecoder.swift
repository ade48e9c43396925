/// Decodes one pair file and checks it against the platforms it names: every object exists, every
/// field type is the destination's, every load step is reachable without a cycle.
struct PairDecoder {
    let decoder: NodeDecoder
    let platforms: [Platform]
    /// Ids of platforms whose files failed to load: already reported, so not reported again here.
    let brokenPlatforms: Set<String>

    func decode(_ root: DataNode) -> MigrationPair? {
        guard let fields = decoder.fields(root, .root) else { return nil }
        let sourceID = fields.required("source", decoder.nonEmptyString)
        let destinationID = fields.required("destination", decoder.nonEmptyString)
        let summary = fields.required("summary", decoder.nonEmptyString)
        let mappings = fields.required("mappings") { decoder.list($0, $1, of: mapping) }
        let customers = fields.optional("customers") { decoder.list($0, $1, of: mapping) }
        let parts = fields.optional("parts") { decoder.list($0, $1, of: mapping) }
        let notMigrated = fields.optional("not_migrated") { decoder.list($0, $1, of: notMigratedEntry) }
        let propertyTypes = fields.required("property_types") { decoder.list($0, $1, of: propertyType) }
        let templateVariables = fields.optional("template_variables") { decoder.list($0, $1, of: templateVariable) }
        let equivalents = fields.required("automation_equivalents") { node, path -> [AutomationKind: String]? in
            guard let entries = decoder.list(node, path, of: { node, path -> (AutomationKind, String)? in
                guard let fields = decoder.fields(node, path) else { return nil }
                let kind: AutomationKind? = fields.required("kind") { decoder.oneOf($0, $1, "automation kind") }
                let equivalent = fields.required("equivalent", decoder.nonEmptyString)
                fields.finish()
                guard let kind, let equivalent else { return nil }
                return (kind, equivalent)
            }) else { return nil }
            let table = Dictionary(entries, uniquingKeysWith: { first, _ in first })
            let missing = AutomationKind.allCases.filter { table[$0] == nil }
            if !missing.isEmpty {
                decoder.error("automation_equivalents says nothing of \(missing.map(\.rawValue).joined(separator: ", "))", at: node.position, path: path)
                return nil
            }
            return table
        }
        let scheduled = fields.required("scheduled_equivalent", decoder.nonEmptyString)
        let actions = fields.required("integration_actions") { decoder.list($0, $1, of: integrationAction) }
        let loadOrder = fields.required("load_order") { decoder.list($0, $1, of: loadStep) }
        let challenges = fields.optional("challenges") { decoder.list($0, $1, of: challenge) }
        let responsibilities = fields.optional("customer_responsibilities", decoder.stringList)
        let approach = fields.required("approach") { decoder.list($0, $1, of: approachStep) }
        let customFields = fields.optional("custom_fields") { decoder.list($0, $1, of: customField) }
        let fieldMap = fields.optional("field_map") { decoder.list($0, $1, of: fieldMapping) }
        let notCarried = fields.optional("fields_not_carried") { decoder.list($0, $1, of: FieldMapDecoding(decoder: decoder).notCarried) }?
            .map { field -> FieldMap.NotCarried in
                var field = field
                field.location = nil
                return field
            }
        fields.finish()

        let source = sourceID.flatMap { platform($0, role: .source, path: "source") }
        let destination = destinationID.flatMap { platform($0, role: .destination, path: "destination") }
        guard let sourceID, let destinationID, let summary, let mappings, let propertyTypes, let equivalents, let scheduled, let actions,
              let loadOrder, let approach
        else { return nil }
        var pair = MigrationPair(source: sourceID, destination: destinationID, summary: summary, mappings: mappings, customerMappings: customers ?? [],
                                 notMigrated: notMigrated ?? [], propertyTypes: propertyTypes, templateVariables: templateVariables ?? [],
                                 automationEquivalents: equivalents, scheduledEquivalent: scheduled, integrationActions: actions,
                                 loadOrder: loadOrder, challenges: challenges ?? [], customerResponsibilities: responsibilities ?? [],
                                 approach: approach, customFields: customFields ?? [], fieldMap: fieldMap ?? [], fieldsNotCarried: notCarried ?? [])
        pair.partMappings = parts ?? []
        let mapped = Set(pair.fieldMap.compactMap { mapping in mapping.source.map { "\(mapping.object).\($0)" } })
        for (index, field) in pair.fieldsNotCarried.enumerated() where mapped.contains("\(field.object).\(field.source)") {
            let path = KeyPath(components: [.key("fields_not_carried"), .index(index)])
            decoder.error("\(field.object).\(field.source) is in the field map too: a field is carried or not", at: decoder.position(of: path), path: path)
        }
        if let source, let destination {
            checkReferences(pair, source: source, destination: destination)
            FieldMapCatalogCheck(decoder: decoder, pair: pair, destination: destination).check()
        }
        checkLoadOrder(pair)
        checkPropertyTypes(pair, destination: destination)
        CatalogChecks.unique(pair.templateVariables.map(\.variable), list: "template_variables", field: "variable", what: "template variable", decoder: decoder)
        CatalogChecks.unique(approach.map(\.id), list: "approach", field: "id", what: "approach step", decoder: decoder)
        return decoder.log.hasErrors ? nil : pair
    }

    private func platform(_ id: String, role: Platform.Role, path: KeyPath) -> Platform? {
        let candidates = platforms.filter { $0.role == role }.map(\.id)
        if brokenPlatforms.contains(id) { return nil }
        guard let platform = platforms.first(where: { $0.id == id }), platform.role == role else {
            let known = candidates.isEmpty ? "" : "; known: \(candidates.joined(separator: ", "))"
            decoder.error("\"\(id)\" is not a \(role.rawValue) platform of this catalog\(known)\(NameSuggestion.hint(for: id, among: candidates))",
                          at: decoder.position(of: path), path: path)
            return nil
        }
        return platform
    }

    private func checkReferences(_ pair: MigrationPair, source: Platform, destination: Platform) {
        func object(_ id: String, of platform: Platform, at path: KeyPath) {
            guard platform.object(id) == nil else { return }
            let known = platform.objects.map(\.id)
            decoder.error("\(platform.name) has no object \"\(id)\"\(NameSuggestion.hint(for: id, among: known))",
                          at: decoder.position(of: path), path: path)
        }
        var mapped: [String: KeyPath] = [:]
        let listed = pair.mappings.enumerated().map { ("mappings", $0.offset, $0.element) }
            + pair.customerMappings.enumerated().map { ("customers", $0.offset, $0.element) }
            + pair.partMappings.enumerated().map { ("parts", $0.offset, $0.element) }
        for (list, index, mapping) in listed {
            let base = KeyPath(components: [.key(list), .index(index)])
            object(mapping.sourceObject, of: source, at: base.appending("source_object"))
            if let earlier = mapped[mapping.sourceObject] {
                decoder.error("\"\(mapping.sourceObject)\" is already mapped by \(earlier)",
                              at: decoder.position(of: base.appending("source_object")), path: base.appending("source_object"))
            }
            mapped[mapping.sourceObject] = base
            if mapping.destinationObjects.isEmpty {
                decoder.error("a mapping needs at least one destination object", at: decoder.position(of: base.appending("destination_objects")),
                              path: base.appending("destination_objects"))
            }
            for (offset, id) in mapping.destinationObjects.enumerated() {
                object(id, of: destination, at: base.appending("destination_objects").appending(index: offset))
            }
            for (offset, id) in mapping.carries.enumerated() {
                object(id, of: source, at: base.appending("carries").appending(index: offset))
            }
        }
        var accounted = Set(pair.allMappings.flatMap { [$0.sourceObject] + $0.carries })
        for (index, entry) in pair.notMigrated.enumerated() {
            let path = KeyPath(components: [.key("not_migrated"), .index(index), .key("object")])
            object(entry.object, of: source, at: path)
            if mapped[entry.object] != nil {
                decoder.error("\"\(entry.object)\" is both mapped and listed as not migrated", at: decoder.position(of: path), path: path)
            }
            accounted.insert(entry.object)
        }
        for (index, step) in pair.loadOrder.enumerated() {
            for (offset, id) in step.objects.enumerated() {
                object(id, of: source, at: KeyPath(components: [.key("load_order"), .index(index), .key("objects"), .index(offset)]))
            }
        }
        for item in source.objects where !accounted.contains(item.id) {
            decoder.warning("the pair neither maps nor excludes \(source.name)'s \"\(item.id)\"; add it to mappings, a mapping's carries, or not_migrated",
                            at: decoder.position(of: "mappings"), path: "mappings")
        }
    }

    private func checkLoadOrder(_ pair: MigrationPair) {
        CatalogChecks.unique(pair.loadOrder.map(\.id), list: "load_order", field: "id", what: "load step", decoder: decoder)
        let ids = pair.loadOrder.map(\.id)
        for (index, step) in pair.loadOrder.enumerated() {
            for (offset, dependency) in step.after.enumerated() where !ids.contains(dependency) {
                let path = KeyPath(components: [.key("load_order"), .index(index), .key("after"), .index(offset)])
                decoder.error("the load step \"\(step.id)\" waits for \"\(dependency)\", which is not a load step\(NameSuggestion.hint(for: dependency, among: ids))",
                              at: decoder.position(of: path), path: path)
            }
        }
        do {
            _ = try LoadOrderGraph(steps: pair.loadOrder).sorted()
        } catch {
            let first = pair.loadOrder.firstIndex { $0.id == error.steps.first } ?? 0
            let path = KeyPath(components: [.key("load_order"), .index(first), .key("after")])
            decoder.error("the load order has a cycle (each step waits for the next): \(error.steps.joined(separator: " → ")); none of them could ever start",
                          at: decoder.position(of: path), path: path)
        }
    }

    /// Every source property type has exactly one entry, naming one of the destination's types.
    private func checkPropertyTypes(_ pair: MigrationPair, destination: Platform?) {
        CatalogChecks.unique(pair.propertyTypes.map(\.source.rawValue), list: "property_types", field: "source", what: "property type", decoder: decoder)
        let missing = PropertyType.allCases.filter { type in !pair.propertyTypes.contains { $0.source == type } }
        if !missing.isEmpty {
            decoder.error("property_types says nothing of \(missing.map(\.rawValue).joined(separator: ", "))",
                          at: decoder.position(of: "property_types"), path: "property_types")
        }
        guard let destination else { return }
        for (index, mapping) in pair.propertyTypes.enumerated() where !destination.fieldTypes.contains(mapping.destination) {
            let path = KeyPath(components: [.key("property_types"), .index(index), .key("destination")])
            decoder.error("\(destination.name) has no field type \"\(mapping.destination)\"; its types: \(destination.fieldTypes.joined(separator: ", "))",
                          at: decoder.position(of: path), path: path)
        }
    }

    private func propertyType(_ node: DataNode, _ path: KeyPath) -> PropertyTypeMapping? {
        guard let fields = decoder.fields(node, path) else { return nil }
        let source: PropertyType? = fields.required("source") { decoder.oneOf($0, $1, "property type") }
        let destination = fields.required("destination", decoder.nonEmptyString)
        let fit: TypeFit? = fields.required("fit") { decoder.oneOf($0, $1, "fit") }
        let note = fields.optional("note", decoder.nonEmptyString)
        fields.finish()
        guard let source, let destination, let fit else { return nil }
        return PropertyTypeMapping(source: source, destination: destination, fit: fit, note: note)
    }

    private func integrationAction(_ node: DataNode, _ path: KeyPath) -> IntegrationAction? {
        guard let fields = decoder.fields(node, path) else { return nil }
        let name = fields.optional("name_contains", decoder.nonEmptyString)
        let kind = fields.optional("kind", decoder.nonEmptyString)
        let action: IntegrationAction.Action? = fields.required("action") { decoder.oneOf($0, $1, "integration action") }
        let note = fields.required("note", decoder.nonEmptyString)
        fields.finish()
        guard let action, let note else { return nil }
        return IntegrationAction(nameContains: name, kind: kind, action: action, note: note)
    }

    private func templateVariable(_ node: DataNode, _ path: KeyPath) -> TemplateVariable? {
        guard let fields = decoder.fields(node, path) else { return nil }
        let variable = fields.required("variable", decoder.nonEmptyString)
        let equivalent = fields.optional("equivalent", decoder.nonEmptyString)
        fields.finish()
        return variable.map { TemplateVariable(variable: $0, equivalent: equivalent) }
    }

    private func mapping(_ node: DataNode, _ path: KeyPath) -> ObjectMapping? {
        guard let fields = decoder.fields(node, path) else { return nil }
        let source = fields.required("source_object", decoder.nonEmptyString)
        let destinations = fields.required("destination_objects", decoder.stringList)
        let cardinality: Cardinality? = fields.required("cardinality") { decoder.oneOf($0, $1, "cardinality") }
        let support: MappingSupport? = fields.required("support") { decoder.oneOf($0, $1, "support level") }
        let carries = fields.optional("carries", decoder.stringList)
        let notes = fields.required("notes", decoder.nonEmptyString)
        let records = fields.optional("records") { decoder.list($0, $1, of: recordRule) }
        let documentation = fields.optional("source", decoder.documentationURL)
        fields.finish()
        guard let source, let destinations, let cardinality, let support, let notes else { return nil }
        return ObjectMapping(sourceObject: source, destinationObjects: destinations, cardinality: cardinality, support: support,
                             carries: carries ?? [], notes: notes, records: records ?? [], source: documentation)
    }

    private func recordRule(_ node: DataNode, _ path: KeyPath) -> CatalogRecordRule? {
        guard let fields = decoder.fields(node, path) else { return nil }
        guard let rule = FieldMapDecoding(decoder: decoder).recordRule(fields, at: node, path) else {
            fields.finish()
            return nil
        }
        let model: ConversationModel?? = fields.optional("conversation_model") { .some(decoder.oneOf($0, $1, "conversation model")) }
        fields.finish()
        guard model != .some(nil) else { return nil }
        return CatalogRecordRule(rule: rule, conversationModel: model ?? nil)
    }

    private func customField(_ node: DataNode, _ path: KeyPath) -> FieldMap.CustomField? {
        guard let fields = decoder.fields(node, path) else { return nil }
        var field = FieldMapDecoding(decoder: decoder).customField(fields, at: node, path)
        fields.finish()
        field?.location = nil
        return field
    }

    private func notMigratedEntry(_ node: DataNode, _ path: KeyPath) -> NotMigrated? {
        guard let fields = decoder.fields(node, path) else { return nil }
        let object = fields.required("object", decoder.nonEmptyString)
        let reason = fields.required("reason", decoder.nonEmptyString)
        fields.finish()
        guard let object, let reason else { return nil }
        return NotMigrated(object: object, reason: reason)
    }

    private func loadStep(_ node: DataNode, _ path: KeyPath) -> LoadStep? {
        guard let fields = decoder.fields(node, path) else { return nil }
        let id = fields.required("id", decoder.nonEmptyString)
        let name = fields.required("name", decoder.nonEmptyString)
        let objects = fields.required("objects", decoder.stringList)
        let after = fields.optional("after", decoder.stringList)
        fields.finish()
        guard let id, let name, let objects else { return nil }
        return LoadStep(id: id, name: name, objects: objects, after: after ?? [])
    }

    private func fieldMapping(_ node: DataNode, _ path: KeyPath) -> FieldMapping? {
        guard let fields = decoder.fields(node, path) else { return nil }
        var entry = FieldMapDecoding(decoder: decoder).field(fields, at: node, path)
        let values = fields.optional("values") { node, path -> [String: String]? in
            guard let map = decoder.fields(node, path) else { return nil }
            var table: [String: String] = [:]
            for key in map.unreadKeys {
                if let value = map.required(key, decoder.nonEmptyString) { table[key.lowercased()] = value }
            }
            map.finish()
            return table
        }
        fields.finish()
        entry?.location = nil
        guard let entry else { return nil }
        if let picklist = entry.picklist, let values {
            for (key, value) in values.sorted(by: { $0.key < $1.key }) where !picklist.contains(value) {
                decoder.error("the value map sends \(key) to \(value), which is not one of the picklist's values (\(picklist.joined(separator: ", ")))",
                              at: node.position, path: path.appending("values"))
            }
        }
        return FieldMapping(entry: entry, values: values ?? [:])
    }

    private func challenge(_ node: DataNode, _ path: KeyPath) -> Challenge? {
        guard let fields = decoder.fields(node, path) else { return nil }
        let title = fields.required("title", decoder.nonEmptyString)
        let severity: RiskSeverity? = fields.required("severity") { decoder.oneOf($0, $1, "severity") }
        let detail = fields.required("detail", decoder.nonEmptyString)
        let owner: RiskOwner? = fields.required("owner") { decoder.oneOf($0, $1, "owner") }
        let mitigation = fields.required("mitigation", decoder.nonEmptyString)
        let applies = fields.optional("applies_when", decoder.applicability)
        let source = fields.optional("source", decoder.documentationURL)
        fields.finish()
        guard let title, let severity, let detail, let owner, let mitigation, fields.has("applies_when") == (applies != nil) else { return nil }
        return Challenge(title: title, severity: severity, detail: detail, owner: owner, mitigation: mitigation, appliesWhen: applies ?? .always,
                         source: source)
    }

    private func approachStep(_ node: DataNode, _ path: KeyPath) -> ApproachStep? {
        guard let fields = decoder.fields(node, path) else { return nil }
        let id = fields.required("id", decoder.nonEmptyString)
        let name = fields.required("name", decoder.nonEmptyString)
        let detail = fields.required("detail", decoder.nonEmptyString)
        fields.finish()
        guard let id, let name, let detail else { return nil }
        return ApproachStep(id: id, name: name, detail: detail)
    }
}
