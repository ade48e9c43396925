import Foundation

/// The steps of an Intercom load as the confirmed field map lays them out. Intercom has no bulk
/// import: every record is a request of its own, shaped as the operation's request body in
/// Intercom's OpenAPI description (2.16). A step names the operation, where each entry of the map
/// goes in the body, and the destination ids it needs from earlier steps (a company's id for a
/// ticket, a ticket's id for its replies), which come from the migration's id map.
struct IntercomLoadPlan {
    /// One operation, one request a record.
    struct Step: Equatable {
        /// What a step's request does.
        enum Kind: Equatable {
            /// Creates the record (`POST /tickets`).
            case create
            /// Attaches a contact to its company (`POST /contacts/{contact_id}/companies`).
            case attachCompany
            /// Sets a ticket's state once it exists (`PUT /tickets/{ticket_id}`).
            case ticketState

            /// The names of the steps that change records another step made, as step names
            /// spell them.
            static let changeNames = ["contact_company", "ticket_state"]
        }

        /// Its place in the load, from 1.
        var number: Int
        var kind: Kind
        /// The source object and its export file.
        var object: String
        var file: String
        /// The rows it takes (all when `nil`).
        var when: RecordCondition?
        /// The Intercom object (`ticket`, `reply`).
        var destination: String
        /// The ticket type, for a ticket.
        var recordType: String?
        /// The attribute the record is found again by (`company_id`, `external_id`,
        /// `source_id__c`), when it has one.
        var key: String?
        /// `POST`, `PUT`.
        var method: String
        /// The operation's path in the OpenAPI description (`/tickets/{ticket_id}/reply`); a
        /// conversation part's path depends on its parent (`parentPaths`).
        var endpoint: String
        /// The map's entries that fill the body.
        var fields: [FieldMap.Field]
        /// The objects whose destination ids it needs (`company`, `ticket_type`), in the id map.
        var needs: [String]
        /// Why the map does not let it be written at all, when it does not.
        var unwritable: String?

        /// How a record the id map holds is sent again from a cutover's delta, where it changed
        /// since it was loaded: by the same request (a company's create updates the one with its
        /// `company_id`; a contact's company and a ticket's state are set again), by the update of
        /// its record (a ticket, a contact), or not at all (a conversation or a part, which
        /// Intercom's API does not change once made: nil).
        var resend: Resend? {
            switch (kind, destination) {
            case (.create, "ticket"): .update(path: "/tickets/{ticket_id}", keys: IntercomLoadPlan.ticketUpdateKeys)
            case (.create, "contact"): .update(path: "/contacts/{contact_id}", keys: IntercomLoadPlan.contactUpdateKeys)
            case (.create, "company"), (.attachCompany, _), (.ticketState, _): .same
            case (.create, _): nil
            }
        }

        /// The step's file name stem: `05-ticket-review`.
        var name: String {
            (number < 10 ? "0" : "") + "\(number)-\(kind == .create ? destination : kind == .attachCompany ? Kind.changeNames[0] : Kind.changeNames[1])-\(object)"
        }
    }

    /// How a changed record the load made is sent again (see ``Step/resend``).
    enum Resend: Equatable {
        /// The step's own request.
        case same
        /// `PUT path` (the record's id in its one placeholder), with the keys of the create's
        /// body that the update's request schema takes.
        case update(path: String, keys: Set<String>)
    }

    /// The keys of `update_ticket_request` in Intercom's OpenAPI description 2.16 (`PUT /tickets/{ticket_id}`).
    static let ticketUpdateKeys: Set<String> = ["ticket_attributes", "ticket_state_id", "company_id", "open", "is_shared", "snoozed_until", "admin_id", "assignee_id"]
    /// The keys of `update_contact_request` in Intercom's OpenAPI description 2.16 (`PUT /contacts/{contact_id}`).
    static let contactUpdateKeys: Set<String> = ["role", "external_id", "email", "email_verified", "phone", "name", "avatar", "signed_up_at", "last_seen_at",
                                                 "owner_id", "unsubscribed_from_emails", "custom_attributes"]

    /// Where an entry's value goes in a request body.
    enum Placement: Equatable {
        /// A key of the body itself (`name`, `created_at`).
        case top(String)
        /// A key of the record's attributes (`ticket_attributes`, `custom_attributes`).
        case attribute(container: String, name: String)
        /// The ticket's contact, by its external id.
        case contact
        /// A ticket's assignee, admin or team.
        case assignment(String)
        /// The id of the record a conversation part is added to: its path.
        case parent
        /// Sent by a later step (a contact's company, a ticket's state) or not by this load (tags).
        case elsewhere
    }

    /// The state a ticket is created in: setting it needs no request of its own
    /// ([Ticket states](https://developers.intercom.com/docs/references/2.12/rest-api/api.intercom.io/tickets/ticket_state)).
    static let initialTicketState = "submitted"

    let map: FieldMap
    let platform: Platform

    /// The steps, in load order.
    func steps() -> [Step] {
        var steps: [Step] = []
        for object in map.objects {
            for rule in object.records where rule.operation == .insert || rule.operation == .upsert {
                guard let destination = rule.destination else { continue }
                let fields = map.fields.filter { $0.object == object.object && $0.destinationObject == destination && $0.applies(to: rule) }
                    + attachedFiles(to: object.object, destination: destination)
                var step = Step(number: steps.count + 1, kind: .create, object: object.object, file: object.file, when: rule.when, destination: destination,
                                recordType: rule.recordType, key: rule.key, method: "POST", endpoint: Self.endpoint(of: destination), fields: fields,
                                needs: needs(of: destination, fields: fields, recordType: rule.recordType), unwritable: nil)
                step.unwritable = unwritable(step)
                steps.append(step)
                if let companies = fields.first(where: { $0.destinationField == "companies" && $0.transform == .lookup }), let company = companies.references {
                    steps.append(Step(number: steps.count + 1, kind: .attachCompany, object: object.object, file: object.file, when: rule.when, destination: destination,
                                      key: nil, method: "POST", endpoint: "/contacts/{contact_id}/companies", fields: [companies], needs: [object.object, company]))
                }
                if let state = fields.first(where: { $0.destination == "ticket.ticket_state_id" }) {
                    steps.append(Step(number: steps.count + 1, kind: .ticketState, object: object.object, file: object.file, when: rule.when, destination: destination,
                                      key: nil, method: "PUT", endpoint: "/tickets/{ticket_id}", fields: [state], needs: [object.object, "ticket_state"]))
                }
            }
        }
        return steps
    }

    /// Where `field` goes in a body of `step`.
    func placement(of field: FieldMap.Field, in step: Step) -> Placement {
        placement(of: field, kind: step.kind, destination: step.destination)
    }

    /// Where `field` goes in a body of a `kind` request for a `destination`.
    func placement(of field: FieldMap.Field, kind: Step.Kind, destination: String) -> Placement {
        let name = field.destinationField
        switch (kind, destination, name) {
        case (.attachCompany, _, _), (.ticketState, _, _): return .top(name == "companies" ? "id" : name)
        case (_, "contact", "companies"), (_, "ticket", "ticket_state_id"), (_, _, "tags"): return .elsewhere
        case (_, "ticket", "contacts"): return .contact
        case (_, "ticket", "assignment.admin_assignee_id"), (_, "ticket", "assignment.team_assignee_id"): return .assignment(String(name.dropFirst("assignment.".count)))
        case (_, "reply", "conversation_id"), (_, "note", "conversation_id"): return .parent
        case (_, "ticket", _):
            return platform.schemaField(field.destination) == nil || name.hasPrefix("_default_") ? .attribute(container: "ticket_attributes", name: name) : .top(name)
        case (_, "company", _), (_, "contact", _), (_, "conversation", _):
            return platform.schemaField(field.destination) == nil ? .attribute(container: "custom_attributes", name: name) : .top(name)
        default:
            return .top(name)
        }
    }

    /// The path of the operation that creates a `destination`.
    static func endpoint(of destination: String) -> String {
        switch destination {
        case "company": "/companies"
        case "contact": "/contacts"
        case "ticket": "/tickets"
        case "conversation": "/conversations"
        default: "/tickets/{ticket_id}/reply"
        }
    }

    /// The map's entries that put another object's files on this one's parts: a message's
    /// attachments on its reply or note (`attachment_urls`).
    private func attachedFiles(to object: String, destination: String) -> [FieldMap.Field] {
        map.objects.flatMap { other in
            other.records.compactMap { rule -> FieldMap.Field? in
                guard rule.operation == .join, let column = rule.joins, ExportLayout.referencedObject(of: other.object, column: column) == object else { return nil }
                return map.fields.first { $0.object == other.object && $0.destination == "\(destination).attachment_urls" && $0.when == rule.when }
            }
        }
    }

    /// The objects whose destination ids a step's records need.
    private func needs(of destination: String, fields: [FieldMap.Field], recordType: String?) -> [String] {
        var needs: [String] = destination == "ticket" ? ["ticket_type"] : []
        if destination == "ticket", fields.contains(where: isListAttribute) { needs.append(Self.listItem) }
        for field in fields where field.transform == .lookup {
            switch placement(of: field, kind: .create, destination: destination) {
            case .top("company_id"), .assignment("team_assignee_id"):
                if let referenced = field.references, !needs.contains(referenced) { needs.append(referenced) }
            case .parent:
                for parent in parents(of: field) where !needs.contains(parent) { needs.append(parent) }
            default:
                continue
            }
        }
        return needs
    }

    /// The id map's rows for the items of a ticket type's list attributes: `list_item`, the source
    /// id `ATTRIBUTE:LABEL`; a ticket takes the item's id, not its label
    /// ([Create a ticket](https://developers.intercom.com/docs/references/2.10/rest-api/api.intercom.io/models/create_ticket_request)).
    static let listItem = "list_item"

    /// Whether `field` fills a list attribute of a ticket type.
    func isListAttribute(_ field: FieldMap.Field) -> Bool {
        field.destinationObject == "ticket" && map.customFields.first { $0.field == field.destination }?.type == "list"
    }

    /// The objects whose records a conversation part may be added to, through the entry that
    /// names its parent: a conversation's ticket or review, a review's own ticket.
    func parents(of field: FieldMap.Field) -> [String] {
        let referenced: [String]
        if let object = field.references {
            referenced = [object]
        } else {
            referenced = map.objects.filter { $0.records.contains { $0.destination == "ticket" || $0.destination == "conversation" } }.map(\.object)
        }
        return referenced.flatMap { object -> [String] in
            guard let mapped = map.objects.first(where: { $0.object == object }) else { return [] }
            return mapped.records.compactMap { rule in
                if rule.operation == .join, let column = rule.joins { return ExportLayout.referencedObject(of: object, column: column) }
                // A rule that made no record in the export is not waited for.
                return rule.destination == nil || rule.rows == 0 ? nil : object
            }
        }.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
    }

    /// Why a create step cannot be written from the map: a key its request body must hold that no
    /// entry fills (Intercom's OpenAPI description, 2.16).
    private func unwritable(_ step: Step) -> String? {
        let filled = Set(step.fields.map(\.destinationField))
        let required: [String] = switch step.destination {
        case "conversation": ["from", "body"]
        case "note": ["admin_id", "conversation_id"]
        case "reply": ["conversation_id", "body"]
        case "ticket": ["contacts"]
        default: []
        }
        let missing = required.filter { !filled.contains($0) }
        guard !missing.isEmpty else { return nil }
        return "a \(step.destination) request needs \(missing.joined(separator: " and ")), which the map does not fill for \(step.object) (map \(missing.map { "\(step.destination).\($0)" }.joined(separator: ", ")))"
    }
}
