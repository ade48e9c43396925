import Foundation

/// An export manifest (`manifest_version: 1`): who the customer is, where the data comes from and
/// goes to, how much of each object there is, and the optional detail lists.
///
/// The same manifest written as JSON, YAML or XML reads to an equal value.
public struct Manifest: Equatable, Sendable, Encodable {
    /// The manifest format version; only 1 exists.
    public var manifestVersion: Int
    /// The customer the export belongs to.
    public var customer: Customer
    /// The help desk the data leaves.
    public var source: SourceSystem
    /// The help desk the data goes to.
    public var destination: DestinationSystem
    /// How many of each object the export holds.
    public var counts: ObjectCounts
    /// Where the reviews come from (Google, Trustpilot …), when listed.
    public var reviewSources: [ReviewSource]?
    /// The agents and admins, when listed.
    public var users: [User]?
    /// The teams, when listed.
    public var teams: [Team]?
    /// The tags, when listed.
    public var tags: [Tag]?
    /// The custom properties, when listed.
    public var customProperties: [CustomProperty]?
    /// The canned replies, when listed.
    public var responseTemplates: [ResponseTemplate]?
    /// The workflows and automations, when listed.
    public var automations: [Automation]?
    /// The connected integrations, when listed.
    public var integrations: [Integration]?
    /// The MSP's client companies, when the manifest lists them.
    public var companies: [Company]? = nil

    /// A short, file-name-safe name for the customer: the id when given, else the name, in
    /// lower case with runs of anything but letters and digits turned into single hyphens.
    public var customerSlug: String {
        Self.slug(of: customer.id ?? customer.name)
    }

    /// `base` in lower case with runs of anything but letters and digits turned into single
    /// hyphens (`customer` when nothing is left).
    public static func slug(of base: String) -> String {
        var slug = ""
        for scalar in base.lowercased().unicodeScalars {
            if scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar)) {
                slug.unicodeScalars.append(scalar)
            } else if !slug.isEmpty && !slug.hasSuffix("-") {
                slug.append("-")
            }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        return slug.isEmpty ? "customer" : slug
    }
}

/// The customer: a display name and an optional stable id.
public struct Customer: Equatable, Sendable, Encodable {
    /// The name as it appears on documents.
    public var name: String
    /// A stable identifier, if the customer has one.
    public var id: String?
}

/// The source help desk and how its data was exported.
public struct SourceSystem: Equatable, Sendable, Encodable {
    /// The catalog id of the platform, such as `thread`.
    public var platform: String
    /// When the export was taken.
    public var exportedAt: Date
    /// How the data was taken out.
    public var exportMethod: ExportMethod
    /// The professional-services automation tool linked to the help desk, if any.
    public var psaIntegration: PSAIntegration?
}

/// How the source data was exported.
public enum ExportMethod: String, Equatable, Sendable, Encodable, CaseIterable {
    case adminPanel = "admin-panel"
    case screenScrape = "screen-scrape"
    case api
}

/// A PSA tool linked to the source help desk.
public enum PSAIntegration: String, Equatable, Sendable, Encodable, CaseIterable {
    case connectwise
    case autotask
    case halopsa
}

/// The destination help desk and the account facts that shape the load.
public struct DestinationSystem: Equatable, Sendable, Encodable {
    /// The catalog id of the platform, such as `salesforce-service-cloud` or `intercom`.
    public var platform: String
    /// Salesforce edition.
    public var edition: SalesforceEdition?
    /// Salesforce user licences.
    public var licenses: Int?
    /// Whether the Salesforce org has Service Cloud licences; `nil` when unknown.
    public var serviceCloudLicensed: Bool?
    /// Intercom: the workspace's own limit in requests a minute, when the manifest gives one (the documented limit applies otherwise).
    public var rateLimitPerMinute: Int?
    /// Whether Intercom receives conversations as conversations or as tickets.
    public var conversationModel: ConversationModel?
}

/// A Salesforce edition.
public enum SalesforceEdition: String, Equatable, Sendable, Encodable, CaseIterable {
    case professional
    case enterprise
    case unlimited
    case performance
}

/// How Intercom receives source conversations.
public enum ConversationModel: String, Equatable, Sendable, Encodable, CaseIterable {
    case conversationFirst = "conversation-first"
    case ticketFirst = "ticket-first"
}

/// One review platform and how many reviews come from it.
public struct ReviewSource: Equatable, Sendable, Encodable {
    /// The review platform, such as `google` or `trustpilot`.
    public var platform: String
    /// How many reviews come from it.
    public var count: Int
}

/// An agent or admin of the source help desk.
public struct User: Equatable, Sendable, Encodable {
    /// The source id.
    public var id: String
    /// Display name.
    public var name: String
    /// E-mail address, the key for matching destination users.
    public var email: String
    /// Admin or agent.
    public var role: UserRole
    /// Whether the person still works in the help desk.
    public var active: Bool
}

/// A source user's role.
public enum UserRole: String, Equatable, Sendable, Encodable, CaseIterable {
    case admin
    case agent
}

/// A source team with its members and routing rules.
public struct Team: Equatable, Sendable, Encodable {
    /// The source id.
    public var id: String
    /// Display name.
    public var name: String
    /// The ids of the users in the team.
    public var members: [String]
    /// The rules that route work to the team.
    public var routing: [RoutingRule]
}

/// A rule that routes work to a team.
public struct RoutingRule: Equatable, Sendable, Encodable {
    /// The condition, as the source help desk words it.
    public var condition: String
    /// The rule's rank among the help desk's routing rules.
    public var priority: Int?
}

/// A tag and how often it is used.
public struct Tag: Equatable, Sendable, Encodable {
    /// The tag as written.
    public var name: String
    /// How many records carry it.
    public var usage: Int?
}

/// A custom property defined in the source help desk.
public struct CustomProperty: Equatable, Sendable, Encodable {
    /// The property's key.
    public var key: String
    /// Its label as agents see it.
    public var label: String?
    /// Its type.
    public var type: PropertyType
    /// The allowed values of a picklist.
    public var options: [String]?
    /// The objects that carry it (`ticket`, `conversation` …).
    public var appliesTo: [String]?
}

/// The type of a custom property.
public enum PropertyType: String, Equatable, Sendable, Encodable, CaseIterable {
    case text
    case longText = "long_text"
    case number
    case date
    case datetime
    case picklist
    case multiPicklist = "multi_picklist"
    case checkbox
    case url
    case email
}

/// A canned reply.
public struct ResponseTemplate: Equatable, Sendable, Encodable {
    /// The source id.
    public var id: String
    /// Its name.
    public var name: String
    /// The shortcut agents type, such as `/thanks`.
    public var shortcut: String?
    /// The text, with variables such as `{{customer_name}}`.
    public var body: String
}

/// A workflow or automation of the source help desk.
public struct Automation: Equatable, Sendable, Encodable {
    /// The source id.
    public var id: String
    /// Its name.
    public var name: String
    /// What kind of automation it is.
    public var kind: AutomationKind
    /// Whether it is switched on.
    public var active: Bool
    /// The event that starts it.
    public var trigger: String?
    /// The conditions it checks.
    public var conditions: [String]
    /// What it does.
    public var actions: [String]
}

/// The kinds of source automation.
public enum AutomationKind: String, Equatable, Sendable, Encodable, CaseIterable {
    case workflow
    case routingRule = "routing_rule"
    case sla
    case reviewResponse = "review_response"
    case autoClose = "auto_close"
    case notification
}

/// One of the MSP's client companies (an end customer).
public struct Company: Equatable, Sendable, Encodable {
    /// The id in the source.
    public var id: String
    /// The company's name.
    public var name: String
    /// Its web or e-mail domain, when known.
    public var domain: String?
    /// How many of its people write in, when known.
    public var contacts: Int?
}

/// A connected integration.
public struct Integration: Equatable, Sendable, Encodable {
    /// Its name, such as `HubSpot CRM`.
    public var name: String
    /// Its kind, such as `crm` or `psa`.
    public var kind: String
    /// Whether it is switched on.
    public var active: Bool
}
