import Foundation

/// The inventory as the templates see it: every value formatted as text.
struct InventoryView {
    struct Text { let text: String }
    struct Automation {
        let name, kind, summary, equivalent, hours, size: String
        /// Where it overlaps or conflicts with a team's routing rule, in one text.
        let findings: String
        let hasFindings: Bool
    }
    struct Variable { let variable, instruction: Markup }
    struct Template {
        let name, shortcut, effort: String
        let variablesText: Markup
        let variables: [Variable]
        let hasVariables: Bool
        let status: String
    }
    struct Integration { let name, kind, state, action, note, effort: String }
    struct Property { let key, label, type, destinationType, fit, note: String }
    struct Total { let name, count, hours: String }

    let title, customer, source, destination, date: String
    let active: [Automation]
    let inactive: [Automation]
    let hasActive, hasInactive: Bool
    let templates: [Template]
    let hasTemplates: Bool
    let integrations: [Integration]
    let hasIntegrations: Bool
    let properties: [Property]
    let hasProperties: Bool
    let totalsByKind: [Total]
    let totalsBySize: [Total]
    let totalHours, activeCount: String
    /// The plan in one sentence: what is to do, and the hours.
    let headline: String
    /// What each effort size means.
    let sizesNote: String
    /// The optional work (inactive automations and integrations), when there is any.
    let optionalNote: String
    let hasOptional: Bool
    let totalCount: String

    init(_ inventory: Inventory) {
        title = "Automation-rebuild inventory: \(inventory.customer.name), \(inventory.source) to \(inventory.destination)"
        customer = inventory.customer.name
        source = inventory.source
        destination = inventory.destination
        date = inventory.date
        let rows = inventory.automations.map { item in
            let condition = item.conditions.isEmpty ? "" : ", if \(item.conditions.joined(separator: " and "))"
                + (item.destinationConditions.isEmpty ? "" : " (in \(inventory.destination): \(item.destinationConditions.joined(separator: " and ")))")
            let action = item.actions.isEmpty ? "" : ": \(item.actions.joined(separator: "; "))"
            let summary = item.trigger.prefix(1).uppercased() + item.trigger.dropFirst() + condition + action
            let findings = item.routingFindings.map { "It " + $0 + "." } + item.valueFindings.map { $0.prefix(1).uppercased() + $0.dropFirst() + "." }
            return Automation(name: item.name, kind: item.kind.rawValue.replacing("_", with: " "), summary: summary,
                              equivalent: item.equivalent, hours: Format.number(item.hours), size: item.size,
                              findings: findings.joined(separator: " "), hasFindings: !findings.isEmpty)
        }
        active = zip(inventory.automations, rows).filter { $0.0.active }.map(\.1)
        inactive = zip(inventory.automations, rows).filter { !$0.0.active }.map(\.1)
        hasActive = !active.isEmpty
        hasInactive = !inactive.isEmpty
        templates = inventory.templates.map { template in
            // The equivalent an admin pastes, as code.
            let instruction = { (item: Inventory.VariableItem) -> Markup in item.equivalent.map { "use " + Markup.code($0) } ?? Markup(item.instruction) }
            return Template(name: template.name, shortcut: template.shortcut ?? "", effort: Self.effort(template.size, template.hours),
                     variablesText: template.variables.map { Markup.code("{{\($0.variable)}}") + ": " + instruction($0) }.joined(separator: "; "),
                     variables: template.variables.map { Variable(variable: Markup.code("{{\($0.variable)}}"), instruction: instruction($0)) },
                     hasVariables: !template.variables.isEmpty,
                     status: template.variables.isEmpty ? "no variables: copy as is" : (template.needsRewrite ? "rewrite by hand" : "replace the variables"))
        }
        hasTemplates = !templates.isEmpty
        integrations = inventory.integrations.map {
            Integration(name: $0.name, kind: $0.kind, state: $0.active ? "active" : "inactive", action: $0.action.rawValue, note: $0.note,
                        effort: Self.effort($0.size, $0.hours))
        }
        hasIntegrations = !integrations.isEmpty
        properties = inventory.properties.map {
            Property(key: $0.key, label: $0.label, type: $0.type.rawValue, destinationType: $0.destinationType, fit: $0.fit.rawValue, note: $0.note)
        }
        hasProperties = !properties.isEmpty
        totalsByKind = inventory.totalsByKind.map { Total(name: $0.name.replacing("_", with: " "), count: "\($0.count)", hours: Format.number($0.hours)) }
        totalsBySize = inventory.totalsBySize.map { Total(name: $0.name, count: "\($0.count)", hours: Format.number($0.hours)) }
        totalHours = Format.number(inventory.totalHours)
        activeCount = "\(active.count)"
        totalCount = "\(inventory.totalsByKind.reduce(0) { $0 + $1.count })"
        let activeIntegrations = inventory.integrations.filter(\.active).count
        let parts = [Format.count(active.count, "active automation"), Format.count(inventory.templates.count, "response template"),
                     Format.count(activeIntegrations, "active integration")]
        headline = "\(parts[0]), \(parts[1]) and \(parts[2]): about \(Format.number(inventory.totalHours)) hours of work."
        sizesNote = "Sizes: " + inventory.sizes.enumerated().map { index, size in
            if let upTo = size.upToHours { return "\(size.size) up to \(Format.number(upTo)) h" }
            return "\(size.size) over \(Format.number(inventory.sizes[max(0, index - 1)].upToHours ?? 0)) h"
        }.joined(separator: ", ") + "."
        hasOptional = inventory.optional.count > 0
        optionalNote = "Optional, switched off in the source: \(Format.count(inventory.optional.count, "item")), about \(Format.number(inventory.optional.hours)) hours more, not in the total."
    }

    /// `S (2 h)`.
    static func effort(_ size: String, _ hours: Double) -> String {
        "\(size) (\(Format.number(hours)) h)"
    }
}


/// The crosswalk as the templates see it.
struct CrosswalkView {
    struct Text { let text: String }
    struct Member { let name, email, destination: String }
    struct Team {
        let name, destinationName: String
        let developerName: Markup
        let hasDeveloperName: Bool
        let members: [Member]
        let hasMembers: Bool
        let routing: [Text]
        let hasRouting: Bool
        let flags: [Text]
        let hasFlags: Bool
    }
    struct Person {
        let name, email, role, state, teams: String
        let match: Markup
        let status, flags: String
    }
    struct Tag {
        let name, usage: String
        let value: Markup
        let flags: String
    }
    struct Field {
        let label, object: String
        let name: Markup
        let type: String
        let values: Markup
        let source, flags: String
    }
    struct StandardField {
        let name: Markup
        let object, holds: String
        let values: Markup
        let note: String
    }
    struct EmailTemplate {
        let name: String
        let outcome: Markup
    }
    struct Finding { let text: String }

    let title, heading, teamsHeading, customer, source, destination, date, usersFile, queueWord: String
    /// The crosswalk in one line: queues, people, how many to provision.
    let summary: String
    let isSalesforce: Bool
    let teams: [Team]
    let people: [Person]
    let queue: [Person]
    let hasQueue: Bool
    let tags: [Tag]
    let hasTags: Bool
    let fields: [Field]
    let standardFields: [StandardField]
    let hasStandardFields: Bool
    /// Salesforce: what to do with the migration user's permission set.
    let permissionSetNote: Markup?
    let emailTemplates: [EmailTemplate]
    let hasEmailTemplates: Bool
    let findings: [Finding]
    let hasFindings: Bool

    init(_ crosswalk: Crosswalk) {
        isSalesforce = crosswalk.family == .salesforce
        queueWord = isSalesforce ? "Queue" : "Team"
        heading = isSalesforce ? "Team-to-queue crosswalk" : "Team and people crosswalk"
        teamsHeading = isSalesforce ? "Teams to Queues" : "Teams"
        title = "\(heading): \(crosswalk.customer.name), \(crosswalk.source) to \(crosswalk.destinationName)"
        customer = crosswalk.customer.name
        source = crosswalk.source
        destination = crosswalk.destinationName
        date = crosswalk.date
        usersFile = crosswalk.destinationUsersFile.map { "Destination users from \($0)." }
            ?? "No destination-users file was given: nobody is matched yet, and every person below must be provisioned or matched by the admin."
        let toProvision = crosswalk.reconciliationQueue
        let activeToProvision = toProvision.filter(\.active).count
        let queues = "\(Format.count(crosswalk.teams.count)) \(isSalesforce ? "queue" : "team")\(crosswalk.teams.count == 1 ? "" : "s")"
        let everyone = "\(Format.count(crosswalk.people.count)) \(crosswalk.people.count == 1 ? "person" : "people")"
        if crosswalk.people.isEmpty {
            summary = "\(queues); the manifest lists no people, so there is nobody to match."
        } else if crosswalk.destinationUsersFile == nil {
            summary = "\(queues), \(everyone): none matched yet, so all \(Format.count(crosswalk.people.count)) are to provision or match."
        } else {
            summary = "\(queues), \(everyone): \(Format.count(crosswalk.people.count - toProvision.count)) matched, \(Format.count(toProvision.count)) to provision"
                + (toProvision.isEmpty ? "." : " (\(activeToProvision) active, \(toProvision.count - activeToProvision) inactive).")
        }
        teams = crosswalk.teams.map { team in
            Team(name: team.name, destinationName: team.destinationName, developerName: Markup.code(team.developerName ?? ""),
                 hasDeveloperName: team.developerName != nil,
                 members: team.members.map { Member(name: $0.name.isEmpty ? $0.userId : $0.name, email: $0.email, destination: $0.destinationUser ?? "add once provisioned") },
                 hasMembers: !team.members.isEmpty, routing: team.routing.map { Text(text: $0) }, hasRouting: !team.routing.isEmpty,
                 flags: team.flags.map { Text(text: $0) }, hasFlags: !team.flags.isEmpty)
        }
        let person = { (person: Crosswalk.Person) -> Person in
            Person(name: person.name, email: person.email, role: person.role.rawValue, state: person.active ? "active" : "inactive",
                   teams: person.teams.joined(separator: ", "), match: person.match.map { Markup.code($0.username) + " (" + Markup.code($0.id) + ")" } ?? Markup("none"),
                   status: person.status, flags: person.flags.joined(separator: "; "))
        }
        people = crosswalk.people.map(person)
        queue = crosswalk.reconciliationQueue.map(person)
        hasQueue = !queue.isEmpty
        tags = crosswalk.tags.map { Tag(name: $0.name, usage: $0.usage.map(Format.count) ?? "", value: Markup.code($0.destinationValue), flags: $0.flags.joined(separator: "; ")) }
        hasTags = !tags.isEmpty
        fields = crosswalk.fields.map {
            let type = [$0.type + ($0.length.map { "(\($0))" } ?? ""), $0.externalID ? "external id" : nil, $0.unique ? "unique" : nil].compactMap { $0 }.joined(separator: ", ")
            return Field(label: $0.label, object: $0.object, name: Markup.code($0.name), type: type, values: Markup.code($0.values), source: $0.source,
                         flags: $0.flags.joined(separator: "; "))
        }
        standardFields = crosswalk.standardFields.map {
            StandardField(name: Markup.code($0.name), object: $0.object, holds: $0.holds, values: Markup.code($0.values), note: $0.note ?? "")
        }
        hasStandardFields = !standardFields.isEmpty
        permissionSetNote = crosswalk.permissionSet.map { name in
            "Assign the permission set " + Markup.code(name) + " (deployed with the fields) to the user who loads the data: it grants read and edit on every field above, "
                + "and Set Audit Fields upon Record Creation and Update Records with Inactive Owners. Those two permissions exist only once the org allows them: "
                + "the set-up deploys the security setting that does (" + Markup.code("settings/Security.settings-meta.xml") + ", " + Markup.code("enableAuditFieldsInactiveOwner")
                + "), the same as " + Markup.code("Setup > User Interface") + ": Enable \"Set Audit Fields upon Record Creation\" and \"Update Records with Inactive Owners\" User Permissions."
        }
        emailTemplates = crosswalk.emailTemplates.map { template in
            let folder = DestinationSetup.emailFolder(for: crosswalk.source)
            return EmailTemplate(name: template.name, outcome: template.developerName.map { "EmailTemplate " + Markup.code("\(folder)/\($0)") }
                ?? "rewrite by hand: no merge field for " + Markup.code(template.unmappedVariables.map { "{{\($0)}}" }))
        }
        hasEmailTemplates = !emailTemplates.isEmpty
        findings = crosswalk.diagnostics.map { Finding(text: $0.description) }
        hasFindings = !findings.isEmpty
    }
}

