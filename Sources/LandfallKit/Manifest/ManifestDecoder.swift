import Foundation

/// Decodes a manifest's ``DataNode`` tree into a ``Manifest``, reporting every value that does
/// not fit the format, with its position and key path.
struct ManifestDecoder {
    /// The manifest format versions this Landfall reads.
    static let supportedVersions = [1]

    let decoder: NodeDecoder
    let vocabulary: ManifestVocabulary

    /// The parts of a manifest as far as they decoded; a part that failed is `nil`.
    struct Parts {
        var version: Int?
        var customer: Customer?
        var source: SourceSystem?
        var destination: DestinationSystem?
        var counts: ObjectCounts?
        var reviewSources: [ReviewSource]?
        var users: [User]?
        var teams: [Team]?
        var tags: [Tag]?
        var customProperties: [CustomProperty]?
        var responseTemplates: [ResponseTemplate]?
        var automations: [Automation]?
        var integrations: [Integration]?
        var companies: [Company]?

        /// The whole manifest, when every required part decoded.
        var manifest: Manifest? {
            guard let version, let customer, let source, let destination, let counts else { return nil }
            return Manifest(
                manifestVersion: version, customer: customer, source: source, destination: destination, counts: counts,
                reviewSources: reviewSources, users: users, teams: teams, tags: tags, customProperties: customProperties,
                responseTemplates: responseTemplates, automations: automations, integrations: integrations, companies: companies)
        }
    }

    func decode(_ root: DataNode) -> Parts {
        var parts = Parts()
        guard let fields = decoder.fields(root, .root) else { return parts }
        parts.version = version(fields)
        guard parts.version != nil else {
            fields.allow(Self.topLevelKeys)
            return parts
        }
        parts.customer = fields.required("customer", customer)
        parts.source = fields.required("source", source)
        parts.destination = fields.required("destination", destination)
        parts.counts = fields.required("counts", counts)
        parts.reviewSources = fields.optional("review_sources") { decoder.list($0, $1, of: reviewSource) }
        parts.users = fields.optional("users") { decoder.list($0, $1, of: user) }
        parts.teams = fields.optional("teams") { decoder.list($0, $1, of: team) }
        parts.tags = fields.optional("tags") { decoder.list($0, $1, of: tag) }
        parts.customProperties = fields.optional("custom_properties") { decoder.list($0, $1, of: customProperty) }
        parts.responseTemplates = fields.optional("response_templates") { decoder.list($0, $1, of: responseTemplate) }
        parts.automations = fields.optional("automations") { decoder.list($0, $1, of: automation) }
        parts.integrations = fields.optional("integrations") { decoder.list($0, $1, of: integration) }
        parts.companies = fields.optional("companies") { decoder.list($0, $1, of: company) }
        fields.finish()
        return parts
    }

    static let topLevelKeys = [
        "manifest_version", "customer", "source", "destination", "counts", "review_sources", "users", "teams", "tags",
        "custom_properties", "response_templates", "automations", "integrations", "companies",
    ]

    private func version(_ fields: FieldReader) -> Int? {
        guard let node = fields.node("manifest_version") else {
            decoder.error("the required key \"manifest_version\" is missing; this Landfall reads manifest_version 1",
                          at: fields.position, path: "manifest_version")
            return nil
        }
        guard let version = decoder.integer(node, "manifest_version", in: 0...Int.max) else { return nil }
        guard Self.supportedVersions.contains(version) else {
            decoder.error("manifest_version \(version) is not supported; this Landfall reads manifest_version 1",
                          at: node.position, path: "manifest_version")
            return nil
        }
        return version
    }

    private func customer(_ node: DataNode, _ path: KeyPath) -> Customer? {
        guard let fields = decoder.fields(node, path) else { return nil }
        let name = fields.required("name", decoder.nonEmptyString)
        let id = fields.optional("id", decoder.nonEmptyString)
        fields.finish()
        return name.map { Customer(name: $0, id: id) }
    }

    private func source(_ node: DataNode, _ path: KeyPath) -> SourceSystem? {
        guard let fields = decoder.fields(node, path) else { return nil }
        let platform = fields.required("platform") { platformName($0, $1, known: vocabulary.sources, role: "source") }
        let exportedAt = fields.required("exported_at", timestamp)
        let method: ExportMethod? = fields.required("export_method") { decoder.oneOf($0, $1, "export method") }
        let psa: PSAIntegration?? = fields.optional("psa_integration") { .some(decoder.oneOf($0, $1, "PSA integration")) }
        fields.finish()
        guard let platform, let exportedAt, let method, psa != .some(nil) else { return nil }
        return SourceSystem(platform: platform, exportedAt: exportedAt, exportMethod: method, psaIntegration: psa ?? nil)
    }

    private func destination(_ node: DataNode, _ path: KeyPath) -> DestinationSystem? {
        guard let fields = decoder.fields(node, path) else { return nil }
        let platform = fields.required("platform") { platformName($0, $1, known: vocabulary.destinations, role: "destination") }
        var destination = DestinationSystem(platform: platform ?? "")
        var failed = platform == nil
        let kind = platform.flatMap { vocabulary.families[$0] }
        for other in DestinationFamily.allCases where other != kind {
            for key in other.ownKeys where kind != nil && fields.has(key) && !(kind?.ownKeys.contains(key) ?? false) {
                decoder.warning("\"\(key)\" applies to \(other.displayName) destinations only and is ignored",
                                at: fields.keyPosition(of: key), path: path.appending(key))
            }
            fields.allow(other.ownKeys)
        }
        switch kind {
        case .salesforce:
            destination.edition = fields.required("edition") { decoder.oneOf($0, $1, "Salesforce edition") }
            destination.licenses = fields.required("licenses") { decoder.integer($0, $1, in: 1...10_000_000) }
            destination.serviceCloudLicensed = fields.optional("service_cloud_licensed", decoder.bool)
            failed = failed || destination.edition == nil || destination.licenses == nil
        case .intercom:
            let rate = fields.optional("rate_limit_per_minute") { node, path -> Int?? in
                let value = decoder.integer(node, path, in: 1...1_000_000)
                if let value, value > 10_000 {
                    decoder.warning("\(Format.count(value)) requests a minute is above the 10,000 Intercom grants private apps",
                                    at: node.position, path: path)
                }
                return .some(value)
            }
            if rate == .some(nil) { failed = true }
            // Absent, the load plan uses the limit Intercom documents (Rules/load-plan.yaml).
            destination.rateLimitPerMinute = rate ?? nil
            let model: ConversationModel?? = fields.optional("conversation_model") { .some(decoder.oneOf($0, $1, "conversation model")) }
            if model == .some(nil) { failed = true }
            destination.conversationModel = (model ?? nil) ?? .conversationFirst
        case nil:
            break
        }
        fields.finish()
        return failed ? nil : destination
    }

    private func platformName(_ node: DataNode, _ path: KeyPath, known: [String], role: String) -> String? {
        guard let name = decoder.nonEmptyString(node, path) else { return nil }
        guard known.contains(name) else {
            decoder.error("unknown \(role) platform \(NodeDecoder.quoted(name)); known: \(known.joined(separator: ", "))\(NameSuggestion.hint(for: name, among: known))",
                          at: node.position, path: path)
            return nil
        }
        return name
    }

    private func timestamp(_ node: DataNode, _ path: KeyPath) -> Date? {
        guard let text = decoder.string(node, path) else { return nil }
        switch Timestamp.parse(text) {
        case .instant(let date):
            return date
        case .withoutZone(let date):
            decoder.warning("\(NodeDecoder.quoted(text)) has no time zone; read as UTC (add Z or an offset such as +02:00)",
                            at: node.position, path: path)
            return date
        case .invalid:
            decoder.error("\(NodeDecoder.quoted(text)) is not an ISO 8601 date and time (such as 2026-11-02T09:30:00Z)",
                          at: node.position, path: path)
            return nil
        }
    }

    private func counts(_ node: DataNode, _ path: KeyPath) -> ObjectCounts? {
        guard let fields = decoder.fields(node, path) else { return nil }
        var counts = ObjectCounts()
        var complete = true
        var missingCustomers: [String] = []
        for key in CountKey.allCases {
            let hint = key == .attachmentBytes ? "a petabyte" : "a trillion records"
            let read = { (node: DataNode, path: KeyPath) in decoder.integer(node, path, in: 0...key.maximum, rangeHint: hint) }
            if key.isBreakdown && !fields.has(key.rawValue) {
                continue
            } else if key.isOptional && !fields.has(key.rawValue) {
                missingCustomers.append(key.rawValue)
            } else if let value = fields.required(key.rawValue, read) {
                counts[key] = value
            } else {
                complete = false
            }
        }
        if !missingCustomers.isEmpty {
            let keys = missingCustomers.map { "counts.\($0)" }.joined(separator: " and ")
            decoder.warning("\(keys) \(missingCustomers.count == 1 ? "is" : "are") not given: the customers' \(missingCustomers.joined(separator: " and ")) are taken as 0, so they are neither planned nor priced",
                            at: node.position, path: path)
        }
        fields.finish()
        for (part, whole) in [(CountKey.standaloneConversations, CountKey.conversations), (.internalMessages, .messages)]
            where counts.isGiven(part) && counts[part] > counts[whole]
        {
            decoder.error("counts.\(part.rawValue) is \(counts[part]), more than the \(counts[whole]) of counts.\(whole.rawValue) it is a part of",
                          at: decoder.position(of: path.appending(part.rawValue)), path: path.appending(part.rawValue))
            complete = false
        }
        return complete ? counts : nil
    }

    private func reviewSource(_ node: DataNode, _ path: KeyPath) -> ReviewSource? {
        guard let fields = decoder.fields(node, path) else { return nil }
        let platform = fields.required("platform", decoder.nonEmptyString)
        let count = fields.required("count") { decoder.integer($0, $1, in: 0...CountKey.reviews.maximum) }
        fields.finish()
        guard let platform, let count else { return nil }
        return ReviewSource(platform: platform, count: count)
    }

    private func user(_ node: DataNode, _ path: KeyPath) -> User? {
        guard let fields = decoder.fields(node, path) else { return nil }
        let id = fields.required("id", decoder.nonEmptyString)
        let name = fields.required("name", decoder.nonEmptyString)
        let email = fields.required("email", emailAddress)
        let role: UserRole? = fields.required("role") { decoder.oneOf($0, $1, "role") }
        let active = fields.optional("active", decoder.bool)
        fields.finish()
        guard let id, let name, let email, let role, fields.has("active") == (active != nil) else { return nil }
        return User(id: id, name: name, email: email, role: role, active: active ?? true)
    }

    private func emailAddress(_ node: DataNode, _ path: KeyPath) -> String? {
        guard let text = decoder.nonEmptyString(node, path) else { return nil }
        guard EmailAddress.isPlausible(text) else {
            decoder.error("\(NodeDecoder.quoted(text)) is not an e-mail address", at: node.position, path: path)
            return nil
        }
        return text
    }

    private func team(_ node: DataNode, _ path: KeyPath) -> Team? {
        guard let fields = decoder.fields(node, path) else { return nil }
        let id = fields.required("id", decoder.nonEmptyString)
        let name = fields.required("name", decoder.nonEmptyString)
        let members = fields.optional("members", decoder.stringList)
        let routing = fields.optional("routing") { decoder.list($0, $1, of: routingRule) }
        fields.finish()
        guard let id, let name, fields.has("members") == (members != nil), fields.has("routing") == (routing != nil) else { return nil }
        return Team(id: id, name: name, members: members ?? [], routing: routing ?? [])
    }

    private func routingRule(_ node: DataNode, _ path: KeyPath) -> RoutingRule? {
        guard let fields = decoder.fields(node, path) else { return nil }
        let condition = fields.required("condition", decoder.nonEmptyString)
        let priority = fields.optional("priority") { decoder.integer($0, $1, in: 0...1_000_000) }
        fields.finish()
        guard let condition, fields.has("priority") == (priority != nil) else { return nil }
        return RoutingRule(condition: condition, priority: priority)
    }

    private func tag(_ node: DataNode, _ path: KeyPath) -> Tag? {
        guard let fields = decoder.fields(node, path) else { return nil }
        let name = fields.required("name", decoder.nonEmptyString)
        let usage = fields.optional("usage") { decoder.integer($0, $1, in: 0...CountKey.tickets.maximum) }
        fields.finish()
        guard let name, fields.has("usage") == (usage != nil) else { return nil }
        return Tag(name: name, usage: usage)
    }

    private func customProperty(_ node: DataNode, _ path: KeyPath) -> CustomProperty? {
        guard let fields = decoder.fields(node, path) else { return nil }
        let key = fields.required("key", decoder.nonEmptyString)
        let label = fields.optional("label", decoder.string)
        let type: PropertyType? = fields.required("type") { decoder.oneOf($0, $1, "custom property type") }
        let options = fields.optional("options", decoder.stringList)
        let appliesTo = fields.optional("applies_to", decoder.stringList)
        fields.finish()
        guard let key, let type, fields.has("options") == (options != nil), fields.has("applies_to") == (appliesTo != nil) else { return nil }
        return CustomProperty(key: key, label: label, type: type, options: options, appliesTo: appliesTo)
    }

    private func responseTemplate(_ node: DataNode, _ path: KeyPath) -> ResponseTemplate? {
        guard let fields = decoder.fields(node, path) else { return nil }
        let id = fields.required("id", decoder.nonEmptyString)
        let name = fields.required("name", decoder.nonEmptyString)
        let shortcut = fields.optional("shortcut", decoder.string)
        let body = fields.required("body", decoder.string)
        fields.finish()
        guard let id, let name, let body else { return nil }
        return ResponseTemplate(id: id, name: name, shortcut: shortcut, body: body)
    }

    private func automation(_ node: DataNode, _ path: KeyPath) -> Automation? {
        guard let fields = decoder.fields(node, path) else { return nil }
        let id = fields.required("id", decoder.nonEmptyString)
        let name = fields.required("name", decoder.nonEmptyString)
        let kind: AutomationKind? = fields.required("kind") { decoder.oneOf($0, $1, "automation kind") }
        let active = fields.optional("active", decoder.bool)
        let trigger = fields.optional("trigger", decoder.string)
        let conditions = fields.optional("conditions", decoder.stringList)
        let actions = fields.optional("actions", decoder.stringList)
        fields.finish()
        guard let id, let name, let kind, fields.has("active") == (active != nil),
              fields.has("conditions") == (conditions != nil), fields.has("actions") == (actions != nil)
        else { return nil }
        return Automation(id: id, name: name, kind: kind, active: active ?? true, trigger: trigger,
                          conditions: conditions ?? [], actions: actions ?? [])
    }

    private func company(_ node: DataNode, _ path: KeyPath) -> Company? {
        guard let fields = decoder.fields(node, path) else { return nil }
        let id = fields.required("id", decoder.nonEmptyString)
        let name = fields.required("name", decoder.nonEmptyString)
        let domain = fields.optional("domain", decoder.nonEmptyString)
        let contacts = fields.optional("contacts") { decoder.integer($0, $1, in: 0...CountKey.contacts.maximum) }
        fields.finish()
        guard let id, let name, fields.has("contacts") == (contacts != nil) else { return nil }
        return Company(id: id, name: name, domain: domain, contacts: contacts)
    }

    private func integration(_ node: DataNode, _ path: KeyPath) -> Integration? {
        guard let fields = decoder.fields(node, path) else { return nil }
        let name = fields.required("name", decoder.nonEmptyString)
        let kind = fields.required("kind", decoder.nonEmptyString)
        let active = fields.optional("active", decoder.bool)
        fields.finish()
        guard let name, let kind, fields.has("active") == (active != nil) else { return nil }
        return Integration(name: name, kind: kind, active: active ?? true)
    }
}

/// A light check that a string looks like an e-mail address: one `@`, a local part, and a
/// domain with a dot, no spaces.
public enum EmailAddress {
    /// Whether `text` (trimmed) is plausibly an e-mail address.
    public static func isPlausible(_ text: String) -> Bool {
        let address = text.trimmingWhitespace()
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].count <= 64, address.count <= 254 else { return false }
        let domain = parts[1]
        guard !address.contains(where: { $0.isWhitespace || $0 == "," || $0 == ";" || $0 == "<" || $0 == ">" }) else { return false }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty && !$0.hasPrefix("-") && !$0.hasSuffix("-") }) else { return false }
        return !parts[0].hasPrefix(".") && !parts[0].hasSuffix(".") && !parts[0].contains("..")
    }

    /// The form used to match addresses: trimmed and lower-cased.
    public static func matchKey(_ text: String) -> String {
        text.trimmingWhitespaceAndNewlines().lowercased()
    }
}
