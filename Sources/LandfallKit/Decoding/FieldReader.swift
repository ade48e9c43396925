/// Reads the fields of one object node: required and optional keys, duplicates, and unknown keys
/// (with the nearest known key as a hint).
public final class FieldReader {
    private let decoder: NodeDecoder
    private let members: [DataNode.Member]
    private var firstIndex: [String: Int] = [:]
    private var known: Set<String> = []
    /// Where the object starts.
    public let position: TextPosition
    /// The object's key path.
    public let path: KeyPath

    init(decoder: NodeDecoder, members: [DataNode.Member], position: TextPosition, path: KeyPath) {
        self.decoder = decoder
        self.members = members
        self.position = position
        self.path = path
        for (index, member) in members.enumerated() {
            if let first = firstIndex[member.key] {
                let earlier = members[first].keyPosition
                decoder.error("the key \"\(member.key)\" appears twice (first at line \(earlier.line), column \(earlier.column)); the first one is used",
                              at: member.keyPosition, path: path.appending(member.key))
            } else {
                firstIndex[member.key] = index
            }
        }
    }

    /// The keys not read (or asked for) yet, in document order, each once: what is left for a
    /// section whose keys are names, once its fixed keys are read.
    public var unreadKeys: [String] {
        members.enumerated().filter { firstIndex[$0.element.key] == $0.offset && !known.contains($0.element.key) }.map(\.element.key)
    }

    /// The node under `key`, if present and not null; marks the key as known.
    public func node(_ key: String) -> DataNode? {
        known.insert(key)
        guard let index = firstIndex[key] else { return nil }
        let value = members[index].value
        if case .null = value.value { return nil }
        return value
    }

    /// Whether `key` is present with a value.
    public func has(_ key: String) -> Bool {
        guard let index = firstIndex[key] else { return false }
        if case .null = members[index].value.value { return false }
        return true
    }

    /// The value under `key` read with `read`, or `nil` with an error when the key is missing.
    public func required<T>(_ key: String, _ read: (DataNode, KeyPath) -> T?) -> T? {
        guard let value = node(key) else {
            decoder.error("the required key \"\(key)\" is missing", at: position, path: path.appending(key))
            return nil
        }
        return read(value, path.appending(key))
    }

    /// The value under `key` read with `read`, or `nil` when the key is absent.
    public func optional<T>(_ key: String, _ read: (DataNode, KeyPath) -> T?) -> T? {
        guard let value = node(key) else { return nil }
        return read(value, path.appending(key))
    }

    /// Where `key` itself stands, or the object's own position when it is absent.
    public func keyPosition(of key: String) -> TextPosition {
        firstIndex[key].map { members[$0].keyPosition } ?? position
    }

    /// Marks keys as known without reading them (keys handled elsewhere).
    public func allow(_ keys: [String]) {
        known.formUnion(keys)
    }

    /// Warns about every key that was never asked for, with the nearest known key as a hint.
    public func finish() {
        let candidates = Array(known)
        for (key, index) in firstIndex.sorted(by: { $0.value < $1.value }) where !known.contains(key) {
            let hint = NameSuggestion.nearest(to: key, among: candidates).map { "; did you mean \"\($0)\"?" } ?? ""
            decoder.warning("unknown key \"\(key)\" is ignored\(hint)", at: members[index].keyPosition, path: path.appending(key))
        }
    }
}
