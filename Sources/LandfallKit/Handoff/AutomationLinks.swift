/// What the inventory's automations have to do with the crosswalk: the destination's name of the
/// queue or template an action names, and the team routing rules an automation overlaps.
struct AutomationLinks {
    let crosswalk: Crosswalk
    let manifest: Manifest

    /// `action` with what it names in the destination: `assign team Escalations (Queue
    /// Escalations_Tier_2)`, `send template /close (EmailTemplate Thread_Response_Templates/Closing)`.
    func described(_ action: String) -> String {
        let words = action.trimmingWhitespace()
        for verb in ["assign team ", "notify team "] where words.lowercased().hasPrefix(verb) {
            let name = String(words.dropFirst(verb.count))
            guard let team = crosswalk.teams.first(where: { $0.name.caseInsensitiveCompare(name) == .orderedSame }) else {
                return words + " (no such team in the crosswalk)"
            }
            return team.developerName.map { words + " (Queue \($0))" } ?? words + " (team \(team.destinationName))"
        }
        if words.lowercased().hasPrefix("send template ") {
            let key = String(words.dropFirst("send template ".count))
            guard let template = manifest.responseTemplates?.first(where: { $0.shortcut == key || $0.name.caseInsensitiveCompare(key) == .orderedSame }) else {
                return words + " (no such response template)"
            }
            guard crosswalk.family == .salesforce else { return words + " (Macro \(template.name))" }
            let entry = crosswalk.emailTemplates.first { $0.name == template.name }
            if let developerName = entry?.developerName {
                return words + " (EmailTemplate \(DestinationSetup.emailFolder(for: crosswalk.source))/\(developerName))"
            }
            return words + " (template \(template.name), to rewrite by hand first)"
        }
        return words
    }

    /// Where an automation that assigns records and a team's routing rule pick the same records:
    /// by automation id, the findings in words (a conflict when they send them to different teams).
    static func routingOverlaps(in manifest: Manifest) -> [(automation: String, team: String, finding: String)] {
        var found: [(String, String, String)] = []
        // Each team's routing rules, read once for all automations.
        let routes = (manifest.teams ?? []).map { team in
            (team: team, rules: team.routing.compactMap { rule in DestinationCondition.parse(rule.condition).map { (rule: rule, condition: $0) } })
        }
        for automation in (manifest.automations ?? []) where automation.active {
            let targets = automation.actions.compactMap { action -> String? in
                let words = action.trimmingWhitespace()
                return words.lowercased().hasPrefix("assign team ") ? String(words.dropFirst("assign team ".count)) : nil
            }
            guard let target = targets.first else { continue }
            let criteria = automation.conditions.compactMap(DestinationCondition.parse)
            for (team, rules) in routes {
                for (rule, routing) in rules {
                    for criterion in criteria where criterion.field.lowercased() == routing.field.lowercased() {
                        let shared = criterion.values.filter { value in routing.values.contains { $0.caseInsensitiveCompare(value) == .orderedSame } }
                        guard !shared.isEmpty else { continue }
                        let what = "\(shared.joined(separator: ", "))"
                        if team.name.caseInsensitiveCompare(target) == .orderedSame {
                            found.append((automation.id, team.name, "overlaps \(team.name)'s routing rule (\(rule.condition)) for \(what): rebuild the two as one rule"))
                        } else {
                            found.append((automation.id, team.name, "conflicts with \(team.name)'s routing rule (\(rule.condition)): records with \(what) would go to \(target) and to \(team.name); decide which wins before rebuilding either"))
                        }
                    }
                }
            }
        }
        return found
    }
}
