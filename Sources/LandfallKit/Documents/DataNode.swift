/// A value read from a JSON, YAML or XML document, with the position it was read from.
///
/// The three readers all produce this tree, so that decoding and validation are written once.
/// XML carries no types: its leaf values arrive as ``Value/text(_:)`` and take the type the
/// decoder asks for.
public struct DataNode: Sendable, Equatable {
    /// One entry of an object: the key, where the key stands, and its value.
    public struct Member: Sendable, Equatable {
        /// The key as written.
        public var key: String
        /// Where the key stands.
        public var keyPosition: TextPosition
        /// The value under the key.
        public var value: DataNode

        /// Creates an object entry.
        public init(key: String, keyPosition: TextPosition, value: DataNode) {
            self.key = key
            self.keyPosition = keyPosition
            self.value = value
        }
    }

    /// The value itself.
    public enum Value: Sendable, Equatable {
        /// A mapping of keys to values, in document order.
        case object([Member])
        /// A list of values.
        case array([DataNode])
        /// A string that the document typed as one (JSON, quoted or plain YAML).
        case string(String)
        /// A number, kept as its literal text so that nothing is rounded on the way.
        case number(String)
        /// `true` or `false`.
        case bool(Bool)
        /// JSON `null` or YAML `~`.
        case null
        /// Untyped text (XML): it becomes whatever scalar the reader expects.
        case text(String)
    }

    /// The value.
    public var value: Value
    /// Where the value starts.
    public var position: TextPosition

    /// Creates a node.
    public init(_ value: Value, at position: TextPosition) {
        self.value = value
        self.position = position
    }

    /// A short name for the kind of value, for messages: "an object", "a list", "a string" …
    public var kindDescription: String {
        switch value {
        case .object: "an object"
        case .array: "a list"
        case .string: "a string"
        case .number: "a number"
        case .bool: "a true/false value"
        case .null: "null"
        case .text(let text): text.isEmpty ? "an empty value" : "text"
        }
    }
}
