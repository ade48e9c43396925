import Foundation

/// A migration run as `run.json` describes it.
public struct RunDescription: Sendable, Equatable {
    /// What kind of run.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case sandbox
        case production
        case delta
        /// Deletes what earlier runs of the migration created: its source files list destination ids.
        case rollback

        /// Whether a run of this kind may load into either environment (`run.json` says which).
        var namesEnvironment: Bool { self == .delta || self == .rollback }
    }

    /// The destination org or workspace a run loads into: runs of one migration are compared and
    /// counted together only within one environment.
    public enum Environment: String, Sendable, Codable, CaseIterable {
        case sandbox
        case production

        /// The environment a run of `kind` loads into when `run.json` does not say: a delta run
        /// follows the production load, and a rollback takes one back.
        public init(defaultFor kind: Kind) {
            self = kind == .sandbox ? .sandbox : .production
        }
    }

    /// One object the run loaded, in load order.
    public struct Object: Sendable, Equatable {
        /// The source object (`ticket`, `review` …).
        public var object: String
        /// The submitted records, relative to the run folder.
        public var sourceFile: String
        /// The id column in the source file.
        public var idColumn: String
        /// The id column in the result files.
        public var resultIDColumn: String
        /// The parent object, for children (a review response's review).
        public var parentObject: String?
        /// The child's column that holds its parent's id.
        public var parentColumn: String?
        /// The destination object its records land in (`Case`), when the run says; else the
        /// catalog's mapping of `object` says.
        public var destinationObject: String? = nil
    }

    /// The run's id, unique in the site.
    public var runID: String
    /// Sandbox, production, delta or rollback.
    public var kind: Kind
    /// Where the run loaded: `sandbox` or `production`.
    public var environment: Environment
    /// The destination platform id.
    public var destination: String
    /// The destination's family, which says how its result files are written.
    public var family: DestinationFamily
    /// When the run started.
    public var startedAt: Date
    /// When it finished.
    public var finishedAt: Date
    /// The manifest, relative to the run folder.
    public var manifest: String?
    /// The migration the run belongs to (runs of one migration are compared with each other).
    public var migration: String
    /// The objects, in load order.
    public var objects: [Object]
}

extension RunDescription {
    /// A path relative to the run folder that stays inside it (no leading `/`, no `..`).
    private static func insideFolder(_ decoder: NodeDecoder, key: String) -> (DataNode, KeyPath) -> String? {
        { node, path in
            guard let file = decoder.nonEmptyString(node, path) else { return nil }
            guard !file.hasPrefix("/"), !file.split(separator: "/").contains("..") else {
                decoder.error("\(key) must lie inside the run folder, found \(NodeDecoder.quoted(file))", at: node.position, path: path)
                return nil
            }
            return file
        }
    }

    /// Reads and checks `run.json` in `folder`.
    ///
    /// - Returns: the description, or every finding with the exit status.
    static func read(folder: String, vocabulary: ManifestVocabulary) -> Result<RunDescription, RunFailure> {
        let path = (folder as NSString).appendingPathComponent("run.json")
        do {
            // run.json is an input like the others: it lies inside the run folder.
            _ = try InputFolder(path: folder).input("run.json")
            return read(try InputFile(path: path), vocabulary: vocabulary)
        } catch {
            return .failure(RunFailure([error.diagnostic], status: error.status))
        }
    }

    /// Reads and checks a `run.json` already read.
    static func read(_ input: InputFile, vocabulary: ManifestVocabulary) -> Result<RunDescription, RunFailure> {
        let root: DataNode
        do {
            root = try DocumentReader.read(input)
        } catch {
            return .failure(RunFailure([error.diagnostic], status: error.status))
        }
        let decoder = NodeDecoder(file: input.path, root: root)
        let description = decode(root, decoder: decoder, vocabulary: vocabulary)
        let findings = decoder.log.diagnostics.sorted()
        guard let description, !findings.hasErrors else { return .failure(RunFailure(findings, status: .dataError)) }
        return .success(description)
    }

    private static func decode(_ root: DataNode, decoder: NodeDecoder, vocabulary: ManifestVocabulary) -> RunDescription? {
        guard let fields = decoder.fields(root, .root) else { return nil }
        let runID = fields.required("run_id", folderName(decoder, "a run id"))
        let kind: Kind? = fields.required("kind") { decoder.oneOf($0, $1, "run kind") }
        let environment: Environment? = fields.optional("environment") { decoder.oneOf($0, $1, "environment") }
        let destination = fields.required("destination") { node, path -> String? in
            guard let name = decoder.nonEmptyString(node, path) else { return nil }
            guard vocabulary.destinations.contains(name) else {
                decoder.error("unknown destination platform \(NodeDecoder.quoted(name))\(NameSuggestion.hint(for: name, among: vocabulary.destinations))",
                              at: node.position, path: path)
                return nil
            }
            guard vocabulary.families[name] != nil else {
                decoder.error("the destination \(NodeDecoder.quoted(name)) has no result-file format: its platform file names no family (salesforce or intercom)",
                              at: node.position, path: path)
                return nil
            }
            return name
        }
        let started = fields.required("started_at", timestamp(decoder))
        let finished = fields.required("finished_at", timestamp(decoder))
        let manifest = fields.optional("manifest", insideFolder(decoder, key: "manifest"))
        let migration = fields.optional("migration", folderName(decoder, "a migration"))
        let objects = fields.required("objects") { decoder.list($0, $1, of: object(decoder)) }
        fields.finish()
        guard let runID, let kind, let destination, let started, let finished, let objects else { return nil }
        if objects.isEmpty {
            decoder.error("a run loads at least one object", at: decoder.position(of: "objects"), path: "objects")
        }
        var seen: [String: Int] = [:]
        for (index, entry) in objects.enumerated() {
            let path = KeyPath(components: [.key("objects"), .index(index)])
            if let earlier = seen[entry.object] {
                decoder.error("the object \"\(entry.object)\" is already listed at objects[\(earlier)]", at: decoder.position(of: path.appending("object")),
                              path: path.appending("object"))
            }
            seen[entry.object] = index
            if (entry.parentObject == nil) != (entry.parentColumn == nil) {
                decoder.error("parent_object and parent_column go together", at: decoder.position(of: path), path: path)
            }
            if let parent = entry.parentObject, seen[parent] == nil || seen[parent] == index {
                decoder.error("the parent object \"\(parent)\" must be listed before \"\(entry.object)\" (objects are in load order)",
                              at: decoder.position(of: path.appending("parent_object")), path: path.appending("parent_object"))
            }
        }
        if let environment, !kind.namesEnvironment, environment != Environment(defaultFor: kind) {
            decoder.error("a \(kind.rawValue) run loads into \(Environment(defaultFor: kind).rawValue), not \(environment.rawValue) (only a delta or rollback run may name either)",
                          at: decoder.position(of: "environment"), path: "environment")
        }
        if finished < started {
            decoder.error("finished_at is before started_at", at: decoder.position(of: "finished_at"), path: "finished_at")
        }
        return RunDescription(runID: runID, kind: kind, environment: environment ?? Environment(defaultFor: kind), destination: destination, family: vocabulary.families[destination] ?? .salesforce, startedAt: started, finishedAt: finished, manifest: manifest,
                              migration: migration ?? defaultMigration(runID, kind: kind), objects: objects)
    }

    /// The run id up to its kind: `northwind-sandbox-2` belongs to `northwind`.
    static func defaultMigration(_ runID: String, kind: Kind) -> String {
        for candidate in Kind.allCases {
            if let range = runID.range(of: "-\(candidate.rawValue)") { return String(runID[..<range.lowerBound]) }
        }
        return runID
    }

    /// A value that names a folder of the site (the run's, or the migration's page): letters,
    /// digits, `-`, `_` and `.`, not starting with a dot, at most 120 characters.
    private static func folderName(_ decoder: NodeDecoder, _ what: String) -> (DataNode, KeyPath) -> String? {
        { node, path in
            guard let name = decoder.nonEmptyString(node, path) else { return nil }
            guard name.count <= 120, name.first != ".", name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }) else {
                decoder.error("\(what) may hold only letters, digits, '-', '_' and '.' (it names a folder of the site), found \(NodeDecoder.quoted(name))",
                              at: node.position, path: path)
                return nil
            }
            return name
        }
    }

    private static func timestamp(_ decoder: NodeDecoder) -> (DataNode, KeyPath) -> Date? {
        { node, path in
            guard let text = decoder.string(node, path) else { return nil }
            switch Timestamp.parse(text) {
            case .instant(let date), .withoutZone(let date): return date
            case .invalid:
                decoder.error("\(NodeDecoder.quoted(text)) is not an ISO 8601 date and time", at: node.position, path: path)
                return nil
            }
        }
    }

    private static func object(_ decoder: NodeDecoder) -> (DataNode, KeyPath) -> Object? {
        { node, path in
            guard let fields = decoder.fields(node, path) else { return nil }
            let object = fields.required("object") { node, path -> String? in
                guard let name = decoder.nonEmptyString(node, path) else { return nil }
                guard name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_".contains($0)) }) else {
                    decoder.error("an object name may hold only letters, digits, '-' and '_', found \(NodeDecoder.quoted(name))", at: node.position, path: path)
                    return nil
                }
                return name
            }
            let source = fields.required("source_file", insideFolder(decoder, key: "source_file"))
            let idColumn = fields.required("id_column", decoder.nonEmptyString)
            let resultColumn = fields.optional("result_id_column", decoder.nonEmptyString)
            let parent = fields.optional("parent_object", decoder.nonEmptyString)
            let parentColumn = fields.optional("parent_column", decoder.nonEmptyString)
            let destinationObject = fields.optional("destination_object", decoder.nonEmptyString)
            fields.finish()
            guard let object, let source, let idColumn else { return nil }
            return Object(object: object, sourceFile: source, idColumn: idColumn, resultIDColumn: resultColumn ?? idColumn, parentObject: parent,
                          parentColumn: parentColumn, destinationObject: destinationObject)
        }
    }
}

/// A run that cannot be reconciled, with every finding and the exit status.
public struct RunFailure: Error, Sendable {
    /// The findings.
    public var diagnostics: [Diagnostic]
    /// 65, 66 or 73.
    public var status: ExitStatus

    init(_ diagnostics: [Diagnostic], status: ExitStatus) {
        self.diagnostics = diagnostics
        self.status = status
    }

    /// A file or folder under `place` that could not be written (73).
    init(_ failure: OutputWriter.Failure, at place: String) {
        self.init([Diagnostic(.error, at: SourceLocation(file: place), failure.message)], status: .cannotCreate)
    }
}
