import Foundation

/// The destination ids a load's later steps need (`transform --idmap`): a migration's `idmap.csv`
/// (object, source id, destination id, as `reconcile` publishes it), to which the set-up's own ids
/// may be added as rows of their own: `ticket_type` (the record type's name, `Review`), `team`
/// (the Thread team id) and `ticket_state` (the state the map writes, `resolved`), each with the id
/// Intercom's list requests return for it.
///
/// An object is named as the run named it: a source object (`ticket`) or a step of a load that
/// `transform` wrote (`03-ticket-review`, read as `review`).
///
/// A migration's id map holds a row for every record loaded, so each object's ids are kept
/// compactly: the source id as the key, the destination id in one byte arena, and the line it was
/// read from, about 50 bytes a record.
struct DestinationIDs {
    /// One object's ids.
    private struct Table {
        /// Source id → its row.
        var rows: [String: Int32] = [:]
        /// The destination ids, one after the other; row `r` is `arena[ends[r - 1] ..< ends[r]]`.
        var arena: [UInt8] = []
        var ends: [UInt32] = []
        /// Where each row was read: the file (an index into `files`) and the line.
        var fileIndexes: [UInt16] = []
        var lines: [UInt32] = []

        func destination(ofRow row: Int) -> String {
            let start = row == 0 ? 0 : Int(ends[row - 1])
            return String(decoding: arena[start..<Int(ends[row])], as: UTF8.self)
        }
    }

    /// Source object → its ids.
    private var tables: [String: Table] = [:]
    /// The files read, in order.
    private var files: [String] = []

    /// No ids at all: a first load.
    init() {}

    /// Reads each file of `paths` (the migration's `idmap.csv`, the set-up's ids); a row without
    /// a destination id or whose outcome is `failed` (a record the destination does not hold as
    /// sent) gives none, the first id of a record wins, and a `deleted` row (a rollback) takes the
    /// record's id away, so that a later row gives it again.
    ///
    /// - Throws: ``InputFailure`` naming the file when it is missing or not an id map.
    init(paths: [String]) throws(InputFailure) {
        for path in paths { try read(path) }
    }

    private mutating func read(_ path: String) throws(InputFailure) {
        let scanner = try CSVScanner(path: path)
        var columns: [Int] = []
        for name in ["object", "source_id", "destination_id"] {
            guard let column = scanner.column(name) else {
                throw .content(path, at: TextPosition(line: 1, column: 1), "is not an id map: the header has no \(name) column (object,source_id,destination_id, as reconcile publishes idmap.csv)")
            }
            columns.append(column)
        }
        // The set-up's ids have no outcome column; a migration's id map has.
        let outcomeColumn = scanner.column("outcome")
        if let outcomeColumn { columns.append(outcomeColumn) }
        let fileIndex = UInt16(truncatingIfNeeded: files.count)
        files.append(path)
        var read = tables
        var objects: [String: String] = [:]
        // The rows of one object come together: its table is taken out while they are read.
        var current: (object: String, table: Table)?
        try scanner.forEachRow(columns: columns) { line, fields throws(InputFailure) in
            let destinationID = CSVWriter.original(fields[2].string)
            guard !destinationID.isEmpty else { return }
            let outcome = outcomeColumn == nil ? "" : fields[3].string
            guard outcome != IDMapFile.Row.failed else { return }
            let name = fields[0].string
            let object: String
            if let known = objects[name] {
                object = known
            } else {
                object = Self.sourceObject(named: name)
                objects[name] = object
            }
            if current?.object != object {
                if let current { read[current.object] = current.table }
                current = (object, read.removeValue(forKey: object) ?? Table())
            }
            let sourceID = CSVWriter.original(fields[1].string)
            if outcome == IDMapFile.Row.deleted {
                current!.table.rows[sourceID] = nil
            } else if current!.table.rows[sourceID] == nil {
                current!.table.rows[sourceID] = Int32(current!.table.ends.count)
                current!.table.arena.append(contentsOf: destinationID.utf8)
                current!.table.ends.append(UInt32(current!.table.arena.count))
                current!.table.fileIndexes.append(fileIndex)
                current!.table.lines.append(UInt32(clamping: line))
            }
        }
        if let current { read[current.object] = current.table }
        tables = read
    }

    /// The source object a run object's name stands for: `review` for `03-ticket-review`; a step
    /// that changes records another step made keeps its kind (`contact_company-contact`).
    static func sourceObject(named name: String) -> String {
        let parts = name.split(separator: "-", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, parts[0].allSatisfy(\.isNumber) else { return name }
        return IntercomLoadPlan.Step.Kind.changeNames.contains(String(parts[1])) ? "\(parts[1])-\(parts[2])" : String(parts[2])
    }

    /// Whether no id was read at all: a first load.
    var isEmpty: Bool {
        tables.isEmpty
    }

    /// Whether the map holds any id of `object`: the step that loads it has been run.
    func holds(_ object: String) -> Bool {
        tables[object] != nil
    }

    /// The destination id of `object`'s record `sourceID`.
    func id(of object: String, _ sourceID: String) -> String? {
        guard let table = tables[object], let row = table.rows[sourceID] else { return nil }
        return table.destination(ofRow: Int(row))
    }

    /// The first row of an object of the export whose source id the export does not hold: the
    /// sign of an id map of another migration. `exportIDs` calls its second argument with each id
    /// the export holds of an object, and returns `false` for an object the export has no file of.
    func stranger(in exportIDs: (String, (String) -> Void) throws(InputFailure) -> Bool) throws(InputFailure) -> Diagnostic? {
        for object in tables.keys.sorted() {
            let table = tables[object]!
            // A row a rollback took away (no longer in `rows`) is not looked for.
            var found = [Bool](repeating: table.rows.count < table.ends.count, count: table.ends.count)
            if table.rows.count < table.ends.count { for row in table.rows.values { found[Int(row)] = false } }
            guard try exportIDs(object, { id in if let row = table.rows[id] { found[Int(row)] = true } }) else { continue }
            let missing = found.indices.filter { !found[$0] }
            guard let row = missing.min(by: { (table.fileIndexes[$0], table.lines[$0]) < (table.fileIndexes[$1], table.lines[$1]) }),
                  let sourceID = table.rows.first(where: { $0.value == Int32(row) })?.key else { continue }
            return Diagnostic(.error, at: SourceLocation(file: files[Int(table.fileIndexes[row])], line: Int(table.lines[row]), column: 1),
                              "\(object) \(sourceID) is not in this export: the id map is of another migration (give the idmap.csv of the migration this export is loaded by)")
        }
        return nil
    }
}
