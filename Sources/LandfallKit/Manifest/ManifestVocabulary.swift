/// The platform names a manifest may use, as the catalog knows them.
public struct ManifestVocabulary: Sendable, Equatable {
    /// Platforms data can leave.
    public var sources: [String]
    /// Platforms data can go to.
    public var destinations: [String]
    /// The supported `source → destination` pairs.
    public var pairs: [String: [String]]
    /// The family of each destination that has one.
    public var families: [String: DestinationFamily]

    /// Creates a vocabulary.
    public init(sources: [String], destinations: [String], pairs: [String: [String]], families: [String: DestinationFamily] = [:]) {
        self.sources = sources
        self.destinations = destinations
        self.pairs = pairs
        self.families = families
    }
}

/// The kinds of destination whose behaviour is code, not data: their manifest keys, their
/// set-up files and their result files. A destination's platform file names its family; one
/// without a family is estimated, scoped and inventoried like any other, and gets no set-up files.
public enum DestinationFamily: String, Sendable, CaseIterable, Encodable {
    case salesforce
    case intercom

    /// The `destination` keys that only this family uses.
    var ownKeys: [String] {
        switch self {
        case .salesforce: ["edition", "licenses", "service_cloud_licensed"]
        case .intercom: ["rate_limit_per_minute", "conversation_model"]
        }
    }

    /// What the destination calls a person who works in it: `user`, `teammate`.
    var personWord: String {
        switch self {
        case .salesforce: "user"
        case .intercom: "teammate"
        }
    }

    /// The kind of run that rehearses production, as an adjective: `sandbox`, `test-workspace`.
    var rehearsal: String {
        switch self {
        case .salesforce: "sandbox"
        case .intercom: "test-workspace"
        }
    }

    /// A name for messages.
    var displayName: String {
        switch self {
        case .salesforce: "Salesforce"
        case .intercom: "Intercom"
        }
    }
}
