/// Checks a pair's field map against the export's layout and the destination's schema when the
/// catalog loads: every destination field is a standard field a load may write or a custom field
/// the pair defines, every value a picklist takes, every column of every data file accounted
/// for (mapped, not carried, or deciding where a record lands).
struct FieldMapCatalogCheck {
    let decoder: NodeDecoder
    let pair: MigrationPair
    let destination: Platform

    func check() {
        let customFields = Dictionary(pair.customFields.map { ($0.field, $0) }, uniquingKeysWith: { first, _ in first })
        for (index, field) in pair.customFields.enumerated() {
            let path = KeyPath(components: [.key("custom_fields"), .index(index)])
            if !destination.fieldTypes.contains(field.type) {
                error("\(destination.name) has no field type \"\(field.type)\"; its types: \(destination.fieldTypes.joined(separator: ", "))"
                      + NameSuggestion.hint(for: field.type, among: destination.fieldTypes), at: path.appending("type"))
            }
            if destination.schemaObject(field.object) == nil {
                error("\(destination.name)'s schema has no object \"\(field.object)\"", at: path.appending("field"))
            }
        }
        CatalogChecks.unique(pair.customFields.map(\.field), list: "custom_fields", field: "field", what: "custom field", decoder: decoder)
        for (index, mapping) in pair.fieldMap.enumerated() {
            checkEntry(mapping, at: KeyPath(components: [.key("field_map"), .index(index)]), customFields: customFields)
        }
        for (list, mappings) in [("mappings", pair.mappings), ("customers", pair.customerMappings), ("parts", pair.partMappings)] {
            for (index, mapping) in mappings.enumerated() {
                for (offset, record) in mapping.records.enumerated() {
                    let path = KeyPath(components: [.key(list), .index(index), .key("records"), .index(offset)])
                    checkRule(record.rule, of: mapping.sourceObject, at: path, customFields: customFields)
                }
            }
        }
        for (index, field) in pair.fieldsNotCarried.enumerated() {
            let path = KeyPath(components: [.key("fields_not_carried"), .index(index)])
            column(field.source, of: field.object, at: path.appending("source"))
        }
        checkAccounting()
    }

    private func checkEntry(_ mapping: FieldMapping, at path: KeyPath, customFields: [String: FieldMap.CustomField]) {
        guard pair.mapping(for: mapping.object) != nil, ExportLayout.dataFile(of: mapping.object) != nil else {
            error("\"\(mapping.object)\" is not a data file's object that the pair maps", at: path.appending("object"))
            return
        }
        for name in [mapping.source, mapping.fallback, mapping.referencesColumn].compactMap({ $0 }) + (mapping.when?.columns ?? []) {
            column(name, of: mapping.object, at: path)
        }
        if let references = mapping.references, pair.mapping(for: references) == nil {
            error("the lookup refers to \"\(references)\", which the pair does not map", at: path.appending("references"))
        }
        let schemaField = destination.schemaField(mapping.destination)
        if let schemaField, !schemaField.writable {
            error("\(mapping.destination) cannot be written by a load: \(schemaField.note ?? "the destination sets it itself")", at: path.appending("destination"))
        } else if schemaField == nil && customFields[mapping.destination] == nil {
            error("\(mapping.destination) is neither a field of \(destination.name)'s schema nor one of the pair's custom_fields", at: path.appending("destination"))
        }
        guard let schemaField, schemaField.isPicklist, schemaField.valueSet == nil, !schemaField.values.isEmpty else { return }
        let allowed = mapping.picklist ?? schemaField.values
        let proposed = mapping.transform == .constant ? [mapping.value ?? ""] : mapping.values.values.sorted()
        for value in proposed where !allowed.contains(value) {
            error("\(mapping.destination) takes \(allowed.joined(separator: ", ")); \(NodeDecoder.quoted(value)) is not one of them", at: path)
        }
    }

    private func checkRule(_ rule: FieldMap.RecordRule, of object: String, at path: KeyPath, customFields: [String: FieldMap.CustomField]) {
        for name in (rule.when?.columns ?? []) + [rule.joins].compactMap({ $0 }) {
            column(name, of: object, at: path)
        }
        guard let target = rule.destination else { return }
        guard destination.schemaObject(target) != nil else {
            error("\(destination.name)'s schema has no object \"\(target)\"", at: path.appending("destination"))
            return
        }
        if let key = rule.key, destination.schemaField("\(target).\(key)") == nil, customFields["\(target).\(key)"] == nil {
            error("the key \(target).\(key) is neither a field of the schema nor one of the pair's custom_fields", at: path.appending("key"))
        }
    }

    /// Every column of every data file the pair maps is carried, not carried, or read by a rule.
    private func checkAccounting() {
        for file in ExportLayout.dataFiles {
            guard let object = file.object, pair.mapping(for: object) != nil else { continue }
            var used: Set<String> = []
            for mapping in pair.fieldMap where mapping.object == object {
                used.formUnion([mapping.source, mapping.fallback, mapping.referencesColumn].compactMap { $0 })
                used.formUnion(mapping.when?.columns ?? [])
            }
            used.formUnion(pair.fieldsNotCarried.filter { $0.object == object }.map(\.source))
            for record in pair.mapping(for: object)?.records ?? [] {
                used.formUnion((record.rule.when?.columns ?? []) + [record.rule.joins].compactMap { $0 })
            }
            let missing = file.columns.filter { !used.contains($0) }
            if !missing.isEmpty {
                error("the field map neither carries nor lists as not carried \(missing.map { "\(object).\($0)" }.joined(separator: ", "))", at: "field_map")
            }
        }
    }

    private func column(_ name: String, of object: String, at path: KeyPath) {
        guard let file = ExportLayout.dataFile(of: object), !file.columns.contains(name) else { return }
        error("\(file.name) has no column \"\(name)\"" + NameSuggestion.hint(for: name, among: file.columns), at: path)
    }

    private func error(_ message: String, at path: KeyPath) {
        decoder.error(message, at: decoder.position(of: path), path: path)
    }
}
