/// The figures behind every estimate, read from the four YAML files in `Rules/` (see its README).
public struct Rules: Equatable, Sendable {
    /// Grades.
    public var grading: GradingRules
    /// Phases and drivers.
    public var timeline: TimelineRules
    /// Requests, limits and warnings.
    public var loadPlan: LoadPlanRules
    /// Tiers, add-ons and the complexity factor.
    public var pricing: PricingRules
    /// What every migration run must meet.
    public var acceptance: AcceptanceRules
    /// Rebuild effort and Salesforce set-up files.
    public var handoff: HandoffRules
    /// The statement of work's terms: growth allowed, change requests, payments, sign-off.
    public var terms: TermsRules

    /// The rules' version: the files' versions, joined when they differ.
    public var version: String {
        var seen: [String] = []
        for version in [grading.version, timeline.version, loadPlan.version, pricing.version, acceptance.version, handoff.version, terms.version] where !seen.contains(version) {
            seen.append(version)
        }
        return seen.joined(separator: "/")
    }
}

/// The outcome of loading a rules folder.
public struct RulesLoading: Sendable {
    /// The rules, or `nil` when any finding is an error.
    public var rules: Rules?
    /// Every finding, sorted by file and location.
    public var diagnostics: [Diagnostic]
    /// 0 when usable, 65 when a file is invalid, 66 when the folder or a file cannot be read.
    public var status: ExitStatus
}

/// Loads and checks a rules folder: `grading.yaml`, `timeline.yaml`, `load-plan.yaml`,
/// `pricing.yaml`, `reconciliation.yaml`, `handoff.yaml`, `terms.yaml`.
public enum RulesLoader {
    /// Loads the rules in `directory`.
    public static func load(directory: String) -> RulesLoading {
        var files: DataFileSet
        switch DataFileSet.open(directory, what: "rules") {
        case .success(let set): files = set
        case .failure(let failure): return RulesLoading(rules: nil, diagnostics: [failure.diagnostic], status: failure.status)
        }
        func load<T>(_ name: String, _ decode: (DataNode, NodeDecoder) -> T?) -> T? {
            guard let (root, decoder) = files.parse(files.path(name)) else { return nil }
            let value = decode(root, decoder)
            files.absorb(decoder)
            return decoder.log.hasErrors ? nil : value
        }
        let grading = load("grading.yaml", GradingRules.decode)
        let timeline = load("timeline.yaml", TimelineRules.decode)
        let loadPlan = load("load-plan.yaml", LoadPlanRules.decode)
        let pricing = load("pricing.yaml", PricingRules.decode)
        let acceptance = load("reconciliation.yaml", AcceptanceRules.decode)
        let handoff = load("handoff.yaml", HandoffRules.decode)
        // An instalment falls due at signature or at the end of a phase of the timeline.
        let phases = timeline.map { rules in Set(rules.destinations.values.flatMap { $0.phases.map(\.id) }) }
        let destinations = timeline.map { Set($0.destinations.keys) }
        let terms = load("terms.yaml") { TermsRules.decode($0, decoder: $1, phases: phases, destinations: destinations) }
        let (diagnostics, status) = files.result
        guard let grading, let timeline, let loadPlan, let pricing, let acceptance, let handoff, let terms, !diagnostics.hasErrors else {
            return RulesLoading(rules: nil, diagnostics: diagnostics, status: status)
        }
        let rules = Rules(grading: grading, timeline: timeline, loadPlan: loadPlan, pricing: pricing, acceptance: acceptance, handoff: handoff,
                          terms: terms)
        return RulesLoading(rules: rules, diagnostics: diagnostics, status: status)
    }
}
