/// A pass over an XML document's bytes, before libxml2 reads it, that finds a start tag carrying
/// more attributes than any input of Landfall has reason to.
///
/// libxml2 compares each attribute of a start tag with every one before it, so a tag with tens of
/// thousands of attributes costs seconds to minutes; Landfall reads elements, never attributes, so
/// such a tag is refused here, in one linear pass. Comments, CDATA sections, processing
/// instructions and the DOCTYPE are skipped; an attribute is counted at its `=` outside quotes.
enum XMLAttributeScan {
    /// The most attributes a start tag may carry.
    static let maximumAttributes = 64

    /// A start tag with too many attributes: where it starts and its name.
    struct Excess: Equatable {
        let position: TextPosition
        let element: String
    }

    /// The first start tag in `bytes` with more than ``maximumAttributes`` attributes, if any.
    static func firstExcess(in bytes: [UInt8]) -> Excess? {
        var index = 0
        var line = 1
        var lineStart = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            if byte == 0x0A {
                line += 1
                lineStart = index + 1
                index += 1
                continue
            }
            guard byte == UInt8(ascii: "<"), index + 1 < count else {
                index += 1
                continue
            }
            let next = bytes[index + 1]
            if next == UInt8(ascii: "!") || next == UInt8(ascii: "?") {
                index = skipMarkup(bytes, from: index, line: &line, lineStart: &lineStart)
                continue
            }
            if next == UInt8(ascii: "/") {
                index += 2
                continue
            }
            let tagStart = index
            let tagLine = line
            let tagLineStart = lineStart
            var quote: UInt8?
            var attributes = 0
            index += 1
            while index < count {
                let current = bytes[index]
                if current == 0x0A {
                    line += 1
                    lineStart = index + 1
                } else if let open = quote {
                    if current == open { quote = nil }
                } else if current == UInt8(ascii: "\"") || current == UInt8(ascii: "'") {
                    quote = current
                } else if current == UInt8(ascii: "=") {
                    attributes += 1
                    if attributes > maximumAttributes {
                        return Excess(position: TextPosition(line: tagLine, column: column(bytes, from: tagLineStart, to: tagStart)),
                                      element: name(bytes, after: tagStart))
                    }
                } else if current == UInt8(ascii: ">") {
                    break
                }
                index += 1
            }
            index += 1
        }
        return nil
    }

    /// Skips a comment, CDATA section, processing instruction or declaration starting at `start`
    /// (at its `<`); the index just past its end.
    private static func skipMarkup(_ bytes: [UInt8], from start: Int, line: inout Int, lineStart: inout Int) -> Int {
        let terminator: [UInt8]
        if hasPrefix(bytes, at: start, "<!--") {
            terminator = Array("-->".utf8)
        } else if hasPrefix(bytes, at: start, "<![CDATA[") {
            terminator = Array("]]>".utf8)
        } else if bytes[start + 1] == UInt8(ascii: "?") {
            terminator = Array("?>".utf8)
        } else {
            // A declaration (the DOCTYPE): ends at the `>` outside its internal subset's brackets.
            var depth = 0
            var index = start + 2
            while index < bytes.count {
                switch bytes[index] {
                case 0x0A: line += 1; lineStart = index + 1
                case UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "]"): depth -= 1
                case UInt8(ascii: ">") where depth <= 0: return index + 1
                default: break
                }
                index += 1
            }
            return index
        }
        var index = start + 2
        while index < bytes.count {
            if bytes[index] == 0x0A {
                line += 1
                lineStart = index + 1
            } else if bytes[index] == terminator[0], hasPrefix(bytes, at: index, terminator) {
                return index + terminator.count
            }
            index += 1
        }
        return index
    }

    private static func hasPrefix(_ bytes: [UInt8], at index: Int, _ prefix: String) -> Bool {
        hasPrefix(bytes, at: index, Array(prefix.utf8))
    }

    private static func hasPrefix(_ bytes: [UInt8], at index: Int, _ prefix: [UInt8]) -> Bool {
        index + prefix.count <= bytes.count && bytes[index..<(index + prefix.count)].elementsEqual(prefix)
    }

    /// The column (in characters) of the byte at `offset` on the line starting at `lineStart`.
    private static func column(_ bytes: [UInt8], from lineStart: Int, to offset: Int) -> Int {
        1 + bytes[lineStart..<offset].reduce(0) { $0 + ($1 & 0xC0 != 0x80 ? 1 : 0) }
    }

    /// The element name after the `<` at `start`.
    private static func name(_ bytes: [UInt8], after start: Int) -> String {
        var end = start + 1
        while end < bytes.count, ![0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ">"), UInt8(ascii: "/")].contains(bytes[end]) { end += 1 }
        return String(decoding: bytes[(start + 1)..<min(end, start + 1 + 200)], as: UTF8.self)
    }
}
