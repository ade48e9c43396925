import Foundation

/// The estimate as a terminal summary a pre-sales engineer takes in at a glance.
struct EstimateSummary {
    let estimate: Estimate
    let colour: Bool

    func render() -> String {
        let grading = estimate.grading
        let timeline = estimate.timeline
        let plan = estimate.loadPlan
        let compatibility = estimate.compatibility.account
        var lines: [String] = []
        lines.append(bold(plain(estimate.customer.name)) + " · \(plain(estimate.source.name)) → \(plain(estimate.destination.name)) · as of \(Calendar.day(estimate.asOf))")
        lines.append("")
        lines.append("  Overall     \(letter(grading.overall.letter))  \(grading.overall.label)")
        let grades = Grading.Dimension.allCases.map { "\(short($0)) \(letter(grading[$0].letter))" }
        lines.append("  Grades      " + grades.joined(separator: "   "))
        if let reason = timeline.reason {
            lines.append("  Timeline    " + warn("scoped individually") + ": \(reason)")
        } else {
            lines.append("  Timeline    \(timeline.weeksLow)–\(timeline.weeksHigh) weeks (\(Format.number(timeline.daysLow))–\(Format.number(timeline.daysHigh)) working days in \(timeline.phases.count) phases)")
        }
        lines.append("  Load        \(Format.count(plan.totalRequests)) API requests, \(Format.number(plan.hoursAtLimit)) h of API work, \(plan.calendarDays) calendar day\(plan.calendarDays == 1 ? "" : "s"); limit \(plan.limit)")
        lines.append("  Price       " + priceText)
        lines.append("  Objects     \(compatibility.total) in this account: \(compatibility.oneToOne) one-to-one, \(compatibility.oneToMany) one-to-many, \(compatibility.lossy) lossy; \(compatibility.mappingRequired) need a mapping, \(compatibility.manual) manual work")
        if !plan.warnings.isEmpty {
            lines.append("")
            lines.append(bold("Watch out"))
            lines += plan.warnings.map { "  " + warn("!") + " " + plain($0.message) }
        }
        if !estimate.facts.assumptions.isEmpty {
            lines.append("")
            lines.append(bold("Assumptions"))
            lines += estimate.facts.assumptions.map { "  - " + plain($0) }
        }
        lines.append("")
        lines.append("Every figure with the rule behind it: --format json")
        return lines.joined(separator: "\n") + "\n"
    }

    private var priceText: String {
        let price = estimate.price
        guard let total = price.total else { return warn("scoped individually") + ": \(price.reason ?? "")" }
        return bold("\(price.currency) \(Format.count(total))") + ", valid until \(price.validUntil) (\(price.lineItems.count) line items)"
    }

    private func short(_ dimension: Grading.Dimension) -> String {
        switch dimension {
        case .objectCompatibility: "objects"
        case .fieldMappingClarity: "fields"
        case .timelineComplexity: "timeline"
        case .apiConstraints: "API"
        case .dataVolumeSensitivity: "volume"
        }
    }

    private func letter(_ grade: String) -> String {
        guard colour else { return grade }
        let code = switch grade {
        case "A", "B": "32"
        case "C": "33"
        default: "31"
        }
        return "\u{1B}[1;\(code)m\(grade)\u{1B}[0m"
    }

    /// Text from input, on one line, with no escape sequence a terminal would run.
    private func plain(_ text: String) -> String {
        ControlCharacters.escapedForTerminal(text)
    }

    private func bold(_ text: String) -> String {
        colour ? "\u{1B}[1m\(text)\u{1B}[0m" : text
    }

    private func warn(_ text: String) -> String {
        colour ? "\u{1B}[33m\(text)\u{1B}[0m" : text
    }
}
