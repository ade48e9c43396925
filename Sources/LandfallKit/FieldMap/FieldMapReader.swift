/// Reads a `fieldmap.yaml` (or the same structure as JSON or XML) into a ``FieldMap``, every
/// entry with its place in the file; a value of a value map is kept byte for byte as written.
/// Only the form is checked here; ``FieldMapValidation`` checks what the map says.
public struct FieldMapReader {
    /// The file's name, as findings print it.
    public let file: String

    /// Creates a reader for `file`.
    public init(file: String) {
        self.file = file
    }

    /// Whether `root` is a field map (it names `field_map_version`).
    public static func isFieldMap(_ root: DataNode) -> Bool {
        if case .object(let members) = root.value { return members.contains { $0.key == "field_map_version" } }
        return false
    }

    /// Reads the file at `path`.
    ///
    /// - Throws: ``InputFailure``: missing or unreadable (66), not a document (65).
    public static func read(path: String) throws(InputFailure) -> (map: FieldMap?, diagnostics: [Diagnostic]) {
        let root = try DocumentReader.read(path: path)
        return FieldMapReader(file: path).read(root)
    }

    /// The map in `root` (`nil` when its form is broken) and the findings on its form.
    public func read(_ root: DataNode) -> (map: FieldMap?, diagnostics: [Diagnostic]) {
        let decoder = NodeDecoder(file: file, root: root)
        let parts = FieldMapDecoding(decoder: decoder)
        guard let fields = decoder.fields(root, .root) else { return (nil, decoder.log.diagnostics) }
        _ = fields.required("field_map_version") { decoder.integer($0, $1, in: 1...1) }
        let source = fields.required("source", decoder.nonEmptyString)
        let destination = fields.required("destination", decoder.nonEmptyString)
        let objects = fields.required("objects") { node, path in
            decoder.list(node, path) { element, elementPath -> FieldMap.MappedObject? in
                guard let entry = decoder.fields(element, elementPath) else { return nil }
                let object = entry.required("object", decoder.nonEmptyString)
                let file = entry.required("file", decoder.nonEmptyString)
                let rows = entry.optional("rows") { decoder.integer($0, $1, in: 0...Int.max) }
                let note = entry.optional("note", decoder.nonEmptyString)
                let records = entry.required("records") { node, path in
                    decoder.list(node, path) { rule, rulePath -> FieldMap.RecordRule? in
                        guard let ruleFields = decoder.fields(rule, rulePath) else { return nil }
                        defer { ruleFields.finish() }
                        return parts.recordRule(ruleFields, at: rule, rulePath)
                    }
                }
                entry.finish()
                guard let object, let file, let records else { return nil }
                return FieldMap.MappedObject(object: object, file: file, rows: rows, records: records, note: note)
            }
        }
        let customFields = fields.optional("custom_fields") { node, path in
            decoder.list(node, path) { element, elementPath -> FieldMap.CustomField? in
                guard let entry = decoder.fields(element, elementPath) else { return nil }
                defer { entry.finish() }
                return parts.customField(entry, at: element, elementPath)
            }
        }
        let entries = fields.required("fields") { node, path in
            decoder.list(node, path) { element, elementPath in field(element, elementPath, decoder: decoder) }
        }
        let notCarried = fields.optional("not_carried") { decoder.list($0, $1, of: parts.notCarried) }
        fields.finish()
        guard let source, let destination, let objects, let entries, !decoder.log.hasErrors else { return (nil, decoder.log.diagnostics) }
        var map = FieldMap(source: source, destination: destination, objects: objects, customFields: customFields ?? [], fields: entries,
                           notCarried: notCarried ?? [])
        for key in ["source", "destination", "objects", "custom_fields", "fields", "not_carried"] {
            let position = fields.keyPosition(of: key)
            map.keyLocations[key] = SourceLocation(file: file, line: position.line, column: position.column)
        }
        return (map, decoder.log.diagnostics)
    }

    private func field(_ element: DataNode, _ path: KeyPath, decoder: NodeDecoder) -> FieldMap.Field? {
        guard let entry = decoder.fields(element, path) else { return nil }
        let parts = FieldMapDecoding(decoder: decoder)
        var field = parts.field(entry, at: element, path)
        let rows = entry.optional("rows") { decoder.integer($0, $1, in: 0...Int.max) }
        let over = entry.optional("values_over_32000_characters") { decoder.integer($0, $1, in: 0...Int.max) }
        let values = entry.optional("values") { node, path in
            decoder.list(node, path) { element, valuePath -> FieldMap.ValueMapping? in
                guard let pair = decoder.fields(element, valuePath) else { return nil }
                let from = pair.required("from", parts.exactText)
                let to = pair.optional("to", parts.exactText)
                let rows = pair.optional("rows") { decoder.integer($0, $1, in: 0...Int.max) }
                pair.finish()
                return from.map { FieldMap.ValueMapping(from: $0, to: to, rows: rows, origin: "as written in the field map", location: location(element)) }
            }
        }
        let confirmed = entry.required("confirmed", decoder.bool)
        entry.finish()
        guard let confirmed else { return nil }
        field?.rows = rows
        field?.overBulkLimit = over
        field?.values = values ?? []
        field?.origin = "as written in the field map"
        field?.confirmed = confirmed
        return field
    }

    private func location(_ node: DataNode) -> SourceLocation {
        SourceLocation(file: file, line: node.position.line, column: node.position.column)
    }
}
