import Foundation

/// The lists a run page offers for download, written from the reconciler's ledgers as bytes
/// (millions of rows must not cost a `String` each).
enum RunFiles {
    /// `failed.csv`: every record that failed or was left unprocessed, with its code and message.
    static func failed(_ ledgers: [ObjectLedger]) -> [UInt8] {
        var writer = CSVByteWriter(header: ["id", "object", "code", "message"])
        for ledger in ledgers {
            for (entry, slot) in ledger.entries([.failed, .unprocessed]) {
                let failed = ledger.outcome(slot: slot) == .failed
                let code = failed ? ledger.codes[Int(ledger.table[slot].failCode)] : "UNPROCESSED"
                let message = failed ? (ledger.messages[entry] ?? "") : "the destination did not process this record"
                ledger.table.withKey(slot: slot) { key in writer.row(key, ledger.object.object, code, message) }
            }
        }
        return writer.bytes
    }

    /// `missing.csv`: every submitted record with no result at all.
    static func missing(_ ledgers: [ObjectLedger]) -> [UInt8] {
        var writer = CSVByteWriter(header: ["id", "object"])
        for ledger in ledgers {
            for (_, slot) in ledger.entries([.missing]) {
                ledger.table.withKey(slot: slot) { key in writer.row(key, ledger.object.object) }
            }
        }
        return writer.bytes
    }

    /// `orphans.csv`: every record that arrived while its parent did not, with the parent's id
    /// when it was submitted.
    static func orphans(_ ledgers: [ObjectLedger]) -> [UInt8] {
        var writer = CSVByteWriter(header: ["id", "object", "parent_object", "parent_id"])
        for ledger in ledgers {
            guard let name = ledger.object.parentObject, let parent = ledgers.first(where: { $0.object.object == name }) else { continue }
            for entry in ledger.orphans {
                let slot = ledger.table.slot(ofEntry: entry)
                let parentID = ledger.parentSlot(ofEntry: entry).map { parent.table.key(slot: $0) } ?? ledger.parentIDsOutsideRun[entry] ?? ""
                ledger.table.withKey(slot: slot) { key in writer.row(key, ledger.object.object, name, parentID) }
            }
        }
        return writer.bytes
    }

    /// `rollback.csv` in `folder`: the destination ids this run created, objects in reverse load
    /// order, newest first, with their object; and beside it `rollback/DESTINATION.csv` for each
    /// destination object (`destinations`: by source object), the same ids under the single `Id`
    /// column a delete job takes, that the migration's rollback files are made of (all written as
    /// they are built). Returns the files' names.
    static func rollback(_ ledgers: [ObjectLedger], destinations: [String: String], in folder: String) throws(OutputWriter.Failure) -> [String] {
        var all = try CSVByteWriter(header: ["Id", "object"], streamingTo: (folder as NSString).appendingPathComponent("rollback.csv"))
        var names = ["rollback.csv"]
        var files: [CSVByteWriter] = []
        var fileOf: [String: Int] = [:]
        for ledger in ledgers.reversed() {
            let object = Array(CSVWriter.cell(ledger.object.object).utf8)
            let destination = destinations[ledger.object.object] ?? ledger.object.object
            if fileOf[destination] == nil {
                let name = "rollback/\(RollbackFileName.of(destination)).csv"
                try OutputWriter.createFolder((folder as NSString).appendingPathComponent("rollback"))
                fileOf[destination] = files.count
                files.append(try CSVByteWriter(header: ["Id"], streamingTo: (folder as NSString).appendingPathComponent(name)))
                names.append(name)
            }
            let file = fileOf[destination]!
            for index in stride(from: ledger.destinationIDs.count - 1, through: 0, by: -1) where ledger.destinationCreated[index] {
                ledger.destinationIDs.withItem(index) { id in
                    guard !id.isEmpty else { return }
                    all.cell(id)
                    all.encodedCell(object)
                    all.endRow()
                    files[file].cell(id)
                    files[file].endRow()
                }
            }
        }
        try all.finish()
        for index in files.indices { try files[index].finish() }
        return names
    }

    /// The header of `idmap.csv`, the run's and the migration's alike (so that the migration's
    /// map of a single run is the run's own file).
    static let idMapHeader = ["object", "source_id", "destination_id", "outcome", "run_id"]

    /// `idmap.csv` in `folder`: every submitted record that arrived, objects in load order and each
    /// object's records in the order the destination reported them, with the destination id,
    /// whether it was created or updated, and the run; then the object's records that failed on
    /// a destination record a failed upsert named, marked `failed`, in source order: what the
    /// migration's map is made of (written as it is built, in one pass over the results).
    /// Returns the file's name.
    static func idMap(_ ledgers: [ObjectLedger], runID: String, in folder: String) throws(OutputWriter.Failure) -> [String] {
        var writer = try CSVByteWriter(header: idMapHeader, streamingTo: (folder as NSString).appendingPathComponent("idmap.csv"))
        // The cells that are the same on many rows are encoded once.
        let outcomes = [Array(CSVWriter.cell(IDMapFile.Row.updated).utf8), Array(CSVWriter.cell(IDMapFile.Row.created).utf8)]
        let failed = Array(CSVWriter.cell(IDMapFile.Row.failed).utf8)
        let run = Array(CSVWriter.cell(runID).utf8)
        for ledger in ledgers {
            let object = Array(CSVWriter.cell(ledger.object.object).utf8)
            ledger.forEachArrival { sourceID, destinationID, created in
                writer.encodedCell(object)
                writer.cell(sourceID)
                writer.cell(destinationID)
                writer.encodedCell(outcomes[created ? 1 : 0])
                writer.encodedCell(run)
                writer.endRow()
            }
            guard !ledger.failedDestinations.isEmpty else { continue }
            for (entry, slot) in ledger.entries([.failed]) {
                guard var destination = ledger.failedDestinations[entry] else { continue }
                writer.encodedCell(object)
                ledger.table.withKey(slot: slot) { writer.cell($0) }
                destination.withUTF8 { writer.cell($0) }
                writer.encodedCell(failed)
                writer.encodedCell(run)
                writer.endRow()
            }
        }
        try writer.finish()
        return ["idmap.csv"]
    }

    /// A rollback run's `idmap.csv` in `folder`: every record it deleted, under the object and
    /// source id it was loaded from, marked `deleted`, so that the migration's map no longer
    /// gives its destination id. Returns the file's name.
    static func idMap(deletions: [RollbackMatch.Deletion], runID: String, in folder: String) throws(OutputWriter.Failure) -> [String] {
        var writer = try CSVByteWriter(header: idMapHeader, streamingTo: (folder as NSString).appendingPathComponent("idmap.csv"))
        for deletion in deletions {
            writer.row(deletion.object, deletion.sourceID, deletion.destinationID, IDMapFile.Row.deleted, runID)
        }
        try writer.finish()
        return ["idmap.csv"]
    }

    /// `duplicates.csv`: every record this run created although an earlier run of the migration
    /// had brought it, with both destination ids.
    static func duplicates(_ ledgers: [ObjectLedger], runID: String) -> [UInt8] {
        var writer = CSVByteWriter(header: ["object", "source_id", "destination_id", "run_id", "earlier_destination_id", "earlier_run_id"])
        for ledger in ledgers {
            for (entry, earlier) in ledger.duplicatesAcrossRuns {
                ledger.withDestination(ofEntry: entry) { destination, _ in
                    writer.row(ledger.object.object, ledger.table.key(slot: ledger.table.slot(ofEntry: entry)), String(decoding: destination, as: UTF8.self),
                               runID, earlier.destinationID, earlier.runID)
                }
            }
        }
        return writer.bytes
    }

    /// Every record that failed (with its code), went unprocessed or missing: what the ledger
    /// keeps of `failed.csv` and `missing.csv`.
    static func problemRows(_ ledgers: [ObjectLedger]) -> [SiteLedger.Problem] {
        var rows: [SiteLedger.Problem] = []
        for ledger in ledgers {
            for (_, slot) in ledger.entries([.failed, .unprocessed, .missing]) {
                let outcome = ledger.outcome(slot: slot)
                rows.append(SiteLedger.Problem(object: ledger.object.object, sourceID: ledger.table.key(slot: slot),
                                               outcome: outcome == .failed ? "failed" : outcome == .unprocessed ? "unprocessed" : "missing",
                                               code: outcome == .failed ? ledger.codes[Int(ledger.table[slot].failCode)] : nil))
            }
        }
        return rows
    }
}

/// The name a destination object's rollback file goes under: the object's letters, digits, `_`
/// and `-` (`object` when none is left), so that no name leads out of its folder.
enum RollbackFileName {
    static func of(_ destination: String) -> String {
        let name = String(destination.unicodeScalars.filter { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "_" || $0 == "-") })
        return name.isEmpty ? "object" : name
    }
}
