/// `intercom-setup.json`: what must exist in the Intercom workspace before any record moves.
/// First the steps Intercom's REST API can carry out, in order, each with its method, endpoint
/// and request bodies; then the steps only a person can take in the workspace's settings (the API
/// creates no teams and invites no teammates), with who takes them and when.
struct IntercomSetupPlan: Encodable {
    /// One API call, repeated once per request body.
    struct APIStep: Encodable {
        var step: Int
        var title: String
        var method = "POST"
        var endpoint: IntercomEndpoint
        var requests: [Request]
    }

    /// One request body (only the keys that apply are written).
    struct Request: Encodable {
        var ticketType: String?
        var name: String
        var model: String?
        var description: String?
        var category: String?
        var dataType: String?
        var listItems: String?
        var options: [String]?
        var requiredToCreate: Bool?
    }

    /// One step in the workspace's settings.
    struct ManualStep: Encodable {
        var step: Int
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
        var api: [(String, IntercomEndpoint, [Request])] = []
        api.append(("Ticket types for the records that become tickets", .ticketTypes, crosswalk.ticketTypes.map { name in
            Request(name: name, description: "\(name)s migrated from \(crosswalk.source).", category: "Customer")
        }))
        var byEndpoint: [IntercomEndpoint: [Request]] = [:]
        for field in crosswalk.fields {
            guard let home = field.intercomHome else { continue }
            var request = Request(name: field.name, description: "\(field.label): created for the migration (\(field.source)).", dataType: field.type)
            switch home {
            case .ticketType(let name):
                request.ticketType = name
                request.requiredToCreate = false
                if field.type == "list" { request.listItems = field.values.joined(separator: ",") }
            case .conversation:
                if field.type == "list" { request.options = field.values }
            case .contact:
                request.model = "contact"
                if !field.values.isEmpty { request.options = field.values }
            }
            byEndpoint[home.endpoint, default: []].append(request)
        }
        api.append(("Attributes of each ticket type (the ticket type's id from the step above)", .ticketTypeAttributes, byEndpoint[.ticketTypeAttributes] ?? []))
        api.append(("Conversation attributes", .conversationAttributes, byEndpoint[.conversationAttributes] ?? []))
        api.append(("Contact attributes", .dataAttributes, byEndpoint[.dataAttributes] ?? []))
        api.append(("Tags", .tags, crosswalk.tags.map(\.destinationValue).uniqued(caseInsensitive: true).map { Request(name: $0) }))
        apiSteps = api.filter { !$0.2.isEmpty }.enumerated().map { index, step in
            APIStep(step: index + 1, title: step.0, endpoint: step.1, requests: step.2)
        }

        let admin = "the customer's Intercom admin"
        var manual: [(String, String, String, [String])] = []
        let invite = crosswalk.reconciliationQueue.filter { !$0.email.isEmpty }.map { "\($0.name) <\($0.email)>" + ($0.active ? "" : " (left: invite, then deactivate)") }
        manual.append(("Invite the teammates who do not exist yet (Settings > Teammates)", admin, "before the test-workspace load", invite))
        manual.append(("Create each team and add its members (Settings > Teams)", admin, "after the invitations are accepted, before the test-workspace load",
                       crosswalk.teams.map { team in
                           let members = team.members.map { $0.destinationUser ?? ($0.email.isEmpty ? $0.userId : $0.email) }
                           return team.destinationName + (members.isEmpty ? ": no members" : ": " + members.joined(separator: ", "))
                       }))
        manual.append(("Keep customers from being messaged during the import", admin, "before every load, undone after cutover", [
            "Pause outbound messages (series, posts, e-mails) that target the migrated contacts",
            "Turn off e-mail notifications to customers for replies and notes written by teammates, so imported admin replies notify no one",
        ]))
        manualSteps = manual.filter { !$0.3.isEmpty }.enumerated().map { index, step in
            ManualStep(step: index + 1, title: step.0, who: step.1, when: step.2, items: step.3)
        }
    }
}
