/// A step rule: when a figure is over `over`, it adds `points`. The highest step that applies wins.
public struct PointStep: Equatable, Sendable, Encodable {
    /// The figure must be greater than this.
    public var over: Double
    /// The points the step adds.
    public var points: Double

    /// The points of the highest step `value` passes, or 0.
    static func points(for value: Double, in steps: [PointStep]) -> (points: Double, step: PointStep?) {
        let step = steps.filter { value > $0.over }.max { $0.points < $1.points }
        return (step?.points ?? 0, step)
    }
}

/// A range of working days, low and high.
public struct DayRange: Equatable, Sendable, Encodable {
    /// The optimistic figure.
    public var low: Double
    /// The cautious figure.
    public var high: Double

    /// No days.
    public static let zero = DayRange(low: 0, high: 0)

    static func + (lhs: DayRange, rhs: DayRange) -> DayRange {
        DayRange(low: lhs.low + rhs.low, high: lhs.high + rhs.high)
    }

    static func * (lhs: DayRange, factor: Double) -> DayRange {
        DayRange(low: lhs.low * factor, high: lhs.high * factor)
    }
}

/// Readers for the value shapes the rules files share.
extension NodeDecoder {
    /// Four ascending numbers: the upper bounds of A, B, C and D.
    func thresholds(_ node: DataNode, _ path: KeyPath) -> [Double]? {
        guard let values = list(node, path, of: { number($0, $1, in: 0...1e15) }) else { return nil }
        guard values.count == 4 else {
            error("expected four thresholds (the upper bounds of A, B, C and D), found \(values.count)", at: node.position, path: path)
            return nil
        }
        guard zip(values, values.dropFirst()).allSatisfy({ $0 <= $1 }) else {
            error("thresholds must not decrease", at: node.position, path: path)
            return nil
        }
        return values
    }

    /// A list of `{ over, points }` steps.
    func pointSteps(_ node: DataNode, _ path: KeyPath) -> [PointStep]? {
        list(node, path) { element, elementPath in
            guard let fields = self.fields(element, elementPath) else { return nil }
            let over = fields.required("over") { self.number($0, $1, in: 0...1e15) }
            let points = fields.required("points") { self.number($0, $1, in: 0...1000) }
            fields.finish()
            guard let over, let points else { return nil }
            return PointStep(over: over, points: points)
        }
    }

    /// `[low, high]` working days, low not above high.
    func dayRange(_ node: DataNode, _ path: KeyPath) -> DayRange? {
        guard let values = list(node, path, of: { number($0, $1, in: 0...1000) }) else { return nil }
        guard values.count == 2, values[0] <= values[1] else {
            error("expected [low, high] working days with low not above high", at: node.position, path: path)
            return nil
        }
        return DayRange(low: values[0], high: values[1])
    }

    /// Phases as keys with `[low, high]` days: the entries that read, and whether all of them did.
    func phaseDays(_ node: DataNode, _ path: KeyPath) -> (entries: [(phase: String, days: DayRange)], complete: Bool)? {
        guard case .object(let members) = node.value else {
            error("expected phases as keys with [low, high] days", at: node.position, path: path)
            return nil
        }
        let entries = members.compactMap { member in
            dayRange(member.value, path.appending(member.key)).map { (phase: member.key, days: $0) }
        }
        return (entries, entries.count == members.count)
    }

    /// A weight or share between 0 and 1000.
    func weight(_ node: DataNode, _ path: KeyPath) -> Double? {
        number(node, path, in: 0...1000)
    }
}
