import Foundation

/// Checks a `fieldmap.yaml` against the catalog and, when given, the export's profile: every
/// required destination field filled, every value the data holds mapped to a destination value,
/// lengths within the destination's, timestamps fit for their conversion; the entries not yet
/// confirmed are listed. Each finding names the file, line and column.
public struct FieldMapCheck {
    /// The catalog, for the pair's required fields.
    public let catalog: Catalog
    /// The export's profile, when given.
    public let profile: ExportProfile?

    /// Creates the check.
    public init(catalog: Catalog, profile: ExportProfile?) {
        self.catalog = catalog
        self.profile = profile
    }

    /// Whether `root` is a field map (it names `field_map_version`).
    public static func isFieldMap(_ root: DataNode) -> Bool {
        if case .object(let members) = root.value { return members.contains { $0.key == "field_map_version" } }
        return false
    }

    /// The findings on the field map at `path`, and the status: 0 (warnings allowed), 65, 66.
    public func check(path: String) -> (diagnostics: [Diagnostic], status: ExitStatus) {
        let root: DataNode
        do {
            root = try DocumentReader.read(path: path)
        } catch {
            return ([error.diagnostic], error.status)
        }
        return check(root, file: path)
    }

    /// The findings on a parsed field map.
    public func check(_ root: DataNode, file: String) -> (diagnostics: [Diagnostic], status: ExitStatus) {
        let decoder = NodeDecoder(file: file)
        guard let fields = decoder.fields(root, .root) else { return (decoder.log.diagnostics, .dataError) }
        _ = fields.required("field_map_version") { decoder.integer($0, $1, in: 1...1) }
        let source = fields.required("source", decoder.nonEmptyString)
        let destination = fields.required("destination", decoder.nonEmptyString)
        var mapped: [(object: String, source: String)] = []
        var unconfirmed: [String] = []
        let pair = source.flatMap { source in destination.flatMap { catalog.pair(source: source, destination: $0) } }
        if let source, let destination, pair == nil {
            decoder.error("the catalog has no migration from \(source) to \(destination)", at: fields.position, path: KeyPath(components: [.key("destination")]))
        }
        _ = fields.required("fields") { node, path -> Bool? in
            decoder.list(node, path) { element, elementPath -> Bool? in
                guard let entry = decoder.fields(element, elementPath) else { return nil }
                let object = entry.required("object", decoder.nonEmptyString) ?? ""
                let column = entry.required("source", decoder.nonEmptyString) ?? ""
                let target = entry.optional("destination", decoder.string) ?? ""
                let transform: FieldMapping.Transform? = entry.required("transform") { decoder.oneOf($0, $1, "transform") }
                let required = entry.optional("required", decoder.bool) ?? false
                let maxLength = entry.optional("max_length") { decoder.integer($0, $1, in: 1...10_000_000) }
                let confirmed = entry.required("confirmed", decoder.bool) ?? false
                mapped.append((object, column))
                if !confirmed { unconfirmed.append("\(object).\(column)") }
                if required && target.trimmingCharacters(in: .whitespaces).isEmpty {
                    decoder.error("\(object).\(column) goes to a required destination field, but no field is named", at: element.position,
                                  path: elementPath.appending("destination"))
                }
                var listed: Set<String> = []
                _ = entry.optional("values") { node, path -> Bool? in
                    decoder.list(node, path) { value, valuePath -> Bool? in
                        guard let pair = decoder.fields(value, valuePath) else { return nil }
                        let from = pair.required("from", decoder.string) ?? ""
                        let to = pair.optional("to", decoder.string)
                        let rows = pair.optional("rows") { decoder.integer($0, $1, in: 0...Int.max) }
                        pair.finish()
                        listed.insert(from)
                        if to?.isEmpty ?? true {
                            decoder.error("the value \(NodeDecoder.quoted(from))\(rows.map { " (\(Format.count($0, "row")))" } ?? "") of \(object).\(column) has no destination value: choose one",
                                          at: value.position, path: valuePath.appending("to"))
                        }
                        return true
                    }.map { _ in true }
                }
                entry.finish()
                guard let seen = profile?.column(column, of: object) else { return true }
                if transform == .valueMap {
                    for value in seen.values ?? [] where !listed.contains(value.value) {
                        decoder.error("the data holds \(NodeDecoder.quoted(value.value)) in \(column) (\(Format.count(value.count, "row"))), which the map does not list: map it",
                                      at: element.position, path: elementPath.appending("values"))
                    }
                }
                if let maxLength, seen.maxLength > maxLength, transform != .truncate {
                    decoder.error("values of \(column) reach \(seen.maxLength) characters; \(target) takes \(maxLength): truncate them, or shorten them first",
                                  at: element.position, path: elementPath.appending("max_length"))
                }
                if transform == .timeZoneToUTC || transform == .unixSeconds, let type = seen.type {
                    switch type {
                    case .datetime: break
                    case .datetimeWithoutZone:
                        decoder.warning("\(column) holds timestamps without a zone: name the zone they were written in before they are converted",
                                        at: element.position, path: elementPath.appending("transform"))
                    default:
                        decoder.error("\(column) holds \(type.rawValue) values, which \(transform!.rawValue) cannot convert", at: element.position,
                                      path: elementPath.appending("transform"))
                    }
                }
                return true
            }.map { _ in true }
        }
        fields.finish()
        for mapping in pair?.fieldMap ?? [] where mapping.required && !mapped.contains(where: { $0 == (mapping.object, mapping.source) }) {
            decoder.error("\(mapping.destination) is required, and no entry fills it: map \(mapping.object).\(mapping.source) to it", at: fields.keyPosition(of: "fields"),
                          path: KeyPath(components: [.key("fields")]))
        }
        if !unconfirmed.isEmpty {
            let shown = unconfirmed.prefix(8).joined(separator: ", ") + (unconfirmed.count > 8 ? ", …" : "")
            decoder.warning("\(unconfirmed.count) of \(mapped.count) entries are not confirmed yet: \(shown)", at: fields.keyPosition(of: "fields"), path: KeyPath(components: [.key("fields")]))
        }
        let diagnostics = decoder.log.diagnostics.sorted()
        return (diagnostics, diagnostics.hasErrors ? .dataError : .ok)
    }
}
