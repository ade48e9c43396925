/// When a gotcha or challenge applies to an account.
public enum Applicability: Equatable, Sendable, Encodable {
    /// To every account.
    case always
    /// When the figure is over the bound.
    case figureOver(AccountFigure, Double)
    /// When the source links this PSA tool.
    case psaIntegration(PSAIntegration)

    /// Whether it applies to the account in `facts`.
    func applies(to facts: AccountFacts) -> Bool {
        switch self {
        case .always: true
        case .figureOver(let figure, let bound): facts.value(figure) > bound
        case .psaIntegration(let psa): facts.manifest.source.psaIntegration == psa
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .always: try container.encode("always")
        case .figureOver(let figure, let bound): try container.encode("\(figure.rawValue) over \(Format.number(bound))")
        case .psaIntegration(let psa): try container.encode("psa_integration \(psa.rawValue)")
        }
    }
}

extension NodeDecoder {
    /// `{ figure: NAME, over: N }` or `{ psa_integration: NAME }`.
    func applicability(_ node: DataNode, _ path: KeyPath) -> Applicability? {
        guard let fields = fields(node, path) else { return nil }
        defer { fields.finish() }
        if fields.has("psa_integration") {
            let psa: PSAIntegration? = fields.required("psa_integration") { self.oneOf($0, $1, "PSA integration") }
            return psa.map(Applicability.psaIntegration)
        }
        let figure: AccountFigure? = fields.required("figure") { self.oneOf($0, $1, "figure") }
        let over = fields.required("over") { self.number($0, $1, in: 0...1e15) }
        guard let figure, let over else { return nil }
        return .figureOver(figure, over)
    }
}
