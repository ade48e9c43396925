import Foundation

/// The files a person hands to the destination to take back what a migration created, one
/// destination object after another in the order to run them (the reverse of the load), each in
/// the form the catalog says the destination deletes that object: a Bulk API 2.0 delete job (its
/// `Id` CSV and the job's request body), a query for the records that own the created ones with
/// the delete job of those, one request per id, or a line in `not-deletable.csv` with the reason.
struct RollbackScripts {
    /// One file of the migration's `rollback/` folder.
    struct Script {
        enum Body {
            /// The runs' id lists, one after the other (linked or copied, never read whole).
            case ids(FileConcatenation)
            /// Made here.
            case bytes([UInt8])
        }

        /// Its name in `rollback/`: `1-Case.csv`, `1-Case.job.json`, `3-ticket.requests.jsonl`.
        let name: String
        let body: Body
        /// What it is and what to do with it, for the migration's page.
        let note: String
    }

    /// Created ids a SOQL query names at most: 2,000 ids of 18 characters, quoted and separated,
    /// keep a query near 42,000 characters, well inside SOQL's 100,000.
    static let idsPerQuery = 2_000

    /// The scripts for `files` (in the order to run them) of a migration loaded into `destination`,
    /// and `updated.csv`: the records that existed before the migration and that its runs (their
    /// id maps, `runs`, oldest first) updated, which no delete takes back.
    static func make(_ files: [MigrationProgress.RollbackFile], destination: String, platforms: PlatformDirectory,
                     runs: [(runID: String, idMap: String)] = []) throws(RunFailure) -> [Script] {
        var scripts: [Script] = []
        let updated = try updatedRecords(runs)
        var notDeletable = CSVByteWriter(header: ["object", "Id", "reason"])
        var notDeletableCount = 0
        for file in files {
            let number = "\(file.number)-"
            let object = file.destinationObject
            switch platforms.rollback(of: object, in: destination).way {
            case .deleteJob:
                let name = number + RollbackFileName.of(object)
                // After a rollback, the ids it deleted are left out: the list is made here.
                let body: Script.Body = file.deleted.isEmpty ? .ids(file.contents) : .bytes(file.ids().reduce(into: CSVByteWriter(header: ["Id"])) { $0.row($1) }.bytes)
                scripts.append(Script(name: name + ".csv", body: body,
                                      note: "\(Format.count(file.count, "\(object) id")) created, newest first: the CSV of a Bulk API 2.0 delete job"))
                scripts.append(Script(name: name + ".job.json", body: .bytes(deleteJob(object)), note: "the request body that creates that delete job"))
            case .deleteOwner(let owner, let query):
                let name = number + RollbackFileName.of(owner)
                let ids = file.ids()
                let queries = stride(from: 0, to: ids.count, by: idsPerQuery).map { start in
                    query.replacingOccurrences(of: "{ids}", with: ids[start..<min(start + idsPerQuery, ids.count)].map(soqlString).joined(separator: ", ")) + "\n"
                }
                scripts.append(Script(name: name + ".soql", body: .bytes(Array(queries.joined().utf8)),
                                      note: "\((queries.count == 1 ? "1 query" : "\(Format.count(queries.count)) queries")) for the \(owner) ids of \(Format.count(file.count, "\(object) id")) created (a \(object) cannot be deleted; its \(owner) can): their results, under the header Id, are the CSV of a Bulk API 2.0 delete job of \(owner)"))
                scripts.append(Script(name: name + ".job.json", body: .bytes(deleteJob(owner)), note: "the request body that creates that delete job"))
            case .request(let method, let path):
                var lines: [UInt8] = []
                for id in file.ids() {
                    let segment = id.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? id
                    let request = ["method": method, "path": path.replacingOccurrences(of: "{id}", with: segment)]
                    lines += (try? JSONSerialization.data(withJSONObject: request, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
                    lines.append(0x0A)
                }
                scripts.append(Script(name: number + RollbackFileName.of(object) + ".requests.jsonl", body: .bytes(lines),
                                      note: "\(Format.count(file.count, "\(object) id")) created, newest first: one \(method) request a line, each for good"))
            case .notDeletable(let reason):
                for id in file.ids() {
                    notDeletable.row(object, id, reason)
                    notDeletableCount += 1
                }
            }
        }
        if updated.count > 0 {
            scripts.append(Script(name: "updated.csv", body: .bytes(updated.csv),
                                  note: "\(Format.count(updated.count, "record")) that existed before the migration and that its runs updated: no delete takes an update back, and what they held before comes back only from a destination export taken before the load"))
        }
        if notDeletableCount > 0 {
            scripts.append(Script(name: "not-deletable.csv", body: .bytes(notDeletable.bytes),
                                  note: "\(Format.count(notDeletableCount, "id")) the destination cannot delete one by one, each with the reason"))
        }
        return scripts
    }

    /// `updated.csv` and its rows: the records the runs (their id maps, oldest first) updated
    /// that no run of the migration created, each once, at the first run that changed it. A
    /// record the migration created and a later run updated goes with the delete.
    private static func updatedRecords(_ runs: [(runID: String, idMap: String)]) throws(RunFailure) -> (csv: [UInt8], count: Int) {
        var created: Set<String> = []
        var listed: Set<String> = []
        var rows: [(object: String, sourceID: String, destinationID: String, runID: String)] = []
        for run in runs where FileManager.default.fileExists(atPath: run.idMap) {
            try IDMapFile.forEachRow(run.idMap) { row in
                let destinationID = String(decoding: row.destinationID, as: UTF8.self)
                if row.created {
                    created.insert(destinationID)
                } else if row.updated, listed.insert(destinationID).inserted {
                    rows.append((String(decoding: row.object, as: UTF8.self), String(decoding: row.sourceID, as: UTF8.self), destinationID, run.runID))
                }
            }
        }
        var csv = CSVByteWriter(header: ["object", "source_id", "destination_id", "run_id"])
        var count = 0
        for row in rows where !created.contains(row.destinationID) {
            csv.row(row.object, row.sourceID, row.destinationID, row.runID)
            count += 1
        }
        return (csv.bytes, count)
    }

    /// The body of a Bulk API 2.0 "create job" request that deletes `object` by the `Id` column
    /// of a CSV with CRLF line ends.
    static func deleteJob(_ object: String) -> [UInt8] {
        bulkJob(object, operation: "delete", lineEnding: "CRLF")
    }

    /// The body of a Bulk API 2.0 "create job" request: `object`, `operation`, CSV with `lineEnding`.
    static func bulkJob(_ object: String, operation: String, lineEnding: String) -> [UInt8] {
        let job = ["object": object, "operation": operation, "contentType": "CSV", "lineEnding": lineEnding]
        return [UInt8]((try? JSONSerialization.data(withJSONObject: job, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()) + [0x0A]
    }

    /// `'068...'`: an id as a SOQL string literal.
    static func soqlString(_ id: String) -> String {
        "'" + id.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }
}
