/// Checks what a field map says against the catalog, the destination's schema and (when given)
/// the export's profile: every object and column one the export has, every destination field one
/// the platform has or the set-up creates, every value a picklist takes, nothing mapped twice,
/// every required field filled, every value the data holds mapped, lengths and timestamps fit,
/// and every column of every data file either carried or listed as not carried. Each finding
/// stands at its entry's line in the file.
public struct FieldMapValidation {
    /// The catalog, for the pair, the destination's schema and the catalog's required fields.
    public let catalog: Catalog
    /// The export's profile, when given: the columns and values the data really holds.
    public let profile: ExportProfile?
    /// The account, when known: its custom properties name the `custom.*` columns.
    public let manifest: Manifest?
    /// The destination the map is used for, when a command names one.
    public let expectedDestination: String?

    /// Creates the check.
    /// Whether a value still to choose is a warning rather than an error: for a draft load,
    /// whose records holding the value are held back.
    public var openChoicesAreWarnings = false

    public init(catalog: Catalog, profile: ExportProfile?, manifest: Manifest? = nil, expectedDestination: String? = nil) {
        self.catalog = catalog
        self.profile = profile
        self.manifest = manifest
        self.expectedDestination = expectedDestination
    }

    /// Every finding on `map`, sorted by place; unconfirmed entries are one warning.
    public func check(_ map: FieldMap, file: String) -> [Diagnostic] {
        var findings = Findings(file: file)
        let top = { (key: String) in map.keyLocations[key] ?? SourceLocation(file: file, line: 1, column: 1) }
        if let expectedDestination, map.destination != expectedDestination {
            findings.error("this field map is for \(map.destination), not for \(expectedDestination): propose one for \(expectedDestination) with landfall fieldmap",
                           at: top("destination"), path: "destination")
            return findings.sorted
        }
        guard let pair = catalog.pair(source: map.source, destination: map.destination), let destination = catalog.platform(map.destination) else {
            findings.error("the catalog has no migration from \(map.source) to \(map.destination)", at: top("destination"), path: "destination")
            return findings.sorted
        }
        let columns = availableColumns()
        let customFields = Dictionary(map.customFields.map { ($0.field, $0) }, uniquingKeysWith: { first, _ in first })
        var used: [String: Set<String>] = [:]

        for (index, object) in map.objects.enumerated() {
            let path = "objects[\(index)]"
            let at = top("objects")
            guard let file = ExportLayout.dataFile(of: object.object) else {
                findings.error("\"\(object.object)\" is not a data file's object of a \(catalog.platform(map.source)?.name ?? map.source) export"
                               + NameSuggestion.hint(for: object.object, among: ExportLayout.dataFiles.compactMap(\.object)), at: at, path: path)
                continue
            }
            if let profile, !profile.files.contains(where: { $0.file == file.name }) {
                findings.error("the export has no \(file.name): this map is not of this export", at: at, path: path)
            }
            for (offset, rule) in object.records.enumerated() {
                let rulePath = "\(path).records[\(offset)]"
                for column in (rule.when?.columns ?? []) + [rule.joins].compactMap({ $0 }) {
                    checkColumn(column, of: object.object, columns: columns, at: at, path: rulePath, findings: &findings)
                    used[object.object, default: []].insert(column)
                }
                if let target = rule.destination, destination.schemaObject(target) == nil {
                    findings.error("\(destination.name) has no object \"\(target)\"" + NameSuggestion.hint(for: target, among: destination.schema.map(\.name)),
                                   at: at, path: "\(rulePath).destination")
                }
            }
        }
        for (index, field) in map.customFields.enumerated() where !destination.fieldTypes.contains(field.type) {
            findings.error("\(destination.name) has no field type \"\(field.type)\"; its types: \(destination.fieldTypes.joined(separator: ", "))"
                           + NameSuggestion.hint(for: field.type, among: destination.fieldTypes),
                           at: field.location ?? top("custom_fields"), path: "custom_fields[\(index)].type")
        }

        var identities: [String: Int] = [:]
        var unconfirmed: [String] = []
        for (index, field) in map.fields.enumerated() {
            let path = "fields[\(index)]"
            let at = field.location ?? top("fields")
            if !field.confirmed { unconfirmed.append(field.source.map { "\(field.object).\($0)" } ?? "\(field.object) → \(field.destination)") }
            guard ExportLayout.dataFile(of: field.object) != nil else {
                findings.error("\"\(field.object)\" is not a data file's object of the export" + NameSuggestion.hint(for: field.object, among: ExportLayout.dataFiles.compactMap(\.object)),
                               at: at, path: "\(path).object")
                continue
            }
            for column in [field.source, field.fallback, field.referencesColumn].compactMap({ $0 }) + (field.when?.columns ?? []) {
                checkColumn(column, of: field.object, columns: columns, at: at, path: "\(path).source", findings: &findings)
                used[field.object, default: []].insert(column)
            }
            let schemaField = destination.schemaField(field.destination)
            if let schemaField, !schemaField.writable {
                findings.error("\(field.destination) cannot be written by a load: \(schemaField.note ?? "\(destination.name) sets it itself")", at: at, path: "\(path).destination")
            } else if schemaField == nil && customFields[field.destination] == nil {
                let known = (destination.schemaObject(field.destinationObject)?.fields.map(\.name) ?? []) + map.customFields.filter { $0.object == field.destinationObject }.map(\.name)
                findings.error("\(field.destination) is not a field of \(destination.name), and the set-up does not create it (custom_fields)"
                               + NameSuggestion.hint(for: field.destinationField, among: known), at: at, path: "\(path).destination")
            }
            let isListDestination = schemaField?.type == "tags" || schemaField?.type == "list"
            if let earlier = identities[field.identity], !isListDestination {
                findings.error("\(field.destination) is filled twice for the same rows of \(field.object): here and in fields[\(earlier)]; keep one", at: at, path: "\(path).destination")
            } else {
                identities[field.identity] = index
            }
            // An entry that applies to no row of this export (a standalone conversation's channel
            // where every conversation lands on a ticket) leaves nothing to choose.
            let writes = map.writes(field)
            checkValues(field, schemaField: schemaField, choicesNeeded: writes, path: path, at: at, findings: &findings)
            if writes { checkData(field, path: path, at: at, findings: &findings) }
        }
        for (index, field) in map.notCarried.enumerated() {
            let at = field.location ?? top("not_carried")
            checkColumn(field.source, of: field.object, columns: columns, at: at, path: "not_carried[\(index)].source", findings: &findings)
            if used[field.object]?.contains(field.source) == true, map.fields.contains(where: { $0.object == field.object && $0.source == field.source }) {
                findings.error("\(field.object).\(field.source) is carried by a field entry and listed as not carried: keep one", at: at, path: "not_carried[\(index)]")
            }
            used[field.object, default: []].insert(field.source)
        }

        // Every required field the catalog knows is filled, for the objects the map has.
        let objects = Set(map.objects.map(\.object))
        for mapping in pair.fieldMap where mapping.required && objects.contains(mapping.object) {
            guard !map.fields.contains(where: { $0.object == mapping.object && $0.destination == mapping.destination }) else { continue }
            findings.error("\(mapping.destination) is required for \(mapping.object) records, and no entry fills it"
                           + (mapping.source.map { ": map \(mapping.object).\($0) to it" } ?? ""), at: top("fields"), path: "fields")
        }
        // Every column of every data file is accounted for.
        for object in map.objects {
            guard let file = ExportLayout.dataFile(of: object.object) else { continue }
            let present = columns[object.object] ?? file.columns
            let accounted = used[object.object] ?? []
            let missing = present.filter { !accounted.contains($0) }
            if !missing.isEmpty {
                findings.error("\(file.name) holds \(missing.joined(separator: ", ")), which the map neither carries nor lists under not_carried", at: top("not_carried"), path: "not_carried")
            }
        }
        if let profile {
            for file in ExportLayout.dataFiles where profile.files.contains(where: { $0.file == file.name }) && !objects.contains(file.object ?? "") {
                findings.error("the export holds \(file.name), which the map does not list under objects", at: top("objects"), path: "objects")
            }
        }
        if !unconfirmed.isEmpty {
            let shown = unconfirmed.prefix(8).joined(separator: ", ") + (unconfirmed.count > 8 ? ", …" : "")
            findings.warning("\(unconfirmed.count) of \(map.fields.count) entries are not confirmed yet: \(shown)", at: top("fields"), path: "fields")
        }
        return findings.sorted
    }

    /// The columns each object's file has: from the profile, else the layout with the manifest's
    /// custom properties; `nil` for an object whose columns are not known apart from the layout.
    private func availableColumns() -> [String: [String]] {
        var columns: [String: [String]] = [:]
        for file in ExportLayout.dataFiles {
            guard let object = file.object else { continue }
            if let profile {
                if let profiled = profile.files.first(where: { $0.file == file.name }) { columns[object] = profiled.columns.map(\.column) }
            } else {
                columns[object] = file.columns + (object == "ticket" ? (manifest?.customProperties ?? []).map { "custom.\($0.key)" } : [])
            }
        }
        return columns
    }

    private func checkColumn(_ column: String, of object: String, columns: [String: [String]], at location: SourceLocation, path: String, findings: inout Findings) {
        guard let known = columns[object] else { return }
        if known.contains(column) { return }
        if profile == nil, manifest == nil, object == "ticket", column.hasPrefix("custom.") { return }
        let file = ExportLayout.dataFile(of: object)?.name ?? object
        findings.error("\(file) has no column \"\(column)\"" + NameSuggestion.hint(for: column, among: known) + (profile != nil ? " in this export" : ""),
                       at: location, path: path)
    }

    /// The value map's values: each to a value the destination takes, each source value once.
    private func checkValues(_ field: FieldMap.Field, schemaField: SchemaField?, choicesNeeded: Bool, path: String, at location: SourceLocation,
                             findings: inout Findings) {
        let picklist = field.picklist ?? (schemaField?.isPicklist == true && schemaField?.valueSet == nil ? schemaField?.values : nil)
        if field.transform == .constant, let value = field.value, let picklist, !picklist.contains(value) {
            findings.error("\(field.destination) takes \(picklist.joined(separator: ", ")); \(NodeDecoder.quoted(value)) is not one of them", at: location, path: "\(path).value")
        }
        guard field.transform == .valueMap else { return }
        var seen: [[UInt8]: (to: String?, index: Int)] = [:]
        for (index, value) in field.values.enumerated() {
            let valuePath = "\(path).values[\(index)]"
            let at = value.location ?? location
            let key = Array(value.from.utf8)
            if let earlier = seen[key] {
                if earlier.to != value.to {
                    findings.error("the value \(NodeDecoder.quoted(value.from)) is mapped twice, to \(earlier.to.map(NodeDecoder.quoted) ?? "nothing") and to \(value.to.map(NodeDecoder.quoted) ?? "nothing"); keep one",
                                   at: at, path: valuePath)
                }
                continue
            }
            seen[key] = (value.to, index)
            guard let to = value.to, !to.isEmpty else {
                guard choicesNeeded else { continue }
                let rows = value.rows.map { " (\(Format.count($0, "row")))" } ?? ""
                let message = "the value \(NodeDecoder.quoted(value.from))\(rows) of \(field.object).\(field.source ?? "") has no destination value: choose one"
                if openChoicesAreWarnings {
                    findings.warning(message + " (the records that hold it are held back)", at: at, path: "\(valuePath).to")
                } else {
                    findings.error(message, at: at, path: "\(valuePath).to")
                }
                continue
            }
            if let picklist, !picklist.contains(to) {
                findings.error("\(NodeDecoder.quoted(to)) is not a value of \(field.destination) (\(picklist.joined(separator: ", "))): choose one of them, or add it to the picklist for the set-up to create",
                               at: at, path: "\(valuePath).to")
            }
        }
    }

    /// Against the profile: every value the data holds is mapped, values fit the destination's
    /// length, timestamps can be converted.
    private func checkData(_ field: FieldMap.Field, path: String, at location: SourceLocation, findings: inout Findings) {
        guard let source = field.source, let seen = profile?.column(source, of: field.object) else { return }
        if field.transform == .valueMap && !field.isList {
            let listed = Set(field.values.map { Array($0.from.utf8) })
            for value in seen.values ?? [] where !listed.contains(Array(value.value.utf8)) {
                findings.error("the data holds \(NodeDecoder.quoted(value.value)) in \(source) (\(Format.count(value.count, "row"))), which the map does not list: map it",
                               at: location, path: "\(path).values")
            }
        }
        if let maxLength = field.maxLength, seen.maxLength > maxLength, ![.truncate, .htmlToText, .valueMap, .lookup, .givenName, .familyName].contains(field.transform) {
            findings.error("values of \(source) reach \(seen.maxLength) characters; \(field.destination) takes \(maxLength): truncate them, or shorten them first",
                           at: location, path: "\(path).max_length")
        }
        if field.transform == .timeZoneToUTC || field.transform == .unixSeconds, let type = seen.type {
            switch type {
            case .datetime, .date: break
            case .datetimeWithoutZone:
                findings.warning("\(source) holds timestamps without a zone: name the zone they were written in before they are converted", at: location, path: "\(path).transform")
            default:
                findings.error("\(source) holds \(type.rawValue) values, which \(field.transform.rawValue) cannot convert", at: location, path: "\(path).transform")
            }
        }
    }
}

/// Findings gathered in one pass, then sorted by place.
private struct Findings {
    let file: String
    var list: [Diagnostic] = []

    mutating func error(_ message: String, at location: SourceLocation, path: String) {
        list.append(Diagnostic(.error, at: location, path: path, message))
    }

    mutating func warning(_ message: String, at location: SourceLocation, path: String) {
        list.append(Diagnostic(.warning, at: location, path: path, message))
    }

    var sorted: [Diagnostic] { list.sorted() }
}
