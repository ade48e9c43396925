/// How a source value becomes the destination's.
public enum FieldTransform: String, Equatable, Sendable, Encodable, CaseIterable {
    /// As it is.
    case copy
    /// Each source value to a destination value (a picklist, a state, a tag).
    case valueMap = "value_map"
    /// To the destination field's type (number, date, checkbox …).
    case typeConversion = "type_conversion"
    /// Cut at the destination field's length.
    case truncate
    /// HTML turned into plain text (a plain-text value stays as it is).
    case htmlToText = "html_to_text"
    /// Plain text escaped for a destination that takes HTML (an HTML value stays as it is).
    case textToHTML = "text_to_html"
    /// A timestamp converted to UTC.
    case timeZoneToUTC = "time_zone_to_utc"
    /// A timestamp as Unix seconds.
    case unixSeconds = "unix_seconds"
    /// A source id turned into the id (or, for a text field, the name) of the record made from it.
    case lookup
    /// A fixed value, the same for every row.
    case constant
    /// The given names of a full name: every word but the last.
    case givenName = "given_name"
    /// The family name of a full name: its last word (the whole name when it is one word).
    case familyName = "family_name"
    /// The file the URL points at, downloaded and uploaded as the record's content.
    case download
    /// Not written: the value finds the destination record that exists already (a user by e-mail).
    case match

    /// The transform in words, for documents.
    public var words: String {
        switch self {
        case .timeZoneToUTC: "time zone to UTC"
        case .unixSeconds: "Unix seconds"
        case .htmlToText: "HTML to text"
        case .textToHTML: "text to HTML"
        case .givenName: "given names"
        case .familyName: "family name"
        case .download: "download the file"
        case .match: "match (not written)"
        default: rawValue.replacingOccurrences(of: "_", with: " ")
        }
    }
}
