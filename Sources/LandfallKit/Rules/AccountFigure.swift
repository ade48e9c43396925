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

    /// The figure with its value, in words: `3 people with no destination user yet`,
    /// `9.7 GB of attachments`, `4,120 conversations`.
    func words(_ value: Double) -> String {
        switch self {
        case .attachmentGB: return "\(Format.tenths(value)) GB of attachments"
        case .unmatchedUsers: return "\(Format.number(value)) \(value == 1 ? "person" : "people") with no destination user yet"
        case .tagUsage: return "\(Format.number(value)) tag applications"
        case .reviewPlatforms: return "\(Format.number(value)) review platform\(value == 1 ? "" : "s")"
        case .records: return "\(Format.number(value)) records"
        case .count(let key): return "\(Format.number(value)) \(key.rawValue.replacingOccurrences(of: "_", with: " "))"
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
