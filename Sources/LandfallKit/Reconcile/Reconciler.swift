import Foundation

/// Reconciles one run folder: reads the submitted source records and the destination's results,
/// joins them on the id columns (never on row order), and counts what arrived, failed, went
/// missing, came twice, came unasked, or arrived without its parent.
struct Reconciler {
    let folder: String
    let run: RunDescription
    let acceptance: AcceptanceRules
    /// The manifest's count of each object, when the run names a manifest.
    let manifestCounts: [String: Int]

    /// The outcome of a reconciliation: the report and the lists to write.
    struct Result {
        var report: RunReport
        var ledgers: [ObjectLedger]
    }

    func reconcile() throws(RunFailure) -> Result {
        var ledgers: [ObjectLedger] = []
        var warnings: [String] = []
        try checkResultFolders()
        for object in run.objects {
            var ledger = ObjectLedger(object: object)
            do {
                try readSource(into: &ledger, parents: ledgers)
                switch DestinationPlatform(rawValue: run.destination) {
                case .intercom: try readJSONL(into: &ledger, warnings: &warnings)
                default: try readSalesforce(into: &ledger, warnings: &warnings)
                }
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
        let objects = ledgers.map { tally($0, all: ledgers) }
        let report = RunReport(runID: run.runID, kind: run.kind, destination: run.destination, migration: run.migration,
                               startedAt: Timestamp.format(run.startedAt), finishedAt: Timestamp.format(run.finishedAt),
                               inputFingerprint: "", objects: objects, status: objects.map(\.status).max() ?? .pass, changes: nil, warnings: warnings)
        return Result(report: report, ledgers: ledgers)
    }

    private func path(_ relative: String) -> String {
        (folder as NSString).appendingPathComponent(relative)
    }

    /// Every result file or folder must belong to an object of `run.json`.
    private func checkResultFolders() throws(RunFailure) {
        let results = path("results")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: results)) ?? []
        let known = Set(run.objects.map(\.object))
        for name in names.sorted() where !name.hasPrefix(".") {
            let object = name.hasSuffix(".jsonl") ? String(name.dropLast(6)) : name
            guard known.contains(object) else {
                let file = (results as NSString).appendingPathComponent(name)
                throw RunFailure([Diagnostic(.error, at: SourceLocation(file: file),
                                             "results for the object \"\(object)\", which run.json does not list (objects: \(run.objects.map(\.object).joined(separator: ", ")))")],
                                 status: .dataError)
            }
        }
    }

    private func readSource(into ledger: inout ObjectLedger, parents: [ObjectLedger]) throws(InputFailure) {
        let file = path(ledger.object.sourceFile)
        let scanner = try CSVScanner(path: file)
        let idColumn = try column(ledger.object.idColumn, in: scanner, file: file)
        var columns = [idColumn]
        var parent: ObjectLedger?
        if let parentObject = ledger.object.parentObject, let parentColumn = ledger.object.parentColumn {
            columns.append(try column(parentColumn, in: scanner, file: file))
            parent = parents.first { $0.object.object == parentObject }
        }
        var scratch: [UInt8] = []
        try scanner.forEachRow(columns: columns) { line, fields throws(InputFailure) in
            guard fields[0].count > 0 else {
                ledger.rowsWithoutID += 1
                return
            }
            try withID(fields[0], file: file, line: line, scratch: &scratch) { id in
                let (index, inserted) = ledger.table.insert(id)
                if !inserted && ledger.table.states[index].contains(.inSource) {
                    ledger.sourceDuplicates += 1
                    if ledger.sourceDuplicateSamples.count < 5 { ledger.sourceDuplicateSamples.append(ledger.table.key(index)) }
                    return
                }
                ledger.table.states[index].insert(.inSource)
                if let parent {
                    while ledger.parents.count <= index { ledger.parents.append(-1) }
                    ledger.parents[index] = fields.count > 1 ? (parent.table.find(fields[1].bytes).map { Int32($0) } ?? -1) : -1
                }
            }
        }
    }

    /// Salesforce Bulk API 2.0 results: successful, failed and unprocessed records.
    private func readSalesforce(into ledger: inout ObjectLedger, warnings: inout [String]) throws(InputFailure) {
        let folder = path("results/\(ledger.object.object)")
        var found = 0
        for (name, kind) in [("successfulResults.csv", 0), ("failedResults.csv", 1), ("unprocessedrecords.csv", 2)] {
            let file = (folder as NSString).appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: file) else { continue }
            found += 1
            let scanner = try CSVScanner(path: file)
            let idColumn = try column(ledger.object.resultIDColumn, in: scanner, file: file)
            var columns = [idColumn]
            if kind == 0 {
                columns += [try column("sf__Id", in: scanner, file: file), try column("sf__Created", in: scanner, file: file)]
            } else if kind == 1 {
                columns.append(try column("sf__Error", in: scanner, file: file))
            }
            var scratch: [UInt8] = []
            try scanner.forEachRow(columns: columns) { line, fields throws(InputFailure) in
                guard fields[0].count > 0 else { return }
                try withID(fields[0], file: file, line: line, scratch: &scratch) { id in
                    let (index, _) = ledger.table.insert(id)
                    ledger.table.results[index] &+= ledger.table.results[index] == 255 ? 0 : 1
                    switch kind {
                    case 0:
                        let created = fields[2].count == 4 && fields[2].bytes.elementsEqual("true".utf8)
                        ledger.table.states[index].insert(created ? .created : .updated)
                        if created { ledger.createdIDs.append(fields[1].bytes) }
                    case 1:
                        let (code, message) = Self.splitError(fields[1].string)
                        ledger.table.states[index].insert(.failed)
                        ledger.table.failCodes[index] = ledger.code(code, message: message)
                        ledger.messages[index] = message
                    default:
                        ledger.table.states[index].insert(.unprocessed)
                    }
                }
            }
        }
        if found == 0 {
            warnings.append("results/\(ledger.object.object)/: no result files; every \(ledger.object.object) record counts as missing")
        }
    }

    /// `CODE:message:fields --` → the code before the first colon, and the message after it.
    static func splitError(_ error: String) -> (code: String, message: String) {
        let trimmed = error.trimmingCharacters(in: .whitespaces)
        guard let colon = trimmed.firstIndex(of: ":") else {
            let isCode = !trimmed.isEmpty && trimmed.allSatisfy { $0.isUppercase || $0.isNumber || $0 == "_" }
            return (isCode ? trimmed : "UNKNOWN", isCode ? "" : trimmed)
        }
        var message = String(trimmed[trimmed.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
        if message.hasSuffix("--") { message = String(message.dropLast(2)).trimmingCharacters(in: .whitespaces) }
        let code = String(trimmed[..<colon]).trimmingCharacters(in: .whitespaces)
        return (code.isEmpty ? "UNKNOWN" : code, message)
    }

    /// An Intercom log: one JSON object per line.
    private func readJSONL(into ledger: inout ObjectLedger, warnings: inout [String]) throws(InputFailure) {
        let file = path("results/\(ledger.object.object).jsonl")
        guard FileManager.default.fileExists(atPath: file) else {
            warnings.append("results/\(ledger.object.object).jsonl: no result log; every \(ledger.object.object) record counts as missing")
            return
        }
        let reader = try LineReader(path: file)
        var sawLine = false
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
            func text(_ key: String, in members: [DataNode.Member]) -> String? {
                switch members.first(where: { $0.key == key })?.value.value {
                case .string(let value)?: value
                case .number(let value)?: value
                default: nil
                }
            }
            guard let sourceID = text("source_id", in: members), !sourceID.isEmpty else {
                throw .content(file, at: node.position, "the line has no source_id")
            }
            guard let status = text("status", in: members) else {
                throw .content(file, at: node.position, "the line has no status (created, updated, failed or skipped)")
            }
            let id = Array(sourceID.utf8)
            try id.withUnsafeBufferPointer { id throws(InputFailure) in
                let (index, _) = ledger.table.insert(id)
                ledger.table.results[index] &+= ledger.table.results[index] == 255 ? 0 : 1
                switch status {
                case "created":
                    ledger.table.states[index].insert(.created)
                    var destination = Array((text("destination_id", in: members) ?? "").utf8)
                    if !destination.isEmpty { destination.withUnsafeBufferPointer { ledger.createdIDs.append($0) } }
                case "updated":
                    ledger.table.states[index].insert(.updated)
                case "failed":
                    var code = "UNKNOWN"
                    var message = ""
                    if case .object(let error)? = members.first(where: { $0.key == "error" })?.value.value {
                        code = text("code", in: error) ?? code
                        message = text("message", in: error) ?? ""
                    }
                    ledger.table.states[index].insert(.failed)
                    ledger.table.failCodes[index] = ledger.code(code, message: message)
                    ledger.messages[index] = message
                case "skipped":
                    ledger.table.states[index].insert(.unprocessed)
                default:
                    throw .content(file, at: node.position, "unknown status \(NodeDecoder.quoted(status)); expected created, updated, failed or skipped")
                }
            }
        }
        if !sawLine {
            throw .file(file, "is empty: a result log holds one line per attempted record", status: .dataError)
        }
    }

    private func column(_ name: String, in scanner: CSVScanner, file: String) throws(InputFailure) -> Int {
        guard let index = scanner.column(name) else {
            throw .content(file, at: TextPosition(line: 1, column: 1),
                           "the header has no \(name) column (columns: \(scanner.header.prefix(12).joined(separator: ", "))\(scanner.header.count > 12 ? ", …" : ""))")
        }
        return index
    }

    /// Calls `body` with the id's bytes (doubled quotes undoubled), after checking they are UTF-8.
    private func withID(_ field: CSVScanner.Field, file: String, line: Int, scratch: inout [UInt8],
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
    private func tally(_ ledger: ObjectLedger, all: [ObjectLedger]) -> RunReport.ObjectReport {
        var counts = [0, 0, 0, 0, 0]  // created, updated, failed, unprocessed, missing
        var source = 0
        var duplicated = 0
        var unexpected = 0
        var orphans = 0
        var orphanSamples: [String] = []
        var byCode = [Int](repeating: 0, count: ledger.codes.count)
        var samples = [[String]](repeating: [], count: ledger.codes.count)
        let parent = ledger.object.parentObject.flatMap { name in all.first { $0.object.object == name } }
        for index in 0..<ledger.table.count {
            let state = ledger.table.states[index]
            guard state.contains(.inSource) else {
                if ledger.table.results[index] > 0 { unexpected += 1 }
                continue
            }
            source += 1
            if ledger.table.results[index] > 1 { duplicated += 1 }
            let outcome = ledger.outcome(index)
            switch outcome {
            case .created: counts[0] += 1
            case .updated: counts[1] += 1
            case .failed:
                counts[2] += 1
                let code = Int(ledger.table.failCodes[index])
                byCode[code] += 1
                if samples[code].count < 5 { samples[code].append(ledger.table.key(index)) }
            case .unprocessed: counts[3] += 1
            case .missing: counts[4] += 1
            }
            if let parent, outcome.arrived {
                let parentIndex = index < ledger.parents.count ? Int(ledger.parents[index]) : -1
                if parentIndex < 0 || !parent.outcome(parentIndex).arrived {
                    orphans += 1
                    if orphanSamples.count < 5 { orphanSamples.append(ledger.table.key(index)) }
                }
            }
        }
        let failures = (1..<max(ledger.codes.count, 1)).filter { byCode[$0] > 0 }
            .map { RunReport.FailureCode(code: ledger.codes[$0], count: byCode[$0], sampleIDs: samples[$0], message: ledger.codeMessages[$0]) }
            .sorted { ($0.count, $1.code) > ($1.count, $0.code) }
        var report = RunReport.ObjectReport(
            object: ledger.object.object, source: source, manifestCount: nil, created: counts[0], updated: counts[1], failed: counts[2],
            unprocessed: counts[3], missing: counts[4], duplicated: duplicated, unexpected: unexpected, orphans: orphans,
            failuresByCode: Dictionary(failures.map { ($0.code, $0.count) }, uniquingKeysWith: +), failures: failures, orphanSamples: orphanSamples,
            status: .pass, statusReasons: [])
        if let expected = manifestCounts[ledger.object.object], expected != source { report.manifestCount = expected }
        (report.status, report.statusReasons) = AcceptanceCheck(rules: acceptance).judge(report)
        return report
    }
}

/// Judges an object's figures against the acceptance criteria.
struct AcceptanceCheck {
    let rules: AcceptanceRules

    func judge(_ object: RunReport.ObjectReport) -> (RunReport.Status, [String]) {
        var status = RunReport.Status.pass
        var reasons: [String] = []
        let problems = object.failed + object.unprocessed + object.missing
        let share = object.source == 0 ? 0 : Double(problems) / Double(object.source)
        let shareText = "\(Format.count(problems)) of \(Format.count(object.source, "record")) failed, unprocessed or missing (\(Format.percent(share)))"
        if share > rules.warnMaxShare {
            status = .fail
            reasons.append("\(shareText): more than \(Format.percent(rules.warnMaxShare))")
        } else if share > rules.passMaxShare {
            status = .warn
            reasons.append("\(shareText): more than \(Format.percent(rules.passMaxShare))")
        } else {
            reasons.append("\(shareText): within \(Format.percent(rules.passMaxShare))")
        }
        if object.duplicated > rules.duplicatesAllowed {
            status = max(status, .warn)
            reasons.append("\(Format.count(object.duplicated, "source id")) with more than one result (allowed: \(rules.duplicatesAllowed))")
        }
        if object.unexpected > rules.unexpectedAllowed {
            status = max(status, .warn)
            reasons.append("\(Format.count(object.unexpected, "result")) naming ids that were not submitted (allowed: \(rules.unexpectedAllowed))")
        }
        if object.orphans > rules.orphansAllowed {
            status = .fail
            reasons.append("\(Format.count(object.orphans, "record")) arrived without the parent (allowed: \(rules.orphansAllowed))")
        }
        return (status, reasons)
    }
}
