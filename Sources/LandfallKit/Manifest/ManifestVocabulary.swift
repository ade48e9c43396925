/// The platform names a manifest may use, as the catalog knows them.
public struct ManifestVocabulary: Sendable, Equatable {
    /// Platforms data can leave.
    public var sources: [String]
    /// Platforms data can go to.
    public var destinations: [String]
    /// The supported `source → destination` pairs.
    public var pairs: [String: [String]]

    /// Creates a vocabulary.
    public init(sources: [String], destinations: [String], pairs: [String: [String]]) {
        self.sources = sources
        self.destinations = destinations
        self.pairs = pairs
    }
}

/// The destinations whose manifest keys Landfall knows.
public enum DestinationPlatform: String, Sendable, CaseIterable, Encodable {
    case salesforceServiceCloud = "salesforce-service-cloud"
    case intercom

    /// The `destination` keys that only this platform uses.
    var ownKeys: [String] {
        switch self {
        case .salesforceServiceCloud: ["edition", "licenses", "service_cloud_licensed"]
        case .intercom: ["rate_limit_per_minute", "conversation_model"]
        }
    }

    /// A name for messages.
    var displayName: String {
        switch self {
        case .salesforceServiceCloud: "Salesforce Service Cloud"
        case .intercom: "Intercom"
        }
    }
}
