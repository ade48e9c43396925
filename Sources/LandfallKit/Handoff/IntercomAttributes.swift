/// The Intercom REST API endpoints a set-up plan may call, each with the data types it accepts
/// (Intercom's API reference, version ``apiVersion``).
public enum IntercomEndpoint: String, Sendable, CaseIterable, Encodable {
    case ticketTypes = "/ticket_types"
    case ticketTypeAttributes = "/ticket_types/{ticket_type_id}/attributes"
    case conversationAttributes = "/conversations/attributes"
    case dataAttributes = "/data_attributes"
    case contacts = "/contacts"
    case tags = "/tags"

    /// The API version the plan targets, sent as the `Intercom-Version` header.
    public static let apiVersion = "2.16"

    /// The data types an attribute created through this endpoint may have (none for endpoints
    /// that create no attribute).
    public var dataTypes: [String] {
        switch self {
        case .ticketTypeAttributes: ["string", "list", "integer", "decimal", "boolean", "datetime", "files"]
        case .conversationAttributes: ["string", "integer", "list", "decimal", "boolean", "datetime", "relationship", "files"]
        case .dataAttributes: ["string", "integer", "float", "boolean", "date", "datetime"]
        case .ticketTypes, .tags, .contacts: []
        }
    }
}

/// Where an Intercom attribute lives: on a ticket type, on conversations, or on contacts. Each
/// home is created through its own endpoint, with that endpoint's types.
public enum IntercomAttributeHome: Hashable, Sendable, Comparable {
    /// An attribute of the ticket type with this name.
    case ticketType(String)
    /// A conversation attribute.
    case conversation
    /// A contact (data) attribute.
    case contact

    /// The name people read: `Ticket type: Review`, `Conversations`, `Contacts`.
    public var label: String {
        switch self {
        case .ticketType(let name): "Ticket type: \(name)"
        case .conversation: "Conversations"
        case .contact: "Contacts"
        }
    }

    /// The endpoint that creates an attribute here.
    public var endpoint: IntercomEndpoint {
        switch self {
        case .ticketType: .ticketTypeAttributes
        case .conversation: .conversationAttributes
        case .contact: .dataAttributes
        }
    }

    /// The endpoint's data type for a field the catalog types with Intercom's own words
    /// (`string`, `number`, `date`, `datetime`, `boolean`, `list`).
    func dataType(forCatalogType type: String) -> String {
        switch type {
        case "number": endpoint == .dataAttributes ? "float" : "decimal"
        case "date": endpoint == .dataAttributes ? "date" : "datetime"
        case "datetime": "datetime"
        case "boolean": "boolean"
        case "list": endpoint == .dataAttributes ? "string" : "list"
        default: "string"
        }
    }

    public static func < (lhs: IntercomAttributeHome, rhs: IntercomAttributeHome) -> Bool {
        (lhs.order, lhs.label) < (rhs.order, rhs.label)
    }

    private var order: Int {
        switch self {
        case .ticketType: 0
        case .conversation: 1
        case .contact: 2
        }
    }
}
