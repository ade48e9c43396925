/// `intercom-setup.json`: what must exist in the Intercom workspace before any record moves.
/// First the steps Intercom's REST API can carry out, in order, each with its method, endpoint
/// and request bodies; then the steps only a person can take in the workspace's settings (the API
/// creates no teams and invites no teammates), with who takes them and when.
struct IntercomSetupPlan: Encodable {
    /// One API call, repeated once per request body.
    struct APIStep: Encodable, NumberedStep {
        var step = 0
        var title: String
        var method = "POST"
        var endpoint: IntercomEndpoint
        /// The ticket type whose id fills the endpoint's `{ticket_type_id}`, for its attributes.
        var ticketType: String?
        var requests: [Request]
    }

    /// One request body (only the keys that apply are written), shaped as Intercom's API
    /// description takes it.
    struct Request: Encodable {
        var name: String
        var model: String?
        var description: String?
        var category: String?
        var dataType: String?
        var listItems: String?
        var allowMultipleValues: Bool?
        var options: [Option]?
        var requiredToCreate: Bool?
        var role: String?
        var externalId: String?
    }

    /// A list attribute's option: a conversation attribute's takes a `label`, a contact
    /// attribute's a `value`.
    struct Option: Encodable {
        var label: String?
        var value: String?
    }

    /// One step in the workspace's settings.
    struct ManualStep: Encodable, NumberedStep {
        var step = 0
        var title: String
        var who: String
        var when: String
        var items: [String]
    }

    var schema = "landfall.intercom-setup/1"
    var customer: String
    var source: String
    var apiVersion = IntercomEndpoint.apiVersion
    var apiSteps: [APIStep]
    var manualSteps: [ManualStep]

    init(_ crosswalk: Crosswalk) {
        customer = crosswalk.customer.name
        source = crosswalk.source
        var byTicketType: [String: [Request]] = [:]
        var byEndpoint: [IntercomEndpoint: [Request]] = [:]
        for field in crosswalk.fields {
            guard let home = field.intercomHome else { continue }
            var request = Request(name: field.name, description: "\(field.label): created for the migration (\(field.source)).", dataType: field.type)
            switch home {
            case .ticketType(let name):
                request.requiredToCreate = false
                if field.type == "list" {
                    request.listItems = field.values.joined(separator: ",")
                    if field.propertyType == .multiPicklist { request.allowMultipleValues = true }
                }
                byTicketType[name, default: []].append(request)
            case .conversation:
                if field.type == "list" { request.options = field.values.map { Option(label: $0) } }
                byEndpoint[.conversationAttributes, default: []].append(request)
            case .contact:
                request.model = "contact"
                if !field.values.isEmpty { request.options = field.values.map { Option(value: $0) } }
                byEndpoint[.dataAttributes, default: []].append(request)
            }
        }
        var steps = [APIStep(title: "Ticket types for the records that become tickets", endpoint: .ticketTypes, requests: crosswalk.ticketTypes.map { name in
            Request(name: name, description: "\(name)s migrated from \(crosswalk.source).", category: "Customer")
        })]
        for name in crosswalk.ticketTypes {
            steps.append(APIStep(title: "Attributes of the ticket type \(name) (its id from the ticket types' step)", endpoint: .ticketTypeAttributes,
                                 ticketType: name, requests: byTicketType[name] ?? []))
        }
        steps += [
            APIStep(title: "Conversation attributes", endpoint: .conversationAttributes, requests: byEndpoint[.conversationAttributes] ?? []),
            APIStep(title: "Contact attributes", endpoint: .dataAttributes, requests: byEndpoint[.dataAttributes] ?? []),
            APIStep(title: "Contacts that records without one of their own are created for", endpoint: .contacts, requests: crosswalk.setupContacts.map { contact in
                Request(name: contact.name, role: "user", externalId: contact.externalID)
            }),
            APIStep(title: "Tags", endpoint: .tags, requests: crosswalk.destinationTags.map { Request(name: $0) }),
        ]
        apiSteps = Self.numbered(steps)

        let admin = "the customer's Intercom admin"
        let invite = crosswalk.reconciliationQueue.filter { !$0.email.isEmpty }.map { "\($0.name) <\($0.email)>" + ($0.active ? "" : " (left: invite, then deactivate)") }
        manualSteps = Self.numbered([
            ManualStep(title: "Invite the teammates who do not exist yet (Settings > Teammates)", who: admin, when: "before the test-workspace load", items: invite),
            ManualStep(title: "Create each team and add its members (Settings > Teams)", who: admin,
                       when: "after the invitations are accepted, before the test-workspace load",
                       items: crosswalk.teams.map { team in
                           let members = team.members.map { $0.destinationUser ?? ($0.email.isEmpty ? $0.userId : $0.email) }
                           return team.destinationName + (members.isEmpty ? ": no members" : ": " + members.joined(separator: ", "))
                       }),
            ManualStep(title: "Keep customers from being messaged during the import", who: admin, when: "before every load, undone after cutover", items: [
                "Pause outbound messages (series, posts, e-mails) that target the migrated contacts",
                "Turn off e-mail notifications to customers for replies and notes written by teammates, so imported admin replies notify no one",
            ]),
        ])
    }

    /// The steps that have anything to do, numbered from 1.
    private static func numbered<Step: NumberedStep>(_ steps: [Step]) -> [Step] {
        steps.filter { !$0.isEmpty }.enumerated().map { index, step in
            var step = step
            step.step = index + 1
            return step
        }
    }
}

/// A set-up step that is numbered once the empty ones are left out.
private protocol NumberedStep {
    var step: Int { get set }
    /// Whether the step has nothing to do.
    var isEmpty: Bool { get }
}

extension IntercomSetupPlan.APIStep {
    var isEmpty: Bool { requests.isEmpty }
}

extension IntercomSetupPlan.ManualStep {
    var isEmpty: Bool { items.isEmpty }
}
