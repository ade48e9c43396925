/// The checks that look across fields once a manifest has decoded: duplicate ids, references to
/// unknown ids, detail lists that disagree with their counts, and figures that contradict each other.
///
/// Identity and reference checks read the document's own entries (``DetailListIndex``), so an
/// entry that failed to decode for another reason still takes part.
struct ManifestChecks {
    let decoder: NodeDecoder
    let parts: ManifestDecoder.Parts
    let vocabulary: ManifestVocabulary
    let index: DetailListIndex

    /// The objects a custom property may apply to.
    static let propertyTargets = ["review", "review_response", "ticket", "conversation", "message", "user"]

    func run() {
        pair()
        unique("users", field: "id", what: "user id", severity: .error)
        unique("teams", field: "id", what: "team id", severity: .error)
        unique("automations", field: "id", what: "automation id", severity: .error)
        unique("response_templates", field: "id", what: "response template id", severity: .error)
        unique("custom_properties", field: "key", what: "custom property key", severity: .error)
        unique("companies", field: "id", what: "company id", severity: .error)
        unique("users", field: "email", what: "e-mail", severity: .warning, note: "; matching by e-mail cannot tell them apart",
               normalize: EmailAddress.matchKey)
        unique("tags", field: "name", what: "tag", severity: .warning, note: " (ignoring case)", normalize: { $0.lowercased() })
        unique("response_templates", field: "shortcut", what: "shortcut", severity: .warning)
        teamMembers()
        automationReferences()
        customProperties()
        listsAgainstCounts()
        countsAgainstEachOther()
    }

    /// The source and destination must form a pair the catalog knows.
    private func pair() {
        guard let source = parts.source?.platform, let destination = parts.destination?.platform,
              vocabulary.pairs[source]?.contains(destination) != true
        else { return }
        decoder.error("the catalog has no migration from \(source) to \(destination)",
                      at: decoder.position(of: "destination.platform"), path: "destination.platform")
    }

    private func unique(_ list: String, field: String, what: String, severity: Severity, note: String = "",
                        normalize: (String) -> String = { $0 })
    {
        var first: [String: Int] = [:]
        for entry in index.entries(list) ?? [] {
            guard let value = entry.values[field], !value.isEmpty else { continue }
            let key = normalize(value)
            let path = KeyPath(components: [.key(list), .index(entry.index), .key(field)])
            if let earlier = first[key] {
                let first = decoder.position(of: KeyPath(components: [.key(list), .index(earlier), .key(field)]))
                decoder.log.add(severity, "duplicate \(what) \(NodeDecoder.quoted(value)): already used by \(list)[\(earlier)] (line \(first.line))\(note)",
                                at: decoder.position(of: path), path: path)
            } else {
                first[key] = entry.index
            }
        }
    }

    private func teamMembers() {
        let userIDs = index.entries("users").map { Set($0.compactMap { $0.values["id"] }) }
        for team in index.entries("teams") ?? [] {
            var seen: Set<String> = []
            for (memberIndex, member) in (team.listValues["members"] ?? []).enumerated() {
                let path = KeyPath(components: [.key("teams"), .index(team.index), .key("members"), .index(memberIndex)])
                let teamName = NodeDecoder.quoted(team.values["name"] ?? team.values["id"] ?? "")
                if !seen.insert(member).inserted {
                    decoder.warning("\(NodeDecoder.quoted(member)) is listed twice in the team \(teamName)", at: decoder.position(of: path), path: path)
                } else if let userIDs, !userIDs.contains(member) {
                    decoder.error("the team member \(NodeDecoder.quoted(member)) is not the id of any user\(NameSuggestion.hint(for: member, among: Array(userIDs)))",
                                  at: decoder.position(of: path), path: path)
                }
            }
        }
    }

    private func automationReferences() {
        for automation in index.entries("automations") ?? [] {
            for (actionIndex, action) in (automation.listValues["actions"] ?? []).enumerated() {
                guard let reference = AutomationReference(action: action), let problem = unresolved(reference) else { continue }
                let path = KeyPath(components: [.key("automations"), .index(automation.index), .key("actions"), .index(actionIndex)])
                decoder.error(problem, at: decoder.position(of: path), path: path)
            }
        }
    }

    /// Why `reference` does not resolve, or `nil` when it does (or its list is absent).
    private func unresolved(_ reference: AutomationReference) -> String? {
        let (list, keys): (String, [String]) = switch reference.kind {
        case .team: ("teams", ["id", "name"])
        case .template: ("response_templates", ["id", "name", "shortcut"])
        case .user: ("users", ["id", "name", "email"])
        }
        guard let entries = index.entries(list) else { return nil }
        let wanted = reference.target.lowercased()
        if entries.contains(where: { entry in keys.contains { entry.values[$0]?.lowercased() == wanted } }) { return nil }
        let names = entries.compactMap { $0.values[keys[1]] }
        return "the action refers to the \(reference.kind.rawValue) \(NodeDecoder.quoted(reference.target)), which is not in \(list)"
            + NameSuggestion.hint(for: reference.target, among: names)
    }

    private func customProperties() {
        guard let properties = parts.customProperties else { return }
        for (index, property) in entries(properties, list: "custom_properties") {
            let base = KeyPath(components: [.key("custom_properties"), .index(index)])
            let isPicklist = property.type == .picklist || property.type == .multiPicklist
            if isPicklist && (property.options ?? []).isEmpty {
                decoder.warning("a \(property.type.rawValue) property without options: the destination field cannot list its values",
                                at: decoder.position(of: base.appending("type")), path: base.appending("options"))
            }
            if !isPicklist, let options = property.options, !options.isEmpty {
                decoder.warning("options are ignored for a \(property.type.rawValue) property", at: decoder.position(of: base.appending("options")),
                                path: base.appending("options"))
            }
            var seen: Set<String> = []
            for (optionIndex, option) in (property.options ?? []).enumerated() where !seen.insert(option.lowercased()).inserted {
                let path = base.appending("options").appending(index: optionIndex)
                decoder.warning("the option \(NodeDecoder.quoted(option)) is listed twice", at: decoder.position(of: path), path: path)
            }
            for (targetIndex, target) in (property.appliesTo ?? []).enumerated() where !Self.propertyTargets.contains(target) {
                let path = base.appending("applies_to").appending(index: targetIndex)
                decoder.warning("unknown object \(NodeDecoder.quoted(target)); expected one of \(Self.propertyTargets.joined(separator: ", "))"
                                + NameSuggestion.hint(for: target, among: Self.propertyTargets),
                                at: decoder.position(of: path), path: path)
            }
        }
    }

    /// Pairs each decoded entry with its index in the document (entries that failed to decode
    /// are missing from `values`, so the indices come from the document).
    private func entries<T>(_ values: [T], list: String) -> [(Int, T)] {
        let indices = (index.entries(list) ?? []).map(\.index)
        guard indices.count == values.count else { return Array(values.enumerated()) }
        return Array(zip(indices, values))
    }

    private func listsAgainstCounts() {
        guard let counts = parts.counts else { return }
        let lists: [(String, CountKey)] = [
            ("users", .users), ("teams", .teams), ("tags", .tags), ("custom_properties", .customProperties),
            ("response_templates", .responseTemplates), ("automations", .automations), ("integrations", .integrations),
            ("companies", .companies),
        ]
        for (list, key) in lists {
            guard let length = index.entries(list)?.count, length != counts[key] else { continue }
            let path = KeyPath(components: [.key(list)])
            decoder.warning("\(list) lists \(length) \(length == 1 ? "entry" : "entries") but counts.\(key.rawValue) is \(counts[key])",
                            at: decoder.position(of: path), path: path)
        }
        if let companies = parts.companies, companies.allSatisfy({ $0.contacts != nil }) {
            let total = companies.reduce(0) { $0 + ($1.contacts ?? 0) }
            if total != counts[.contacts] {
                decoder.warning("companies add up to \(total) contacts but counts.contacts is \(counts[.contacts])",
                                at: decoder.position(of: "companies"), path: "companies")
            }
        }
        if let sources = parts.reviewSources {
            let total = sources.reduce(0) { $0 + $1.count }
            if total != counts[.reviews] {
                decoder.warning("review_sources add up to \(total) reviews but counts.reviews is \(counts[.reviews])",
                                at: decoder.position(of: "review_sources"), path: "review_sources")
            }
        }
    }

    private func countsAgainstEachOther() {
        guard let counts = parts.counts else { return }
        if counts[.reviewResponses] > counts[.reviews] {
            decoder.warning("\(counts[.reviewResponses]) review responses but only \(counts[.reviews]) reviews: each response answers one review",
                            at: decoder.position(of: "counts.review_responses"), path: "counts.review_responses")
        }
        if counts[.attachments] == 0 && counts[.attachmentBytes] > 0 {
            decoder.warning("attachment bytes are given but there are no attachments",
                            at: decoder.position(of: "counts.attachment_bytes"), path: "counts.attachment_bytes")
        }
        if counts[.attachments] > 0 && counts[.attachmentBytes] == 0 {
            decoder.warning("\(counts[.attachments]) attachments of 0 bytes: the attachment volume is unknown",
                            at: decoder.position(of: "counts.attachment_bytes"), path: "counts.attachment_bytes")
        }
        if counts[.conversations] > 0 && counts[.messages] < counts[.conversations] {
            decoder.warning("fewer messages (\(counts[.messages])) than conversations (\(counts[.conversations])): every conversation holds at least one",
                            at: decoder.position(of: "counts.messages"), path: "counts.messages")
        }
    }
}

/// A reference to a team, response template or user inside an automation's action, such as
/// `assign team Escalations`, `send template /close` or `notify user ana@example.com`.
struct AutomationReference: Equatable {
    /// What the action refers to.
    enum Kind: String {
        case team
        case template = "response template"
        case user
    }

    var kind: Kind
    var target: String

    /// The reference an action makes, if it makes one: a verb (optionally followed by `to` or
    /// `with`), then `team`, `template`, `user` or `agent`, then the name.
    init?(action: String) {
        let words = action.split(separator: " ", omittingEmptySubsequences: true)
        guard words.count >= 3 else { return nil }
        var index = 1
        if ["to", "with"].contains(words[index].lowercased()) { index += 1 }
        guard index + 1 < words.count else { return nil }
        switch words[index].lowercased() {
        case "team": kind = .team
        case "template": kind = .template
        case "user", "agent": kind = .user
        default: return nil
        }
        target = words[(index + 1)...].joined(separator: " ")
    }
}
