import Foundation

/// Turns ``DataNode`` values into typed values, recording a finding for every value that does not
/// fit, so that a whole document is checked in one pass.
///
/// Each reading method returns `nil` after recording why; callers go on with the next field.
public final class NodeDecoder {
    /// The findings so far.
    public var log: DiagnosticLog

    /// The document being decoded: where a value stands is looked up in it.
    public let root: DataNode

    /// Starts decoding `root`, read from `file`.
    public init(file: String, root: DataNode) {
        log = DiagnosticLog(file: file)
        self.root = root
    }

    /// Where the value at `path` stands, else its nearest ancestor in the document.
    public func position(of path: KeyPath) -> TextPosition {
        root.nearestPosition(path)
    }

    /// Records an error.
    public func error(_ message: String, at position: TextPosition, path: KeyPath) {
        log.error(message, at: position, path: path)
    }

    /// Records a warning.
    public func warning(_ message: String, at position: TextPosition, path: KeyPath) {
        log.warning(message, at: position, path: path)
    }

    /// The fields of an object node, or `nil` (with an error) when the node is not an object.
    public func fields(_ node: DataNode, _ path: KeyPath) -> FieldReader? {
        switch node.value {
        case .object(let members):
            return FieldReader(decoder: self, members: members, position: node.position, path: path)
        case .text(let text) where text.allSatisfy(\.isWhitespace):
            return FieldReader(decoder: self, members: [], position: node.position, path: path)
        default:
            error("expected an object (keys and values), found \(node.kindDescription)", at: node.position, path: path)
            return nil
        }
    }

    /// The entries of a list node, or `nil` (with an error) when the node is not a list.
    public func list(_ node: DataNode, _ path: KeyPath) -> [DataNode]? {
        switch node.value {
        case .array(let elements):
            return elements
        case .text(let text) where text.allSatisfy(\.isWhitespace):
            return []
        default:
            error("expected a list, found \(node.kindDescription)", at: node.position, path: path)
            return nil
        }
    }

    /// Each entry of a list node read with `read`; entries that fail are left out.
    public func list<T>(_ node: DataNode, _ path: KeyPath, of read: (DataNode, KeyPath) -> T?) -> [T]? {
        guard let elements = list(node, path) else { return nil }
        return elements.enumerated().compactMap { index, element in
            read(element, path.appending(index: index))
        }
    }

    /// A list of strings.
    public func stringList(_ node: DataNode, _ path: KeyPath) -> [String]? {
        list(node, path, of: string)
    }

    /// A string value. A control character no document can show (NUL, an escape, a C1 control)
    /// is replaced by U+FFFD, with a warning at the value.
    public func string(_ node: DataNode, _ path: KeyPath) -> String? {
        switch node.value {
        case .string(let text), .text(let text):
            if let hidden = ControlCharacters.firstHidden(in: text) {
                let hex = String(hidden.value, radix: 16, uppercase: true)
                let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
                warning("the value holds a control character (\(code)) that no document can show; it is replaced by U+FFFD", at: node.position, path: path)
                return ControlCharacters.replaced(text)
            }
            return text
        default:
            error("expected text, found \(node.kindDescription)", at: node.position, path: path)
            return nil
        }
    }

    /// An `https://` address of vendor documentation, without spaces.
    public func documentationURL(_ node: DataNode, _ path: KeyPath) -> String? {
        guard let text = string(node, path) else { return nil }
        guard text.hasPrefix("https://"), text.count > "https://".count, !text.contains(where: \.isWhitespace) else {
            error("expected an https:// address of the documentation, found \(Self.quoted(text))", at: node.position, path: path)
            return nil
        }
        return text
    }

    /// A string that must not be empty or blank.
    public func nonEmptyString(_ node: DataNode, _ path: KeyPath) -> String? {
        guard let text = string(node, path) else { return nil }
        guard !text.allSatisfy(\.isWhitespace) else {
            error("must not be empty", at: node.position, path: path)
            return nil
        }
        return text
    }

    /// `true` or `false` (in XML, the text `true` or `false`).
    public func bool(_ node: DataNode, _ path: KeyPath) -> Bool? {
        switch node.value {
        case .bool(let value):
            return value
        case .text(let text):
            switch text.trimmingWhitespaceAndNewlines() {
            case "true": return true
            case "false": return false
            default: break
            }
        default:
            break
        }
        error("expected true or false, found \(describe(node))", at: node.position, path: path)
        return nil
    }

    /// A whole number within `range`.
    ///
    /// A number written with a fraction is refused; one written as `5.0` or `1e3` is accepted,
    /// since its value is whole.
    public func integer(_ node: DataNode, _ path: KeyPath, in range: ClosedRange<Int>, rangeHint: String? = nil) -> Int? {
        let literal: String
        switch node.value {
        case .number(let text):
            literal = text
        case .text(let text):
            literal = text.trimmingWhitespaceAndNewlines()
        default:
            error("expected a whole number, found \(describe(node))", at: node.position, path: path)
            return nil
        }
        guard let value = WholeNumber.parse(literal) else {
            error("expected a whole number, found \(Self.quoted(literal))", at: node.position, path: path)
            return nil
        }
        switch value {
        case .fractional:
            error("must be a whole number, found \(literal)", at: node.position, path: path)
            return nil
        case .tooLarge:
            error("\(literal) is far too large (the most accepted is \(Format.count(range.upperBound)))", at: node.position, path: path)
            return nil
        case .whole(let number):
            if number < range.lowerBound {
                let message = range.lowerBound == 0
                    ? "must not be negative, found \(number)"
                    : "must be at least \(Format.count(range.lowerBound)), found \(number)"
                error(message, at: node.position, path: path)
                return nil
            }
            if number > range.upperBound {
                let hint = rangeHint.map { " (\($0))" } ?? ""
                error("\(Format.count(number)) is not believable: the most accepted is \(Format.count(range.upperBound))\(hint)", at: node.position, path: path)
                return nil
            }
            return number
        }
    }

    /// A number (whole or not) within `range`.
    public func number(_ node: DataNode, _ path: KeyPath, in range: ClosedRange<Double>) -> Double? {
        let literal: String
        switch node.value {
        case .number(let text): literal = text
        case .text(let text): literal = text.trimmingWhitespaceAndNewlines()
        default:
            error("expected a number, found \(describe(node))", at: node.position, path: path)
            return nil
        }
        guard let value = Double(literal), value.isFinite else {
            error("expected a number, found \(Self.quoted(literal))", at: node.position, path: path)
            return nil
        }
        guard range.contains(value) else {
            error("\(literal) is out of range (\(Self.format(range.lowerBound)) to \(Self.format(range.upperBound)))", at: node.position, path: path)
            return nil
        }
        return value
    }

    /// A number without a needless `.0`, for messages.
    static func format(_ value: Double) -> String {
        value.rounded() == value && value.magnitude < 1e15 ? String(Int(value)) : String(value)
    }

    /// One of the cases of `E`, matched by raw value; an unknown value gets the nearest known one
    /// as a hint.
    public func oneOf<E: RawRepresentable & CaseIterable>(_ node: DataNode, _ path: KeyPath, _ what: String) -> E?
    where E.RawValue == String {
        guard let text = string(node, path) else { return nil }
        let trimmed = text.trimmingWhitespaceAndNewlines()
        if let value = E(rawValue: trimmed) { return value }
        let known = E.allCases.map(\.rawValue)
        error("unknown \(what) \(Self.quoted(text)); expected one of \(known.joined(separator: ", "))\(NameSuggestion.hint(for: trimmed, among: known))",
              at: node.position, path: path)
        return nil
    }

    /// A value for a message: quoted text, or the kind of value.
    func describe(_ node: DataNode) -> String {
        switch node.value {
        case .string(let text): "the string \(Self.quoted(text))"
        case .text(let text): Self.quoted(text)
        case .number(let text): "the number \(text)"
        case .bool(let value): "\(value)"
        default: node.kindDescription
        }
    }

    /// Text in double quotes, shortened when long, for messages.
    static func quoted(_ text: String) -> String {
        let clipped = text.count > 60 ? String(text.prefix(57)) + "…" : text
        return "\"\(clipped)\""
    }

}

/// The value of a number literal, as far as a count cares.
enum WholeNumber: Equatable {
    case whole(Int)
    case fractional
    case tooLarge

    /// Parses a JSON/YAML/XML number literal; `nil` when it is not a number at all.
    static func parse(_ literal: String) -> WholeNumber? {
        var digits = Substring(literal)
        if digits.first == "+" { digits = digits.dropFirst() }
        let sign = digits.first == "-" ? digits.dropFirst() : digits
        if !sign.isEmpty, sign.allSatisfy(\.isASCII), sign.allSatisfy(\.isNumber) {
            guard let value = Int(digits) else { return .tooLarge }
            return .whole(value)
        }
        guard literal.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }),
              let value = Double(literal), value.isFinite
        else { return nil }
        guard value.rounded() == value else { return .fractional }
        guard value.magnitude < 9.0e15 else { return .tooLarge }
        return .whole(Int(value))
    }
}
