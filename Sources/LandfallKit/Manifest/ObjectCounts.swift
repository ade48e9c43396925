/// The objects a manifest counts, by their key in `counts`.
public enum CountKey: String, Sendable, CaseIterable, Comparable, Encodable {
    case reviews
    case reviewResponses = "review_responses"
    case tickets
    case conversations
    case messages
    case users
    case teams
    case tags
    case customProperties = "custom_properties"
    case attachments
    case attachmentBytes = "attachment_bytes"
    case responseTemplates = "response_templates"
    case automations
    case integrations
    case knowledgeBaseArticles = "knowledge_base_articles"
    /// The MSP's client companies (the end customers).
    case companies
    /// The people of those companies who write in.
    case contacts
    /// Of the conversations, those inside neither a ticket nor a review (each becomes a record of
    /// its own); survey counts them.
    case standaloneConversations = "standalone_conversations"
    /// Of the messages, the internal notes; survey counts them.
    case internalMessages = "internal_messages"

    /// Whether a manifest may leave the count out (manifests written before customers were
    /// counted): it is then taken as 0, with a warning that says what is not planned.
    public var isOptional: Bool {
        self == .companies || self == .contacts || isBreakdown
    }

    /// Whether the count breaks another one down (a part of the conversations or the messages):
    /// it adds no records of its own, and a manifest without it states what is assumed.
    public var isBreakdown: Bool {
        self == .standaloneConversations || self == .internalMessages
    }

    /// The largest believable value: 10^12 for records, 10^15 (a petabyte) for attachment bytes.
    public var maximum: Int {
        self == .attachmentBytes ? 1_000_000_000_000_000 : 1_000_000_000_000
    }

    public static func < (lhs: CountKey, rhs: CountKey) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// How many of each object an export holds.
public struct ObjectCounts: Equatable, Sendable, Encodable {
    private var values: [CountKey: Int]

    /// Creates counts; keys left out count as zero.
    public init(_ values: [CountKey: Int] = [:]) {
        self.values = values
    }

    /// The count for `key` (zero when not given).
    public subscript(key: CountKey) -> Int {
        get { values[key] ?? 0 }
        set { values[key] = newValue }
    }

    /// Whether the manifest gave `key` (an optional count may be left out).
    public func isGiven(_ key: CountKey) -> Bool {
        values[key] != nil
    }

    /// The number of records, attachment bytes excluded.
    public var totalRecords: Int {
        CountKey.allCases.filter { $0 != .attachmentBytes && !$0.isBreakdown }.reduce(0) { $0 + self[$1] }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: AnyCodingKey.self)
        for key in CountKey.allCases where !key.isBreakdown || isGiven(key) {
            try container.encode(self[key], forKey: AnyCodingKey(key.rawValue))
        }
    }
}

/// A coding key made from any string.
struct AnyCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
