import Foundation

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
