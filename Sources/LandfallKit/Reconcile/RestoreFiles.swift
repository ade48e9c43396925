import Foundation

/// What a run's updated records held before the load, put back: from a destination export taken
/// before it (`reconcile --before DIR`: one `OBJECT.csv` with an `Id` column per destination
/// object, as Salesforce's Data Export or a query writes it), for each object the run updated,
/// `restore/OBJECT.csv` (Id and the columns the run sent that the export holds, with their earlier
/// values) and `restore/OBJECT.job.json` (the Bulk API 2.0 update job that takes it). Where none
/// can be written, the run's page says why.
enum RestoreFiles {
    /// The files for the run folder, per object the run updated what was restored, and a hash of
    /// each export file read, by its name (the export is among the run's inputs: every byte of it).
    static func make(ledgers: [ObjectLedger], run: RunDescription, runFolder: String, destinationObjects: [String: String], family: DestinationFamily?,
                     before: String?) throws(RunFailure) -> (files: [OutputWriter.File], restores: [RunReport.Restore], inputs: [String: String])
    {
        var files: [OutputWriter.File] = []
        var restores: [RunReport.Restore] = []
        var inputs: [String: String] = [:]
        for ledger in ledgers {
            var updated: [String] = []
            ledger.forEachArrival { _, destinationID, created in
                if !created { updated.append(String(decoding: destinationID, as: UTF8.self)) }
            }
            guard !updated.isEmpty else { continue }
            let object = ledger.object.object
            let destination = destinationObjects[object] ?? object
            var restore = RunReport.Restore(object: object, destinationObject: destination, updated: updated.count, restored: 0, file: nil, note: nil)
            guard family == .salesforce else {
                restore.note = "no restore file: the destination takes no update job, so the records are put back by hand"
                restores.append(restore)
                continue
            }
            guard let before else {
                restore.note = "no restore file: no destination export taken before the load was given (reconcile --before DIR)"
                restores.append(restore)
                continue
            }
            let path = (before as NSString).appendingPathComponent("\(destination).csv")
            guard FileManager.default.fileExists(atPath: path) else {
                restore.note = "no restore file: the export taken before the load holds no \(destination).csv"
                restores.append(restore)
                continue
            }
            let export: CSVDocument
            do {
                let input = try InputFile(path: path)
                inputs["\(destination).csv"] = StableHash.hex(input.bytes)
                export = try CSVDocument.parse(input)
            } catch {
                throw RunFailure([error.diagnostic], status: error.status)
            }
            guard let idColumn = export.column("Id") else {
                throw RunFailure([Diagnostic(.error, at: SourceLocation(file: path, line: export.headerLine, column: 1),
                                             "the export has no Id column: a restore finds each record by its Id; export \(destination) with its Id")], status: .dataError)
            }
            // Salesforce ids begin with their object's key prefix: an export of another object shows at its first row.
            if let first = export.rows.first, first.fields.indices.contains(idColumn), let prefix = updated.first?.prefix(3),
               first.fields[idColumn].prefix(3) != prefix {
                throw RunFailure([Diagnostic(.error, at: SourceLocation(file: path, line: first.line, column: 1),
                                             "holds records whose ids begin \(first.fields[idColumn].prefix(3)), not the \(destination) records the run updated (ids beginning \(prefix)): is it the export of another object?")],
                                 status: .dataError)
            }
            let sent = try submittedColumns(of: object, run: run, runFolder: runFolder)
            let columns = export.header.enumerated().filter { $0.element != "Id" && sent.contains($0.element) }
            let wanted = Set(updated)
            // The values as they are, as the API reads them (no cell neutralised), LF line ends.
            var csv: [UInt8] = []
            LoadCSVFile.append(["Id"] + columns.map(\.element), to: &csv)
            for row in export.rows where row.fields.indices.contains(idColumn) && wanted.contains(row.fields[idColumn]) {
                LoadCSVFile.append([row.fields[idColumn]] + columns.map { row.fields.indices.contains($0.offset) ? row.fields[$0.offset] : "" }, to: &csv)
                restore.restored += 1
            }
            let name = RollbackFileName.of(destination)
            files.append(OutputWriter.File(path: "restore/\(name).csv", bytes: csv))
            files.append(OutputWriter.File(path: "restore/\(name).job.json", bytes: updateJob(destination)))
            restore.file = "restore/\(name).csv"
            if restore.restored < restore.updated {
                restore.note = "\(Format.count(restore.updated - restore.restored, "updated record")) not in the export taken before the load, so not restored"
            }
            restores.append(restore)
        }
        return (files, restores, inputs)
    }

    /// The body of a Bulk API 2.0 "create job" request that updates `object` from a CSV with LF line ends.
    static func updateJob(_ object: String) -> [UInt8] {
        RollbackScripts.bulkJob(object, operation: "update", lineEnding: "LF")
    }

    /// The columns the run sent for `object`: its source file's header.
    private static func submittedColumns(of object: String, run: RunDescription, runFolder: String) throws(RunFailure) -> Set<String> {
        guard let file = run.objects.first(where: { $0.object == object })?.sourceFile else { return [] }
        do {
            return Set(try CSVScanner(path: (runFolder as NSString).appendingPathComponent(file)).header)
        } catch {
            throw RunFailure([error.diagnostic], status: error.status)
        }
    }
}
