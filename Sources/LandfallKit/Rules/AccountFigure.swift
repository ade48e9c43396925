/// A figure of the account that rules may refer to by name: every manifest count, plus a few
/// derived ones.
public enum AccountFigure: Hashable, Sendable, CaseIterable, RawRepresentable, Encodable {
    /// A manifest count, by its key (`tickets`, `attachment_bytes` …).
    case count(CountKey)
    /// The records the pricing rules count.
    case records
    /// Attachment volume in gigabytes (10^9 bytes).
    case attachmentGB
    /// How many review platforms the reviews come from.
    case reviewPlatforms
    /// How many tag applications the tags list adds up to.
    case tagUsage
    /// Source users with no destination user yet.
    case unmatchedUsers

    /// Every figure: the counts, then the derived ones.
    public static var allCases: [AccountFigure] {
        CountKey.allCases.map(AccountFigure.count) + [.records, .attachmentGB, .reviewPlatforms, .tagUsage, .unmatchedUsers]
    }

    /// The name rules use.
    public var rawValue: String {
        switch self {
        case .count(let key): key.rawValue
        case .records: "records"
        case .attachmentGB: "attachment_gb"
        case .reviewPlatforms: "review_platforms"
        case .tagUsage: "tag_usage"
        case .unmatchedUsers: "unmatched_users"
        }
    }

    /// The figure named `rawValue`, if any.
    public init?(rawValue: String) {
        guard let figure = Self.allCases.first(where: { $0.rawValue == rawValue }) else { return nil }
        self = figure
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
