import Foundation

/// The team-to-queue crosswalk: source teams to Salesforce Queues or Intercom Teams, people to
/// destination users, tags to picklist values or tags, custom properties to fields; with every
/// problem found on the way and what was done about it.
public struct Crosswalk: Sendable, Encodable {
    /// A team member and who they are in the destination.
    public struct Member: Sendable, Encodable {
        /// The source user id.
        public var userId: String
        /// The display name.
        public var name: String
        /// The e-mail address.
        public var email: String
        /// The destination login (Salesforce Username, Intercom e-mail), when matched.
        public var destinationUser: String?
    }

    /// A source team and what it becomes.
    public struct TeamEntry: Sendable, Encodable {
        /// The id.
        public var id: String
        /// The display name.
        public var name: String
        /// The Queue's label or the Intercom team's name.
        public var destinationName: String
        /// The Queue's DeveloperName (Salesforce).
        public var developerName: String?
        /// The members.
        public var members: [Member]
        /// Each routing rule and what it must become.
        public var routing: [String]
        /// What needs attention, in plain words.
        public var flags: [String]
    }

    /// A source user and their destination match.
    public struct Person: Sendable, Encodable {
        /// The id.
        public var id: String
        /// The display name.
        public var name: String
        /// The e-mail address.
        public var email: String
        /// Admin or agent.
        public var role: UserRole
        /// Whether it is switched on or active.
        public var active: Bool
        /// The teams.
        public var teams: [String]
        /// The matched destination user, if any.
        public var match: DestinationUser?
        /// `matched`, `provision active` or `provision inactive`.
        public var status: String
        /// What needs attention, in plain words.
        public var flags: [String]
    }

    /// A tag and its destination value.
    public struct TagEntry: Sendable, Encodable {
        /// The display name.
        public var name: String
        /// How many records carry it.
        public var usage: Int?
        /// The value in the destination.
        public var destinationValue: String
        /// Whether it was cut to the destination's limit.
        public var truncated: Bool
        /// What needs attention, in plain words.
        public var flags: [String]
    }

    /// A destination field to create.
    public struct Field: Sendable, Encodable {
        /// What it holds: a source object (`Thread Review`) or a custom property.
        public var source: String
        /// The label people see.
        public var label: String
        /// The destination object (`Case`, `EmailMessage`, `conversation` …).
        public var object: String
        /// The API name (`star_rating__c`) or attribute name.
        public var name: String
        /// The destination type (`Picklist`, `string` …).
        public var type: String
        /// The custom-property type it comes from, for account fields.
        public var propertyType: PropertyType?
        /// The picklist values.
        public var values: [String]
        /// How well the destination type fits.
        public var fit: TypeFit
        /// What needs attention, in plain words.
        public var flags: [String]
        /// The most characters it holds, where the field map says (else its type's default).
        public var length: Int?
        /// Whether the field is the object's external id, the key of every upsert.
        public var externalID = false
        /// Whether its values must be unique (case-insensitive).
        public var unique = false
        /// Intercom: where the attribute lives (its `object` names it for people).
        public var intercomHome: IntercomAttributeHome?

        private enum CodingKeys: String, CodingKey {
            case source, label, object, name, type, propertyType, values, fit, flags, length, externalID = "externalId", unique
        }
    }

    /// Salesforce: a response template as an EmailTemplate, when every variable it uses has a
    /// merge field.
    public struct EmailTemplateEntry: Sendable, Encodable {
        /// The template's name.
        public var name: String
        /// The EmailTemplate's DeveloperName, when it is written.
        public var developerName: String?
        /// The body with Salesforce merge fields, when it is written.
        public var body: String?
        /// The variables with no merge field, which keep it from being written.
        public var unmappedVariables: [String]
    }

    /// A standard destination field the load fills, so that no custom field duplicates it.
    public struct StandardField: Sendable, Encodable {
        /// The destination object (`Case`, `EmailMessage` …).
        public var object: String
        /// The field's API name (`Origin`).
        public var name: String
        /// What it holds.
        public var holds: String
        /// Picklist values the data needs in it that a new org does not have.
        public var values: [String]
        /// What the admin must do, when anything.
        public var note: String?
        /// The standard value set the set-up adds `values` to (`CaseOrigin`).
        public var valueSet: String?
        /// The values a new org has in that set, which the set-up file keeps.
        public var standardValues: [String] = []
    }

    /// The customer.
    public var customer: Customer
    /// The source platform's name.
    public var source: String
    /// The destination platform's id.
    public var destination: String
    /// The destination's family, which chooses the set-up files (none without one).
    public var family: DestinationFamily?
    /// The destination platform's name.
    public var destinationName: String
    /// The date, YYYY-MM-DD.
    public var date: String
    /// The destination-users file's name, when one was given.
    public var destinationUsersFile: String?
    /// The teams.
    public var teams: [TeamEntry]
    /// Every source user and their match.
    public var people: [Person]
    /// The people with no destination user yet.
    public var reconciliationQueue: [Person]
    /// The tags.
    public var tags: [TagEntry]
    /// The fields to create first.
    public var fields: [Field]
    /// The standard fields the load fills instead of custom ones.
    public var standardFields: [StandardField]
    /// Salesforce: the permission set to assign to the migration user.
    public var permissionSet: String?
    /// Salesforce: the routing rules an assignment rule can express, in order (empty for Intercom).
    public var assignmentEntries: [CaseAssignmentEntry]
    /// Salesforce: the response templates as EmailTemplates (empty for Intercom).
    public var emailTemplates: [EmailTemplateEntry]
    /// Intercom: the ticket types the records need, in creation order (empty for Salesforce).
    public var ticketTypes: [String]
    /// Intercom: the contacts the set-up creates for records that have none of their own (review
    /// tickets), from the field map's fixed values.
    public var setupContacts: [SetupContact] = []
    /// Intercom: every tag the load applies, the account's and those the field map gives records
    /// (review sources, channels), each once.
    public var destinationTags: [String] = []

    /// A contact the set-up creates.
    public struct SetupContact: Sendable, Encodable {
        /// Its name.
        public var name: String
        /// The external id records are created for.
        public var externalID: String

        private enum CodingKeys: String, CodingKey {
            case name, externalID = "external_id"
        }
    }
    /// Every problem found, with what was done about it.
    public var diagnostics: [Diagnostic]
}

/// Builds the crosswalk, naming Queues and fields by Salesforce's rules.
struct CrosswalkBuilder {
    let estimate: Estimate
    let reading: ManifestReading
    let rules: Rules
    let users: DestinationUsers?

    func build() -> Crosswalk {
        var diagnostics = users?.diagnostics ?? []
        let manifest = estimate.facts.manifest
        let destination = estimate.facts.destination
        let family = estimate.facts.family
        let sourceUsers = manifest.users ?? []
        let byID = Dictionary(sourceUsers.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var teamsOf: [String: [String]] = [:]
        for team in manifest.teams ?? [] {
            for member in Set(team.members) { teamsOf[member, default: []].append(team.name) }
        }

        let overlaps = AutomationLinks.routingOverlaps(in: manifest)
        var takenNames: Set<String> = []
        var assignmentEntries: [CaseAssignmentEntry] = []
        let teams = (manifest.teams ?? []).enumerated().map { index, team -> Crosswalk.TeamEntry in
            var flags: [String] = []
            var developerName: String?
            if family == .salesforce {
                let max = rules.handoff.developerNameMaxLength
                let path = KeyPath(components: [.key("teams"), .index(index), .key("name")])
                var name = SalesforceNames.clean(team.name, maxLength: max, prefix: "Queue_")
                if name == nil {
                    name = SalesforceNames.clean("Queue_\(team.id)", maxLength: max, prefix: "Queue_") ?? "Queue_\(index + 1)"
                    let note = "the team name \"\(team.name)\" has no letters or digits to make a DeveloperName from; \(name!) is used instead"
                    diagnostics.append(reading.diagnostic(.warning, note, at: path))
                    flags.append(note)
                }
                let unique = SalesforceNames.unique(name!, taken: takenNames, maxLength: max)
                if unique != name {
                    let note = "the DeveloperName \(name!) is already taken by another team; \(unique) is used instead"
                    diagnostics.append(reading.diagnostic(.warning, note, at: path))
                    flags.append(note)
                }
                takenNames.insert(unique.lowercased())
                developerName = unique
            }
            let members = team.members.map { id -> Crosswalk.Member in
                let user = byID[id]
                return Crosswalk.Member(userId: id, name: user?.name ?? "", email: user?.email ?? "",
                                        destinationUser: user.flatMap { users?.match(email: $0.email)?.username })
            }
            for overlap in overlaps where overlap.team == team.name {
                let name = manifest.automations?.first { $0.id == overlap.automation }?.name ?? overlap.automation
                flags.append("the automation \(name) \(overlap.finding)")
            }
            if team.members.isEmpty { flags.append("the team has no members: the \(family == .salesforce ? "Queue" : "team") starts empty") }
            for member in members where member.name.isEmpty && !sourceUsers.isEmpty {
                flags.append("the member \(member.userId) is not in the user list")
            }
            let routing = team.routing.map { rule -> String in
                let described = "\(PlainWords.condition(rule.condition)) → \(team.name)" + (rule.priority.map { " (order \($0))" } ?? "")
                let translated = estimate.fieldMap.destinationCondition(rule.condition)
                let inDestination = translated.map { condition -> String in
                    guard !condition.values.isEmpty else { return "" }
                    let merged = condition.merged.isEmpty ? "" : "; the field map sends \(condition.merged.joined(separator: ", ")) there too, so the rule catches them as well"
                    return " (in \(estimate.destination.name): \(condition.field) is \(condition.values.joined(separator: " or "))\(merged))"
                } ?? ""
                guard family == .salesforce else { return described + inDestination + ": rebuild as an assignment rule in a Workflow" }
                if let queue = developerName, let criterion = CaseAssignmentCriterion(translated) {
                    assignmentEntries.append(CaseAssignmentEntry(queue: queue, order: rule.priority, criterion: criterion))
                    return described + inDestination + ": written as a Case Assignment Rule entry (deployed inactive, to review)"
                }
                if let translated, !translated.unmapped.isEmpty {
                    return described + ": the field map gives \(translated.unmapped.joined(separator: ", ")) no value of \(translated.field); choose one there, or rebuild the rule as a record-triggered Flow"
                }
                return described + ": rebuild as a record-triggered Flow (an assignment rule cannot test it)"
            }
            return Crosswalk.TeamEntry(id: team.id, name: team.name, destinationName: team.name, developerName: developerName, members: members,
                                       routing: routing, flags: flags)
        }

        let people = sourceUsers.map { user -> Crosswalk.Person in
            let match = users?.match(email: user.email)
            let teams = teamsOf[user.id] ?? []
            var flags: [String] = []
            if teams.count > 1 { flags.append("in \(teams.count) teams: \(teams.joined(separator: ", "))") }
            if let match, match.active == false, user.active { flags.append("matched to an inactive destination user") }
            let status = match != nil ? "matched" : (user.active ? "provision active" : "provision inactive")
            return Crosswalk.Person(id: user.id, name: user.name, email: user.email, role: user.role, active: user.active, teams: teams,
                                    match: match, status: status, flags: flags)
        }

        for finding in estimate.fieldMapFindings {
            diagnostics.append(reading.diagnostic(finding.severity, finding.message, at: finding.path))
        }
        let tags = tags()
        let fields = fields()
        if family == nil {
            diagnostics.append(Diagnostic(.warning, at: SourceLocation(file: reading.file), "\(estimate.destination.name) has no set-up files: its platform file names no family (salesforce or intercom), so its fields, teams and tags are listed here to create by hand"))
        }
        var crosswalk = Crosswalk(customer: manifest.customer, source: estimate.source.name, destination: destination, family: family,
                         destinationName: estimate.destination.name, date: Calendar.day(estimate.asOf),
                         destinationUsersFile: users.map { ($0.file as NSString).lastPathComponent },
                         teams: teams, people: people, reconciliationQueue: people.filter { $0.match == nil }, tags: tags,
                         fields: fields, standardFields: standardFields(),
                         permissionSet: family == .salesforce ? rules.handoff.permissionSet.name : nil,
                         assignmentEntries: assignmentEntries.enumerated().sorted { ($0.element.order ?? Int.max, $0.offset) < ($1.element.order ?? Int.max, $1.offset) }.map(\.element),
                         emailTemplates: emailTemplates(), ticketTypes: ticketTypes(), diagnostics: diagnostics.sorted())
        if family == .intercom {
            crosswalk.setupContacts = setupContacts()
            crosswalk.destinationTags = (tags.map(\.destinationValue) + mapTags()).uniqued(caseInsensitive: true)
        }
        return crosswalk
    }

    /// Intercom: the contacts the field map creates records for by a fixed value.
    private func setupContacts() -> [Crosswalk.SetupContact] {
        estimate.fieldMap.fields.filter { $0.transform == .constant && $0.destinationField == "contacts" }.compactMap(\.value)
            .uniqued(caseInsensitive: false).map { id in
                let words = id.replacingOccurrences(of: "-", with: " ")
                return Crosswalk.SetupContact(name: words.prefix(1).uppercased() + words.dropFirst(), externalID: id)
            }
    }

    /// The tags the field map's value maps give records (not the account's own tag list).
    private func mapTags() -> [String] {
        estimate.fieldMap.fields.filter { !$0.isList && estimate.destination.schemaField($0.destination)?.type == "tags" && estimate.fieldMap.writes($0) }
            .flatMap { $0.values.compactMap(\.to) }
    }

    /// Every tag of the account with the value the field map gives it (cut to the destination's
    /// length, without a semicolon in a picklist value); what the map had to change is flagged.
    private func tags() -> [Crosswalk.TagEntry] {
        let values = estimate.fieldMap.fields.first { $0.isList && $0.transform == .valueMap && $0.source == "tags" }?.values ?? []
        var seen: [String: String] = [:]
        return (estimate.facts.manifest.tags ?? []).map { tag in
            let value = values.first { $0.from == tag.name }?.to ?? tag.name
            var flags: [String] = []
            if tag.name.contains(";") && !value.contains(";") { flags.append("holds a semicolon, which separates multi-select values: written with a comma") }
            let truncated = value.count < tag.name.replacingOccurrences(of: ";", with: ",").count
            if truncated { flags.append("is longer than \(value.count) characters: truncated") }
            if let earlier = seen[value.lowercased()] {
                flags.append(earlier == value ? "is the same as \"\(earlier)\" after truncation" : "is the same as \"\(earlier)\" ignoring case")
            } else {
                seen[value.lowercased()] = value
            }
            return Crosswalk.TagEntry(name: tag.name, usage: tag.usage, destinationValue: value, truncated: truncated, flags: flags)
        }
    }

    /// Intercom: a ticket type for every kind of record the field map makes a ticket of, in the
    /// order the map loads them.
    private func ticketTypes() -> [String] {
        guard estimate.facts.family == .intercom else { return [] }
        return estimate.fieldMap.objects.flatMap { object in
            object.records.filter { $0.destination == "ticket" && ($0.rows ?? 1) > 0 }.compactMap(\.recordType)
        }.uniqued(caseInsensitive: false)
    }

    /// Salesforce: each response template whose every variable has a merge field becomes an
    /// EmailTemplate with a unique DeveloperName; the others are listed with what keeps them back.
    private func emailTemplates() -> [Crosswalk.EmailTemplateEntry] {
        guard estimate.facts.family == .salesforce else { return [] }
        var taken: Set<String> = []
        return (estimate.facts.manifest.responseTemplates ?? []).map { template in
            let variables = TemplateVariables.names(in: [template.body])
            let unmapped = variables.filter { estimate.pair.templateVariable($0)?.equivalent == nil }
            guard unmapped.isEmpty else {
                return Crosswalk.EmailTemplateEntry(name: template.name, developerName: nil, body: nil, unmappedVariables: unmapped)
            }
            var body = template.body
            for variable in variables {
                let equivalent = estimate.pair.templateVariable(variable)?.equivalent ?? ""
                body = body.replacingOccurrences(of: #"\{\{\s*"# + NSRegularExpression.escapedPattern(for: variable) + #"\s*\}\}"#,
                                                 with: NSRegularExpression.escapedTemplate(for: equivalent), options: .regularExpression)
            }
            let base = SalesforceNames.clean(template.name, maxLength: rules.handoff.developerNameMaxLength, prefix: "T_") ?? "Template"
            let developerName = SalesforceNames.unique(base, taken: taken, maxLength: rules.handoff.developerNameMaxLength)
            taken.insert(developerName.lowercased())
            return Crosswalk.EmailTemplateEntry(name: template.name, developerName: developerName, body: body, unmappedVariables: [])
        }
    }

    /// The standard fields the field map fills, each once, with the picklist values the set-up
    /// adds to a standard value set.
    private func standardFields() -> [Crosswalk.StandardField] {
        let map = estimate.fieldMap
        var entries: [Crosswalk.StandardField] = []
        for field in map.fields where map.writes(field) {
            guard let schemaField = estimate.destination.schemaField(field.destination), field.transform != .match else { continue }
            let added = schemaField.valueSet == nil ? [] : (field.picklist ?? []).filter { !schemaField.values.contains($0) }
            let holds = field.source.map { "\(field.object).\($0)" } ?? "\(field.object): \(field.value ?? "")"
            if let index = entries.firstIndex(where: { $0.object == field.destinationObject && $0.name == field.destinationField }) {
                entries[index].values = (entries[index].values + added).uniqued(caseInsensitive: false)
                if !added.isEmpty {
                    entries[index].valueSet = schemaField.valueSet
                    entries[index].note = "the set-up adds these values to the \(schemaField.valueSet ?? schemaField.name) picklist; it lists a new org's values too, so add any other value the org has to it first"
                }
                entries[index].holds += ", \(holds)"
            } else {
                entries.append(Crosswalk.StandardField(object: field.destinationObject, name: field.destinationField, holds: holds, values: added,
                                                       note: added.isEmpty ? nil : "the set-up adds these values to the \(schemaField.valueSet ?? schemaField.name) picklist; it lists a new org's values too, so add any other value the org has to it first",
                                                       valueSet: added.isEmpty ? nil : schemaField.valueSet, standardValues: schemaField.values))
            }
        }
        return entries
    }

    /// The fields the set-up creates: the field map's custom fields, each with the values its
    /// entries send to it, and (Intercom) one attribute on each ticket type, or on conversations,
    /// whose records fill it.
    private func fields() -> [Crosswalk.Field] {
        let map = estimate.fieldMap
        let facts = estimate.facts
        let isSalesforce = facts.family == .salesforce
        var fields: [Crosswalk.Field] = []
        for custom in map.customFields {
            let filling = map.fields.filter { $0.destination == custom.field && map.writes($0) }
            guard !filling.isEmpty else { continue }
            var values: [String] = []
            for entry in filling { values += entry.picklist ?? entry.values.compactMap(\.to) }
            values = values.uniqued(caseInsensitive: true)
            let property = facts.manifest.customProperties?.first { property in filling.contains { $0.source == "custom.\(property.key)" } }
            let typed = property.flatMap { estimate.pair.propertyType($0.type) }
            var flags: [String] = []
            var propertyType = isSalesforce ? PropertyType(rawValue: custom.type) : nil
            if let picklist = propertyType, picklist == .picklist || picklist == .multiPicklist, values.isEmpty {
                // A picklist needs at least one value to deploy.
                propertyType = .text
                flags.append("no values are known for this picklist: created as a text field")
            }
            if let typed, typed.fit != .direct { flags.append(typed.note ?? "no direct equivalent") }
            let field = Crosswalk.Field(source: property.map { "custom property \($0.key)" } ?? custom.holds, label: custom.label, object: custom.object,
                                        name: custom.name, type: propertyType.flatMap { rules.handoff.fieldTypes[$0]?.type } ?? custom.type,
                                        propertyType: propertyType, values: values, fit: typed?.fit ?? .direct, flags: flags,
                                        length: custom.length ?? propertyType.flatMap { rules.handoff.fieldTypes[$0]?.length }, externalID: custom.externalID,
                                        unique: custom.unique)
            guard facts.family == .intercom else {
                fields.append(field)
                continue
            }
            for home in intercomHomes(of: custom, filledBy: filling) {
                var placed = field
                placed.object = home.label
                placed.type = home.dataType(forCatalogType: custom.type)
                placed.intercomHome = home
                if home.endpoint == .ticketTypeAttributes, placed.type == "list", placed.values.contains(where: { $0.contains(",") }) {
                    // A ticket type's list items are sent as one comma-separated string.
                    placed.values = placed.values.map { $0.replacingOccurrences(of: ",", with: ";") }
                    placed.flags.append("a value holds a comma, which separates a ticket type's list items: written with a semicolon")
                }
                fields.append(placed)
            }
        }
        return fields
    }

    /// Intercom: where an attribute lives, one home for each kind of record whose entries fill it.
    private func intercomHomes(of custom: FieldMap.CustomField, filledBy entries: [FieldMap.Field]) -> [IntercomAttributeHome] {
        let map = estimate.fieldMap
        var homes: [IntercomAttributeHome] = []
        for entry in entries {
            let rules = map.objects.first { $0.object == entry.object }?.records.filter { $0.destination == custom.object && ($0.rows ?? 1) > 0 } ?? []
            for rule in rules {
                let home: IntercomAttributeHome? = switch custom.object {
                case "ticket": rule.recordType.map(IntercomAttributeHome.ticketType)
                case "conversation": .conversation
                case "contact": .contact
                default: nil
                }
                if let home, !homes.contains(home) { homes.append(home) }
            }
        }
        return homes.sorted()
    }
}

extension Array where Element == String {
    /// The strings without repeats, first occurrence kept.
    func uniqued(caseInsensitive: Bool) -> [String] {
        var seen: Set<String> = []
        return filter { seen.insert(caseInsensitive ? $0.lowercased() : $0).inserted }
    }
}
