import Foundation

/// One record's request to Intercom as it is built: the path, the body, the values as the
/// destination will return them, and what stops or changed it.
struct IntercomRequest {
    /// A value of the body, typed as the request schema takes it.
    enum Value: Equatable {
        case string(String)
        case integer(Int)
        case number(Double)
        case boolean(Bool)
        case list([String])

        /// As `source/STEP.csv` lists it.
        var text: String {
            switch self {
            case .string(let value): value
            case .integer(let value): String(value)
            case .number(let value): String(value)
            case .boolean(let value): value ? "true" : "false"
            case .list(let values): values.joined(separator: ";")
            }
        }

        var json: Any {
            switch self {
            case .string(let value): value
            case .integer(let value): value
            case .number(let value): value
            case .boolean(let value): value
            case .list(let values): values
            }
        }
    }

    let step: IntercomLoadPlan.Step
    let sourceID: String
    var path: String
    private(set) var body: [String: Any] = [:]
    private var columns: [String: String] = [:]
    /// Why the record cannot be sent: the export's column and the words.
    var problems: [(column: String, message: String)] = []
    /// The values changed to fit, as the map allows: the field and the words.
    var changes: [(field: String, words: String)] = []

    init(step: IntercomLoadPlan.Step, sourceID: String) {
        self.step = step
        self.sourceID = sourceID
        path = step.endpoint
    }

    /// The value `column` of `source/STEP.csv` holds (empty when the request sends none).
    func column(_ name: String) -> String {
        columns[name] ?? ""
    }

    /// Records `text` in `column` of `source/STEP.csv` without sending it.
    mutating func record(_ text: String, in column: String) {
        columns[column] = text
    }

    /// Puts `value` where `placement` says.
    mutating func set(_ value: Value, at placement: IntercomLoadPlan.Placement, column: String) {
        if !column.isEmpty { columns[column] = value.text }
        switch placement {
        case .top(let name):
            body[name] = value.json
        case .attribute(let container, let name):
            var attributes = body[container] as? [String: Any] ?? [:]
            attributes[name] = value.json
            body[container] = attributes
        case .assignment(let name):
            var assignment = body["assignment"] as? [String: Any] ?? [:]
            assignment[name] = value.json
            body["assignment"] = assignment
        case .contact:
            body["contacts"] = [["external_id": value.json]]
        case .parent, .elsewhere:
            return
        }
    }

    /// Adds what every request of its kind holds (a part's type, a ticket's type) and checks what
    /// the request schema requires. `ticketType` is the id of the step's ticket type.
    mutating func finish(ticketType: String?) {
        switch step.destination {
        case _ where step.kind != .create || !problems.isEmpty:
            return
        case "reply":
            body["message_type"] = "comment"
            if body["type"] as? String == "user" {
                body["admin_id"] = nil
                columns["admin_id"] = nil
                if body["email"] == nil { problems.append(("author_email", "a customer's reply needs the author's e-mail, and the record holds none")) }
            } else {
                body["type"] = "admin"
                body["email"] = nil
                columns["email"] = nil
                // An agent's reply whose author the load could not find has its problem already.
                if body["admin_id"] == nil { problems.append(("author_user_id", "an agent's reply needs the teammate who wrote it, and the record names none")) }
            }
        case "note":
            body["message_type"] = "note"
            body["type"] = "admin"
            if body["admin_id"] == nil { problems.append(("author_user_id", "a note needs the teammate who wrote it, and the record names none")) }
        case "ticket":
            if let ticketType { body["ticket_type_id"] = ticketType }
            if body["contacts"] == nil { problems.append(("contact_id", "a ticket needs its contact, and the record names none")) }
        default:
            break
        }
        if let files = body["attachment_urls"] as? [String], files.count > 10 {
            problems.append(("url", "\(files.count) files, and Intercom takes at most 10 a part"))
        }
    }

    /// The request as one JSONL line: `method`, `path`, `source_id`, `body`, keys sorted.
    var line: [UInt8] {
        let request: [String: Any] = ["method": step.method, "path": path, "source_id": sourceID, "body": body]
        let data = (try? JSONSerialization.data(withJSONObject: request, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return Array(data) + [0x0A]
    }
}

/// A file written as its bytes come, a few MB at a time, and created with its first bytes: a
/// step that sends nothing leaves no file.
final class StreamedFile {
    let path: String
    private var sink: FileSink?
    private var buffer: [UInt8] = []

    init(path: String) {
        self.path = path
    }

    /// Appends `bytes`, creating the file (and its folder) first when they are its first.
    func append(_ bytes: [UInt8]) throws(OutputWriter.Failure) {
        if sink == nil {
            try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            sink = try FileSink(path: path)
        }
        buffer += bytes
        if buffer.count >= FileSink.chunk {
            buffer.withUnsafeBytes { sink?.write($0) }
            buffer.removeAll(keepingCapacity: true)
        }
    }

    /// Writes what is left and closes the file.
    func finish() throws(OutputWriter.Failure) {
        guard let sink else { return }
        buffer.withUnsafeBytes { sink.write($0) }
        buffer.removeAll()
        try sink.close()
        self.sink = nil
    }
}

/// What links a load's rows to the records they land on, read before the steps that need it: the
/// record a row of a joining object lands on (a conversation on its ticket), and the files each
/// part carries (an Intercom message's attachments). Read whole, or one slice at a time
/// (``LinkSlice``) when the export holds more such rows than a load keeps in memory at once.
struct PartLinks {
    /// Object → row id → the object and source id of the record it lands on.
    private var landsOn: [String: [String: (object: String, id: String)]] = [:]
    /// A part's source id → its files' addresses.
    private(set) var files: [String: [String]] = [:]

    /// No links: for a step that names no record through another.
    init() {}

    /// Reads the rows of every joining object, or those of `slice` only.
    init(export: InputFolder, map: FieldMap, slice: LinkSlice? = nil) throws(InputFailure) {
        for object in map.objects where object.records.contains(where: { $0.operation == .join }) {
            guard let path = try export.input(object.file), let idColumn = ExportLayout.files.first(where: { $0.name == object.file })?.idColumn else { continue }
            let scanner = try CSVScanner(path: path)
            let index = Dictionary(scanner.header.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
            var targets: [String: (object: String, id: String)] = [:]
            try scanner.forEachRow(columns: Array(scanner.header.indices)) { _, fields throws(InputFailure) in
                let row = { (name: String) -> String in index[name].map { fields[$0].string } ?? "" }
                let id = row(idColumn)
                if let slice, !slice.contains(id) { return }
                guard let rule = object.records.first(where: { $0.when?.holds(row) ?? true }) else { return }
                guard rule.operation == .join, let column = rule.joins, let target = ExportLayout.referencedObject(of: object.object, column: column) else {
                    targets[id] = (object.object, id)
                    return
                }
                if let file = map.fields.first(where: { $0.object == object.object && $0.when == rule.when && $0.destinationField == "attachment_urls" }), let source = file.source {
                    files[row(column), default: []].append(row(source))
                } else {
                    targets[id] = (target, row(column))
                }
            }
            landsOn[object.object] = targets
        }
    }

    /// How many rows the joining objects' files hold: what ``init(export:map:slice:)`` keeps
    /// when it reads them whole.
    static func rows(in export: InputFolder, map: FieldMap) throws(InputFailure) -> Int {
        var count = 0
        for object in map.objects where object.records.contains(where: { $0.operation == .join }) {
            guard let path = try export.input(object.file) else { continue }
            try CSVScanner(path: path).forEachRow(columns: [0]) { _, _ in count += 1 }
        }
        return count
    }

    /// The record a part whose parent is `object`'s `id` is added to.
    func parent(of object: String, _ id: String) -> (object: String, id: String)? {
        guard let rows = landsOn[object] else { return (object, id) }
        return rows[id]
    }
}

/// One of `count` shares of a load's linking rows, by a hash of the id that links them (FNV-1a of
/// its UTF-8, so that the shares, and the order records are written in, are the same on every
/// run): the links a step keeps in memory at once are about a `count`th of the export's.
struct LinkSlice {
    let index: Int
    let count: Int

    /// How many linking rows a load keeps in memory at once (up to 150 bytes each, with the
    /// tables' room to grow): an export with more is written in as many passes over a linking
    /// step's file as shares it takes.
    static let rowsInMemory = 100_000

    /// The shares of `rows` linking rows: one when they fit in memory (`inMemory` of them).
    static func shares(of rows: Int, inMemory: Int = rowsInMemory) -> Int {
        max(1, (rows + max(inMemory, 1) - 1) / max(inMemory, 1))
    }

    /// Whether `id` falls in this share.
    func contains(_ id: String) -> Bool {
        contains(bytes: id.utf8)
    }

    /// Whether the id whose UTF-8 is `bytes` falls in this share.
    func contains(bytes: some Sequence<UInt8>) -> Bool {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return Int(hash % UInt64(count)) == index
    }
}
