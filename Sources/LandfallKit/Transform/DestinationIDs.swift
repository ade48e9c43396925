import Foundation

/// The destination ids a load's later steps need (`transform --idmap`): a migration's `idmap.csv`
/// (object, source id, destination id, as `reconcile` publishes it), to which the set-up's own ids
/// may be added as rows of their own: `ticket_type` (the record type's name, `Review`), `team`
/// (the Thread team id) and `ticket_state` (the state the map writes, `resolved`), each with the id
/// Intercom's list requests return for it.
///
/// An object is named as the run named it: a source object (`ticket`) or a step of a load that
/// `transform` wrote (`03-ticket-review`, read as `review`).
struct DestinationIDs {
    /// Where a destination id was read: the file and the line.
    struct Origin {
        var id: String
        var file: String
        var line: Int
    }

    /// Source object → source id → destination id, and where it was read.
    private var ids: [String: [String: Origin]] = [:]

    /// No ids at all: a first load.
    init() {}

    /// Reads each file of `paths` (the migration's `idmap.csv`, the set-up's ids); a row without
    /// a destination id (a record that failed) gives none, and the first id of a record wins.
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
        var read = ids
        try scanner.forEachRow(columns: columns) { line, fields throws(InputFailure) in
            let destinationID = CSVWriter.original(fields[2].string)
            guard !destinationID.isEmpty else { return }
            let object = Self.sourceObject(named: fields[0].string)
            let sourceID = CSVWriter.original(fields[1].string)
            if read[object]?[sourceID] == nil { read[object, default: [:]][sourceID] = Origin(id: destinationID, file: path, line: line) }
        }
        ids = read
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
        ids.isEmpty
    }

    /// Whether the map holds any id of `object`: the step that loads it has been run.
    func holds(_ object: String) -> Bool {
        ids[object] != nil
    }

    /// The destination id of `object`'s record `sourceID`.
    func id(of object: String, _ sourceID: String) -> String? {
        ids[object]?[sourceID]?.id
    }

    /// The objects it holds ids of, each with its ids and the lines they were read from.
    var objects: [(object: String, ids: [String: Origin])] {
        ids.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// The first row of an object of the export whose source id the export does not hold: the
    /// sign of an id map of another migration. `exportIDs` gives each object's ids, `nil` for an
    /// object the export has no file of.
    func stranger(in exportIDs: (String) throws(InputFailure) -> Set<String>?) throws(InputFailure) -> Diagnostic? {
        for (object, rows) in objects {
            guard let known = try exportIDs(object) else { continue }
            guard let (sourceID, row) = rows.filter({ !known.contains($0.key) }).min(by: { ($0.value.file, $0.value.line) < ($1.value.file, $1.value.line) }) else { continue }
            return Diagnostic(.error, at: SourceLocation(file: row.file, line: row.line, column: 1),
                              "\(object) \(sourceID) is not in this export: the id map is of another migration (give the idmap.csv of the migration this export is loaded by)")
        }
        return nil
    }
}
