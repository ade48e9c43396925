/// The catalog's proposal for one destination field: the export column of a source object (or a
/// fixed value) that fills it, how, and what the destination takes. The account's field map
/// (``FieldMap``) starts from these.
public struct FieldMapping: Equatable, Sendable, Encodable {
    /// The source object (`ticket`), whose export file holds the field.
    public var object: String
    /// The export column, or `nil` for a fixed value.
    public var source: String?
    /// A second column used where `source` is empty.
    public var fallback: String?
    /// The fixed value of a `constant`.
    public var value: String?
    /// The destination field, `Case.Subject`.
    public var destination: String
    /// How the value is transformed.
    public var transform: FieldTransform
    /// The rows it applies to (all when `nil`).
    public var when: RecordCondition?
    /// For a lookup: the source object whose id the column holds.
    public var references: String?
    /// For a lookup: the column that names that object per row.
    public var referencesColumn: String?
    /// The most characters the destination field takes.
    public var maxLength: Int?
    /// The most UTF-8 bytes the destination field takes.
    public var maxBytes: Int?
    /// Whether the destination needs a value.
    public var required: Bool
    /// The destination's picklist values, for a value map (the schema's, when not given).
    public var picklist: [String]?
    /// Whether the column holds a `;`-separated list whose items are mapped one by one.
    public var isList: Bool = false
    /// The catalog's proposal for each source value (lower case) of a value map.
    public var values: [String: String]
    /// Anything the customer should know about it.
    public var note: String?
    /// The vendor documentation the destination field's facts rest on, when the catalog cites it.
    public var documentation: String? = nil

    private enum CodingKeys: String, CodingKey {
        case object, source, fallback, value, destination, transform, references, referencesColumn = "references_column", maxLength = "max_length"
        case maxBytes = "max_bytes", required, picklist, isList = "list", values, note, documentation
    }
}

/// A field of the export that no destination field takes, and why: what it decides instead, or
/// how to keep it if it is wanted.
public struct FieldNotCarried: Equatable, Sendable, Encodable {
    /// The source object (`message`).
    public var object: String
    /// The export column.
    public var source: String
    /// Why no destination field takes it.
    public var reason: String
    /// The vendor documentation the reason rests on, when the catalog cites it.
    public var documentation: String? = nil
}

/// What the rows of a source object become, as the catalog proposes it, for one conversation
/// model or for every one.
public struct CatalogRecordRule: Equatable, Sendable {
    /// The rule.
    public var rule: FieldMap.RecordRule
    /// The Intercom conversation model it belongs to (every model when `nil`).
    public var conversationModel: ConversationModel?
}
