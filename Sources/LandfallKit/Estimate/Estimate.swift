import Foundation

/// Everything a quote stands on, computed from one manifest by the rules: compatibility, grades,
/// timeline, load plan and price, each able to say why it is what it is.
public struct Estimate: Sendable, Encodable {
    /// The customer.
    public var customer: Customer
    /// The source platform.
    public var source: Platform
    /// The destination platform.
    public var destination: Platform
    /// The catalog's pair.
    public var pair: MigrationPair
    /// The account facts the estimate used.
    public var facts: AccountFacts
    /// The quote's date.
    public var asOf: Date
    /// The rules' version.
    public var rulesVersion: String
    /// How the objects map.
    public var compatibility: Compatibility
    /// The grades.
    public var grading: Grading
    /// The phases and weeks.
    public var timeline: Timeline
    /// The API work.
    public var loadPlan: LoadPlan
    /// The price.
    public var price: Price
    /// How the account's export lands in the destination, field by field: the customer's
    /// confirmed map when one was given, else the proposed one. Every document reads it.
    public var fieldMap: FieldMap
    /// What proposing the map found about the account (names the destination cannot take).
    public var fieldMapFindings: [FieldMapBuilder.Finding] = []

    private enum CodingKeys: String, CodingKey {
        case asOf = "as_of", customer, source, destination, rulesVersion = "rules_version", records, compatibility, grades
        case overallLabel = "overall_label", gradesReasons = "grades_reasons", gradesExplained = "grades_explained", gradePoints = "grade_points", timeline
        case loadPlan = "load_plan", price, assumptions, userMatching = "user_matching"
    }

    struct PlatformReference: Encodable {
        var platform: String
        var name: String
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Calendar.day(asOf), forKey: .asOf)
        try container.encode(customer, forKey: .customer)
        try container.encode(PlatformReference(platform: source.id, name: source.name), forKey: .source)
        try container.encode(PlatformReference(platform: destination.id, name: destination.name), forKey: .destination)
        try container.encode(rulesVersion, forKey: .rulesVersion)
        try container.encode(facts.records, forKey: .records)
        try container.encode(compatibility, forKey: .compatibility)
        var letters: [String: String] = ["overall": grading.overall.letter]
        var reasons: [String: [String]] = ["overall": grading.overall.reasons]
        var explained: [String: [String]] = ["overall": grading.overall.explanation]
        var points: [String: Double] = ["overall": grading.overall.points]
        for dimension in Grading.Dimension.allCases {
            letters[dimension.rawValue] = grading[dimension].letter
            reasons[dimension.rawValue] = grading[dimension].reasons
            explained[dimension.rawValue] = grading[dimension].explanation
            points[dimension.rawValue] = grading[dimension].points
        }
        try container.encode(letters, forKey: .grades)
        try container.encode(grading.overall.label, forKey: .overallLabel)
        try container.encode(reasons, forKey: .gradesReasons)
        try container.encode(explained, forKey: .gradesExplained)
        try container.encode(points, forKey: .gradePoints)
        try container.encode(timeline, forKey: .timeline)
        try container.encode(loadPlan, forKey: .loadPlan)
        try container.encode(price, forKey: .price)
        try container.encode(facts.assumptions, forKey: .assumptions)
        try container.encode(facts.userMatching, forKey: .userMatching)
    }
}

/// Computes estimates from a catalog and rules.
public struct Estimator: Sendable {
    /// The catalog.
    public var catalog: Catalog
    /// The rules.
    public var rules: Rules
    /// The timeline rules file, for findings that combine the rules with the catalog.
    public var timelineFile: String

    /// Creates an estimator.
    public init(catalog: Catalog, rules: Rules, timelineFile: String) {
        self.catalog = catalog
        self.rules = rules
        self.timelineFile = timelineFile
    }

    /// What can stop an estimate.
    public enum Failure: Error, Equatable, Sendable {
        /// The catalog has no such migration (a usage problem: `--to` names it).
        case unsupportedPair(String)
        /// The rules do not fit the catalog.
        case rulesMismatch(Diagnostic)
    }

    /// Estimates `manifest` for `destination` (the manifest's own when `nil`).
    ///
    /// - Parameters:
    ///   - unmatchedUsers: source users with no destination user yet, when known.
    ///   - destinationUsers: the destination's users to match the people against (instead of
    ///     `unmatchedUsers`).
    ///   - asOf: the quote's date.
    ///   - fieldMap: the customer's map (else the one proposed from the catalog and the manifest).
    public func estimate(_ manifest: Manifest, destination: String? = nil, unmatchedUsers: Int? = nil, destinationUsers: DestinationUsers? = nil,
                         fieldMap: FieldMap? = nil, asOf: Date) throws(Failure) -> Estimate {
        let destinationID = destination ?? manifest.destination.platform
        guard let pair = catalog.pair(source: manifest.source.platform, destination: destinationID),
              let source = catalog.platform(pair.source), let target = catalog.platform(pair.destination)
        else {
            let known = catalog.pairs.filter { $0.source == manifest.source.platform }.map(\.destination)
            throw .unsupportedPair("the catalog has no migration from \(manifest.source.platform) to \(destinationID)"
                                   + NameSuggestion.hint(for: destinationID, among: known) + "; known destinations: \(known.joined(separator: ", "))")
        }
        let matching: UserMatching = if let destinationUsers {
            .matching(manifest.users, against: destinationUsers)
        } else if let unmatchedUsers {
            .counted(unmatched: unmatchedUsers)
        } else {
            .notDone
        }
        let facts = AccountFacts(manifest: manifest, destination: destinationID, family: target.family, userMatching: matching,
                                 recordFigures: rules.pricing.recordFigures)
        let compatibility = Compatibility(pair: pair, source: source, facts: facts)
        guard let section = rules.loadPlan.destinations[destinationID] else {
            let file = ((timelineFile as NSString).deletingLastPathComponent as NSString).appendingPathComponent("load-plan.yaml")
            throw .rulesMismatch(Diagnostic(.error, at: SourceLocation(file: file, line: 1, column: 1), path: destinationID,
                                            "the load-plan rules have no section for \(destinationID), which the catalog names as a destination of \(pair.source)"))
        }
        let proposal = fieldMap == nil ? FieldMapBuilder(pair: pair, catalog: catalog, manifest: manifest, profile: nil, rules: rules).build() : nil
        let map = fieldMap ?? proposal!.map
        let loadPlan = LoadPlanner(rules: rules.loadPlan, section: section, facts: facts, map: map, loadSettings: target.loadSettings.map(\.setting)).plan()
        let timeline: Timeline
        do {
            timeline = try TimelinePlanner(rules: rules.timeline, rulesFile: timelineFile, terms: rules.terms, pair: pair, facts: facts, loadDays: loadPlan.calendarDays).plan()
        } catch {
            throw .rulesMismatch(error.diagnostic)
        }
        let fieldMapping = FieldMappingFindings(facts: facts, pair: pair, tagMaxLength: rules.loadPlan.tagMaxLength(for: destinationID))
        let grading = Grader(rules: rules.grading, facts: facts, pair: pair, source: source, fieldMapping: fieldMapping, timeline: timeline,
                             loadPlan: loadPlan).grade()
        let price = Pricer(rules: rules.pricing, facts: facts, overallGrade: grading.overall.letter, asOf: asOf).price()
        return Estimate(customer: manifest.customer, source: source, destination: target, pair: pair, facts: facts, asOf: asOf,
                        rulesVersion: rules.version, compatibility: compatibility, grading: grading, timeline: timeline, loadPlan: loadPlan,
                        price: price, fieldMap: map, fieldMapFindings: proposal?.findings ?? [])
    }
}
