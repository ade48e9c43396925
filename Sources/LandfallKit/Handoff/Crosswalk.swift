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
        /// Whether the field is the object's external id, the key of every upsert.
        public var externalID = false
        /// Whether its values must be unique (case-insensitive).
        public var unique = false
        /// Intercom: where the attribute lives (its `object` names it for people).
        public var intercomHome: IntercomAttributeHome?

        private enum CodingKeys: String, CodingKey {
            case source, label, object, name, type, propertyType, values, fit, flags, externalID = "externalId", unique
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
        /// Picklist values the data needs in it.
        public var values: [String]
        /// What the admin must do, when anything.
        public var note: String?
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
                guard family == .salesforce else { return described + ": rebuild as an assignment rule in a Workflow" }
                if let queue = developerName, let criterion = CaseAssignmentCriterion(rule.condition) {
                    assignmentEntries.append(CaseAssignmentEntry(queue: queue, order: rule.priority, criterion: criterion))
                    return described + ": written as a Case Assignment Rule entry (deployed inactive, to review)"
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

        let tags = tags(&diagnostics)
        let fields = fields(&diagnostics, tags: tags)
        if family == nil {
            diagnostics.append(Diagnostic(.warning, at: SourceLocation(file: reading.file), "\(estimate.destination.name) has no set-up files: its platform file names no family (salesforce or intercom), so its fields, teams and tags are listed here to create by hand"))
        }
        return Crosswalk(customer: manifest.customer, source: estimate.source.name, destination: destination, family: family,
                         destinationName: estimate.destination.name, date: Calendar.day(estimate.asOf),
                         destinationUsersFile: users.map { ($0.file as NSString).lastPathComponent },
                         teams: teams, people: people, reconciliationQueue: people.filter { $0.match == nil }, tags: tags,
                         fields: fields, standardFields: standardFields(),
                         permissionSet: family == .salesforce ? rules.handoff.permissionSet.name : nil,
                         assignmentEntries: assignmentEntries.enumerated().sorted { ($0.element.order ?? Int.max, $0.offset) < ($1.element.order ?? Int.max, $1.offset) }.map(\.element),
                         emailTemplates: emailTemplates(), ticketTypes: ticketTypes(for: fields), diagnostics: diagnostics.sorted())
    }

    /// Every tag with the value it becomes; each one renamed or shortened is also a finding at its
    /// place in the manifest.
    private func tags(_ diagnostics: inout [Diagnostic]) -> [Crosswalk.TagEntry] {
        let limit = rules.loadPlan.tagMaxLength(for: estimate.facts.destination)
        let isPicklist = estimate.facts.family == .salesforce
        var seen: [String: String] = [:]
        return (estimate.facts.manifest.tags ?? []).enumerated().map { index, tag in
            var flags: [String] = []
            defer {
                let path = KeyPath(components: [.key("tags"), .index(index), .key("name")])
                for flag in flags { diagnostics.append(reading.diagnostic(.warning, "the tag \(NodeDecoder.quoted(tag.name)) \(flag)", at: path)) }
            }
            var name = tag.name
            if isPicklist, name.contains(";") {
                // A semicolon separates the selected values of a multi-select picklist.
                name = name.replacingOccurrences(of: ";", with: ",")
                flags.append("holds a semicolon, which separates multi-select values: written with a comma")
            }
            let truncated = name.count > limit
            let value = truncated ? String(name.prefix(limit)) : name
            if truncated { flags.append("is longer than \(limit) characters: truncated") }
            let key = value.lowercased()
            if let earlier = seen[key] {
                flags.append(earlier == value ? "is the same as \"\(earlier)\" after truncation" : "is the same as \"\(earlier)\" ignoring case")
            } else {
                seen[key] = value
            }
            return Crosswalk.TagEntry(name: tag.name, usage: tag.usage, destinationValue: value, truncated: truncated, flags: flags)
        }
    }

    /// Intercom: a ticket type for every kind of record that becomes a ticket, and for every
    /// ticket type a field lives on, in a fixed order.
    private func ticketTypes(for fields: [Crosswalk.Field]) -> [String] {
        guard estimate.facts.family == .intercom else { return [] }
        let counts = estimate.facts.manifest.counts
        let model = estimate.facts.destinationSystem.conversationModel ?? .conversationFirst
        var needed: Set<IntercomAttributeHome> = Set(fields.compactMap(\.intercomHome))
        if counts[.reviews] > 0 { needed.insert(.ticketType("Review")) }
        if counts[.tickets] > 0 { needed.insert(.ticketType("Ticket")) }
        if model == .ticketFirst && counts[.conversations] > 0 { needed.insert(.ticketType("Conversation")) }
        return needed.sorted().compactMap { home in
            if case .ticketType(let name) = home { return name }
            return nil
        }
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

    /// The standard fields the present mappings fill, each once, in mapping order.
    private func standardFields() -> [Crosswalk.StandardField] {
        var entries: [Crosswalk.StandardField] = []
        for mapping in estimate.pair.allMappings where Compatibility.present(mapping, source: estimate.source, facts: estimate.facts) {
            for use in mapping.standardFields {
                let target = estimate.destination.object(use.on ?? mapping.destinationObjects.first ?? "")
                let object = target?.apiName ?? target?.name ?? use.on ?? ""
                if let index = entries.firstIndex(where: { $0.object == object && $0.name == use.name }) {
                    entries[index].values = (entries[index].values + use.values).uniqued(caseInsensitive: true)
                } else {
                    entries.append(Crosswalk.StandardField(object: object, name: use.name, holds: use.holds, values: use.values, note: use.note))
                }
            }
        }
        return entries
    }

    private func fields(_ diagnostics: inout [Diagnostic], tags: [Crosswalk.TagEntry]) -> [Crosswalk.Field] {
        let facts = estimate.facts
        let pair = estimate.pair
        let destination = estimate.destination
        let isSalesforce = facts.family == .salesforce
        let isIntercom = facts.family == .intercom
        var fields: [Crosswalk.Field] = []
        var caseNames: Set<String> = []  // API names on Case without __c, lower-cased
        let model = facts.destinationSystem.conversationModel ?? .conversationFirst
        for mapping in pair.allMappings where Compatibility.present(mapping, source: estimate.source, facts: facts) {
            for spec in mapping.customFields {
                let target = destination.object(spec.on ?? mapping.destinationObjects.first ?? "")
                let home = isIntercom ? IntercomAttributeHome.of(sourceObject: mapping.sourceObject, model: model) : nil
                let object = home?.label ?? target?.apiName ?? target?.name ?? spec.on ?? ""
                var values = spec.values
                if mapping.sourceObject == "tag" { values = tags.map(\.destinationValue).uniqued(caseInsensitive: true) }
                if mapping.sourceObject == "review" && spec.type.contains("picklist") {
                    values = (facts.manifest.reviewSources ?? []).map(\.platform).uniqued(caseInsensitive: true)
                }
                // A field several mappings share (the source-id keys) is created once.
                guard !fields.contains(where: { $0.object == object && $0.name == spec.name }) else { continue }
                if object == "Case" { caseNames.insert(String(spec.name.dropLast(3)).lowercased()) }
                var propertyType = isSalesforce ? PropertyType(rawValue: spec.type) : nil
                var flags: [String] = []
                if let picklist = propertyType, picklist == .picklist || picklist == .multiPicklist, values.isEmpty {
                    // A picklist needs at least one value to deploy.
                    propertyType = .text
                    flags.append("no values are known for this picklist: created as a text field")
                }
                let type = home?.dataType(forCatalogType: spec.type) ?? propertyType.flatMap { rules.handoff.fieldTypes[$0]?.type } ?? spec.type
                fields.append(Crosswalk.Field(source: "\(estimate.source.name) \(estimate.source.object(mapping.sourceObject)?.name ?? mapping.sourceObject)",
                                              label: spec.label, object: object, name: spec.name, type: type, propertyType: propertyType,
                                              values: values, fit: .direct, flags: flags, externalID: spec.externalID, unique: spec.unique,
                                              intercomHome: home))
            }
        }
        let caseObject = destination.object(pair.mapping(for: "custom_property")?.destinationObjects.first ?? "")
        var intercomNames: [String: (key: String, index: Int)] = [:]
        for (index, property) in (facts.manifest.customProperties ?? []).enumerated() {
            let path = KeyPath(components: [.key("custom_properties"), .index(index), .key("key")])
            let mapping = pair.propertyType(property.type)
            var flags: [String] = []
            var name: String
            let object = caseObject?.apiName ?? caseObject?.name ?? "Case"
            if isSalesforce {
                let max = rules.handoff.apiNameMaxLength
                if let cleaned = SalesforceNames.clean(property.key, maxLength: max, prefix: "f_") {
                    name = cleaned + "__c"
                    if cleaned != property.key {
                        flags.append("the key \"\(property.key)\" is not a valid API name as it stands; \(name) is used")
                    }
                } else {
                    name = "property_\(index + 1)__c"
                    let note = "the custom property key \"\(property.key)\" has no letters or digits to make an API name from; \(name) is used instead"
                    diagnostics.append(reading.diagnostic(.warning, note, at: path))
                    flags.append(note)
                }
                let base = String(name.dropLast(3))
                let unique = SalesforceNames.unique(base, taken: caseNames, maxLength: max)
                if unique != base {
                    let note = "\(name) is already used by another field; \(unique)__c is used instead"
                    diagnostics.append(reading.diagnostic(.warning, note, at: path))
                    flags.append(note)
                    name = unique + "__c"
                }
                caseNames.insert(unique.lowercased())
            } else if !isIntercom {
                name = property.key
            } else {
                name = IntercomNames.clean(property.key)
                if name.isEmpty {
                    diagnostics.append(reading.diagnostic(.error, "the custom property key \"\(property.key)\" has nothing left once the characters Intercom refuses in attribute names (\(IntercomNames.forbidden), control characters) are removed; give it a name with letters or digits", at: path))
                } else if let (other, otherIndex) = intercomNames[name.lowercased()] {
                    let otherPath = KeyPath(components: [.key("custom_properties"), .index(otherIndex), .key("key")])
                    diagnostics.append(reading.diagnostic(.error, "the custom property keys \"\(other)\" (\(otherPath)) and \"\(property.key)\" both become the Intercom attribute \"\(name)\"; rename one of them", at: path))
                } else if name != property.key {
                    let note = "Intercom attribute names may not contain \(IntercomNames.forbidden) or control characters: \(name) is used"
                    diagnostics.append(reading.diagnostic(.warning, note, at: path))
                    flags.append(note)
                }
                if !name.isEmpty, intercomNames[name.lowercased()] == nil { intercomNames[name.lowercased()] = (property.key, index) }
            }
            if let mapping, mapping.fit != .direct { flags.append(mapping.note ?? "no direct equivalent") }
            let values = (property.options ?? []).uniqued(caseInsensitive: true)
            let field = Crosswalk.Field(source: "custom property \(property.key)", label: property.label ?? property.key, object: object, name: name,
                                        type: isSalesforce ? rules.handoff.fieldTypes[property.type]?.type ?? property.type.rawValue
                                            : mapping?.destination ?? property.type.rawValue,
                                        propertyType: property.type,
                                        values: values, fit: mapping?.fit ?? .none, flags: flags)
            guard isIntercom else {
                fields.append(field)
                continue
            }
            let targets = property.appliesTo ?? ["ticket"]
            if targets.contains("user") {
                diagnostics.append(reading.diagnostic(.warning, "Intercom keeps no custom attributes on teammates: the values of \"\(property.key)\" for users are not carried over",
                                                      at: KeyPath(components: [.key("custom_properties"), .index(index), .key("applies_to")])))
            }
            // One attribute in each place the property's records land.
            let homes = Set(targets.compactMap { IntercomAttributeHome.of(sourceObject: $0, model: model) }).sorted()
            for home in homes {
                var placed = field
                placed.object = home.label
                placed.type = home.dataType(for: property.type)
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
}

extension Array where Element == String {
    /// The strings without repeats, first occurrence kept.
    func uniqued(caseInsensitive: Bool) -> [String] {
        var seen: Set<String> = []
        return filter { seen.insert(caseInsensitive ? $0.lowercased() : $0).inserted }
    }
}
