/// Turns the terse trigger and condition notation of a source automation into plain words for
/// the admin who rebuilds it: `ticket.created` → "when a ticket is created", `priority = urgent`
/// → "priority is urgent".
enum PlainWords {
    /// What a mapping's cardinality means for the records, or `nil` when one becomes one.
    static func cardinality(_ cardinality: Cardinality) -> String? {
        switch cardinality {
        case .oneToOne: nil
        case .oneToMany: "each record becomes several in the destination"
        case .lossy: "some of its detail has no place in the destination"
        }
    }

    /// What a mapping's support asks of people, or `nil` when it moves as it is.
    static func support(_ support: MappingSupport) -> String? {
        switch support {
        case .full: nil
        case .mappingRequired: "it needs a mapping that you confirm"
        case .manual: "it is handled by hand"
        }
    }

    /// A trigger in words.
    static func trigger(_ trigger: String?) -> String {
        guard let trigger = trigger?.trimmingWhitespace(), !trigger.isEmpty else { return "no trigger given" }
        let parts = trigger.split(separator: ".", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return trigger }
        let subject = parts[0].replacing("_", with: " ")
        switch (parts[0], parts[1]) {
        case ("schedule", "hourly"): return "every hour"
        case ("schedule", "daily"): return "every day"
        case ("schedule", "weekly"): return "every week"
        case ("schedule", "monthly"): return "every month"
        case (_, "created"): return "when \(article(subject)) \(subject) is created"
        case (_, "updated"): return "when \(article(subject)) \(subject) is updated"
        case (_, "closed"): return "when \(article(subject)) \(subject) is closed"
        case (_, "reopened"): return "when \(article(subject)) \(subject) is reopened"
        default: return "on \(subject) \(parts[1].replacing("_", with: " "))"
        }
    }

    /// Whether the trigger is a schedule rather than an event.
    static func isScheduled(_ trigger: String?) -> Bool {
        trigger?.hasPrefix("schedule.") == true
    }

    /// A condition in words.
    static func condition(_ condition: String) -> String {
        let operators: [(String, String)] = [
            (" >= ", " is at least "), (" <= ", " is at most "), (" != ", " is not "), (" = ", " is "), (" > ", " is more than "),
            (" < ", " is less than "), (" not in ", " is none of "), (" in ", " is one of "), (" contains ", " contains "),
        ]
        for (symbol, words) in operators {
            guard let range = condition.firstRange(of: symbol) else { continue }
            var value = String(condition[range.upperBound...]).trimmingWhitespace()
            if value.hasPrefix("["), value.hasSuffix("]") { value = String(value.dropFirst().dropLast()) }
            return String(condition[..<range.lowerBound]).replacing("_", with: " ") + words + value
        }
        return condition
    }

    private static func article(_ noun: String) -> String {
        guard let first = noun.lowercased().first else { return "a" }
        return "aeiou".contains(first) ? "an" : "a"
    }
}
