import Foundation

/// Reconciles one run folder: reads the submitted source records and the destination's results,
/// joins them on the id columns (never on row order), and counts what arrived, failed, went
/// missing, came twice, came unasked, or arrived without its parent.
struct Reconciler {
    let folder: InputFolder
    let run: RunDescription
    let acceptance: AcceptanceRules
    /// The manifest's count of each object, when the run names a manifest.
    let manifestCounts: [String: Int]
    /// What earlier runs of the same migration and environment brought.
    var history = ArrivalHistory.none
    /// The destination object each source object lands in (`ticket` → `Case`), where the catalog says.
    var destinationObjects: [String: String] = [:]
    /// The objects the destination deletes in the place of others (a rollback of files deletes
    /// their `ContentDocument`), whose ids no id map holds.
    var deletedInPlaceOfOthers: Set<String> = []
    /// Told of every byte read from the run's files.
    var progress: ProgressMeter?
    /// The failures an ops lead accepts, and the day they are judged on.
    var waivers = Waivers(entries: [])
    var day = Date()
    /// The waivers file's digest, part of the run's fingerprint.
    var waiversDigest: InputDigest?

    /// The outcome of a reconciliation: the report and the lists to write.
    struct Result {
        var report: RunReport
        var ledgers: [ObjectLedger]
        /// A fingerprint of every byte of the inputs: `run.json`, the manifest it names, every
        /// source and result file (hashed as they were read).
        var fingerprint: String
        /// Files the run folder holds besides its lists (the restore files).
        var extraFiles: [OutputWriter.File] = []
        /// A rollback run's deleted records, with what they were loaded from.
        var deletions: [RollbackMatch.Deletion] = []
    }

    func reconcile() throws(RunFailure) -> Result {
        var ledgers: [ObjectLedger] = []
        var warnings: [String] = []
        var inputs: [String: InputDigest] = [:]
        try checkResultFolders()
        for object in run.objects {
            var ledger = ObjectLedger(object: object)
            do throws(InputFailure) {
                // The results are parsed on a second thread while this one reads the source.
                let worker = WorkerResult<ParsedResults>()
                let group = DispatchGroup()
                let reconciler = self
                DispatchQueue.global().async(group: group, execute: DispatchWorkItem {
                    worker.store(Swift.Result { () throws(InputFailure) -> ParsedResults in
                        switch reconciler.run.family {
                        case .intercom: try reconciler.parseJSONL(object)
                        case .salesforce: try reconciler.hasLog(object) ? reconciler.parseJSONL(object) : reconciler.parseSalesforce(object)
                        }
                    })
                })
                let sourceFailure: InputFailure?
                do {
                    inputs[object.sourceFile] = try readSource(into: &ledger, parents: ledgers)
                    sourceFailure = nil
                } catch {
                    sourceFailure = error
                }
                group.wait()
                if let sourceFailure { throw sourceFailure }
                let parsed = try worker.get()
                merge(parsed, into: &ledger)
                warnings += parsed.warnings
                inputs.merge(parsed.inputs) { first, _ in first }
            } catch {
                throw RunFailure([error.diagnostic], status: error.status)
            }
            if ledger.sourceDuplicates > 0 {
                warnings.append("\(object.sourceFile): \(ledger.sourceDuplicates) id\(ledger.sourceDuplicates == 1 ? "" : "s") appear more than once (such as \(ledger.sourceDuplicateSamples.joined(separator: ", "))); each counts once")
            }
            if ledger.rowsWithoutID > 0 {
                warnings.append("\(object.sourceFile): \(ledger.rowsWithoutID) row\(ledger.rowsWithoutID == 1 ? " has" : "s have") no \(object.idColumn) and \(ledger.rowsWithoutID == 1 ? "is" : "are") not counted")
            }
            ledgers.append(ledger)
        }
        var deletions: [RollbackMatch.Deletion] = []
        if run.kind == .rollback {
            deletions = try RollbackMatch(ledgers, run: run, idMaps: history.idMaps, deletedInPlaceOfOthers: deletedInPlaceOfOthers, folder: folder).deletions
        } else {
            for index in ledgers.indices {
                guard let name = ledgers[index].object.parentObject, let parent = ledgers.first(where: { $0.object.object == name }) else { continue }
                ledgers[index].findOrphans(parent: parent, earlier: history[name])
            }
            for index in ledgers.indices {
                ledgers[index].findDuplicatesAcrossRuns(in: history)
            }
        }
        let objects = ledgers.map(tally)
        let report = RunReport(runID: run.runID, kind: run.kind, environment: run.environment, destination: run.destination, migration: run.migration,
                               startedAt: Timestamp.format(run.startedAt), finishedAt: Timestamp.format(run.finishedAt),
                               inputFingerprint: "", objects: objects, status: objects.map(\.status).max() ?? .pass, changes: nil, warnings: warnings)
        return Result(report: report, ledgers: ledgers, fingerprint: fingerprint(inputs), deletions: deletions)
    }

    /// `run.json` and the manifest whole, then each streamed input's path, size and hash, in path order.
    private func fingerprint(_ inputs: [String: InputDigest]) -> String {
        var lines: [String] = []
        for relative in ["run.json"] + (run.manifest.map { [$0] } ?? []) {
            let bytes = FileManager.default.contents(atPath: path(relative)).map { [UInt8]($0) } ?? []
            lines.append("\(relative) \(InputDigest(of: bytes).text)")
        }
        lines += inputs.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value.text)" }
        if let waiversDigest { lines.append("waivers \(waiversDigest.text)") }
        return StableHash.hex(Array(lines.joined(separator: "\n").utf8))
    }

    func path(_ relative: String) -> String {
        folder.join(relative)
    }

    /// Every result file or folder must belong to an object of `run.json`.
    private func checkResultFolders() throws(RunFailure) {
        let results = path("results")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: results)) ?? []
        for name in names.sorted() where !name.hasPrefix(".") {
            guard resultObject(named: name) == nil else { continue }
            let object = name.hasSuffix(".jsonl") ? String(name.dropLast(6)) : name
            let file = (results as NSString).appendingPathComponent(name)
            throw RunFailure([Diagnostic(.error, at: SourceLocation(file: file),
                                         "results for the object \"\(object)\", which run.json does not list (objects: \(run.objects.map(\.object).joined(separator: ", ")))")],
                             status: .dataError)
        }
    }

    /// The object a name in `results/` holds results for: `OBJECT` (a folder), `OBJECT.jsonl`, or a
    /// part of a split log such as `OBJECT-2.jsonl` or `OBJECT.part2.jsonl` (the longest object
    /// name that fits wins).
    func resultObject(named name: String) -> String? {
        let candidates = run.objects.map(\.object).filter { object in
            name == object || name == object + ".jsonl"
                || (name.hasSuffix(".jsonl") && (name.hasPrefix(object + "-") || name.hasPrefix(object + ".")))
        }
        return candidates.max { $0.count < $1.count }
    }

    /// Reads the object's source file into `ledger`; returns the file's digest.
    private func readSource(into ledger: inout ObjectLedger, parents: [ObjectLedger]) throws(InputFailure) -> InputDigest? {
        let file = try folder.input(ledger.object.sourceFile) ?? path(ledger.object.sourceFile)
        let scanner = try CSVScanner(path: file, hashing: true)
        scanner.progress = progress
        ledger.table = IDTable(expected: scanner.estimatedRows + scanner.estimatedRows / 20 + 64)
        let idColumn = try column(ledger.object.idColumn, in: scanner, file: file)
        var columns = [idColumn]
        var parent: ObjectLedger?
        if let parentObject = ledger.object.parentObject, let parentColumn = ledger.object.parentColumn {
            columns.append(try column(parentColumn, in: scanner, file: file))
            parent = parents.first { $0.object.object == parentObject }
        }
        // Ids are inserted in batches: hashed and prefetched first, so their cache misses overlap.
        var batch = ByteList()
        var parentSlots: [Int32] = []
        // Parent ids not among this run's parent records, by batch index: an earlier run may have brought them.
        var outsideParentIDs: [Int: String] = [:]
        var scratch: [UInt8] = []
        func flush() {
            var hashes = [UInt32](repeating: 0, count: batch.count)
            for index in 0..<batch.count {
                hashes[index] = batch.withItem(index) { IDTable.hash($0) }
                ledger.table.prefetch(hash: hashes[index])
            }
            for index in 0..<batch.count {
                batch.withItem(index) { id in
                    let slot = ledger.table.insert(id, hash: hashes[index])
                    if ledger.table[slot].state.contains(.inSource) {
                        ledger.sourceDuplicates += 1
                        if ledger.sourceDuplicateSamples.count < 5 { ledger.sourceDuplicateSamples.append(ledger.table.key(slot: slot)) }
                        return
                    }
                    ledger.table[slot].state.insert(.inSource)
                    if parent != nil {
                        let entry = ledger.table.entry(ofSlot: slot)
                        while ledger.parents.count <= entry { ledger.parents.append(-1) }
                        ledger.parents[entry] = parentSlots[index]
                        if let id = outsideParentIDs[index] { ledger.parentIDsOutsideRun[entry] = id }
                    }
                }
            }
            batch.removeAll()
            parentSlots.removeAll(keepingCapacity: true)
            outsideParentIDs.removeAll(keepingCapacity: true)
        }
        try scanner.forEachRow(columns: columns) { line, fields throws(InputFailure) in
            guard fields[0].count > 0 else {
                ledger.rowsWithoutID += 1
                return
            }
            try withID(fields[0], file: file, line: line, scratch: &scratch) { id in
                batch.append(id)
                if let parent {
                    let slot = fields[1].count > 0 ? parent.table.find(fields[1].bytes) : nil
                    parentSlots.append(slot.map { Int32($0) } ?? -1)
                    if slot == nil && fields[1].count > 0 { outsideParentIDs[batch.count - 1] = fields[1].string }
                }
            }
            if batch.count == Self.batch { flush() }
        }
        flush()
        return scanner.digest
    }

    /// How many ids are hashed and prefetched ahead of their insertion.
    static let batch = 32

    /// The three result files of a Bulk API 2.0 job.
    static let resultFiles = [("successfulResults.csv", 0), ("failedResults.csv", 1), ("unprocessedrecords.csv", 2)]

    /// Salesforce Bulk API 2.0 results: successful, failed and unprocessed records, from
    /// `results/OBJECT/` itself and from one folder per job inside it, all counted together.
    func parseSalesforce(_ object: RunDescription.Object) throws(InputFailure) -> ParsedResults {
        var parsed = ParsedResults()
        let base = "results/\(object.object)"
        var isFolder: ObjCBool = false
        let jobs = ((try? FileManager.default.contentsOfDirectory(atPath: path(base))) ?? []).filter { name in
            !name.hasPrefix(".") && FileManager.default.fileExists(atPath: path("\(base)/\(name)"), isDirectory: &isFolder) && isFolder.boolValue
        }.sorted()
        var found = try parseJob(folder: base, object: object, into: &parsed)
        for job in jobs {
            let start = parsed.kinds.count
            let files = try parseJob(folder: "\(base)/\(job)", object: object, into: &parsed)
            guard files > 0 else {
                throw .file(path("\(base)/\(job)"), "is a job folder without any result file (successfulResults.csv, failedResults.csv or unprocessedrecords.csv)",
                            status: .dataError)
            }
            parsed.endJob(job, startedAt: start)
            found += files
        }
        if found == 0 {
            parsed.warnings.append("results/\(object.object)/: no result files; every \(object.object) record counts as missing")
        }
        return parsed
    }

    /// Reads the result files in `folder` (relative to the run folder) into `parsed`; returns how many there were.
    private func parseJob(folder jobFolder: String, object: RunDescription.Object, into parsed: inout ParsedResults) throws(InputFailure) -> Int {
        var found = 0
        for (name, kind) in Self.resultFiles {
            guard let file = try self.folder.input("\(jobFolder)/\(name)") else { continue }
            found += 1
            let scanner = try CSVScanner(path: file, hashing: true)
            scanner.progress = progress
            let idColumn = try column(object.resultIDColumn, in: scanner, file: file)
            var columns = [idColumn]
            if kind == 0 {
                columns += [try column("sf__Id", in: scanner, file: file), try column("sf__Created", in: scanner, file: file)]
                parsed.reserveArrivals(scanner.estimatedRows)
            } else if kind == 1 {
                columns.append(try column("sf__Error", in: scanner, file: file))
                // A failed upsert names the record it failed on; an insert's failure names none.
                if let named = scanner.column("sf__Id") { columns.append(named) }
            }
            var scratch: [UInt8] = []
            try scanner.forEachRow(columns: columns) { line, fields throws(InputFailure) in
                guard fields[0].count > 0 else { return }
                try withID(fields[0], file: file, line: line, scratch: &scratch) { id throws(InputFailure) in
                    switch kind {
                    case 0:
                        let created = fields[2].count == 4 && fields[2].bytes.elementsEqual("true".utf8)
                        parsed.addArrival(id, created: created, destination: fields[1].bytes)
                    case 1:
                        let (code, message) = Self.splitError(fields[1])
                        let destination = fields.count > 2 ? fields[2].string : ""
                        try parsed.addFailure(id, code: code, message: message, destination: destination, file: file, line: line)
                    default:
                        parsed.add(id, .unprocessed)
                    }
                }
            }
            parsed.inputs["\(jobFolder)/\(name)"] = scanner.digest
        }
        return found
    }

    /// Joins parsed results to the source ids: each result marks its id (an id not in the source
    /// is recorded too, and counts as unexpected).
    private func merge(_ parsed: ParsedResults, into ledger: inout ObjectLedger) {
        var failure = 0
        var arrival = 0
        ledger.takeArrivals(of: parsed)
        for index in 0..<parsed.ids.count {
            // Prefetch a batch's slots ahead, so their cache misses overlap.
            if index % Self.batch == 0 {
                for ahead in index..<min(index + Self.batch, parsed.ids.count) { ledger.table.prefetch(hash: parsed.hashes[ahead]) }
            }
            let kind = parsed.kinds[index]
            let hash = parsed.hashes[index]
            parsed.ids.withItem(index) { id in
                let slot = ledger.table.insert(id, hash: hash)
                if ledger.table[slot].results < 255 { ledger.table[slot].results += 1 }
                switch kind {
                case .created, .updated:
                    ledger.table[slot].state.insert(kind == .created ? .created : .updated)
                    ledger.recordArrival(entry: ledger.table.entry(ofSlot: slot), submitted: ledger.table[slot].state.contains(.inSource), destination: arrival)
                    arrival += 1
                case .unprocessed: ledger.table[slot].state.insert(.unprocessed)
                case .failed:
                    let (code, message, destination) = parsed.failures[failure]
                    failure += 1
                    let codeIndex = ledger.code(code, message: message)
                    ledger.table[slot].state.insert(.failed)
                    ledger.table[slot].failCode = codeIndex
                    ledger.messages[ledger.table.entry(ofSlot: slot)] = message
                    if !destination.isEmpty { ledger.failedDestinations[ledger.table.entry(ofSlot: slot)] = destination }
                }
            }
        }
        ledger.jobs = parsed.jobReports
        ledger.takeCensus()
    }

    /// `CODE:message:fields --` read straight from the field's bytes.
    static func splitError(_ field: CSVScanner.Field) -> (code: String, message: String) {
        guard !field.hasEscapedQuotes, let colon = field.bytes.firstIndex(of: UInt8(ascii: ":")) else { return splitError(field.string) }
        let code = String(decoding: UnsafeBufferPointer(rebasing: field.bytes[..<colon]), as: UTF8.self).trimmingWhitespace()
        var rest = field.bytes[(colon + 1)...]
        while rest.first == 0x20 { rest = rest.dropFirst() }
        while rest.last == 0x20 { rest = rest.dropLast() }
        if rest.count >= 2 && rest[rest.endIndex - 1] == UInt8(ascii: "-") && rest[rest.endIndex - 2] == UInt8(ascii: "-") { rest = rest.dropLast(2) }
        while rest.last == 0x20 { rest = rest.dropLast() }
        // An error that names no field ends with the fields' colon alone.
        if rest.last == UInt8(ascii: ":") { rest = rest.dropLast() }
        return (code.isEmpty ? "UNKNOWN" : code, String(decoding: UnsafeBufferPointer(rebasing: rest), as: UTF8.self))
    }

    /// `CODE:message:fields --` → the code before the first colon, and the message after it.
    static func splitError(_ error: String) -> (code: String, message: String) {
        let trimmed = error.trimmingWhitespace()
        guard let colon = trimmed.firstIndex(of: ":") else {
            let isCode = !trimmed.isEmpty && trimmed.allSatisfy { $0.isUppercase || $0.isNumber || $0 == "_" }
            return (isCode ? trimmed : "UNKNOWN", isCode ? "" : trimmed)
        }
        var message = String(trimmed[trimmed.index(after: colon)...]).trimmingWhitespace()
        if message.hasSuffix("--") { message = String(message.dropLast(2)).trimmingWhitespace() }
        if message.hasSuffix(":") { message.removeLast() }
        let code = String(trimmed[..<colon]).trimmingWhitespace()
        return (code.isEmpty ? "UNKNOWN" : code, message)
    }

    /// Whether `results/` holds a log of one JSON object a line for `object` and no folder of
    /// job results: Intercom's results, and those of Salesforce requests sent one a record (files).
    func hasLog(_ object: RunDescription.Object) -> Bool {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path("results/\(object.object)"), isDirectory: &isFolder), isFolder.boolValue { return false }
        return ((try? FileManager.default.contentsOfDirectory(atPath: path("results"))) ?? []).contains { $0.hasSuffix(".jsonl") && resultObject(named: $0) == object.object }
    }

    /// A log of one JSON object per line (Intercom's, or Salesforce requests sent one a record).
    func parseJSONL(_ object: RunDescription.Object) throws(InputFailure) -> ParsedResults {
        var parsed = ParsedResults()
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: path("results"))) ?? [])
            .filter { $0.hasSuffix(".jsonl") && resultObject(named: $0) == object.object }.sorted()
        guard !names.isEmpty else {
            parsed.warnings.append("results/\(object.object).jsonl: no result log; every \(object.object) record counts as missing")
            return parsed
        }
        for name in names {
            guard let file = try folder.input("results/\(name)") else { continue }
            let start = parsed.kinds.count
            parsed.inputs["results/\(name)"] = try parseLog(file, into: &parsed)
            // A log split in parts reports each part as a job.
            if names.count > 1 { parsed.endJob(name, startedAt: start) }
        }
        return parsed
    }

    /// Reads one Intercom result log into `parsed`; returns the file's digest.
    private func parseLog(_ file: String, into parsed: inout ParsedResults) throws(InputFailure) -> InputDigest? {
        let reader = try LineReader(path: file, hashing: true)
        reader.progress = progress
        var sawLine = false
        let rollback = run.kind == .rollback
        let statuses = rollback ? "deleted, failed or skipped" : "created, updated, failed or skipped"
        try reader.forEachLine { line, bytes throws(InputFailure) in
            guard bytes.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { return }
            sawLine = true
            if let bad = UTF8Validation.firstInvalidByte(in: bytes) {
                throw .content(file, at: TextPosition(line: line, column: bad.position.column), "is not valid UTF-8")
            }
            let node = try JSONNodeReader.read(bytes, file: file, firstLine: line)
            guard case .object(let members) = node.value else {
                throw .content(file, at: node.position, "each line must be a JSON object")
            }
            if let (repeated, first) = node.repeatedKey() {
                throw .content(file, at: repeated.keyPosition,
                               "the key \"\(repeated.key)\" appears twice in one object (first at line \(first.line), column \(first.column)): which one holds the value is unclear")
            }
            func text(_ key: String, in members: [DataNode.Member]) -> String? {
                switch members.first(where: { $0.key == key })?.value.value {
                case .string(let value)?: value
                case .number(let value)?: value
                default: nil
                }
            }
            // A rollback's records are the destination's: its lines are known by destination_id.
            let key = rollback ? (text("destination_id", in: members) ?? text("source_id", in: members)) : text("source_id", in: members)
            guard let key, !key.isEmpty else {
                throw .content(file, at: node.position, rollback ? "the line has no destination_id (the id the rollback deleted)" : "the line has no source_id")
            }
            guard let status = text("status", in: members) else {
                throw .content(file, at: node.position, "the line has no status (\(statuses))")
            }
            if rollback ? ["created", "updated"].contains(status) : status == "deleted" {
                throw .content(file, at: node.position,
                               rollback ? "a rollback run deletes records; its results say \(statuses), not \(status)"
                                        : "a \(run.kind.rawValue) run loads records; \"deleted\" belongs to a rollback run's results (kind: rollback)")
            }
            let id = Array(key.utf8)
            try id.withUnsafeBufferPointer { id throws(InputFailure) in
                switch status {
                case "created", "updated":
                    let destination = Array((text("destination_id", in: members) ?? "").utf8)
                    destination.withUnsafeBufferPointer { parsed.addArrival(id, created: status == "created", destination: $0) }
                case "failed":
                    var code = "UNKNOWN"
                    var message = ""
                    if case .object(let error)? = members.first(where: { $0.key == "error" })?.value.value {
                        code = text("code", in: error) ?? code
                        message = text("message", in: error) ?? ""
                    }
                    try parsed.addFailure(id, code: code, message: message, destination: text("destination_id", in: members) ?? "", file: file, line: line)
                case "deleted":
                    parsed.addArrival(id, created: false, destination: id)
                case "skipped":
                    parsed.add(id, .unprocessed)
                default:
                    throw .content(file, at: node.position, "unknown status \(NodeDecoder.quoted(status)); expected \(statuses)")
                }
            }
        }
        if !sawLine {
            throw .file(file, "is empty: a result log holds one line per attempted record", status: .dataError)
        }
        return reader.digest
    }

    func column(_ name: String, in scanner: CSVScanner, file: String) throws(InputFailure) -> Int {
        guard let index = scanner.column(name) else {
            throw .content(file, at: TextPosition(line: 1, column: 1),
                           "the header has no \(name) column (columns: \(scanner.header.prefix(12).joined(separator: ", "))\(scanner.header.count > 12 ? ", …" : ""))")
        }
        return index
    }

    /// Calls `body` with the id's bytes (doubled quotes undoubled), after checking they are UTF-8.
    func withID(_ field: CSVScanner.Field, file: String, line: Int, scratch: inout [UInt8],
                        _ body: (UnsafeBufferPointer<UInt8>) throws(InputFailure) -> Void) throws(InputFailure)
    {
        let bytes = field.bytes
        if bytes.contains(where: { $0 >= 0x80 }), UTF8Validation.firstInvalidByte(in: Array(bytes)) != nil {
            throw .content(file, at: TextPosition(line: line, column: 1), "an id that is not valid UTF-8")
        }
        guard field.hasEscapedQuotes else { return try body(bytes) }
        scratch = Array(field.string.utf8)
        let copy = scratch
        try copy.withUnsafeBufferPointer { buffer throws(InputFailure) in try body(buffer) }
    }

    /// The figures of one object, with its status against the acceptance criteria.
    private func tally(_ ledger: ObjectLedger) -> RunReport.ObjectReport {
        let census = ledger.census
        let (counts, byCode) = (census.byOutcome, census.byCode)
        var samples = [[String]](repeating: [], count: ledger.codes.count)
        for (_, slot) in ledger.entries([.failed]) {
            let code = Int(ledger.table[slot].failCode)
            if samples[code].count < 5 { samples[code].append(ledger.table.key(slot: slot)) }
        }
        let orphanSamples = ledger.orphans.prefix(5).map { ledger.table.key(slot: ledger.table.slot(ofEntry: $0)) }
        let failures = (1..<max(ledger.codes.count, 1)).filter { byCode[$0] > 0 }
            .map { RunReport.FailureCode(code: ledger.codes[$0], count: byCode[$0], sampleIDs: samples[$0], message: ledger.codeMessages[$0]) }
            .sorted { ($0.count, $1.code) > ($1.count, $0.code) }
        var report = RunReport.ObjectReport(
            object: ledger.object.object, source: census.source, manifestCount: manifestCounts[ledger.object.object], created: counts[0], updated: counts[1], failed: counts[2],
            unprocessed: counts[3], missing: counts[4], duplicated: census.duplicated + ledger.duplicatesAcrossRuns.count, unexpected: census.unexpected, orphans: ledger.orphans.count,
            failuresByCode: Dictionary(failures.map { ($0.code, $0.count) }, uniquingKeysWith: +), failures: failures, orphanSamples: Array(orphanSamples),
            status: .pass, statusReasons: [])
        report.destinationObject = destinationObjects[ledger.object.object]
        report.duplicatedAcrossRuns = ledger.duplicatesAcrossRuns.count
        report.duplicateSamples = ledger.duplicatesAcrossRuns.prefix(5).map { ledger.table.key(slot: ledger.table.slot(ofEntry: $0.entry)) }
        if !ledger.jobs.isEmpty { report.jobs = ledger.jobs }
        if run.kind == .rollback {
            // A rollback's successful results are its deletions.
            report.deleted = report.created + report.updated
            (report.created, report.updated) = (0, 0)
        }
        report.waived = waived(in: ledger)
        (report.status, report.statusReasons) = AcceptanceCheck(rules: acceptance).judge(report)
        return report
    }
}

extension Reconciler {
    /// The failed, unprocessed and missing records of `ledger` that a waiver covers, by waiver in
    /// the file's order; `nil` when none.
    func waived(in ledger: ObjectLedger) -> [RunReport.Waived]? {
        let object = ledger.object.object
        guard waivers.entries.contains(where: { $0.object == object && $0.field == nil }) else { return nil }
        var byWaiver: [Int: (count: Int, samples: [String])] = [:]
        for (_, slot) in ledger.entries([.failed, .unprocessed, .missing]) {
            let id = ledger.table.key(slot: slot)
            let code = ledger.outcome(slot: slot) == .failed ? ledger.codes[Int(ledger.table[slot].failCode)] : ""
            guard let at = waivers.entries.firstIndex(where: { $0.covers(object: object, sourceID: id, code: code, on: day) }) else { continue }
            byWaiver[at, default: (0, [])].count += 1
            if byWaiver[at]!.samples.count < 5 { byWaiver[at]!.samples.append(id) }
        }
        guard !byWaiver.isEmpty else { return nil }
        return byWaiver.keys.sorted().map { at in
            let waiver = waivers.entries[at]
            return RunReport.Waived(records: byWaiver[at]!.count, reason: waiver.reason, who: waiver.who, until: Calendar.day(waiver.until), sampleIDs: byWaiver[at]!.samples)
        }
    }
}

/// Judges an object's figures against the acceptance criteria.
struct AcceptanceCheck {
    let rules: AcceptanceRules

    func judge(_ object: RunReport.ObjectReport) -> (RunReport.Status, [String]) {
        var status = RunReport.Status.pass
        var reasons: [String] = []
        let waived = object.waivedCount
        let problems = object.failed + object.unprocessed + object.missing - waived
        let share = object.source == 0 ? 0 : Double(problems) / Double(object.source)
        let shareText = "\(Format.count(problems)) of \(Format.count(object.source, "record")) failed, unprocessed or missing (\(Format.percent(share)))"
            + (waived > 0 ? " besides \(Format.count(waived)) waived" : "")
        if share > rules.warnMaxShare {
            status = .fail
            reasons.append("\(shareText): more than \(Format.percent(rules.warnMaxShare))")
        } else if share > rules.passMaxShare {
            status = .warn
            reasons.append("\(shareText): more than \(Format.percent(rules.passMaxShare))")
        } else {
            reasons.append("\(shareText): within \(Format.percent(rules.passMaxShare))")
        }
        for waiver in object.waived ?? [] {
            reasons.append("\(Format.count(waiver.records, "record")) waived, counted apart: \(waiver.reason) (\(waiver.who), until \(waiver.until); such as \(waiver.sampleIDs.joined(separator: ", ")))")
        }
        // The acceptance criteria allow so many duplicates and unexpected records and no more: beyond them a run fails.
        if object.duplicated > rules.duplicatesAllowed {
            status = .fail
            let across = object.duplicatedAcrossRuns ?? 0
            let parts = [object.duplicated - across > 0 ? "\(Format.count(object.duplicated - across)) with more than one result" : nil,
                         across > 0 ? "\(Format.count(across)) created again after an earlier run brought \(across == 1 ? "it" : "them")" : nil].compactMap { $0 }
            reasons.append("\(Format.count(object.duplicated, "source id")) duplicated: \(parts.joined(separator: ", ")) (allowed: \(rules.duplicatesAllowed))")
        }
        if object.unexpected > rules.unexpectedAllowed {
            status = .fail
            reasons.append("\(Format.count(object.unexpected, "result")) naming ids that were not submitted (allowed: \(rules.unexpectedAllowed))")
        }
        if object.orphans > rules.orphansAllowed {
            status = .fail
            reasons.append("\(Format.count(object.orphans, "record")) arrived without the parent (allowed: \(rules.orphansAllowed))")
        }
        return (status, reasons)
    }
}
