/// Reads JSON (RFC 8259) into a ``DataNode`` tree, recording the line and column of every key
/// and value.
///
/// Strict: no comments, no trailing commas, no control characters inside strings. Nesting deeper
/// than ``maximumDepth`` is refused rather than risking the stack.
public struct JSONNodeReader {
    /// How deep lists and objects may nest.
    public static let maximumDepth = 256

    private let file: String
    private let bytes: [UInt8]
    private var index = 0
    private var line = 1
    private var column = 1
    private var depth = 0

    /// Parses `input` as one JSON document.
    ///
    /// - Throws: ``InputFailure`` with the position of the first syntax error.
    public static func read(_ input: InputFile) throws(InputFailure) -> DataNode {
        var reader = JSONNodeReader(file: input.path, bytes: input.bytes)
        return try reader.document()
    }

    /// Parses `bytes` (one JSON document, such as a line of a JSONL file) from `file`, numbering
    /// lines from `firstLine`.
    public static func read(_ bytes: [UInt8], file: String, firstLine: Int) throws(InputFailure) -> DataNode {
        var reader = JSONNodeReader(file: file, bytes: bytes)
        reader.line = firstLine
        return try reader.document()
    }

    private init(file: String, bytes: [UInt8]) {
        self.file = file
        self.bytes = bytes
    }

    private var position: TextPosition { TextPosition(line: line, column: column) }

    private mutating func document() throws(InputFailure) -> DataNode {
        skipWhitespace()
        let node = try value()
        skipWhitespace()
        if index < bytes.count {
            throw fail("unexpected \(describeCurrent()) after the end of the document")
        }
        return node
    }

    private mutating func value() throws(InputFailure) -> DataNode {
        guard index < bytes.count else { throw fail("unexpected end of file: a value was expected (the file looks truncated)") }
        let start = position
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object(start: start)
        case UInt8(ascii: "["): return try array(start: start)
        case UInt8(ascii: "\""): return DataNode(.string(try string()), at: start)
        case UInt8(ascii: "t"): try literal("true"); return DataNode(.bool(true), at: start)
        case UInt8(ascii: "f"): try literal("false"); return DataNode(.bool(false), at: start)
        case UInt8(ascii: "n"): try literal("null"); return DataNode(.null, at: start)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return DataNode(.number(try number()), at: start)
        default: throw fail("unexpected \(describeCurrent()): a value was expected")
        }
    }

    private mutating func object(start: TextPosition) throws(InputFailure) -> DataNode {
        try enter(start)
        advance()
        var members: [DataNode.Member] = []
        skipWhitespace()
        if peek(UInt8(ascii: "}")) {
            advance()
            depth -= 1
            return DataNode(.object(members), at: start)
        }
        while true {
            skipWhitespace()
            guard index < bytes.count else { throw unclosed("an object", opened: start) }
            guard bytes[index] == UInt8(ascii: "\"") else {
                throw fail("unexpected \(describeCurrent()): a key in double quotes was expected")
            }
            let keyPosition = position
            let key = try string()
            skipWhitespace()
            guard index < bytes.count else { throw unclosed("an object", opened: start) }
            guard bytes[index] == UInt8(ascii: ":") else {
                throw fail("unexpected \(describeCurrent()): a colon was expected after the key \"\(key)\"")
            }
            advance()
            skipWhitespace()
            guard index < bytes.count else { throw unclosed("an object", opened: start) }
            members.append(DataNode.Member(key: key, keyPosition: keyPosition, value: try value()))
            skipWhitespace()
            guard index < bytes.count else { throw unclosed("an object", opened: start) }
            if bytes[index] == UInt8(ascii: ",") {
                advance()
                skipWhitespace()
                if peek(UInt8(ascii: "}")) { throw fail("a trailing comma before } is not allowed in JSON") }
                continue
            }
            if bytes[index] == UInt8(ascii: "}") {
                advance()
                depth -= 1
                return DataNode(.object(members), at: start)
            }
            throw fail("unexpected \(describeCurrent()): a comma or } was expected")
        }
    }

    private mutating func array(start: TextPosition) throws(InputFailure) -> DataNode {
        try enter(start)
        advance()
        var elements: [DataNode] = []
        skipWhitespace()
        if peek(UInt8(ascii: "]")) {
            advance()
            depth -= 1
            return DataNode(.array(elements), at: start)
        }
        while true {
            skipWhitespace()
            guard index < bytes.count else { throw unclosed("a list", opened: start) }
            elements.append(try value())
            skipWhitespace()
            guard index < bytes.count else { throw unclosed("a list", opened: start) }
            if bytes[index] == UInt8(ascii: ",") {
                advance()
                skipWhitespace()
                if peek(UInt8(ascii: "]")) { throw fail("a trailing comma before ] is not allowed in JSON") }
                continue
            }
            if bytes[index] == UInt8(ascii: "]") {
                advance()
                depth -= 1
                return DataNode(.array(elements), at: start)
            }
            throw fail("unexpected \(describeCurrent()): a comma or ] was expected")
        }
    }

    private mutating func enter(_ start: TextPosition) throws(InputFailure) {
        depth += 1
        if depth > Self.maximumDepth {
            throw InputFailure.content(file, at: start, "nesting deeper than \(Self.maximumDepth) levels is not accepted")
        }
    }

    private mutating func string() throws(InputFailure) -> String {
        let start = position
        advance()
        var buffer: [UInt8] = []
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                advance()
                return String(decoding: buffer, as: UTF8.self)
            case UInt8(ascii: "\\"):
                advance()
                guard index < bytes.count else { break }
                let escape = bytes[index]
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): buffer.append(escape)
                case UInt8(ascii: "b"): buffer.append(0x08)
                case UInt8(ascii: "f"): buffer.append(0x0C)
                case UInt8(ascii: "n"): buffer.append(0x0A)
                case UInt8(ascii: "r"): buffer.append(0x0D)
                case UInt8(ascii: "t"): buffer.append(0x09)
                case UInt8(ascii: "u"):
                    let scalar = try unicodeEscape()
                    buffer.append(contentsOf: Array(String(Character(scalar)).utf8))
                    continue
                default:
                    throw fail("unknown escape \\\(Character(Unicode.Scalar(escape))) in a string")
                }
                advance()
            case 0x00..<0x20:
                throw fail("a control character (0x\(String(byte, radix: 16, uppercase: true))) inside a string must be escaped")
            default:
                buffer.append(byte)
                advance()
            }
        }
        throw InputFailure.content(file, at: start, "unexpected end of file: the string that starts here is not closed")
    }

    /// Reads `uXXXX` (the backslash already consumed), joining a surrogate pair.
    private mutating func unicodeEscape() throws(InputFailure) -> Unicode.Scalar {
        let escapePosition = position
        let high = try hexQuad()
        if (0xD800...0xDBFF).contains(high) {
            guard peek(UInt8(ascii: "\\")), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "u") else {
                throw InputFailure.content(file, at: escapePosition, "a lone UTF-16 surrogate in a \\u escape")
            }
            advance()
            let low = try hexQuad()
            guard (0xDC00...0xDFFF).contains(low),
                  let scalar = Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
            else {
                throw InputFailure.content(file, at: escapePosition, "an invalid UTF-16 surrogate pair in a \\u escape")
            }
            return scalar
        }
        guard let scalar = Unicode.Scalar(high) else {
            throw InputFailure.content(file, at: escapePosition, "a lone UTF-16 surrogate in a \\u escape")
        }
        return scalar
    }

    /// Reads `u` and four hex digits.
    private mutating func hexQuad() throws(InputFailure) -> UInt32 {
        advance()
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard index < bytes.count, let digit = Self.hexValue(bytes[index]) else {
                throw fail("a \\u escape needs four hexadecimal digits")
            }
            value = value << 4 | digit
            advance()
        }
        return value
    }

    private static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    private mutating func number() throws(InputFailure) -> String {
        let startIndex = index
        if peek(UInt8(ascii: "-")) { advance() }
        guard index < bytes.count, isDigit(bytes[index]) else { throw fail("a digit was expected in a number") }
        if bytes[index] == UInt8(ascii: "0") {
            advance()
            if index < bytes.count, isDigit(bytes[index]) { throw fail("a number may not start with a leading zero") }
        } else {
            while index < bytes.count, isDigit(bytes[index]) { advance() }
        }
        if peek(UInt8(ascii: ".")) {
            advance()
            guard index < bytes.count, isDigit(bytes[index]) else { throw fail("a digit was expected after the decimal point") }
            while index < bytes.count, isDigit(bytes[index]) { advance() }
        }
        if peek(UInt8(ascii: "e")) || peek(UInt8(ascii: "E")) {
            advance()
            if peek(UInt8(ascii: "+")) || peek(UInt8(ascii: "-")) { advance() }
            guard index < bytes.count, isDigit(bytes[index]) else { throw fail("a digit was expected in the exponent") }
            while index < bytes.count, isDigit(bytes[index]) { advance() }
        }
        return String(decoding: bytes[startIndex..<index], as: UTF8.self)
    }

    private mutating func literal(_ word: StaticString) throws(InputFailure) {
        let expected = Array(UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount))
        for byte in expected {
            guard index < bytes.count else { throw fail("unexpected end of file inside \"\(word)\"") }
            guard bytes[index] == byte else { throw fail("unexpected \(describeCurrent()): did you mean \(word)?") }
            advance()
        }
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private func peek(_ byte: UInt8) -> Bool { index < bytes.count && bytes[index] == byte }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: advance()
            default: return
            }
        }
    }

    /// Moves one byte on, keeping the line and the column (in Unicode scalars) current.
    private mutating func advance() {
        let byte = bytes[index]
        index += 1
        if byte == 0x0A {
            line += 1
            column = 1
        } else if byte & 0xC0 != 0x80 {
            column += 1
        }
    }

    private func describeCurrent() -> String {
        guard index < bytes.count else { return "end of file" }
        let byte = bytes[index]
        if byte >= 0x21 && byte < 0x7F { return "character '\(Character(Unicode.Scalar(byte)))'" }
        if byte == 0x0A || byte == 0x0D { return "line break" }
        return "character"
    }

    private func fail(_ message: String) -> InputFailure {
        InputFailure.content(file, at: position, message)
    }

    private func unclosed(_ what: String, opened: TextPosition) -> InputFailure {
        fail("unexpected end of file: \(what) opened at line \(opened.line), column \(opened.column) is not closed (the file looks truncated)")
    }
}
