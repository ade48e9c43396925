/// A help desk the catalog knows: its objects, limits, gotchas, strengths and weaknesses.
public struct Platform: Equatable, Sendable, Encodable {
    /// Whether data leaves or arrives on the platform.
    public enum Role: String, Equatable, Sendable, Encodable, CaseIterable {
        case source
        case destination
    }

    /// The id used in manifests and on the command line.
    public var id: String
    /// The display name.
    public var name: String
    /// Source or destination.
    public var role: Role
    /// One paragraph on what the platform is.
    public var summary: String
    /// The records it holds.
    public var objects: [PlatformObject]
    /// The custom-field types a mapping into it may create (destinations).
    public var fieldTypes: [String]
    /// Its API and export limits.
    public var apiLimits: [APILimit]
    /// What goes wrong in migrations that touch it.
    public var gotchas: [Gotcha]
    /// What it does well.
    public var strengths: [String]
    /// What it does badly.
    public var weaknesses: [String]
    /// A destination's family, which chooses its manifest keys, set-up files and result files.
    public var family: DestinationFamily?
    /// A destination's standard fields that a field map may fill, object by object.
    public var schema: [SchemaObject] = []
    /// How a load keeps a destination from assigning records and notifying people.
    public var loadSettings: [LoadSetting] = []
    /// Whether the platform publishes an API to read or write an account's data, with the
    /// documentation that says so; `nil` when the catalog does not say.
    public var publicAPI: PublicAPI?
    /// How a destination takes back what a load created; `nil` when the catalog does not say.
    public var rollback: PlatformRollback?

    /// A platform's public API, or the lack of one, as its own documentation shows it.
    public struct PublicAPI: Equatable, Sendable, Encodable {
        /// Whether there is one.
        public var available: Bool
        /// The documentation the fact rests on.
        public var source: String
    }

    /// The object with `id`, if the platform has it.
    public func object(_ id: String) -> PlatformObject? {
        objects.first { $0.id == id }
    }
}

/// A kind of record a platform holds.
public struct PlatformObject: Equatable, Sendable, Encodable {
    /// The id used in mappings.
    public var id: String
    /// The display name.
    public var name: String
    /// The manifest `counts` key that counts it (source objects).
    public var countKey: CountKey?
    /// The name the destination's API uses for it (`Case`, `EmailMessage`; for Intercom's data
    /// attributes, the model they belong to).
    public var apiName: String?
}

/// An API or export limit.
public struct APILimit: Equatable, Sendable, Encodable {
    /// What is limited.
    public var name: String
    /// The figure, when the limit has one.
    public var value: Int?
    /// The unit of the figure.
    public var unit: String?
    /// What it means for a migration.
    public var note: String?
    /// The vendor documentation the fact rests on, when the catalog cites it.
    public var source: String?
}

/// How much a gotcha or challenge can hurt a migration.
/// Who acts on a risk.
public enum RiskOwner: String, Equatable, Sendable, Encodable, CaseIterable {
    /// The customer (their admin, their licences, their decisions).
    case customer
    /// The team that runs the migration.
    case migrationTeam = "migration-team"
    /// Both, together.
    case shared

    /// In words, for documents.
    public var words: String {
        switch self {
        case .customer: "Customer"
        case .migrationTeam: "Migration team"
        case .shared: "Both"
        }
    }
}

public enum RiskSeverity: String, Equatable, Sendable, Encodable, CaseIterable, Comparable {
    case high
    case medium
    case low

    public static func < (lhs: RiskSeverity, rhs: RiskSeverity) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// A known trap of a platform.
public struct Gotcha: Equatable, Sendable, Encodable {
    /// A stable id.
    public var id: String
    /// How much it can hurt.
    public var severity: RiskSeverity
    /// A short title.
    public var title: String
    /// What happens and what to do.
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

/// One setting a load uses, and the documentation it rests on.
public struct LoadSetting: Equatable, Sendable, Encodable {
    /// What the load does, in a sentence.
    public var setting: String
    /// The vendor documentation it rests on.
    public var source: String?
}
