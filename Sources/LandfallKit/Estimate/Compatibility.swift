/// How the pair's objects map, counted over all of the pair's objects and over those this
/// account actually has.
public struct Compatibility: Equatable, Sendable, Encodable {
    /// Counts of cardinality and support over a set of objects.
    public struct Counts: Equatable, Sendable, Encodable {
        /// Objects that map one to one.
        public var oneToOne = 0
        /// Objects that become several destination records.
        public var oneToMany = 0
        /// Objects that lose something on the way.
        public var lossy = 0
        /// Objects that move without extra work.
        public var full = 0
        /// Objects that need a mapping the customer confirms.
        public var mappingRequired = 0
        /// Objects handled by hand.
        public var manual = 0
        /// Objects counted.
        public var total = 0

        mutating func add(_ mapping: ObjectMapping) {
            total += 1
            switch mapping.cardinality {
            case .oneToOne: oneToOne += 1
            case .oneToMany: oneToMany += 1
            case .lossy: lossy += 1
            }
            switch mapping.support {
            case .full: full += 1
            case .mappingRequired: mappingRequired += 1
            case .manual: manual += 1
            }
        }
    }

    /// Over all of the pair's objects.
    public var pair: Counts
    /// Over the objects this account has.
    public var account: Counts

    /// Counts `pair`'s mappings, and those of them `facts` has records for.
    init(pair: MigrationPair, source: Platform, facts: AccountFacts) {
        var all = Counts()
        var account = Counts()
        for mapping in pair.mappings {
            all.add(mapping)
            if Self.present(mapping, source: source, facts: facts) { account.add(mapping) }
        }
        self.pair = all
        self.account = account
    }

    /// The pair's counts at the top level (`one_to_one`, `total` …), the account's under `account`.
    public func encode(to encoder: Encoder) throws {
        try pair.encode(to: encoder)
        var container = encoder.container(keyedBy: AnyCodingKey.self)
        try container.encode(account, forKey: AnyCodingKey("account"))
    }

    /// Whether the account has records of the mapping's object or of anything it carries.
    static func present(_ mapping: ObjectMapping, source: Platform, facts: AccountFacts) -> Bool {
        ([mapping.sourceObject] + mapping.carries).contains { facts.has($0, in: source) }
    }
}
