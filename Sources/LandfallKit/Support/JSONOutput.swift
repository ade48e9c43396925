import Foundation

/// Encodes values as the stable, pretty-printed JSON every Landfall output uses: sorted keys,
/// snake_case names, ISO 8601 dates, a final newline.
public enum JSONOutput {
    /// `value` as JSON text; `snakeCaseKeys: false` keeps the property names as they are, for a
    /// file whose format has camelCase keys.
    /// `value` as JSON text with `"schema": schema` beside its own keys: the contract the output
    /// follows, `landfall.<document>/<version>`, described in `Docs/schemas/`.
    public static func string(_ value: some Encodable, schema: String) throws -> String {
        try string(Versioned(schema: schema, value: value))
    }

    public static func string(_ value: some Encodable, snakeCaseKeys: Bool = true) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        if snakeCaseKeys { encoder.keyEncodingStrategy = .convertToSnakeCase }
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Timestamp.format(date))
        }
        return compactingEmptyContainers(String(decoding: try encoder.encode(value), as: UTF8.self)) + "\n"
    }

    /// A value encoded with its schema's name among its keys.
    private struct Versioned<Value: Encodable>: Encodable {
        let schema: String
        let value: Value

        private enum CodingKeys: String, CodingKey { case schema }

        func encode(to encoder: Encoder) throws {
            try value.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(schema, forKey: .schema)
        }
    }

    /// Writes an empty list or object as `[]` or `{}` rather than the encoder's two blank lines.
    /// A line break never stands inside a JSON string (it is escaped), so only containers match.
    /// One pass over the bytes: an opening bracket followed by nothing but white space (two line
    /// breaks among it) up to its closing bracket becomes the pair.
    static func compactingEmptyContainers(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            result.append(byte)
            index += 1
            guard byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{") else { continue }
            let closing = byte == UInt8(ascii: "[") ? UInt8(ascii: "]") : UInt8(ascii: "}")
            var end = index
            var breaks = 0
            while end < bytes.count, bytes[end] == 0x20 || bytes[end] == 0x0A || bytes[end] == 0x09 || bytes[end] == 0x0D {
                if bytes[end] == 0x0A { breaks += 1 }
                end += 1
            }
            if end < bytes.count, bytes[end] == closing, breaks >= 2, index < bytes.count, bytes[index] == 0x0A {
                result.append(closing)
                index = end + 1
            }
        }
        return String(decoding: result, as: UTF8.self)
    }
}
