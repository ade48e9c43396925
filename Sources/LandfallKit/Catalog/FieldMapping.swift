/// The catalog's proposal for one destination field: the account's entry as the catalog proposes
/// it (``FieldMap/Field``: the column, or fixed value, that fills it, how, and what the
/// destination takes), and for a value map the destination value it proposes for each source
/// value. The account's field map (``FieldMap``) starts from these; the entry's own properties
/// read through (`mapping.object`, `mapping.destination` …).
@dynamicMemberLookup
public struct FieldMapping: Equatable, Sendable, Encodable {
    /// The entry as the catalog proposes it (no values, no counts, unconfirmed).
    public var entry: FieldMap.Field
    /// The catalog's proposal for each source value (lower case) of a value map.
    public var values: [String: String]

    /// A property of the proposed entry.
    public subscript<T>(dynamicMember keyPath: Swift.KeyPath<FieldMap.Field, T>) -> T {
        entry[keyPath: keyPath]
    }

    private enum CodingKeys: String, CodingKey {
        case values
    }

    /// The entry's keys, with `values` as the catalog's proposals.
    public func encode(to encoder: Encoder) throws {
        try entry.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(values, forKey: .values)
    }
}

/// What the rows of a source object become, as the catalog proposes it, for one conversation
/// model or for every one.
public struct CatalogRecordRule: Equatable, Sendable {
    /// The rule.
    public var rule: FieldMap.RecordRule
    /// The Intercom conversation model it belongs to (every model when `nil`).
    public var conversationModel: ConversationModel?
}
