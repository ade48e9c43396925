import Foundation

/// Compares two exports of one account, file by file, and writes the export of what changed: per
/// data file, the later export's rows that are new or whose content changed, as the file holds
/// them; the keys of the earlier export's rows the later one no longer holds; and the files that
/// describe the account, copied whole.
///
/// The earlier export is held one entry a row (its key and a 64-bit hash of its content, in an
/// ``IDTable``), never its bytes, and one file at a time; the later export's rows are hashed,
/// looked up and written as they are read.
struct ExportDelta {
    let earlier: String
    let later: String
    /// Only what changed after this moment (by each row's `updated_at`, else its `created_at` or
    /// `started_at`; a row with none is kept).
    var since: Date?
    /// Told of every byte read.
    var progress: ProgressMeter?

    /// What one file's comparison found.
    private struct Compared {
        var delta: DeltaReport.FileDelta
        var removed: [String]
        /// Rows with an id in the later export found in the earlier one.
        var shared = 0
    }

    /// The newest `updated_at` of an export so far, with where it is.
    private struct Newest {
        var instant: Date?
        var text: String?
        var location: SourceLocation?

        mutating func take(_ field: CSVScanner.Field, file: String, line: Int) {
            guard field.count > 0, case .instant(let date) = Timestamp.parse(field.string), instant.map({ date > $0 }) ?? true else { return }
            (instant, text, location) = (date, field.string, SourceLocation(file: file, line: line, column: 1))
        }
    }

    /// The files that describe the account rather than hold the records a load moves: the
    /// people, teams, tags, custom properties, response templates, automations and integrations
    /// a delta's records are mapped by, copied whole from the later export.
    static let accountFiles = ["users.csv", "teams.csv", "team_members.csv", "tags.csv", "custom_properties.csv", "response_templates.csv"]
        + ExportLayout.jsonFiles.map(\.name)

    /// The files whose records a load moves, compared row by row: each row known by its `id`.
    static let recordFiles = ExportLayout.files.filter { !accountFiles.contains($0.name) }

    /// Compares the exports and writes the delta into `staging` (an empty folder).
    ///
    /// - Throws: ``RunFailure`` 65 for an export that cannot be read, exports of different
    ///   accounts or in the wrong order, 66 for a missing folder, 73 when a file cannot be written.
    func write(to staging: String) throws(RunFailure) -> DeltaReport {
        for folder in [earlier, later] {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
                throw RunFailure([Diagnostic(.error, at: SourceLocation(file: folder), "is not an export folder (one CSV file an object)")], status: .noInput)
            }
        }
        var files: [DeltaReport.FileDelta] = []
        var removed: [String: [String]] = [:]
        var earlierNewest = Newest()
        var laterNewest = Newest()
        var (earlierRecords, laterRecords, shared) = (0, 0, 0)
        do throws(InputFailure) {
            for file in Self.recordFiles {
                guard let compared = try compare(file, into: staging, earlierNewest: &earlierNewest, laterNewest: &laterNewest) else { continue }
                files.append(compared.delta)
                if !compared.removed.isEmpty { removed[compared.delta.object] = compared.removed }
                earlierRecords += compared.delta.earlier
                laterRecords += compared.delta.later
                shared += compared.shared
            }
        } catch {
            throw RunFailure([error.diagnostic], status: error.status == .noInput ? .dataError : error.status)
        }
        if earlierRecords > 0 && laterRecords > 0 && shared == 0 {
            throw RunFailure([Diagnostic(.error, at: SourceLocation(file: later),
                                         "shares no record id with \(earlier) (\(Format.count(laterRecords, "record")) against \(Format.count(earlierRecords))): the two exports are of different accounts; a delta compares two exports of one account")],
                             status: .dataError)
        }
        if let first = earlierNewest.instant, let second = laterNewest.instant, second < first {
            throw RunFailure([Diagnostic(.error, at: laterNewest.location ?? SourceLocation(file: later),
                                         "the newest updated_at of the later export, \(laterNewest.text ?? ""), is older than the earlier export's, \(earlierNewest.text ?? "") (\(earlierNewest.location?.description ?? earlier)): the exports are in the wrong order (landfall delta EARLIER LATER)")],
                             status: .dataError)
        }
        var copied: [String] = []
        for name in Self.accountFiles {
            let source = (later as NSString).appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: source) else { continue }
            do {
                try FileManager.default.copyItem(atPath: source, toPath: (staging as NSString).appendingPathComponent(name))
            } catch {
                throw RunFailure([Diagnostic(.error, at: SourceLocation(file: source), "cannot be copied: \(SystemError.reason(error))")], status: .cannotCreate)
            }
            copied.append(name)
        }
        return DeltaReport(watermark: earlierNewest.text, laterNewest: laterNewest.text, since: since.map(Timestamp.format), files: files, removed: removed, copied: copied)
    }

    /// The failure of an id a file holds twice, at its second row.
    private static func repeated(_ id: UnsafeBufferPointer<UInt8>, in path: String, line: Int) -> InputFailure {
        .content(path, at: TextPosition(line: line, column: 1), "the id \(String(decoding: id, as: UTF8.self)) appears twice: a delta cannot tell which row is the record")
    }

    /// Compares `file` of the two exports and writes the later one's new and changed rows; nil
    /// when neither export has it.
    private func compare(_ file: ExportLayout.File, into staging: String, earlierNewest: inout Newest, laterNewest: inout Newest) throws(InputFailure) -> Compared? {
        let earlierPath = (earlier as NSString).appendingPathComponent(file.name)
        let laterPath = (later as NSString).appendingPathComponent(file.name)
        let (hasEarlier, hasLater) = (FileManager.default.fileExists(atPath: earlierPath), FileManager.default.fileExists(atPath: laterPath))
        guard hasEarlier || hasLater else { return nil }
        var compared = Compared(delta: DeltaReport.FileDelta(file: file.name, object: file.object ?? file.name, earlier: 0, later: 0, new: 0, changed: 0,
                                                             unchanged: 0, beforeSince: 0, removed: 0), removed: [])
        var records = RecordDigests(expected: 1024)
        if hasEarlier {
            let scanner = try CSVScanner(path: earlierPath)
            scanner.progress = progress
            let reader = try RowReader(scanner, file: file, path: earlierPath)
            // The estimate counts line breaks, several a row where bodies run over lines: the table
            // starts at a quarter of it and grows (cheaply: the slots keep their hashes) as it fills.
            records = RecordDigests(expected: max(1024, scanner.estimatedRows / 4))
            try reader.forEachRow { line, key, hash, fields throws(InputFailure) in
                if let updated = reader.updatedAt { earlierNewest.take(fields[updated], file: earlierPath, line: line) }
                guard key.count > 0 else { return }
                guard records.insert(key, hash: hash) else { throw Self.repeated(key, in: earlierPath, line: line) }
            }
            compared.delta.earlier = records.count
        }
        if hasLater {
            let scanner = try CSVScanner(path: laterPath)
            scanner.progress = progress
            let reader = try RowReader(scanner, file: file, path: laterPath)
            let output = (staging as NSString).appendingPathComponent(file.name)
            func written(_ body: () throws(OutputWriter.Failure) -> Void) throws(InputFailure) {
                do throws(OutputWriter.Failure) {
                    try body()
                } catch {
                    throw .file(output, error.message.hasPrefix(output + ": ") ? String(error.message.dropFirst(output.count + 2)) : error.message, status: .cannotCreate)
                }
            }
            let sink = StreamedFile(path: output)
            try written { () throws(OutputWriter.Failure) in try sink.append(firstBytesOf: laterPath, count: scanner.offset) }
            try reader.forEachRow { line, key, hash, fields throws(InputFailure) in
                compared.delta.later += 1
                if let updated = reader.updatedAt { laterNewest.take(fields[updated], file: laterPath, line: line) }
                var isNew = true
                if key.count > 0 {
                    switch records.mark(key, hash: hash) {
                    case .absent: break
                    case .same:
                        compared.delta.unchanged += 1
                        compared.shared += 1
                        return
                    case .different:
                        isNew = false
                        compared.shared += 1
                    case .seenAlready:
                        throw Self.repeated(key, in: laterPath, line: line)
                    }
                }
                if let since, let moment = reader.moment, case .instant(let date) = Timestamp.parse(fields[moment].string), date <= since {
                    compared.delta.beforeSince += 1
                    return
                }
                if isNew { compared.delta.new += 1 } else { compared.delta.changed += 1 }
                try written { () throws(OutputWriter.Failure) in try sink.appendLine(scanner.rowBytes) }
            }
            try written { () throws(OutputWriter.Failure) in try sink.finish() }
        }
        compared.removed = records.unmarkedKeys()
        compared.delta.removed = compared.removed.count
        return compared
    }
}

/// Reads one export file's rows with their id and a hash of their content: the fields in the
/// order of their columns' names, so that two exports with their columns in another order hash
/// alike.
private struct RowReader {
    let scanner: CSVScanner
    /// The columns handed over, by name.
    let columns: [Int]
    /// The id's field among them.
    let idField: Int
    /// The fields of `updated_at`, and of the moment a row changed (`updated_at`, else `created_at`
    /// or `started_at`), when the file has them.
    let updatedAt: Int?
    let moment: Int?

    init(_ scanner: CSVScanner, file: ExportLayout.File, path: String) throws(InputFailure) {
        self.scanner = scanner
        columns = scanner.header.indices.sorted { scanner.header[$0] < scanner.header[$1] }
        let names = columns.map { scanner.header[$0] }
        guard let id = names.firstIndex(of: "id") else {
            throw .content(path, at: TextPosition(line: 1, column: 1), "the header has no id column: a delta knows \(file.name)'s rows by id")
        }
        idField = id
        updatedAt = names.firstIndex(of: "updated_at")
        moment = updatedAt ?? names.firstIndex(of: "created_at") ?? names.firstIndex(of: "started_at")
    }

    /// Calls `body` with each row's line, id (empty when the row has none), content hash and
    /// fields (in ``columns`` order).
    func forEachRow(_ body: (_ line: Int, _ id: UnsafeBufferPointer<UInt8>, _ hash: UInt64, _ fields: UnsafeBufferPointer<CSVScanner.Field>) throws(InputFailure) -> Void) throws(InputFailure) {
        try scanner.forEachRow(columns: columns) { line, fields throws(InputFailure) in
            var hash: UInt64 = 0x9E37_79B9_7F4A_7C15
            for field in fields { hash = ContentDigest.mix(hash, field.bytes) }
            let id = fields[idField]
            // The common case, an id without doubled quotes, is handed over as it lies in the buffer.
            guard id.hasEscapedQuotes else { return try body(line, id.bytes, hash, fields) }
            let undoubled = Array(id.string.utf8)
            try undoubled.withUnsafeBufferPointer { buffer throws(InputFailure) in try body(line, buffer, hash, fields) }
        }
    }
}
