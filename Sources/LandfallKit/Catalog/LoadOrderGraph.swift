/// The load steps of a pair as a dependency graph: sorted so that every step follows the steps it
/// names in `after`, or refused with the cycle that makes that impossible.
public struct LoadOrderGraph: Sendable {
    /// A cycle among load steps, listed from a step back to itself.
    public struct Cycle: Error, Equatable, Sendable {
        /// The step ids along the cycle, the first repeated at the end.
        public var steps: [String]
    }

    private let steps: [LoadStep]

    /// Creates the graph; `after` entries that name no step are ignored here (the catalog
    /// loader reports them).
    public init(steps: [LoadStep]) {
        self.steps = steps
    }

    /// The steps in dependency order, ties kept in their file order.
    ///
    /// - Throws: ``Cycle`` naming the steps that depend on each other in a circle.
    public func sorted() throws(Cycle) -> [LoadStep] {
        let index = Dictionary(steps.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        var state = [Int](repeating: 0, count: steps.count)
        var order: [LoadStep] = []
        var trail: [Int] = []

        func visit(_ node: Int) throws(Cycle) {
            if state[node] == 2 { return }
            if state[node] == 1 {
                let start = trail.firstIndex(of: node) ?? 0
                throw Cycle(steps: (trail[start...] + [node]).map { steps[$0].id })
            }
            state[node] = 1
            trail.append(node)
            for dependency in steps[node].after {
                if let next = index[dependency] { try visit(next) }
            }
            trail.removeLast()
            state[node] = 2
            order.append(steps[node])
        }

        for node in steps.indices { try visit(node) }
        return order
    }
}
