/// The three forms a structured input may take.
public enum DocumentFormat: String, Sendable, CaseIterable {
    case json
    case yaml
    case xml

    /// The format named by a file's extension (`.json`, `.yaml`, `.yml`, `.xml`), if any.
    public init?(fileExtension: String) {
        switch fileExtension.lowercased() {
        case "json": self = .json
        case "yaml", "yml": self = .yaml
        case "xml": self = .xml
        default: return nil
        }
    }

    /// The format a document's first non-blank character suggests: `{` or `[` for JSON,
    /// `<` for XML, anything else YAML.
    public init(sniffing bytes: some Collection<UInt8>) {
        let first = bytes.first { !(($0 == 0x20) || ($0 == 0x09) || ($0 == 0x0A) || ($0 == 0x0D)) }
        switch first {
        case UInt8(ascii: "{"), UInt8(ascii: "["): self = .json
        case UInt8(ascii: "<"): self = .xml
        default: self = .yaml
        }
    }
}
