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

extension DataNode {
    /// The first key written a second time in one object, anywhere in this node, with where its
    /// first copy stands; `nil` when every object's keys differ.
    func repeatedKey() -> (repeated: Member, first: TextPosition)? {
        switch value {
        case .object(let members):
            var seen: [String: TextPosition] = [:]
            for member in members {
                if let first = seen[member.key] { return (member, first) }
                seen[member.key] = member.keyPosition
                if let inner = member.value.repeatedKey() { return inner }
            }
            return nil
        case .array(let elements):
            for element in elements {
                if let inner = element.repeatedKey() { return inner }
            }
            return nil
        default:
            return nil
        }
    }

    /// Where the value at `path` below this node stands, else its nearest ancestor that is in the
    /// document (a key that is missing points at its object). Found by walking the tree, so
    /// reading a document keeps no table of every value's place; under a key written twice, the
    /// first is the one meant.
    func nearestPosition(_ path: KeyPath) -> TextPosition {
        var node = self
        for component in path.components {
            switch (component, node.value) {
            case (.key(let key), .object(let members)):
                guard let member = members.first(where: { $0.key == key }) else { return node.position }
                node = member.value
            case (.index(let index), .array(let elements)):
                guard elements.indices.contains(index) else { return node.position }
                node = elements[index]
            default:
                return node.position
            }
        }
        return node.position
    }
}
