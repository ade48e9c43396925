/// Writes a ``DataNode`` tree as JSON in the layout of every Landfall output (``JSONOutput``):
/// two-space indents, `"key" : value`, keys sorted by their characters, `[]` and `{}` for empty
/// containers, a final newline. Numbers keep the literal they were read with; XML's untyped text
/// is written as a string.
///
/// One pass, appending to one buffer: a manifest with hundreds of thousands of automations is
/// written in about the time it takes to read.
public enum JSONNodeWriter {
    /// `node` as JSON text.
    public static func string(_ node: DataNode) -> String {
        var output: [UInt8] = []
        write(node, indent: 0, into: &output)
        output.append(0x0A)
        return String(decoding: output, as: UTF8.self)
    }

    private static func write(_ node: DataNode, indent: Int, into output: inout [UInt8]) {
        switch node.value {
        case .object(let members):
            guard !members.isEmpty else { return output.append(contentsOf: [UInt8(ascii: "{"), UInt8(ascii: "}")]) }
            output.append(UInt8(ascii: "{"))
            for (offset, member) in members.sorted(by: { $0.key < $1.key }).enumerated() {
                output.append(contentsOf: offset == 0 ? [0x0A] : [UInt8(ascii: ","), 0x0A])
                pad(indent + 2, into: &output)
                quote(member.key, into: &output)
                output.append(contentsOf: Array(" : ".utf8))
                write(member.value, indent: indent + 2, into: &output)
            }
            output.append(0x0A)
            pad(indent, into: &output)
            output.append(UInt8(ascii: "}"))
        case .array(let elements):
            guard !elements.isEmpty else { return output.append(contentsOf: [UInt8(ascii: "["), UInt8(ascii: "]")]) }
            output.append(UInt8(ascii: "["))
            for (offset, element) in elements.enumerated() {
                output.append(contentsOf: offset == 0 ? [0x0A] : [UInt8(ascii: ","), 0x0A])
                pad(indent + 2, into: &output)
                write(element, indent: indent + 2, into: &output)
            }
            output.append(0x0A)
            pad(indent, into: &output)
            output.append(UInt8(ascii: "]"))
        case .string(let text), .text(let text):
            quote(text, into: &output)
        case .number(let literal):
            output.append(contentsOf: literal.utf8)
        case .bool(let value):
            output.append(contentsOf: (value ? "true" : "false").utf8)
        case .null:
            output.append(contentsOf: "null".utf8)
        }
    }

    private static func pad(_ count: Int, into output: inout [UInt8]) {
        output.append(contentsOf: repeatElement(0x20, count: count))
    }

    /// `text` as a JSON string: quote, backslash and control characters escaped, the rest as it is.
    private static func quote(_ text: String, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x08: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0C: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0x00..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}
