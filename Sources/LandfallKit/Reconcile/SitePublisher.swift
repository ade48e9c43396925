import Foundation

/// Publishes reconciled runs as a static site: `runs/RUN_ID/` per run and `index.html` (paged)
/// over all of them, rebuilt from each run's `report.json`.
///
/// Publishing is safe: a run id already published from different inputs is refused; the same run
/// again changes nothing; a run folder appears whole or not at all (written aside, then renamed).
struct SitePublisher {
    let site: String
    let templates: TemplateLibrary
    /// The share of an object's records that must arrive for it to pass, drawn on the trends.
    var passShare: Double? = nil
    /// Runs per index page.
    static let pageSize = 50

    private var runsFolder: String { (site as NSString).appendingPathComponent("runs") }

    /// What publishing did.
    enum Outcome: Equatable {
        /// The run was published; the paths written.
        case published([String])
        /// The same run was already there; nothing changed.
        case unchanged(String)
    }

    /// Publishes `result` (fingerprinted by `fingerprint`), with the changes since the previous
    /// run of the same migration.
    func publish(_ result: Reconciler.Result, fingerprint: String) throws(RunFailure) -> Outcome {
        let lock = try SiteLock(site: site)
        defer { lock.release() }
        LeftoverFiles.sweep(site)
        var report = result.report
        report.inputFingerprint = fingerprint
        let folder = (runsFolder as NSString).appendingPathComponent(report.runID)
        let existingReport = (folder as NSString).appendingPathComponent("report.json")
        if FileManager.default.fileExists(atPath: existingReport) {
            let existing = try? JSONDecoder().decode(RunReport.self, from: Data(contentsOf: URL(fileURLWithPath: existingReport)))
            guard existing?.inputFingerprint == fingerprint else {
                throw RunFailure([Diagnostic(.error, at: SourceLocation(file: folder),
                                             "the run \(report.runID) is already published from different inputs; give this run its own run_id (nothing was changed)")],
                                 status: .cannotCreate)
            }
            try rebuildIndex()
            return .unchanged(folder)
        }
        report.changes = changes(since: previousRun(of: report), current: result)
        let files = try render(report, ledgers: result.ledgers)
        let staging = (site as NSString).appendingPathComponent(".publishing-\(report.runID)-\(ProcessInfo.processInfo.processIdentifier)")
        do {
            try? FileManager.default.removeItem(atPath: staging)
            try OutputWriter.write(files, to: staging)
            try FileManager.default.createDirectory(atPath: runsFolder, withIntermediateDirectories: true)
            guard rename(staging, folder) == 0 else {
                let reason = String(cString: strerror(errno))
                try? FileManager.default.removeItem(atPath: staging)
                throw OutputWriter.Failure(message: "\(folder): cannot be written (\(reason))")
            }
        } catch let failure as OutputWriter.Failure {
            try? FileManager.default.removeItem(atPath: staging)
            throw RunFailure([Diagnostic(.error, at: SourceLocation(file: site), failure.message)], status: .cannotCreate)
        } catch {
            try? FileManager.default.removeItem(atPath: staging)
            throw RunFailure([Diagnostic(.error, at: SourceLocation(file: site), "cannot be written: \(SystemError.reason(error))")], status: .cannotCreate)
        }
        let index = try rebuildIndex()
        return .published(files.map { (folder as NSString).appendingPathComponent($0.path) } + index)
    }

    /// Every published report, newest first.
    func reports() -> [RunReport] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: runsFolder)) ?? []
        let reports = names.filter { !$0.hasPrefix(".") }.compactMap { name -> RunReport? in
            let path = (runsFolder as NSString).appendingPathComponent("\(name)/report.json")
            return try? JSONDecoder().decode(RunReport.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        }
        return reports.sorted { ($0.startedAt, $0.runID) > ($1.startedAt, $1.runID) }
    }

    private func previousRun(of report: RunReport) -> RunReport? {
        reports().first { $0.migration == report.migration && $0.destination == report.destination && $0.startedAt < report.startedAt }
    }

    /// Newly failing, fixed and still failing against the previous run's failed and missing lists.
    private func changes(since previous: RunReport?, current: Reconciler.Result) -> RunReport.Changes? {
        guard let previous else { return nil }
        let folder = (runsFolder as NSString).appendingPathComponent(previous.runID)
        var before: Set<String> = []
        for name in ["failed.csv", "missing.csv"] {
            guard let scanner = try? CSVScanner(path: (folder as NSString).appendingPathComponent(name)),
                  let id = scanner.column("id"), let object = scanner.column("object")
            else { continue }
            try? scanner.forEachRow(columns: [id, object]) { _, fields in
                before.insert("\(fields[1].string):\(fields[0].string)")
            }
        }
        let now = RunFiles.problems(current.ledgers)
        let newly = now.subtracting(before).sorted()
        let arrivedNow = before.subtracting(now).filter { key in
            guard let colon = key.firstIndex(of: ":") else { return false }
            let object = String(key[..<colon])
            let id = Array(key[key.index(after: colon)...].utf8)
            guard let ledger = current.ledgers.first(where: { $0.object.object == object }) else { return false }
            return id.withUnsafeBufferPointer { ledger.table.find($0).map { ledger.outcome(slot: $0).arrived } ?? false }
        }
        var changes = RunReport.Changes(previousRunID: previous.runID, newlyFailing: newly.count, fixed: arrivedNow.count,
                                        stillFailing: now.intersection(before).count, newlyFailingSamples: Array(newly.prefix(10)))
        changes.fixedSamples = Array(arrivedNow.sorted().prefix(10))
        changes.previousProblemRate = Self.problemRate(previous)
        changes.problemRate = Self.problemRate(current.report)
        // Rates compare like with like only when both runs submitted the same records.
        let earlier = Dictionary(previous.objects.map { ($0.object, $0.source) }, uniquingKeysWith: { first, _ in first })
        let later = Dictionary(current.report.objects.map { ($0.object, $0.source) }, uniquingKeysWith: { first, _ in first })
        changes.differentRecordSets = Set(earlier.keys).union(later.keys).sorted().compactMap { object in
            let (then, now) = (earlier[object], later[object])
            guard then != now else { return nil }
            return "\(object): \(then.map(Format.count) ?? "none") then, \(now.map(Format.count) ?? "none") now"
        }
        return changes
    }

    /// Failed, unprocessed and missing records as a share of the submitted ones, in percent.
    static func problemRate(_ report: RunReport) -> Double {
        let totals = report.totals
        return totals.source == 0 ? 0 : Format.tenths(Double(totals.failed + totals.missing) / Double(totals.source) * 100)
    }

    private func render(_ report: RunReport, ledgers: [ObjectLedger]) throws(RunFailure) -> [OutputWriter.File] {
        let view = RunPageView(report)
        do {
            return [
                OutputWriter.File(path: "index.html", text: try templates.render(view, template: "run", format: .html)),
                OutputWriter.File(path: "report.md", text: try templates.render(view, template: "run", format: .md)),
                OutputWriter.File(path: "report.json", text: try JSONOutput.string(report)),
                OutputWriter.File(path: "failed.csv", bytes: RunFiles.failed(ledgers)),
                OutputWriter.File(path: "missing.csv", bytes: RunFiles.missing(ledgers)),
                OutputWriter.File(path: "orphans.csv", bytes: RunFiles.orphans(ledgers)),
                OutputWriter.File(path: "rollback.csv", bytes: RunFiles.rollback(ledgers)),
            ]
        } catch let failure as TemplateFailure {
            throw RunFailure(failure.diagnostics, status: failure.status)
        } catch {
            throw RunFailure([Diagnostic(.error, at: SourceLocation(file: "report.json"), "the report cannot be encoded: \(error)")], status: .software)
        }
    }

    /// Rewrites `index.html` (and `page-N.html`) from every run's `report.json`.
    @discardableResult
    func rebuildIndex() throws(RunFailure) -> [String] {
        let reports = reports()
        let pages = max(1, (reports.count + Self.pageSize - 1) / Self.pageSize)
        var files: [OutputWriter.File] = []
        for page in 0..<pages {
            let slice = Array(reports.dropFirst(page * Self.pageSize).prefix(Self.pageSize))
            let view = SiteIndexView(runs: slice, all: reports, page: page + 1, pages: pages, passShare: passShare)
            do {
                files.append(OutputWriter.File(path: SiteIndexView.fileName(page: page + 1), text: try templates.render(view, template: "site-index", format: .html)))
            } catch {
                throw RunFailure(error.diagnostics, status: error.status)
            }
        }
        let stale = ((try? FileManager.default.contentsOfDirectory(atPath: site)) ?? []).filter { name in
            name.hasPrefix("page-") && name.hasSuffix(".html") && !files.contains { $0.path == name }
        }
        do {
            let written = try OutputWriter.write(files, to: site)
            for name in stale { try? FileManager.default.removeItem(atPath: (site as NSString).appendingPathComponent(name)) }
            return written
        } catch {
            throw RunFailure([Diagnostic(.error, at: SourceLocation(file: site), error.message)], status: .cannotCreate)
        }
    }
}

/// A fingerprint of a run's inputs: `run.json` whole, and each input file's size with its first
/// and last mebibyte, so that re-reading a large run costs almost nothing.
enum RunFingerprint {
    static func of(folder: String, run: RunDescription) -> String {
        var bytes: [UInt8] = []
        let runJSON = (folder as NSString).appendingPathComponent("run.json")
        bytes += (try? [UInt8](Data(contentsOf: URL(fileURLWithPath: runJSON)))) ?? []
        var files = run.objects.map(\.sourceFile)
        let results = (folder as NSString).appendingPathComponent("results")
        if let enumerator = FileManager.default.enumerator(atPath: results) {
            while let name = enumerator.nextObject() as? String { files.append("results/\(name)") }
        }
        let runFolder = RunFolder(path: folder)
        for relative in files.sorted() {
            // Only what the reconciler may read is opened: never a FIFO, never a file outside.
            guard let path = try? runFolder.input(relative) else { continue }
            guard let handle = FileHandle(forReadingAtPath: path) else { continue }
            defer { try? handle.close() }
            let size = (try? handle.seekToEnd()) ?? 0
            bytes += Array("\(relative):\(size):".utf8)
            try? handle.seek(toOffset: 0)
            bytes += [UInt8]((try? handle.read(upToCount: 1 << 20)) ?? Data())
            if size > 2 << 20 {
                try? handle.seek(toOffset: size - (1 << 20))
                bytes += [UInt8]((try? handle.read(upToCount: 1 << 20)) ?? Data())
            }
        }
        return StableHash.hex(bytes)
    }
}
