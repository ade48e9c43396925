/// The path to a value inside a document, printed as `users[3].email`.
public struct KeyPath: Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// One step of a path: a key in an object or an index in a list.
    public enum Component: Hashable, Sendable {
        case key(String)
        case index(Int)
    }

    /// The steps from the document's root.
    public private(set) var components: [Component]

    /// The document's root.
    public static let root = KeyPath(components: [])

    /// Creates a path from its steps.
    public init(components: [Component]) {
        self.components = components
    }

    /// Creates a path from dot-separated keys, such as `counts.tickets`.
    public init(stringLiteral value: String) {
        components = value.split(separator: ".").map { .key(String($0)) }
    }

    /// The path one key further down.
    public func appending(_ key: String) -> KeyPath {
        KeyPath(components: components + [.key(key)])
    }

    /// The path one list entry further down.
    public func appending(index: Int) -> KeyPath {
        KeyPath(components: components + [.index(index)])
    }

    /// The path as people write it: `users[3].email`.
    public var description: String {
        var text = ""
        for component in components {
            switch component {
            case .key(let key):
                if !text.isEmpty { text += "." }
                text += key
            case .index(let index):
                text += "[\(index)]"
            }
        }
        return text
    }
}

extension Dictionary where Key == KeyPath, Value == TextPosition {
    /// Where the value at `path` stands: the recorded position of the path, else of its nearest
    /// recorded ancestor, else the start of the document.
    func nearest(_ path: KeyPath) -> TextPosition {
        var components = path.components
        while !components.isEmpty {
            if let position = self[KeyPath(components: components)] { return position }
            components.removeLast()
        }
        return TextPosition(line: 1, column: 1)
    }
}
