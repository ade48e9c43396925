import Foundation

/// A rollback run's ids matched to the records the earlier runs of its migration created: each
/// deleted destination id with the object and source id it was loaded from, which the run's id
/// map lists as `deleted`. An id the migration never created, one its runs only updated (the
/// customer's own record) or one an earlier rollback deleted is refused.
struct RollbackMatch {
    /// One deleted record.
    struct Deletion: Equatable {
        /// The object as the loading run named it (`ticket`).
        var object: String
        var sourceID: String
        var destinationID: String
    }

    /// The deleted records, by rollback object in the run's order, each in source order.
    private(set) var deletions: [Deletion] = []

    /// What the earlier runs' id maps say of one submitted id.
    private struct Found {
        var object: String
        var sourceID: String
        var created: Bool
        /// The rollback run that deleted it already.
        var deletedBy: String?
    }

    /// Matches the rollback run `run`'s `ledgers` (keyed by destination id) against `idMaps`, the
    /// earlier runs' id maps, oldest first. The objects of `deletedInPlaceOfOthers` are not
    /// matched: their ids (a file's ContentDocument) are not in any id map.
    ///
    /// - Throws: ``RunFailure`` 65 at the source file's line of the first id that is not a
    ///   record the migration created and still holds.
    init(_ ledgers: [ObjectLedger], run: RunDescription, idMaps: [(runID: String, path: String)], deletedInPlaceOfOthers: Set<String>,
         folder: InputFolder) throws(RunFailure) {
        let matched = ledgers.indices.filter { !deletedInPlaceOfOthers.contains(ledgers[$0].object.object) }
        var found = [[Int: Found]](repeating: [:], count: ledgers.count)
        for (runID, path) in idMaps {
            try IDMapFile.forEachRow(path) { row in
                for index in matched {
                    guard let slot = ledgers[index].table.find(row.destinationID), ledgers[index].table[slot].state.contains(.inSource) else { continue }
                    if row.created {
                        found[index][slot] = Found(object: String(decoding: row.object, as: UTF8.self), sourceID: String(decoding: row.sourceID, as: UTF8.self), created: true)
                    } else if row.deleted {
                        found[index][slot]?.deletedBy = runID
                    } else if row.arrived, found[index][slot] == nil {
                        found[index][slot] = Found(object: String(decoding: row.object, as: UTF8.self), sourceID: String(decoding: row.sourceID, as: UTF8.self), created: false)
                    }
                }
            }
        }
        let environment = "\(run.migration) (\(run.environment.rawValue))"
        for index in matched {
            let ledger = ledgers[index]
            for (_, slot) in ledger.entries([.created, .updated, .failed, .unprocessed, .missing]) {
                let id = ledger.table.key(slot: slot)
                let problem: String
                switch found[index][slot] {
                case let record? where record.created && record.deletedBy == nil:
                    if ledger.outcome(slot: slot).arrived {
                        deletions.append(Deletion(object: record.object, sourceID: record.sourceID, destinationID: id))
                    }
                    continue
                case let record? where record.created:
                    problem = "was deleted already, by the rollback run \(record.deletedBy ?? ""): a rollback deletes what the migration still holds"
                case let record?:
                    problem = "existed before the migration \(environment): its runs updated \(record.object) \(record.sourceID) into it, not created it, and a delete would lose the customer's own record (the run's restore file puts back what the update changed)"
                case nil:
                    problem = "is not a record the migration \(environment) created: a rollback deletes only what its runs created"
                }
                throw RunFailure([Diagnostic(.error, at: Self.place(of: id, in: ledger.object, folder: folder),
                                             "\(ledger.object.object) \(id) \(problem); nothing was published")], status: .dataError)
            }
        }
    }

    /// Where `id` is in `object`'s source file: the line of its row (read again: this is the
    /// error's path only).
    private static func place(of id: String, in object: RunDescription.Object, folder: InputFolder) -> SourceLocation {
        let file = folder.join(object.sourceFile)
        var location = SourceLocation(file: file)
        guard let scanner = try? CSVScanner(path: file), let column = scanner.column(object.idColumn) else { return location }
        try? scanner.forEachRow(columns: [column]) { line, fields in
            if location.line == 0, fields[0].string == id { location = SourceLocation(file: file, line: line, column: 1) }
        }
        return location
    }
}
