import Foundation

/// Publishes reconciled runs as a static site: `runs/RUN_ID/` per run, `migrations/KEY/` per
/// migration and environment, and `index.html` (paged) over all runs, from the site's ledger.
///
/// Publishing is safe: a run id already published from different inputs is refused; the same run
/// again changes nothing; a run folder appears whole or not at all (written aside, then renamed),
/// and the ledger follows the run folders, so that a publish cut short is made good by the next.
struct SitePublisher {
    let site: String
    let templates: TemplateLibrary
    /// The share of an object's records that must arrive for it to pass, drawn on the trends.
    var passShare: Double? = nil
    /// The platforms' names, for the pages (a run names its destination by id).
    var names = PlatformDirectory()
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

    /// Publishes the run `run`, read from `runFile`: checks it against the runs of its migration
    /// already published, reconciles it with `reconcile` against what the earlier runs of its
    /// migration and environment brought, and writes its folder, the ledger, the index pages that
    /// change and its migration's page. A run already published from the same inputs (the same
    /// fingerprint) changes nothing; from other inputs, it is refused (73).
    ///
    /// - Returns: what was done, and the report (the one already published when nothing changed).
    func publish(_ run: RunDescription, from runFile: String,
                 reconcile: (ArrivalHistory) throws(RunFailure) -> Reconciler.Result) throws(RunFailure) -> (outcome: Outcome, report: RunReport) {
        // A run that cannot be read must leave no site behind: into a new site it is reconciled
        // before the site is made (there is no earlier run to judge it against).
        let firstInSite = FileManager.default.fileExists(atPath: site) ? nil : try reconcile(.none)
        let lock = try SiteLock(site: site)
        defer { lock.release() }
        LeftoverFiles.sweepSite(site)
        let ledger = try SiteLedger(site: site)
        let folder = (runsFolder as NSString).appendingPathComponent(run.runID)
        let key = MigrationKey(migration: run.migration, environment: run.environment)
        let existing = try ledger.run(run.runID)
        let taken = RunFailure([Diagnostic(.error, at: SourceLocation(file: folder),
                                           "the run \(run.runID) is already published from different inputs; give this run its own run_id (nothing was changed)")],
                               status: .cannotCreate)
        if existing == nil && FileManager.default.fileExists(atPath: folder) { throw taken }
        let (earlier, later) = try neighbours(of: run, from: runFile, in: ledger)
        var result: Reconciler.Result
        var history = ArrivalHistory.none
        if let firstInSite, earlier.isEmpty {
            result = firstInSite
        } else {
            history = try self.history(of: earlier)
            result = try reconcile(history)
        }
        result.report.inputFingerprint = result.fingerprint
        if let existing {
            guard existing.inputFingerprint == result.fingerprint,
                  let data = FileManager.default.contents(atPath: (folder as NSString).appendingPathComponent("report.json")),
                  let report = try? JSONDecoder().decode(RunReport.self, from: data)
            else { throw taken }
            // A publish cut short may have left this run's pages behind the ledger: they are made
            // good here (the pages from the run's place on, and its migration's).
            let written = try refresh(ledger, migrations: ledger.changedMigrations.union([key]), changedRun: run.runID)
            return (written.isEmpty ? .unchanged(folder) : .published(written), report)
        }
        // A rollback's failures are destination ids, not source records that still fail; and it
        // is compared with no run, nor a load with it.
        let rollback = run.kind == .rollback
        let problems = rollback ? [] : RunFiles.problemRows(result.ledgers)
        if !rollback {
            result.report.changes = try changes(since: earlier.last { $0.kind != .rollback }, current: result, problems: problems, ledger: ledger)
        }
        if !later.isEmpty {
            result.report.warnings.append("published after \(later.map(\.runID).joined(separator: ", ")), which started later: \(later.count == 1 ? "its" : "their") orphans and duplicates were judged without this run's records; publish the runs of a migration in the order they ran")
        }
        // The ledger takes the run in while its folder is written, and keeps it once the folder
        // is in place; a run that cannot be placed leaves the ledger as it was, and one the ledger
        // cannot take leaves no folder.
        let recording = LedgerRecording(ledger, report: result.report, problems: problems)
        let names: [String]
        do throws(RunFailure) {
            names = try place(result, at: folder)
        } catch {
            _ = recording.finish(placed: false)
            throw error
        }
        do throws(RunFailure) {
            _ = try recording.finish(placed: true).get()
        } catch {
            try? FileManager.default.removeItem(atPath: folder)
            throw error
        }
        let runFiles = names.map { (folder as NSString).appendingPathComponent($0) }
        // With this run, the earlier runs' arrivals are the migration's, unless a later run was
        // published before it: then its page reads the runs' id maps.
        var arrivals: [MigrationKey: ArrivalHistory] = [:]
        if !earlier.isEmpty && later.isEmpty && !rollback {
            history.add(run: run.runID) { add in
                for objectLedger in result.ledgers { objectLedger.forEachArrival { sourceID, destinationID, _ in add(objectLedger.object.object, sourceID, destinationID) } }
            }
            arrivals[key] = history
        }
        history = .none
        result.ledgers = []  // the migration's pages read the id maps back; the run's memory goes first
        let written = try refresh(ledger, migrations: ledger.changedMigrations.union([key]), changedRun: run.runID, arrivals: arrivals)
        return (.published(runFiles + written), result.report)
    }

    /// The runs of `run`'s migration and environment that started before it and after it, oldest
    /// first, after checking that `run` belongs with the migration's runs.
    private func neighbours(of run: RunDescription, from runFile: String, in ledger: SiteLedger) throws(RunFailure)
        -> (earlier: [PublishedRun], later: [PublishedRun])
    {
        let all = try ledger.runs(ofMigration: run.migration)
        if let other = all.first(where: { $0.destination != run.destination }) {
            throw RunFailure([Diagnostic(.error, at: SourceLocation(file: runFile),
                                         "the migration \(run.migration) loads into \(other.destination) (run \(other.runID)), not \(run.destination); give this run its own migration")],
                             status: .dataError)
        }
        let started = Timestamp.format(run.startedAt)
        let before = all.filter { ($0.startedAt, $0.runID) < (started, run.runID) }
        let after = all.filter { ($0.startedAt, $0.runID) > (started, run.runID) && $0.environment == run.environment }
        if run.kind == .delta, !before.isEmpty, !before.contains(where: { $0.environment == run.environment }) {
            let others = Set(before.map(\.environment.rawValue)).sorted().joined(separator: ", ")
            throw RunFailure([Diagnostic(.error, at: SourceLocation(file: runFile),
                                         "the delta run \(run.runID) is in \(run.environment.rawValue), but the earlier runs of \(run.migration) are all in \(others); a delta run follows a full load into the same environment: set \"environment\"")],
                             status: .dataError)
        }
        return (before.filter { $0.environment == run.environment }, after)
    }

    /// What the earlier runs brought, from their `idmap.csv`.
    private func history(of runs: [PublishedRun]) throws(RunFailure) -> ArrivalHistory {
        var history = ArrivalHistory.none
        for earlier in runs {
            try history.add(run: earlier.runID, idMap: (runsFolder as NSString).appendingPathComponent("\(earlier.runID)/idmap.csv"))
        }
        return history
    }

    /// Newly failing, fixed and still failing against the previous run's problems.
    private func changes(since previous: PublishedRun?, current: Reconciler.Result, problems: [SiteLedger.Problem],
                         ledger: SiteLedger) throws(RunFailure) -> RunReport.Changes? {
        guard let previous else { return nil }
        let before = try ledger.problemKeys(of: previous.runID)
        let now = Set(problems.map { "\($0.object):\($0.sourceID)" })
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
        changes.previousProblemRate = previous.problemRate
        changes.problemRate = PublishedRun(current.report).problemRate
        // Rates compare like with like only when both runs submitted the same records.
        let earlier = Dictionary(try ledger.objects(of: previous.runID).map { ($0.object, $0.source) }, uniquingKeysWith: { first, _ in first })
        let later = Dictionary(current.report.objects.map { ($0.object, $0.source) }, uniquingKeysWith: { first, _ in first })
        changes.differentRecordSets = Set(earlier.keys).union(later.keys).sorted().compactMap { object in
            let (then, now) = (earlier[object], later[object])
            guard then != now else { return nil }
            return "\(object): \(then.map(Format.count) ?? "none") then, \(now.map(Format.count) ?? "none") now"
        }
        return changes
    }

    /// Writes the run's files aside, in a staging folder, and renames it to `folder`, so that the
    /// run appears whole or not at all; returns the files' names.
    private func place(_ result: Reconciler.Result, at folder: String) throws(RunFailure) -> [String] {
        let staging = (site as NSString).appendingPathComponent(".publishing-\(result.report.runID)-\(ProcessInfo.processInfo.processIdentifier)")
        do {
            try? FileManager.default.removeItem(atPath: staging)
            try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
            let names = try write(result, to: staging)
            try FileManager.default.createDirectory(atPath: runsFolder, withIntermediateDirectories: true)
            guard rename(staging, folder) == 0 else {
                let reason = String(cString: strerror(errno))
                try? FileManager.default.removeItem(atPath: staging)
                throw OutputWriter.Failure(message: "\(folder): cannot be written (\(reason))")
            }
            return names
        } catch let failure as OutputWriter.Failure {
            try? FileManager.default.removeItem(atPath: staging)
            throw RunFailure(failure, at: site)
        } catch let failure as RunFailure {
            try? FileManager.default.removeItem(atPath: staging)
            throw failure
        } catch {
            try? FileManager.default.removeItem(atPath: staging)
            throw RunFailure([Diagnostic(.error, at: SourceLocation(file: site), "cannot be written: \(SystemError.reason(error))")], status: .cannotCreate)
        }
    }

    /// Writes the run's files into `staging`; returns their names. The id map is built and written
    /// (chunk by chunk) on a second thread while this one builds and writes the rest, and each
    /// file's bytes are let go once written.
    private func write(_ result: Reconciler.Result, to staging: String) throws(RunFailure) -> [String] {
        let (report, ledgers) = (result.report, result.ledgers)
        let view = RunPageView(report, names: names)
        func written(_ file: () throws -> OutputWriter.File) -> Swift.Result<[String], RunFailure> {
            do {
                let file = try file()
                try OutputWriter.write([file], to: staging)
                return .success([file.path])
            } catch let failure as TemplateFailure {
                return .failure(RunFailure(failure.diagnostics, status: failure.status))
            } catch let failure as OutputWriter.Failure {
                return .failure(RunFailure(failure, at: site))
            } catch {
                return .failure(RunFailure([Diagnostic(.error, at: SourceLocation(file: "report.json"), "the report cannot be encoded: \(error)")], status: .software))
            }
        }
        // The long lists are written as they are built, straight into the staging folder.
        func streamed(_ write: () throws(OutputWriter.Failure) -> [String]) -> Swift.Result<[String], RunFailure> {
            do throws(OutputWriter.Failure) {
                return .success(try write())
            } catch {
                return .failure(RunFailure(error, at: site))
            }
        }
        let destinations = Dictionary(report.objects.map { ($0.object, $0.rollbackObject) }, uniquingKeysWith: { first, _ in first })
        let (rest, long) = Concurrently.both({
            [
                written { OutputWriter.File(path: "index.html", text: try templates.render(view, template: "run", format: .html)) },
                written { OutputWriter.File(path: "report.md", text: try templates.render(view, template: "run", format: .md)) },
                written { OutputWriter.File(path: "report.json", text: try JSONOutput.string(report, schema: RunReport.schema)) },
                written { OutputWriter.File(path: "failed.csv", bytes: RunFiles.failed(ledgers)) },
                written { OutputWriter.File(path: "missing.csv", bytes: RunFiles.missing(ledgers)) },
                written { OutputWriter.File(path: "orphans.csv", bytes: RunFiles.orphans(ledgers)) },
                written { OutputWriter.File(path: "duplicates.csv", bytes: RunFiles.duplicates(ledgers, runID: report.runID)) },
            ] + (report.kind == .rollback ? [] : [
                streamed { () throws(OutputWriter.Failure) in try RunFiles.rollback(ledgers, destinations: destinations, in: staging) },
            ])
        }, {
            [
                streamed { () throws(OutputWriter.Failure) in
                    report.kind == .rollback
                        ? try RunFiles.idMap(deletions: result.deletions, runID: report.runID, in: staging)
                        : try RunFiles.idMap(ledgers, runID: report.runID, in: staging)
                },
            ]
        })
        var names: [String] = []
        for outcome in rest + long { names += try outcome.get() }
        do throws(OutputWriter.Failure) {
            names += try OutputWriter.write(result.extraFiles, to: staging).map { String($0.dropFirst(staging.count + 1)) }
        } catch {
            throw RunFailure(error, at: site)
        }
        return names
    }

    /// Publishes a run's verification beside its published run: `runs/RUN_ID/verify/` (`files`,
    /// written aside and renamed into place), the run's page again with its verdict, the ledger's
    /// rows, and the migration's pages; returns the paths written.
    ///
    /// - Throws: ``RunFailure`` 65 when the run is not published in the site, or was published for
    ///   another destination; 73 when a file cannot be written.
    func publish(_ verification: VerifyReport, files: [OutputWriter.File]) throws(RunFailure) -> [String] {
        let folder = (runsFolder as NSString).appendingPathComponent(verification.runID)
        let reportPath = (folder as NSString).appendingPathComponent("report.json")
        guard let data = FileManager.default.contents(atPath: reportPath), let report = try? JSONDecoder().decode(RunReport.self, from: data),
              report.runID == verification.runID else {
            throw RunFailure([Diagnostic(.error, at: SourceLocation(file: site),
                                         "the run \(verification.runID) is not published in this site: reconcile its run folder into it first (landfall reconcile RUN_DIR --site \(site)); nothing was written")],
                             status: .dataError)
        }
        guard report.destination == verification.destination else {
            throw RunFailure([Diagnostic(.error, at: SourceLocation(file: reportPath),
                                         "the run \(report.runID) published here went to \(report.destination), the verified one to \(verification.destination); nothing was written")],
                             status: .dataError)
        }
        let lock = try SiteLock(site: site)
        defer { lock.release() }
        let ledger = try SiteLedger(site: site)
        let target = (folder as NSString).appendingPathComponent("verify")
        let staging = (folder as NSString).appendingPathComponent(".verify-\(ProcessInfo.processInfo.processIdentifier)")
        var written: [String] = []
        do {
            try? FileManager.default.removeItem(atPath: staging)
            try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
            written += try OutputWriter.write(files, to: staging).map { ($0 as NSString).lastPathComponent }.map { (target as NSString).appendingPathComponent($0) }
            let previous = (folder as NSString).appendingPathComponent(".verify-previous-\(ProcessInfo.processInfo.processIdentifier)")
            let hadOne = FileManager.default.fileExists(atPath: target)
            if hadOne { try FileManager.default.moveItem(atPath: target, toPath: previous) }
            guard rename(staging, target) == 0 else {
                let reason = String(cString: strerror(errno))
                if hadOne { try? FileManager.default.moveItem(atPath: previous, toPath: target) }
                throw OutputWriter.Failure(message: "\(target): cannot be written (\(reason))")
            }
            try? FileManager.default.removeItem(atPath: previous)
        } catch let failure as OutputWriter.Failure {
            try? FileManager.default.removeItem(atPath: staging)
            throw RunFailure(failure, at: site)
        } catch {
            try? FileManager.default.removeItem(atPath: staging)
            throw RunFailure([Diagnostic(.error, at: SourceLocation(file: target), "cannot be written: \(SystemError.reason(error))")], status: .cannotCreate)
        }
        let view = RunPageView(report, verification: verification, names: names)
        let pages: [OutputWriter.File]
        do throws(TemplateFailure) {
            pages = [OutputWriter.File(path: "index.html", text: try templates.render(view, template: "run", format: .html)),
                     OutputWriter.File(path: "report.md", text: try templates.render(view, template: "run", format: .md))]
        } catch {
            throw RunFailure(error.diagnostics, status: error.status)
        }
        written += try Self.write(pages, to: folder, removing: [])
        let key = MigrationKey(migration: report.migration, environment: report.environment)
        try ledger.record(verification, of: key)
        written += try refresh(ledger, migrations: [key], changedRun: report.runID)
        return written
    }

    /// Rewrites the index pages that changed and the pages of `migrations`; returns the paths written.
    ///
    /// - Parameter arrivals: the arrivals of every run of a migration, where the caller has them.
    private func refresh(_ ledger: SiteLedger, migrations: Set<MigrationKey>, changedRun: String? = nil,
                         arrivals: [MigrationKey: ArrivalHistory] = [:]) throws(RunFailure) -> [String] {
        // Runs the ledger took in or dropped on opening may sit anywhere: then every page is checked.
        var written = try rebuildIndex(ledger, changedRun: ledger.changedMigrations.isEmpty ? changedRun : nil)
        // A migration whose files a publish cut short left behind the ledger is written again too.
        for key in migrations.union(try ledger.staleMigrations()).sorted() {
            let published = try MigrationPublisher(site: site, templates: templates, ledger: ledger, platforms: names).publish(key, arrivals: arrivals[key])
            written += published.paths
            try ledger.markCurrent(key, objects: published.objects)
        }
        return written
    }

    /// Rewrites the index pages from the ledger: `index.html` holds the newest runs (the
    /// youngest fifty, counted from the oldest run), `page-K.html` the K-th fifty runs counted
    /// from the oldest. A run that joins the site changes only the pages from its place on, so
    /// publishing the newest run rewrites `index.html` and, when it starts a new page, the two
    /// before it; with `changedRun` nil every page is checked.
    ///
    /// - Returns: the paths written (a page whose text is unchanged is not written).
    @discardableResult
    func rebuildIndex(_ ledger: SiteLedger, changedRun: String? = nil) throws(RunFailure) -> [String] {
        let oldestFirst = Array(try ledger.runs().reversed())
        let pages = max(1, (oldestFirst.count + Self.pageSize - 1) / Self.pageSize)
        let firstChanged = changedRun.flatMap { id in oldestFirst.firstIndex { $0.runID == id } }.map { $0 / Self.pageSize + 1 - 2 } ?? 1
        var files: [OutputWriter.File] = []
        for page in 1...pages {
            let name = SiteIndexView.fileName(page: page, of: pages)
            guard page >= firstChanged || !FileManager.default.fileExists(atPath: (site as NSString).appendingPathComponent(name)) else { continue }
            let chunk = oldestFirst[min((page - 1) * Self.pageSize, oldestFirst.count)..<min(page * Self.pageSize, oldestFirst.count)]
            let trends = page == pages ? SiteIndexView.trends(oldestFirst.reversed(), passShare: passShare) : []
            let view = SiteIndexView(runs: chunk.reversed(), firstNumber: (page - 1) * Self.pageSize + 1, runCount: oldestFirst.count, trends: trends,
                                     page: page, pages: pages, names: names, reasons: try ledger.verdictReasons(of: chunk.map(\.runID)))
            do {
                files.append(OutputWriter.File(path: name, text: try templates.render(view, template: "site-index", format: .html)))
            } catch {
                throw RunFailure(error.diagnostics, status: error.status)
            }
        }
        let stale = ((try? FileManager.default.contentsOfDirectory(atPath: site)) ?? []).filter { name in
            name.hasPrefix("page-") && name.hasSuffix(".html") && Int(name.dropFirst(5).dropLast(5)).map { $0 >= pages } ?? false
        }
        return try Self.write(files, to: site, removing: stale)
    }

    /// Writes into `folder` those of `files` whose bytes differ from what is there, then removes
    /// the `stale` files (paths relative to `folder`); returns the paths written.
    static func write(_ files: [OutputWriter.File], to folder: String, removing stale: [String]) throws(RunFailure) -> [String] {
        do {
            let written = try OutputWriter.write(files.filter { !$0.isUnchanged(in: folder) }, to: folder)
            for name in stale { try? FileManager.default.removeItem(atPath: (folder as NSString).appendingPathComponent(name)) }
            return written
        } catch {
            throw RunFailure(error, at: folder)
        }
    }
}

/// A run taken into the ledger on a thread of its own while this one writes the run's folder: the
/// transaction waits for the folder and is kept only once the folder is in place.
private final class LedgerRecording: @unchecked Sendable {
    private let placedKnown = DispatchSemaphore(value: 0)
    private let done = DispatchSemaphore(value: 0)
    private var placed = false
    private var outcome: Swift.Result<Bool, RunFailure> = .success(false)

    private let ledger: SiteLedger
    private let report: RunReport
    private let problems: [SiteLedger.Problem]

    init(_ ledger: SiteLedger, report: RunReport, problems: [SiteLedger.Problem]) {
        (self.ledger, self.report, self.problems) = (ledger, report, problems)
        // A thread of its own, not a shared pool's: the transaction blocks until `finish`.
        Thread { [self] in record() }.start()
    }

    private func record() {
        do throws(RunFailure) {
            outcome = .success(try ledger.add(report, problems: problems) {
                placedKnown.wait()
                return placed
            })
        } catch {
            outcome = .failure(error)
        }
        done.signal()
    }

    /// Says whether the folder is in place, and waits for the ledger: whether it kept the run,
    /// or why it could not take it.
    func finish(placed: Bool) -> Swift.Result<Bool, RunFailure> {
        self.placed = placed
        placedKnown.signal()
        done.wait()
        return outcome
    }
}
