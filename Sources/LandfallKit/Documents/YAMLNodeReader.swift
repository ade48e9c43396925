// libyaml's event parser, as Yams builds it. Yams itself composes a document into a tree by
// recursion, follows aliases without limit and types scalars by YAML 1.1 (base-60 integers that
// overflow), so the tree is built here from libyaml's events, one at a time, without recursion.
internal import CYaml

/// Reads YAML into a ``DataNode`` tree with the line and column of every key and value.
///
/// The document is built from libyaml's events without recursion. Nesting deeper than
/// ``maximumDepth`` is refused where it happens, counting what aliases expand to; an alias bomb
/// (aliases that expand to more values than the file could plausibly hold) is refused at the alias;
/// keys must be scalars. Plain scalars are typed by the YAML 1.2 core schema: `153722867280912931:0`
/// is text, never a base-60 number.
public enum YAMLNodeReader {
    /// How deep lists and mappings may nest, aliases expanded.
    public static let maximumDepth = 256

    /// Parses `input` as a single YAML document.
    ///
    /// - Throws: ``InputFailure`` with the position libyaml reports for the first syntax error, or
    ///   the place where the document breaks a limit.
    public static func read(_ input: InputFile) throws(InputFailure) -> DataNode {
        var builder = YAMLTreeBuilder(file: input.path, valueLimit: max(100_000, input.bytes.count * 4))
        return try input.bytes.withUnsafeBufferPointer { (buffer) throws(InputFailure) -> DataNode in
            // libyaml stops at its own nesting limit (1,000 by default) while scanning ahead; it is
            // raised past what its look-ahead can reach, so that the limit here is met first, where it is.
            yaml_set_max_nest_level(16 * Int32(maximumDepth))
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) == 1 else {
                throw InputFailure.file(input.path, "cannot be read as YAML: out of memory", status: .software)
            }
            defer { yaml_parser_delete(&parser) }
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var event = yaml_event_t()
            while true {
                guard yaml_parser_parse(&parser, &event) == 1 else {
                    throw failure(of: parser, file: input.path)
                }
                defer { yaml_event_delete(&event) }
                if event.type == YAML_STREAM_END_EVENT { break }
                try builder.take(YAMLEvent(event))
            }
            return try builder.finish()
        }
    }

    private static func failure(of parser: yaml_parser_t, file: String) -> InputFailure {
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown problem"
        switch parser.error {
        case YAML_SCANNER_ERROR, YAML_PARSER_ERROR:
            var message = "invalid YAML: \(problem)"
            if let context = parser.context {
                message += " (\(String(cString: context)) at line \(parser.context_mark.line + 1), column \(parser.context_mark.column + 1))"
            }
            if problem.contains("could not find expected") || problem.contains("end of stream") {
                message += "; the file may be truncated"
            }
            return .content(file, at: TextPosition(parser.problem_mark), message)
        case YAML_MEMORY_ERROR:
            return .file(file, "cannot be read as YAML: out of memory", status: .software)
        default:
            return .file(file, "cannot be read as YAML: \(problem)", status: .dataError)
        }
    }
}

extension TextPosition {
    /// The 1-based position of a libyaml mark (which counts from 0).
    init(_ mark: yaml_mark_t) {
        self.init(line: Int(mark.line) + 1, column: Int(mark.column) + 1)
    }
}

/// One libyaml event, copied out of the C structure.
private enum YAMLEvent {
    case scalar(text: String, anchor: String?, typing: YAMLScalarTyping, at: TextPosition)
    case alias(name: String, at: TextPosition)
    case startSequence(anchor: String?, at: TextPosition)
    case startMapping(anchor: String?, at: TextPosition)
    case end
    case other

    init(_ event: yaml_event_t) {
        let position = TextPosition(event.start_mark)
        switch event.type {
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            let text = scalar.value.map { String(decoding: UnsafeBufferPointer(start: $0, count: Int(scalar.length)), as: UTF8.self) } ?? ""
            let tag = Self.string(scalar.tag)
            let typing: YAMLScalarTyping
            if tag == "tag:yaml.org,2002:str" || tag == "!" {
                typing = .text
            } else if tag != nil || scalar.style == YAML_PLAIN_SCALAR_STYLE {
                typing = .coreSchema
            } else {
                typing = .text
            }
            self = .scalar(text: text, anchor: Self.string(scalar.anchor), typing: typing, at: position)
        case YAML_ALIAS_EVENT:
            self = .alias(name: Self.string(event.data.alias.anchor) ?? "", at: position)
        case YAML_SEQUENCE_START_EVENT:
            self = .startSequence(anchor: Self.string(event.data.sequence_start.anchor), at: position)
        case YAML_MAPPING_START_EVENT:
            self = .startMapping(anchor: Self.string(event.data.mapping_start.anchor), at: position)
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            self = .end
        default:
            self = .other
        }
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }
}

/// How a scalar's text becomes a value.
private enum YAMLScalarTyping {
    /// Quoted, a block scalar, or tagged `!!str`: always a string.
    case text
    /// Plain (or tagged otherwise): null, true/false, a number, else a string.
    case coreSchema
}

/// Builds the tree from events with an explicit stack, so that no input can exhaust the call stack.
private struct YAMLTreeBuilder {
    /// A list or mapping still open.
    private struct Frame {
        var position: TextPosition
        var anchor: String?
        var isMapping: Bool
        var elements: [DataNode] = []
        var members: [DataNode.Member] = []
        var pendingKey: (text: String, position: TextPosition)?
        var keys: [String: TextPosition] = [:]
        /// How many levels of lists and mappings lie below this frame, aliases expanded.
        var height = 0
        /// The values below this frame, aliases expanded.
        var count = 0
    }

    /// A finished node under an anchor, with its height and value count.
    private struct Anchored {
        var node: DataNode
        var height: Int
        var count: Int
        /// The scalar's text as written, when the node is a scalar (it may serve as a key).
        var scalarText: String?
    }

    let file: String
    let valueLimit: Int
    private var stack: [Frame] = []
    private var anchors: [String: Anchored] = [:]
    private var root: DataNode?
    private var usedValues = 0

    init(file: String, valueLimit: Int) {
        self.file = file
        self.valueLimit = valueLimit
    }

    mutating func take(_ event: YAMLEvent) throws(InputFailure) {
        switch event {
        case .scalar(let text, let anchor, let typing, let position):
            let node = DataNode(typing == .text ? .string(text) : Self.coreSchemaValue(text), at: position)
            try count(1, at: position)
            if let anchor { anchors[anchor] = Anchored(node: node, height: 0, count: 1, scalarText: text) }
            try place(node, height: 0, count: 1, keyText: text)
        case .alias(let name, let position):
            guard let anchored = anchors[name] else {
                throw .content(file, at: position, "invalid YAML: the alias *\(name) names no anchor defined before it")
            }
            if stack.count + anchored.height - 1 > YAMLNodeReader.maximumDepth {
                throw .content(file, at: position, "nesting deeper than \(YAMLNodeReader.maximumDepth) levels is not accepted (the alias *\(name) expands to \(anchored.height) levels)")
            }
            try count(anchored.count, at: position)
            let node = DataNode(anchored.node.value, at: position)
            try place(node, height: anchored.height, count: anchored.count, keyText: anchored.scalarText)
        case .startSequence(let anchor, let position), .startMapping(let anchor, let position):
            if let top = stack.last, top.isMapping, top.pendingKey == nil {
                throw .content(file, at: position, "a key must be a single value, not a list or mapping")
            }
            if stack.count > YAMLNodeReader.maximumDepth {
                throw .content(file, at: position, "nesting deeper than \(YAMLNodeReader.maximumDepth) levels is not accepted")
            }
            try count(1, at: position)
            var isMapping = false
            if case .startMapping = event { isMapping = true }
            stack.append(Frame(position: position, anchor: anchor, isMapping: isMapping))
        case .end:
            let frame = stack.removeLast()
            let value: DataNode.Value = frame.isMapping ? .object(frame.members) : .array(frame.elements)
            let node = DataNode(value, at: frame.position)
            if let anchor = frame.anchor {
                anchors[anchor] = Anchored(node: node, height: frame.height + 1, count: frame.count + 1, scalarText: nil)
            }
            try place(node, height: frame.height + 1, count: frame.count + 1, keyText: nil)
        case .other:
            break
        }
    }

    /// The document's root, once every event is taken.
    func finish() throws(InputFailure) -> DataNode {
        guard let root else {
            throw .file(file, "holds no YAML document", status: .dataError)
        }
        return root
    }

    private mutating func count(_ values: Int, at position: TextPosition) throws(InputFailure) {
        usedValues += values
        if usedValues > valueLimit {
            throw .content(file, at: position, "aliases expand to more than \(valueLimit) values; such a document is refused")
        }
    }

    /// Puts a finished node into the open list or mapping (as a key or a value), or makes it the root.
    private mutating func place(_ node: DataNode, height: Int, count: Int, keyText: String?) throws(InputFailure) {
        guard !stack.isEmpty else {
            if root != nil {
                throw .content(file, at: node.position, "invalid YAML: expected a single document, found another")
            }
            root = node
            return
        }
        let top = stack.count - 1
        stack[top].height = max(stack[top].height, height)
        stack[top].count += count
        guard stack[top].isMapping else {
            stack[top].elements.append(node)
            return
        }
        if let key = stack[top].pendingKey {
            stack[top].members.append(DataNode.Member(key: key.text, keyPosition: key.position, value: node))
            stack[top].pendingKey = nil
            return
        }
        guard let keyText else {
            throw .content(file, at: node.position, "a key must be a single value, not a list or mapping")
        }
        if let first = stack[top].keys[keyText] {
            throw .content(file, at: node.position, "duplicate key \"\(keyText)\" in one mapping (first at line \(first.line), column \(first.column))")
        }
        stack[top].keys[keyText] = node.position
        stack[top].pendingKey = (keyText, node.position)
    }

    /// Types a plain scalar by the YAML 1.2 core schema.
    static func coreSchemaValue(_ text: String) -> DataNode.Value {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        default: break
        }
        let utf8 = Array(text.utf8)
        if utf8.count > 2, utf8[0] == UInt8(ascii: "0"), utf8[1] == UInt8(ascii: "x") || utf8[1] == UInt8(ascii: "o") {
            let radix = utf8[1] == UInt8(ascii: "x") ? 16 : 8
            if let value = UInt64(text.dropFirst(2), radix: radix) { return .number(String(value)) }
            return .string(text)
        }
        return isDecimalNumber(utf8) ? .number(text) : .string(text)
    }

    /// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`: the core schema's integers and floats.
    private static func isDecimalNumber(_ bytes: [UInt8]) -> Bool {
        var index = 0
        func digits() -> Int {
            let start = index
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            return index - start
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") { index += 1 }
        var mantissa = digits()
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            mantissa += digits()
        }
        guard mantissa > 0 else { return false }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") { index += 1 }
            guard digits() > 0 else { return false }
        }
        return index == bytes.count
    }
}
