/// `landfall catalog [SOURCE DEST]`: what the catalog knows, as terminal text or JSON.
public struct CatalogCommand: Sendable {
    /// The catalog to describe.
    public var catalog: Catalog
    /// The pair to show, or `nil` for the overview.
    public var pair: (source: String, destination: String)?
    /// Text or JSON.
    public var format: TerminalFormat

    /// Creates the command.
    public init(catalog: Catalog, pair: (source: String, destination: String)?, format: TerminalFormat) {
        self.catalog = catalog
        self.pair = pair
        self.format = format
    }

    /// The overview or the pair's object map; 64 when the pair is unknown.
    public func run() -> CommandOutput {
        guard let requested = pair else {
            return format == .json ? json(catalog) : CommandOutput(standardOutput: overview())
        }
        guard let pair = catalog.pair(source: requested.source, destination: requested.destination),
              let source = catalog.platform(pair.source), let destination = catalog.platform(pair.destination)
        else {
            return CommandOutput.error("\(unknownPair(requested))", status: .usage)
        }
        return format == .json ? json(pair) : CommandOutput(standardOutput: objectMap(pair, source: source, destination: destination))
    }

    private func json(_ value: some Encodable) -> CommandOutput {
        do {
            return CommandOutput(standardOutput: try JSONOutput.string(value))
        } catch {
            return CommandOutput.error("\(error)", status: .software)
        }
    }

    private func unknownPair(_ requested: (source: String, destination: String)) -> String {
        let pairs = catalog.pairs.map { "\($0.source) \($0.destination)" }
        for (name, role) in [(requested.source, Platform.Role.source), (requested.destination, .destination)] {
            let known = catalog.platforms.filter { $0.role == role }.map(\.id)
            if let other = catalog.platform(name), other.role != role {
                return "\"\(name)\" is a \(other.role.rawValue) platform, not a \(role.rawValue); the order is SOURCE DEST; known pairs: \(pairs.joined(separator: ", "))"
            }
            if !known.contains(name) {
                return "unknown \(role.rawValue) platform \"\(name)\"\(NameSuggestion.hint(for: name, among: known)); known pairs: \(pairs.joined(separator: ", "))"
            }
        }
        return "the catalog has no migration from \(requested.source) to \(requested.destination); known pairs: \(pairs.joined(separator: ", "))"
    }

    private func overview() -> String {
        let platformRows = catalog.platforms.map { platform in
            [platform.id, platform.name, platform.role.rawValue, "\(platform.objects.count)", "\(platform.gotchas.count)"]
        }
        let pairRows = catalog.pairs.map { pair -> [String] in
            let counts = Cardinality.allCases.compactMap { cardinality -> String? in
                let count = pair.mappings.filter { $0.cardinality == cardinality }.count
                return count == 0 ? nil : "\(count) \(cardinality.rawValue)"
            }
            return ["\(pair.source) → \(pair.destination)", "\(pair.mappings.count)", counts.joined(separator: ", "), "\(pair.loadOrder.count)"]
        }
        return "Platforms\n"
            + TextTable(header: ["id", "name", "role", "objects", "gotchas"], rows: platformRows).render()
            + "\nMigrations\n"
            + TextTable(header: ["pair", "objects mapped", "cardinality", "load steps"], rows: pairRows).render()
            + "\nShow one migration's object map: landfall catalog SOURCE DEST\n"
    }

    private func objectMap(_ pair: MigrationPair, source: Platform, destination: Platform) -> String {
        let steps = pair.orderedLoadSteps
        let ordered = pair.objectMap.enumerated().sorted { left, right in
            (pair.loadPosition(of: left.element.sourceObject) ?? Int.max, left.offset)
                < (pair.loadPosition(of: right.element.sourceObject) ?? Int.max, right.offset)
        }
        let rows = ordered.map(\.element).map { mapping -> [String] in
            let objectName = source.object(mapping.sourceObject)?.name ?? mapping.sourceObject
            let carried = mapping.carries.compactMap { source.object($0)?.name }
            let name = carried.isEmpty ? objectName : "\(objectName) (with \(carried.joined(separator: ", ")))"
            let destinations = mapping.destinationObjects.map { destination.object($0)?.name ?? $0 }.joined(separator: " + ")
            let order = pair.loadPosition(of: mapping.sourceObject).map { "\($0). \(steps[$0 - 1].name)" } ?? "—"
            return [name, destinations, mapping.cardinality.rawValue, mapping.support.rawValue, order]
        }
        var text = "\(source.name) → \(destination.name)\n\n"
        text += TextTable(header: ["object", "destination", "cardinality", "support", "load order"], rows: rows).render()
        if !pair.notMigrated.isEmpty {
            text += "\nNot migrated\n"
            for entry in pair.notMigrated {
                text += "- \(source.object(entry.object)?.name ?? entry.object): \(entry.reason)\n"
            }
        }
        return text
    }
}
