import Foundation

/// One grade: its letter, label, the points that produced it and the reasons, rule by rule.
public struct Grade: Equatable, Sendable, Encodable {
    /// A, B, C, D or F.
    public var letter: String
    /// Such as "Moderate".
    public var label: String
    /// The points (or, for the overall grade, the weighted mean of the letters).
    public var points: Double
    /// Why, each line naming the rule and the figures.
    public var reasons: [String]
    /// Why, in words for the buyer: what in this account sets the grade, without the rules.
    public var explanation: [String]
}

/// The five grades and the overall one.
public struct Grading: Equatable, Sendable {
    /// The dimensions, in the order documents show them.
    public enum Dimension: String, CaseIterable, Sendable {
        case objectCompatibility = "object_compatibility"
        case fieldMappingClarity = "field_mapping_clarity"
        case timelineComplexity = "timeline_complexity"
        case apiConstraints = "api_constraints"
        case dataVolumeSensitivity = "data_volume_sensitivity"

        /// The name people read.
        public var title: String {
            switch self {
            case .objectCompatibility: "Object compatibility"
            case .fieldMappingClarity: "Field-mapping clarity"
            case .timelineComplexity: "Timeline complexity"
            case .apiConstraints: "API constraints"
            case .dataVolumeSensitivity: "Data-volume sensitivity"
            }
        }
    }

    /// The grade of each dimension.
    public var grades: [Dimension: Grade]
    /// The overall grade.
    public var overall: Grade

    /// The grade of `dimension`.
    public subscript(dimension: Dimension) -> Grade {
        grades[dimension]!
    }
}

/// What the field-mapping grade looks at in the account.
struct FieldMappingFindings {
    /// Custom properties whose type fits only approximately, or not at all.
    var approximateProperties: [String] = []
    var propertiesWithoutEquivalent: [String] = []
    /// Tags longer than the destination takes.
    var overlongTags: [String] = []
    /// Template variables with no destination equivalent.
    var variablesWithoutEquivalent: [String] = []

    init(facts: AccountFacts, pair: MigrationPair, tagMaxLength: Int) {
        for property in facts.manifest.customProperties ?? [] {
            switch pair.propertyType(property.type)?.fit ?? .none {
            case .direct: break
            case .approximate: approximateProperties.append(property.key)
            case .none: propertiesWithoutEquivalent.append(property.key)
            }
        }
        overlongTags = (facts.manifest.tags ?? []).map(\.name).filter { $0.count > tagMaxLength }
        let variables = TemplateVariables.names(in: (facts.manifest.responseTemplates ?? []).map(\.body))
        variablesWithoutEquivalent = variables.filter { pair.templateVariable($0)?.equivalent == nil }
    }
}

/// Finds `{{variable}}` placeholders in template bodies.
public enum TemplateVariables {
    /// The distinct variable names in `bodies`, in order of first appearance.
    public static func names(in bodies: [String]) -> [String] {
        var names: [String] = []
        for body in bodies {
            var rest = Substring(body)
            while let open = rest.range(of: "{{") {
                guard let close = rest[open.upperBound...].range(of: "}}") else { break }
                let name = rest[open.upperBound..<close.lowerBound].trimmingWhitespace()
                if !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }), !names.contains(name) {
                    names.append(name)
                }
                rest = rest[close.upperBound...]
            }
        }
        return names
    }
}

/// Grades an account against the grading rules.
struct Grader {
    let rules: GradingRules
    let facts: AccountFacts
    let pair: MigrationPair
    let source: Platform
    let fieldMapping: FieldMappingFindings
    let timeline: Timeline
    let loadPlan: LoadPlan

    func grade() -> Grading {
        let grades: [Grading.Dimension: Grade] = [
            .objectCompatibility: objectCompatibility(),
            .fieldMappingClarity: fieldMappingClarity(),
            .timelineComplexity: timelineComplexity(),
            .apiConstraints: apiConstraints(),
            .dataVolumeSensitivity: dataVolumeSensitivity(),
        ]
        return Grading(grades: grades, overall: overall(grades))
    }

    private func make(_ points: Double, thresholds: [Double], rule: String, reasons: [String], explanation: [String]) -> Grade {
        let index = rules.letter(for: points, thresholds: thresholds)
        let letter = rules.letters[index]
        let bound = index < thresholds.count ? "up to \(Format.number(thresholds[index]))" : "over \(Format.number(thresholds.last ?? 0))"
        return Grade(letter: letter.grade, label: letter.label, points: points,
                     reasons: reasons + ["\(Format.number(points)) point\(points == 1 ? "" : "s"); \(letter.grade) is \(bound) (grading.\(rule).thresholds)"],
                     explanation: explanation)
    }

    private func objectCompatibility() -> Grade {
        let rule = rules.objectCompatibility
        var points = 0.0
        var reasons: [String] = []
        var explanation: [String] = []
        for mapping in pair.mappings where Compatibility.present(mapping, source: source, facts: facts) {
            let cardinality = rule.cardinalityPoints[mapping.cardinality] ?? 0
            let support = rule.supportPoints[mapping.support] ?? 0
            points += cardinality + support
            if cardinality + support > 0 {
                let name = source.object(mapping.sourceObject)?.name ?? mapping.sourceObject
                reasons.append("\(name): \(mapping.cardinality.rawValue) (+\(Format.number(cardinality))), \(mapping.support.rawValue) (+\(Format.number(support)))")
                let traits = [PlainWords.cardinality(mapping.cardinality), PlainWords.support(mapping.support)].compactMap { $0 }
                explanation.append("\(name): \(traits.joined(separator: ", and "))")
            }
        }
        if reasons.isEmpty {
            reasons.append("every object this account has maps one to one with full support")
            explanation = reasons
        }
        return make(points, thresholds: rule.thresholds, rule: "object_compatibility", reasons: reasons, explanation: explanation)
    }

    private func fieldMappingClarity() -> Grade {
        let rule = rules.fieldMappingClarity
        var points = 0.0
        var reasons: [String] = []
        var explanation: [String] = []
        let mappingRequired = pair.mappings.filter { $0.support == .mappingRequired && Compatibility.present($0, source: source, facts: facts) }
        if !mappingRequired.isEmpty {
            let added = Double(mappingRequired.count) * rule.perMappingRequiredObject
            points += added
            let names = mappingRequired.map { source.object($0.sourceObject)?.name ?? $0.sourceObject }
            reasons.append("\(mappingRequired.count) objects need a confirmed mapping (\(names.joined(separator: ", "))): +\(Format.number(added)) (per_mapping_required_object)")
            explanation.append("\(mappingRequired.count == 1 ? "1 object needs" : "\(mappingRequired.count) objects need") a mapping that you confirm before the load: \(names.joined(separator: ", "))")
        }
        let findings: [([String], Double, String, String)] = [
            (fieldMapping.approximateProperties, rule.perPropertyApproximate, "custom properties fit only approximately", "per_property_approximate"),
            (fieldMapping.propertiesWithoutEquivalent, rule.perPropertyWithoutEquivalent, "custom properties have no destination type", "per_property_without_equivalent"),
            (fieldMapping.overlongTags, rule.perOverlongTag, "tags are longer than the destination takes", "per_overlong_tag"),
            (fieldMapping.variablesWithoutEquivalent, rule.perVariableWithoutEquivalent, "template variables have no destination equivalent", "per_variable_without_equivalent"),
        ]
        for (items, each, what, key) in findings where !items.isEmpty {
            let added = Double(items.count) * each
            points += added
            let shown = items.prefix(5).map { "\"\($0.count > 40 ? String($0.prefix(37)) + "…" : $0)\"" }.joined(separator: ", ")
            reasons.append("\(items.count) \(what) (\(shown)\(items.count > 5 ? ", …" : "")): +\(Format.number(added)) (\(key))")
            explanation.append("\(items.count) \(what): \(shown)\(items.count > 5 ? ", …" : "")")
        }
        if explanation.isEmpty { explanation.append("every field of this account has a direct place in the destination") }
        return make(points, thresholds: rule.thresholds, rule: "field_mapping_clarity", reasons: reasons, explanation: explanation)
    }

    private func timelineComplexity() -> Grade {
        let weeks = Double(timeline.weeksHigh)
        return make(weeks, thresholds: rules.timelineComplexity.thresholds, rule: "timeline_complexity",
                    reasons: ["the timeline runs \(timeline.weeksLow)–\(timeline.weeksHigh) weeks; graded on the high end"],
                    explanation: ["the plan runs \(Format.weeks(timeline.weeksLow, timeline.weeksHigh)), graded on its cautious end"])
    }

    private func apiConstraints() -> Grade {
        let rule = rules.apiConstraints
        var points = 0.0
        var reasons: [String] = []
        var explanation: [String] = []
        if facts.manifest.source.exportMethod == .screenScrape {
            points += rule.screenScrapePoints
            reasons.append("the export is screen-scraped: +\(Format.number(rule.screenScrapePoints)) (screen_scrape_points)")
            explanation.append("the export is screen-scraped, which is slower than an admin-panel export")
        }
        let (requestPoints, requestStep) = PointStep.points(for: Double(loadPlan.recordByRecordRequests), in: rule.recordByRecordRequestsPoints)
        if let requestStep {
            points += requestPoints
            reasons.append("\(Format.count(loadPlan.recordByRecordRequests)) requests sent one record at a time, over \(Format.count(Int(requestStep.over))): +\(Format.number(requestPoints)) (record_by_record_requests_points)")
            explanation.append("\(Format.count(loadPlan.recordByRecordRequests)) requests go one record at a time")
        }
        if loadPlan.dailyAllowanceExceeded {
            points += rule.dailyAllowanceExceededPoints
            reasons.append("\(Format.count(loadPlan.totalRequests)) requests exceed the daily allowance: +\(Format.number(rule.dailyAllowanceExceededPoints)) (daily_allowance_exceeded_points)")
            explanation.append("the \(Format.count(loadPlan.totalRequests)) requests are more than one day's API allowance")
        }
        let (dayPoints, step) = PointStep.points(for: Double(loadPlan.calendarDays), in: rule.loadDaysPoints)
        if let step {
            points += dayPoints
            reasons.append("the load needs \(loadPlan.calendarDays) calendar days, over \(Format.number(step.over)): +\(Format.number(dayPoints)) (load_days_points)")
            explanation.append("the load needs \(loadPlan.calendarDays) calendar days")
        }
        if reasons.isEmpty {
            reasons.append("the load fits the destination's limits in \(loadPlan.calendarDays) calendar day\(loadPlan.calendarDays == 1 ? "" : "s")")
            explanation = reasons
        }
        // The source's side: one without an API lets its data out only through an export, so
        // the grade is never better than that, however light the load.
        if source.publicAPI?.available == false {
            let floor = rule.sourceWithoutAPIMinPoints
            reasons.append("\(source.name) publishes no API, so its data leaves only through an export: at least \(Format.number(floor)) point\(floor == 1 ? "" : "s") (source_without_api_min_points)")
            explanation.append("\(source.name) publishes no API: its data leaves only through an export")
            points = max(points, floor)
        }
        return make(points, thresholds: rule.thresholds, rule: "api_constraints", reasons: reasons, explanation: explanation)
    }

    private func dataVolumeSensitivity() -> Grade {
        let rule = rules.dataVolumeSensitivity
        var points = 0.0
        var reasons: [String] = []
        var explanation: [String] = []
        let checks: [(Double, [PointStep], String, String)] = [
            (Double(facts.records), rule.recordPoints, "\(Format.count(facts.records)) records", "record_points"),
            (facts.value(.attachmentGB), rule.attachmentGBPoints, "\(Format.tenths(facts.value(.attachmentGB))) GB of attachments", "attachment_gb_points"),
            (loadPlan.hoursAtLimit, rule.loadHoursPoints, "\(Format.number(loadPlan.hoursAtLimit)) hours of API work at the limit", "load_hours_points"),
        ]
        for (value, steps, what, key) in checks {
            let (added, step) = PointStep.points(for: value, in: steps)
            if let step {
                points += added
                reasons.append("\(what), over \(Format.number(step.over)): +\(Format.number(added)) (\(key))")
                explanation.append(key == "load_hours_points" ? what : what + " to move")
            }
        }
        if reasons.isEmpty {
            reasons.append("\(Format.count(facts.records)) records: a small volume")
            explanation = reasons
        }
        return make(points, thresholds: rule.thresholds, rule: "data_volume_sensitivity", reasons: reasons, explanation: explanation)
    }

    /// How the overall grade weighs the five, in words: `the five grades together, object
    /// compatibility and field-mapping clarity counting twice as much as the others`.
    static func weighing(_ weights: [Grading.Dimension: Double]) -> String {
        let values = Grading.Dimension.allCases.map { weights[$0] ?? 0 }
        guard let low = values.min(), let high = values.max(), low > 0, high > low, Set(values).count == 2 else {
            return "the five grades together, each counting as the rules weigh it"
        }
        let heavy = Grading.Dimension.allCases.filter { weights[$0] == high }.map { $0.title.lowercased() }
        let ratio = high / low
        let times = ratio == 2 ? "twice" : "\(Format.number(ratio)) times"
        let names = heavy.count == 1 ? heavy[0] : heavy.dropLast().joined(separator: ", ") + " and " + heavy.last!
        return "the five grades together, \(names) counting \(times) as much as the others"
    }

    private func overall(_ grades: [Grading.Dimension: Grade]) -> Grade {
        let weights: [Grading.Dimension: Double] = [
            .objectCompatibility: rules.objectCompatibility.weight, .fieldMappingClarity: rules.fieldMappingClarity.weight,
            .timelineComplexity: rules.timelineComplexity.weight, .apiConstraints: rules.apiConstraints.weight,
            .dataVolumeSensitivity: rules.dataVolumeSensitivity.weight,
        ]
        var sum = 0.0
        var total = 0.0
        var parts: [String] = []
        for dimension in Grading.Dimension.allCases {
            let grade = grades[dimension]!
            let step = Double(rules.letters.firstIndex { $0.grade == grade.letter } ?? 0)
            let weight = weights[dimension] ?? 0
            sum += step * weight
            total += weight
            parts.append("\(grade.letter)×\(Format.number(weight))")
        }
        let mean = total > 0 ? sum / total : 0

        let index = min(rules.letters.count - 1, Int((mean + 0.5 + 1e-9).rounded(.down)))
        let letter = rules.letters[index]
        let shown = (mean * 100).rounded() / 100
        return Grade(letter: letter.grade, label: letter.label, points: shown,
                     reasons: ["weighted mean of the five grades (\(parts.joined(separator: ", ")); A = 0 … F = 4) is \(Format.number(shown)), which rounds to \(letter.grade) (the weights in grading.yaml)"],
                     explanation: [Self.weighing(weights)])
    }
}
