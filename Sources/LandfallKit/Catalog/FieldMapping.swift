/// One field of a source object and the destination field it becomes: how it is transformed and
/// what the destination field takes (length, required, picklist values).
public struct FieldMapping: Equatable, Sendable, Encodable {
    /// How a value becomes the destination's.
    public enum Transform: String, Equatable, Sendable, Encodable, CaseIterable {
        /// As it is.
        case copy
        /// Each source value to a destination value (a picklist).
        case valueMap = "value_map"
        /// To the destination field's type (number, date, checkbox …).
        case typeConversion = "type_conversion"
        /// Cut at the destination field's length.
        case truncate
        /// HTML turned into plain text.
        case htmlToText = "html_to_text"
        /// A timestamp converted to UTC.
        case timeZoneToUTC = "time_zone_to_utc"
        /// A timestamp as Unix seconds.
        case unixSeconds = "unix_seconds"
        /// A source id turned into the id of the destination record created from it.
        case lookup
    }

    /// The source object (`ticket`), whose export file holds the field.
    public var object: String
    /// The export column.
    public var source: String
    /// The destination field, `Case.Subject`.
    public var destination: String
    /// How the value is transformed.
    public var transform: Transform
    /// The most characters the destination field takes.
    public var maxLength: Int?
    /// Whether the destination needs a value.
    public var required: Bool
    /// The destination's picklist values, for a value map.
    public var picklist: [String]?
    /// The catalog's proposal for each source value (lower case) of a value map.
    public var values: [String: String]
    /// Anything the customer should know about it.
    public var note: String?
    /// The vendor documentation the destination field's facts rest on, when the catalog cites it.
    public var documentation: String? = nil
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
