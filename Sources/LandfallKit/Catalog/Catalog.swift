/// What Landfall knows about help desks and the migrations between them, read from YAML files
/// the business edits (see `Catalog/README.md`).
public struct Catalog: Equatable, Sendable, Encodable {
    /// Every platform, sorted by id.
    public var platforms: [Platform]
    /// Every supported migration, sorted by source then destination.
    public var pairs: [MigrationPair]

    /// Creates a catalog.
    public init(platforms: [Platform], pairs: [MigrationPair]) {
        self.platforms = platforms.sorted { $0.id < $1.id }
        self.pairs = pairs.sorted { ($0.source, $0.destination) < ($1.source, $1.destination) }
    }

    /// The platform with `id`, if known.
    public func platform(_ id: String) -> Platform? {
        platforms.first { $0.id == id }
    }

    /// The migration from `source` to `destination`, if supported.
    public func pair(source: String, destination: String) -> MigrationPair? {
        pairs.first { $0.source == source && $0.destination == destination }
    }

    /// The platform names manifests may use.
    public var vocabulary: ManifestVocabulary {
        ManifestVocabulary(
            sources: platforms.filter { $0.role == .source }.map(\.id),
            destinations: platforms.filter { $0.role == .destination }.map(\.id),
            pairs: Dictionary(grouping: pairs, by: \.source).mapValues { $0.map(\.destination) },
            families: Dictionary(platforms.compactMap { platform in platform.family.map { (platform.id, $0) } }, uniquingKeysWith: { first, _ in first }))
    }
}

/// What the site's pages and files need of the catalog's platforms: their names (a page shows
/// `Salesforce Service Cloud`, not its id) and how each destination takes back what a load created.
struct PlatformDirectory: Sendable {
    private var names: [String: String] = [:]
    private var rollbacks: [String: PlatformRollback] = [:]

    /// No platforms: every id is shown as it is, and nothing says how to delete.
    init() {}

    /// The catalog's platforms.
    init(_ catalog: Catalog) {
        names = Dictionary(catalog.platforms.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        rollbacks = Dictionary(catalog.platforms.compactMap { platform in platform.rollback.map { (platform.id, $0) } }, uniquingKeysWith: { first, _ in first })
    }

    /// The name of the platform `id`, or `id` when the catalog does not know it.
    func name(of id: String) -> String {
        names[id] ?? id
    }

    /// How the destination `id` deletes `object`'s records, as its platform's `rollback:` says
    /// (not deletable, with that reason, where the catalog names no way).
    func rollback(of object: String, in id: String) -> PlatformRollback.Rule {
        (rollbacks[id] ?? PlatformRollback(otherwise: nil, rules: [])).rule(for: object)
    }

    /// The objects the destination `id` deletes in the place of others (`ContentDocument` for
    /// `ContentVersion`): their ids come from the destination, not from the migration's id map.
    func deletedInPlaceOfOthers(in id: String) -> Set<String> {
        Set((rollbacks[id]?.rules ?? []).compactMap { rule in
            if case .deleteOwner(let owner, _) = rule.way { return owner }
            return nil
        })
    }
}
