/// How a destination takes back what a load created, object by object, as its own documentation
/// says: a delete job of the object's ids, a query for the ids of the record that owns it and a
/// delete job of those, one request per id, or nothing at all.
public struct PlatformRollback: Equatable, Sendable, Encodable {
    /// How the records of one object are deleted.
    public enum Way: Equatable, Sendable {
        /// A Bulk API 2.0 ingest job with the operation `delete`, its CSV the single `Id` column.
        case deleteJob
        /// The records cannot be deleted themselves: `query` (with `{ids}` where the created ids
        /// go) returns the ids of `object`, whose delete job takes them with it.
        case deleteOwner(object: String, query: String)
        /// One request per id: `method` and `path`, `{id}` where the id goes.
        case request(method: String, path: String)
        /// The API deletes nothing of the object, for `reason`.
        case notDeletable(reason: String)
    }

    /// The way for one destination object, and the documentation it rests on.
    public struct Rule: Equatable, Sendable, Encodable {
        /// The destination object, as runs name it (`ContentVersion`, `ticket`).
        public var object: String
        public var way: Way
        public var source: String

        private enum CodingKeys: String, CodingKey { case object, deleteJob = "delete_job", delete, query, request, notDeletable = "not_deletable", source }

        /// As the catalog file writes it.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(object, forKey: .object)
            switch way {
            case .deleteJob: try container.encode(true, forKey: .deleteJob)
            case .deleteOwner(let owner, let query):
                try container.encode(owner, forKey: .delete)
                try container.encode(query, forKey: .query)
            case .request(let method, let path): try container.encode("\(method) \(path)", forKey: .request)
            case .notDeletable(let reason): try container.encode(reason, forKey: .notDeletable)
            }
            try container.encode(source, forKey: .source)
        }
    }

    /// The way of every object no rule names, with its documentation, when the platform has one.
    public var otherwise: Rule?
    /// The objects' own ways.
    public var rules: [Rule]

    /// How `object`'s records are deleted.
    public func rule(for object: String) -> Rule {
        rules.first { $0.object == object }
            ?? otherwise.map { Rule(object: object, way: $0.way, source: $0.source) }
            ?? Rule(object: object, way: .notDeletable(reason: "the catalog names no way to delete it"), source: "")
    }
}

extension PlatformRollback {
    /// Reads `rollback:` of a platform file.
    static func decode(_ node: DataNode, _ path: KeyPath, decoder: NodeDecoder) -> PlatformRollback? {
        guard let fields = decoder.fields(node, path) else { return nil }
        let otherwise = fields.optional("otherwise") { node, path in rule(node, path, decoder: decoder, named: false) }
        let rules = fields.required("objects") { node, path in decoder.list(node, path) { rule($0, $1, decoder: decoder, named: true) } }
        fields.finish()
        guard let rules else { return nil }
        return PlatformRollback(otherwise: otherwise, rules: rules)
    }

    /// `{ object, delete_job: true | delete: OWNER, query | request: "METHOD /path/{id}" | not_deletable: WHY, source }`.
    private static func rule(_ node: DataNode, _ path: KeyPath, decoder: NodeDecoder, named: Bool) -> Rule? {
        guard let fields = decoder.fields(node, path) else { return nil }
        let object = named ? fields.required("object", decoder.nonEmptyString) : "*"
        let ways = ["delete_job", "delete", "request", "not_deletable"].filter(fields.has)
        let deleteJob = fields.optional("delete_job", decoder.bool)
        let owner = fields.optional("delete", decoder.nonEmptyString)
        let query = fields.optional("query") { node, path -> String? in
            guard let query = decoder.nonEmptyString(node, path) else { return nil }
            guard query.contains("{ids}") else {
                decoder.error("the query must hold {ids}, where the created ids go", at: node.position, path: path)
                return nil
            }
            return query
        }
        let request = fields.optional("request") { node, path -> (String, String)? in
            guard let text = decoder.nonEmptyString(node, path) else { return nil }
            let parts = text.split(separator: " ", maxSplits: 1).map(String.init)
            guard parts.count == 2, ["DELETE", "POST", "PUT"].contains(parts[0]), parts[1].hasPrefix("/"), parts[1].contains("{id}") else {
                decoder.error("expected METHOD /path/{id}, such as DELETE /tickets/{id}, found \(NodeDecoder.quoted(text))", at: node.position, path: path)
                return nil
            }
            return (parts[0], parts[1])
        }
        let reason = fields.optional("not_deletable", decoder.nonEmptyString)
        let source = fields.required("source", decoder.documentationURL)
        fields.finish()
        guard ways.count == 1, deleteJob != false else {
            decoder.error("expected one way to delete: delete_job: true, delete: OBJECT with its query, request: METHOD /path/{id}, or not_deletable: WHY",
                          at: node.position, path: path)
            return nil
        }
        let way: Way
        switch ways[0] {
        case "delete_job": way = .deleteJob
        case "delete":
            guard let owner else { return nil }
            guard let query else {
                decoder.error("delete: \(owner) needs the query that finds its ids (query: ... {ids})", at: node.position, path: path)
                return nil
            }
            way = .deleteOwner(object: owner, query: query)
        case "request":
            guard let request else { return nil }
            way = .request(method: request.0, path: request.1)
        default:
            guard let reason else { return nil }
            way = .notDeletable(reason: reason)
        }
        guard let object, let source else { return nil }
        return Rule(object: object, way: way, source: source)
    }
}
