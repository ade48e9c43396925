/// Reads the parts of a field map that the catalog and `fieldmap.yaml` write alike: record
/// rules, custom fields and conditions, each problem recorded at its place.
struct FieldMapDecoding {
    let decoder: NodeDecoder

    /// A condition written as text (`internal = true`).
    func condition(_ node: DataNode, _ path: KeyPath) -> RecordCondition? {
        guard let text = decoder.nonEmptyString(node, path) else { return nil }
        guard let condition = RecordCondition(parsing: text) else {
            decoder.error("\(NodeDecoder.quoted(text)) is not a condition: write clauses such as \"internal = true\", \"body_format != html\", \"ticket_id is empty\" or \"review_id is set\", joined by \"and\"",
                          at: node.position, path: path)
            return nil
        }
        return condition
    }

    /// A record rule's keys, read from `fields` (the caller finishes them).
    func recordRule(_ fields: FieldReader, at node: DataNode, _ path: KeyPath) -> FieldMap.RecordRule? {
        let when = fields.optional("when", condition)
        let destination = fields.optional("destination", decoder.nonEmptyString)
        let operation: FieldMap.Operation? = fields.required("operation") { decoder.oneOf($0, $1, "operation") }
        let key = fields.optional("key", decoder.nonEmptyString)
        let recordType = fields.optional("record_type", decoder.nonEmptyString)
        let joins = fields.optional("joins", decoder.nonEmptyString)
        let rows = fields.optional("rows") { decoder.integer($0, $1, in: 0...Int.max) }
        let note = fields.optional("note", decoder.nonEmptyString)
        guard let operation else { return nil }
        if (joins != nil) != (destination == nil) {
            decoder.error("a record rule names either the destination object its rows become or the column whose record they join, not both", at: node.position, path: path)
            return nil
        }
        return FieldMap.RecordRule(when: when, destination: destination, operation: operation, key: key, recordType: recordType, joins: joins,
                                   rows: rows, note: note)
    }

    /// A field entry's keys that the catalog and `fieldmap.yaml` share, read from `fields` (the
    /// caller reads its own `values` and finishes them): `nil` when one is missing or wrong.
    func field(_ fields: FieldReader, at node: DataNode, _ path: KeyPath) -> FieldMap.Field? {
        let object = fields.required("object", decoder.nonEmptyString)
        let source = fields.optional("source", decoder.nonEmptyString)
        let fallback = fields.optional("fallback", decoder.nonEmptyString)
        let value = fields.optional("value", exactText)
        let destination = fields.required("destination", decoder.nonEmptyString)
        let transform: FieldTransform? = fields.required("transform") { decoder.oneOf($0, $1, "transform") }
        let when = fields.optional("when", condition)
        let references = fields.optional("references", decoder.nonEmptyString)
        let referencesColumn = fields.optional("references_column", decoder.nonEmptyString)
        let required = fields.optional("required", decoder.bool) ?? false
        let maxLength = fields.optional("max_length") { decoder.integer($0, $1, in: 1...100_000_000) }
        let maxBytes = fields.optional("max_bytes") { decoder.integer($0, $1, in: 1...100_000_000) }
        let isList = fields.optional("list", decoder.bool) ?? false
        let picklist = fields.optional("picklist") { node, path in decoder.list(node, path, of: exactText) }
        let note = fields.optional("note", decoder.nonEmptyString)
        let documentation = fields.optional("documentation", decoder.documentationURL)
        guard let object, let destination, let transform else { return nil }
        if (transform == .constant) != (value != nil) || (transform == .constant) == (source != nil) {
            decoder.error("a constant names a value and no source; every other transform names a source and no value", at: node.position, path: path)
            return nil
        }
        return FieldMap.Field(object: object, source: source, fallback: fallback, value: value, destination: destination, transform: transform, when: when,
                              references: references, referencesColumn: referencesColumn, required: required, maxLength: maxLength, maxBytes: maxBytes,
                              picklist: picklist, isList: isList, note: note, documentation: documentation,
                              location: SourceLocation(file: decoder.log.file, line: node.position.line, column: node.position.column))
    }

    /// A scalar as written, byte for byte (a number or boolean as its literal), never changed.
    func exactText(_ node: DataNode, _ path: KeyPath) -> String? {
        switch node.value {
        case .string(let text), .text(let text), .number(let text): return text
        case .bool(let flag): return flag ? "true" : "false"
        default:
            decoder.error("expected text, found \(node.kindDescription)", at: node.position, path: path)
            return nil
        }
    }

    /// A column not carried, with its reason (and the documentation the reason rests on).
    func notCarried(_ node: DataNode, _ path: KeyPath) -> FieldMap.NotCarried? {
        guard let fields = decoder.fields(node, path) else { return nil }
        let object = fields.required("object", decoder.nonEmptyString)
        let source = fields.required("source", decoder.nonEmptyString)
        let reason = fields.required("reason", decoder.nonEmptyString)
        let documentation = fields.optional("documentation", decoder.documentationURL)
        fields.finish()
        guard let object, let source, let reason else { return nil }
        return FieldMap.NotCarried(object: object, source: source, reason: reason, documentation: documentation,
                                   location: SourceLocation(file: decoder.log.file, line: node.position.line, column: node.position.column))
    }

    /// A custom field's keys, read from `fields` (the caller finishes them).
    func customField(_ fields: FieldReader, at node: DataNode, _ path: KeyPath) -> FieldMap.CustomField? {
        let field = fields.required("field", decoder.nonEmptyString)
        let label = fields.required("label", decoder.nonEmptyString)
        let type = fields.required("type", decoder.nonEmptyString)
        let length = fields.optional("length") { decoder.integer($0, $1, in: 1...131_072) }
        let externalID = fields.optional("external_id", decoder.bool) ?? false
        let unique = fields.optional("unique", decoder.bool) ?? false
        let holds = fields.required("holds", decoder.nonEmptyString)
        guard let field, let label, let type, let holds else { return nil }
        guard !FieldPath(field).field.isEmpty else {
            decoder.error("a custom field is written Object.field (Case.star_rating__c), found \(NodeDecoder.quoted(field))", at: node.position, path: path.appending("field"))
            return nil
        }
        return FieldMap.CustomField(field: field, label: label, type: type, length: length, externalID: externalID, unique: unique, holds: holds,
                                    location: SourceLocation(file: decoder.log.file, line: node.position.line, column: node.position.column))
    }
}
