/// A figure of the account that rules may refer to by name: every manifest count, plus a few
/// derived ones.
public enum AccountFigure: String, Sendable, CaseIterable, Equatable, Encodable {
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
    /// The records the pricing rules count.
    case records
    /// Attachment volume in gigabytes (10^9 bytes).
    case attachmentGB = "attachment_gb"
    /// How many review platforms the reviews come from.
    case reviewPlatforms = "review_platforms"
    /// How many tag applications the tags list adds up to.
    case tagUsage = "tag_usage"
    /// Source users with no destination user yet.
    case unmatchedUsers = "unmatched_users"

    /// The manifest count behind the figure, when it is one.
    var countKey: CountKey? {
        CountKey(rawValue: rawValue)
    }
}
