/// The rules that lay out the phases of a migration in working days.
public struct TimelineRules: Equatable, Sendable {
    /// When a driver applies.
    public enum Condition: Equatable, Sendable {
        /// The export was taken this way.
        case exportMethod(ExportMethod)
        /// Any of these figures is over its bound.
        case anyOver([FigureBound])
        /// Once for every `step` of the figure beyond `beyond` (a started step counts).
        case per(figure: AccountFigure, beyond: Double, step: Double)
    }

    /// A figure and the bound it must pass.
    public struct FigureBound: Equatable, Sendable {
        /// The figure.
        public var figure: AccountFigure
        /// It must be greater than this.
        public var over: Double
    }

    /// A rule that adds days to phases when the account calls for it.
    public struct Driver: Equatable, Sendable {
        /// A stable id named in the estimate's reasons.
        public var id: String
        /// When it applies, and how many times.
        public var condition: Condition
        /// The days it adds to each phase (by approach-step id), each time it applies.
        public var add: [(phase: String, days: DayRange)]

        public static func == (lhs: Driver, rhs: Driver) -> Bool {
            lhs.id == rhs.id && lhs.condition == rhs.condition
                && lhs.add.map(\.phase) == rhs.add.map(\.phase) && lhs.add.map(\.days) == rhs.add.map(\.days)
        }
    }

    /// One destination's phases and drivers.
    public struct Destination: Equatable, Sendable {
        /// Load days the production phase already covers.
        public var loadDaysIncluded: Double
        /// Base days of each phase, by approach-step id, in file order.
        public var phases: [(id: String, days: DayRange)]
        /// The drivers, in file order.
        public var drivers: [Driver]

        public static func == (lhs: Destination, rhs: Destination) -> Bool {
            lhs.loadDaysIncluded == rhs.loadDaysIncluded && lhs.phases.map(\.id) == rhs.phases.map(\.id)
                && lhs.phases.map(\.days) == rhs.phases.map(\.days) && lhs.drivers == rhs.drivers
        }
    }

    /// The rules file's version.
    public var version: String
    /// Working days in a week.
    public var workingDaysPerWeek: Double
    /// The longest cautious plan, in working days, that the rules lay out; a longer one is scoped
    /// individually instead of drawn.
    public var plannableWorkingDays: Double
    /// Phases and drivers by destination platform id.
    public var destinations: [String: Destination]
    /// Where each destination's `phases` stand in the file, for findings made against the catalog.
    var phasePositions: [String: TextPosition]
}

extension TimelineRules {
    static func decode(_ root: DataNode, decoder: NodeDecoder) -> TimelineRules? {
        guard let fields = decoder.fields(root, .root) else { return nil }
        let version = fields.required("version", decoder.nonEmptyString)
        let week = fields.required("working_days_per_week") { decoder.number($0, $1, in: 1...7) }
        let plannable = fields.required("plannable_working_days_at_most") { decoder.number($0, $1, in: 1...10_000) }
        var destinations: [String: Destination] = [:]
        var positions: [String: TextPosition] = [:]
        var complete = true
        // Every other key is a destination's section, by its platform id.
        for id in fields.unreadKeys {
            let destination = fields.required(id) { node, path -> Destination? in
                guard let fields = decoder.fields(node, path) else { return nil }
                let included = fields.required("load_days_included") { decoder.number($0, $1, in: 0...1000) }
                let phases = fields.required("phases") { node, path -> [(id: String, days: DayRange)]? in
                    positions[id] = node.position
                    guard let read = decoder.phaseDays(node, path), read.complete else { return nil }
                    return read.entries.map { (id: $0.phase, days: $0.days) }
                }
                let drivers = fields.required("drivers") { decoder.list($0, $1, of: driver(decoder)) }
                fields.finish()
                guard let included, let phases, let drivers else { return nil }
                for (index, driver) in drivers.enumerated() {
                    for (phase, _) in driver.add where !phases.contains(where: { $0.id == phase }) {
                        let addPath = path.appending("drivers").appending(index: index).appending("add").appending(phase)
                        decoder.error("the driver \"\(driver.id)\" adds days to \"\(phase)\", which is not a phase here"
                                      + NameSuggestion.hint(for: phase, among: phases.map(\.id)), at: decoder.position(of: addPath), path: addPath)
                    }
                }
                return Destination(loadDaysIncluded: included, phases: phases, drivers: drivers)
            }
            if let destination { destinations[id] = destination } else { complete = false }
        }
        fields.finish()
        guard let version, let week, let plannable, complete else { return nil }
        return TimelineRules(version: version, workingDaysPerWeek: week, plannableWorkingDays: plannable, destinations: destinations,
                             phasePositions: positions)
    }

    private static func driver(_ decoder: NodeDecoder) -> (DataNode, KeyPath) -> Driver? {
        { node, path in
            guard let fields = decoder.fields(node, path) else { return nil }
            let id = fields.required("id", decoder.nonEmptyString)
            var conditions: [Condition] = []
            if let method: ExportMethod = fields.optional("when", { node, path -> ExportMethod? in
                guard let fields = decoder.fields(node, path) else { return nil }
                let method: ExportMethod? = fields.required("export_method") { decoder.oneOf($0, $1, "export method") }
                fields.finish()
                return method
            }) {
                conditions.append(.exportMethod(method))
            }
            if let bounds = fields.optional("when_any", { decoder.list($0, $1, of: figureBound(decoder)) }) {
                conditions.append(.anyOver(bounds))
            }
            if let per: Condition = fields.optional("per", { node, path -> Condition? in
                guard let fields = decoder.fields(node, path) else { return nil }
                let figure: AccountFigure? = fields.required("figure") { decoder.oneOf($0, $1, "figure") }
                let beyond = fields.required("beyond") { decoder.number($0, $1, in: 0...1e15) }
                let step = fields.required("step") { decoder.number($0, $1, in: 1e-9...1e15) }
                fields.finish()
                guard let figure, let beyond, let step else { return nil }
                return .per(figure: figure, beyond: beyond, step: step)
            }) {
                conditions.append(per)
            }
            let add = fields.required("add") { decoder.phaseDays($0, $1)?.entries }
            fields.finish()
            let present = ["when", "when_any", "per"].filter(fields.has)
            if present.count != 1 {
                decoder.error("a driver needs exactly one of when, when_any or per", at: fields.position, path: path)
                return nil
            }
            guard let id, let condition = conditions.first, let add else { return nil }
            return Driver(id: id, condition: condition, add: add)
        }
    }

    private static func figureBound(_ decoder: NodeDecoder) -> (DataNode, KeyPath) -> FigureBound? {
        { node, path in
            guard let fields = decoder.fields(node, path) else { return nil }
            let figure: AccountFigure? = fields.required("figure") { decoder.oneOf($0, $1, "figure") }
            let over = fields.required("over") { decoder.number($0, $1, in: 0...1e15) }
            fields.finish()
            guard let figure, let over else { return nil }
            return FigureBound(figure: figure, over: over)
        }
    }
}
