import Yams

/// Reads YAML (through Yams and libyaml) into a ``DataNode`` tree with the line and column of
/// every key and value.
///
/// Anchors and aliases are followed, but the tree they expand to is capped, so an alias bomb is
/// refused instead of filling memory; flow collections nested deeper than ``maximumDepth`` are
/// refused before parsing.
public enum YAMLNodeReader {
    /// How deep lists and mappings may nest.
    public static let maximumDepth = 256

    /// Parses `input` as a single YAML document.
    ///
    /// - Throws: ``InputFailure`` with the position libyaml reports for the first syntax error.
    public static func read(_ input: InputFile) throws(InputFailure) -> DataNode {
        try FlowDepthCheck.check(input, limit: maximumDepth)
        let root: Node?
        do {
            root = try Parser(yaml: input.text).singleRoot()
        } catch let error as YamlError {
            throw failure(from: error, file: input.path)
        } catch {
            throw InputFailure.file(input.path, "cannot be read as YAML: \(error)", status: .dataError)
        }
        guard let root else {
            throw InputFailure.file(input.path, "holds no YAML document", status: .dataError)
        }
        var budget = NodeBudget(limit: max(100_000, input.bytes.count * 4))
        return try convert(root, file: input.path, depth: 0, budget: &budget)
    }

    private struct NodeBudget {
        let limit: Int
        var used = 0
    }

    private static func convert(_ node: Node, file: String, depth: Int, budget: inout NodeBudget) throws(InputFailure) -> DataNode {
        let position = TextPosition(node.mark)
        budget.used += 1
        if budget.used > budget.limit {
            throw InputFailure.content(file, at: position, "aliases expand to more than \(budget.limit) values; such a document is refused")
        }
        if depth > maximumDepth {
            throw InputFailure.content(file, at: position, "nesting deeper than \(maximumDepth) levels is not accepted")
        }
        switch node {
        case .scalar(let scalar):
            return DataNode(scalarValue(node, text: scalar.string), at: position)
        case .alias:
            return DataNode(.null, at: position)
        case .sequence(let sequence):
            var elements: [DataNode] = []
            for element in sequence {
                elements.append(try convert(element, file: file, depth: depth + 1, budget: &budget))
            }
            return DataNode(.array(elements), at: position)
        case .mapping(let mapping):
            var members: [DataNode.Member] = []
            for (key, value) in mapping {
                let keyText = key.scalar?.string ?? String(describing: key.any)
                members.append(DataNode.Member(
                    key: keyText,
                    keyPosition: TextPosition(key.mark),
                    value: try convert(value, file: file, depth: depth + 1, budget: &budget)))
            }
            return DataNode(.object(members), at: position)
        }
    }

    /// Types a plain scalar by YAML's core schema; quoted scalars stay strings.
    private static func scalarValue(_ node: Node, text: String) -> DataNode.Value {
        switch Yams.Tag.Name(rawValue: node.tag.rawValue) {
        case .null: return .null
        case .bool: return node.bool.map(DataNode.Value.bool) ?? .string(text)
        case .int: return .number(node.int.map(String.init) ?? text)
        case .float: return .number(text)
        default: return .string(text)
        }
    }

    private static func failure(from error: YamlError, file: String) -> InputFailure {
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            var message = "invalid YAML: \(problem)"
            if let context {
                message += " (\(context.text) at line \(context.mark.line), column \(context.mark.column))"
            }
            if problem.contains("could not find expected") || problem.contains("end of stream") {
                message += "; the file may be truncated"
            }
            return .content(file, at: TextPosition(mark), message)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "\"\($0)\"" }.joined(separator: ", ")
            return .content(file, at: TextPosition(context.mark), "duplicate key \(keys) in one mapping")
        case .reader(let problem, _, _, _):
            return .file(file, "cannot be read as YAML: \(problem)", status: .dataError)
        default:
            return .file(file, "cannot be read as YAML: \(error)", status: .dataError)
        }
    }
}

extension TextPosition {
    /// The position of a Yams mark (both 1-based); line 0 when Yams gives none.
    init(_ mark: Mark?) {
        self.init(line: mark?.line ?? 0, column: mark?.column ?? 0)
    }
}

/// Counts how deep `[` and `{` nest in a YAML text, skipping quoted scalars and comments, so that
/// a document nested deep enough to exhaust the stack is refused before it is parsed.
enum FlowDepthCheck {
    static func check(_ input: InputFile, limit: Int) throws(InputFailure) {
        var depth = 0
        var line = 1
        var column = 0
        var quote: UInt8? = nil
        var inComment = false
        var previous: UInt8 = 0x0A
        for byte in input.bytes {
            if byte == 0x0A {
                line += 1
                column = 0
                inComment = false
                previous = byte
                continue
            }
            if byte & 0xC0 != 0x80 { column += 1 }
            if inComment { continue }
            if let open = quote {
                if byte == open { quote = nil }
                previous = byte
                continue
            }
            switch byte {
            case UInt8(ascii: "#") where previous == 0x20 || previous == 0x09 || previous == 0x0A:
                inComment = true
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                if Self.startsValue(previous) { quote = byte }
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                if Self.startsValue(previous) {
                    depth += 1
                    if depth > limit {
                        throw InputFailure.content(input.path, at: TextPosition(line: line, column: column),
                                                   "nesting deeper than \(limit) levels is not accepted")
                    }
                }
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                if depth > 0 { depth -= 1 }
            default:
                break
            }
            previous = byte
        }
    }

    /// Whether a value may start right after `byte` (white space, a line start, or a flow indicator).
    private static func startsValue(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x20, 0x09, 0x0A, UInt8(ascii: "["), UInt8(ascii: "{"), UInt8(ascii: ","), UInt8(ascii: ":"), UInt8(ascii: "-"):
            true
        default:
            false
        }
    }
}
