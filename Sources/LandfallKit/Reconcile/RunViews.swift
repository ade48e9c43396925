/// A run's page as the templates see it.
struct RunPageView {
    struct Text { let text: String }
    struct ObjectRow {
        let object, source, manifestNote, created, updated, failed, unprocessed, missing, duplicated, unexpected, orphans, status, statusClass: String
        let reasons: [Text]
        let hasManifestNote: Bool
    }
    struct Bar { let label, labelY, sourceY, sourceWidth, arrivedY, arrivedWidth, valueX, valueText: String }
    struct FailureRow { let object, code, count, samples, message: String }
    struct JobRow { let object, job, created, updated, failed, unprocessed: String }
    struct Changes {
        let previous, newlyFailing, fixed, stillFailing, samples, fixedSamples, rates, recordSets: String
        let hasSamples, hasFixedSamples, hasRates, hasRecordSets: Bool
    }

    let title, runID, kind, destination, migration, migrationHref, environment, startedAt, finishedAt, status, statusClass: String
    let source, arrived, failed, missing, orphans, duplicatedAcrossRuns: String
    /// A rollback run deletes: its page says deleted where a load's says arrived or created.
    let isRollback: Bool
    /// What the page says where no earlier run is compared, and where no verification is published.
    let noChangesNote, notVerifiedNote: String
    /// A delta run: what its records changed after.
    let deltaWindow: String
    let hasDelta: Bool
    /// `Arrived` or `Deleted`, the same in lower case, and `Created` or `Deleted`.
    let arrivedLabel, arrivedWord, createdLabel: String
    /// A few ids created again after an earlier run, per object: `ticket T2`; empty when there are none.
    let duplicateSamples: String
    let hasDuplicates: Bool
    /// A few orphan ids per object, for the page: `message M2, M3`; empty when there are none.
    let orphanSamples: String
    let hasOrphans: Bool
    let objects: [ObjectRow]
    let bars: [Bar]
    /// Where the bars start: after the longest label.
    let barX: String
    let chartHeight, chartDescription: String
    let failures: [FailureRow]
    /// The jobs of the objects whose results came in several.
    let jobs: [JobRow]
    let hasJobs: Bool
    let hasFailures: Bool
    /// The run's rollback file per destination object, in reverse load order.
    struct RollbackLink { let href, destination: String }
    let rollbackFiles: [RollbackLink]
    /// Per object the run updated, what a restore puts back: the file and its job, or why there is none.
    struct RestoreRow { let object, text, file, job: String; let hasFile: Bool }
    let restores: [RestoreRow]
    let hasRestores: Bool
    let changes: [Changes]
    let hasChanges: Bool
    let warnings: [Text]
    let hasWarnings: Bool

    /// The field-by-field verification, once `verify` has published one: its verdict in a line.
    let verification: String
    let verificationClass: String
    let hasVerification: Bool

    /// `names` gives each platform's name by its id (`Salesforce Service Cloud` for
    /// `salesforce-service-cloud`); an id it lacks is shown as it is.
    init(_ report: RunReport, verification verified: VerifyReport? = nil, names: PlatformDirectory = PlatformDirectory()) {
        verification = verified?.summary ?? ""
        verificationClass = verified.map { $0.verdict == .pass ? "grade-a" : "grade-f" } ?? ""
        hasVerification = verified != nil
        title = "Run \(report.runID): reconciliation report"
        runID = report.runID
        kind = report.kind.rawValue
        destination = names.name(of: report.destination)
        migration = report.migration
        environment = report.environment.rawValue
        migrationHref = "../../migrations/\(MigrationKey(migration: report.migration, environment: report.environment).folderName)/index.html"
        startedAt = report.startedAt
        finishedAt = report.finishedAt
        status = report.status.rawValue.uppercased()
        statusClass = Self.statusClass(report.status)
        let totals = report.totals
        isRollback = report.kind == .rollback
        noChangesNote = isRollback ? "A rollback is compared with no run: the migration's page shows what it deleted and what is left."
            : "This is the first published run of this migration."
        notVerifiedNote = isRollback ? "A rollback leaves no record to compare field by field." : ""
        deltaWindow = report.delta?.text ?? ""
        hasDelta = report.delta != nil
        (arrivedLabel, arrivedWord, createdLabel) = isRollback ? ("Deleted", "deleted", "Deleted") : ("Arrived", "arrived", "Created")
        source = Format.count(totals.source)
        arrived = Format.count(isRollback ? report.deleted : totals.arrived)
        failed = Format.count(totals.failed)
        missing = Format.count(totals.missing)
        orphans = Format.count(report.objects.reduce(0) { $0 + $1.orphans })
        orphanSamples = Self.samples(report.objects.map { ($0.object, $0.orphans, $0.orphanSamples) })
        hasOrphans = !orphanSamples.isEmpty
        duplicatedAcrossRuns = Format.count(report.objects.reduce(0) { $0 + ($1.duplicatedAcrossRuns ?? 0) })
        duplicateSamples = Self.samples(report.objects.map { ($0.object, $0.duplicatedAcrossRuns ?? 0, $0.duplicateSamples ?? []) })
        hasDuplicates = !duplicateSamples.isEmpty
        objects = report.objects.map { object in
            ObjectRow(object: object.object, source: Format.count(object.source),
                      manifestNote: object.manifestCount.map { "the manifest counts \(Format.count($0))" } ?? "",
                      created: Format.count(object.deleted ?? object.created), updated: Format.count(object.updated), failed: Format.count(object.failed),
                      unprocessed: Format.count(object.unprocessed), missing: Format.count(object.missing), duplicated: Format.count(object.duplicated),
                      unexpected: Format.count(object.unexpected), orphans: Format.count(object.orphans), status: object.status.rawValue.uppercased(),
                      statusClass: Self.statusClass(object.status), reasons: object.statusReasons.map { Text(text: $0) },
                      hasManifestNote: object.manifestCount.map { $0 != object.source } ?? false)
        }
        jobs = report.objects.flatMap { object in
            (object.jobs ?? []).map {
                JobRow(object: object.object, job: $0.id, created: Format.count($0.created), updated: Format.count($0.updated),
                       failed: Format.count($0.failed), unprocessed: Format.count($0.unprocessed))
            }
        }
        hasJobs = !jobs.isEmpty
        var destinations: [String] = []
        // A rollback creates nothing to take back.
        for object in report.objects.reversed() where !isRollback && !destinations.contains(object.rollbackObject) {
            destinations.append(object.rollbackObject)
        }
        rollbackFiles = destinations.map { RollbackLink(href: "rollback/\(RollbackFileName.of($0)).csv", destination: $0) }
        restores = report.restores.map { restore in
            let what = "\(Format.count(restore.updated, "\(restore.destinationObject) record")) updated, not created"
            let text = restore.file == nil ? "\(what): \(restore.note ?? "")"
                : "\(what); the restore file puts back \(Format.count(restore.restored)) with the values they held before the load" + (restore.note.map { " (\($0))" } ?? "")
            let file = restore.file ?? ""
            return RestoreRow(object: restore.object.replacingOccurrences(of: "_", with: " "), text: text, file: file,
                              job: file.replacingOccurrences(of: ".csv", with: ".job.json"), hasFile: restore.file != nil)
        }
        hasRestores = !restores.isEmpty
        let largest = max(report.objects.map(\.source).max() ?? 1, 1)
        // The bars start after the longest label (a step's name, `09-EmailMessage-message`, runs
        // long; at the larger 14 px print size too), and keep 150 px after them for the figures.
        let labels = report.objects.map { $0.object.replacingOccurrences(of: "_", with: " ") }
        let plotX = min(max((labels.map(GanttChart.labelWidth).max() ?? 0) * 14 / 13 + 12, 150), 360)
        barX = Self.number(plotX)
        let scale = (720 - plotX - 150) / Double(largest)
        bars = report.objects.enumerated().map { index, object in
            let top = 8.0 + Double(index) * 44
            let done = object.done
            let arrivedWidth = Double(done) * scale
            return Bar(label: labels[index], labelY: Self.number(top + 20),
                       sourceY: Self.number(top + 4), sourceWidth: Self.number(max(Double(object.source) * scale, 1)),
                       arrivedY: Self.number(top + 20), arrivedWidth: Self.number(max(arrivedWidth, done > 0 ? 1 : 0)),
                       valueX: Self.number(plotX + max(Double(object.source) * scale, arrivedWidth) + 8),
                       valueText: "\(Format.count(done)) of \(Format.count(object.source))")
        }
        chartHeight = Self.number(16 + Double(report.objects.count) * 44 + 24)
        chartDescription = report.objects.map { [arrivedWord] in "\($0.object): \(Format.count($0.done)) of \(Format.count($0.source)) \(arrivedWord)" }.joined(separator: "; ")
        failures = report.objects.flatMap { object in
            object.failures.map {
                FailureRow(object: object.object, code: $0.code, count: Format.count($0.count), samples: $0.sampleIDs.joined(separator: ", "), message: $0.message)
            }
        }
        hasFailures = !failures.isEmpty
        changes = report.changes.map {
            [Changes(previous: $0.previousRunID, newlyFailing: Format.count($0.newlyFailing), fixed: Format.count($0.fixed),
                     stillFailing: Format.count($0.stillFailing), samples: $0.newlyFailingSamples.joined(separator: ", "),
                     fixedSamples: ($0.fixedSamples ?? []).joined(separator: ", "),
                     rates: zip2($0.previousProblemRate, $0.problemRate).map { "\(Format.number($0)) % then, \(Format.number($1)) % now" } ?? "",
                     recordSets: ($0.differentRecordSets ?? []).joined(separator: "; "),
                     hasSamples: !$0.newlyFailingSamples.isEmpty, hasFixedSamples: !($0.fixedSamples ?? []).isEmpty,
                     hasRates: $0.previousProblemRate != nil && $0.problemRate != nil, hasRecordSets: !($0.differentRecordSets ?? []).isEmpty)]
        } ?? []
        hasChanges = !changes.isEmpty
        warnings = report.warnings.map { Text(text: $0) }
        hasWarnings = !warnings.isEmpty
    }

    /// A few ids per object that has any: `message M2, M3 …; ticket T9`.
    private static func samples(_ objects: [(object: String, count: Int, samples: [String])]) -> String {
        objects.filter { $0.count > 0 }.map { entry in
            "\(entry.object) " + entry.samples.joined(separator: ", ") + (entry.count > entry.samples.count ? " …" : "")
        }.joined(separator: "; ")
    }

    static func statusClass(_ status: RunReport.Status) -> String {
        switch status {
        case .pass: "grade-a"
        case .warn: "grade-c"
        case .fail: "grade-f"
        }
    }

    static func number(_ value: Double) -> String {
        Format.number(Format.tenths(value))
    }
}

/// One page of the site's index as the templates see it.
struct SiteIndexView {
    struct Run { let runID, href, kind, migration, migrationHref, destination, environment, date, source, arrived, failed, missing, status, statusClass, why: String }
    struct Point { let x, y, height, label, status, labelX: String; let caption: String }
    /// One migration's runs in one environment, oldest to newest, left to right.
    struct Trend { let migration, href, description, barWidth, thresholdY, thresholdLabel: String; let points: [Point]; let hasThreshold: Bool }
    struct Link { let href, label: String }
    /// The most migrations whose trends the newest page draws (those with the newest runs).
    static let trendLimit = 12

    let title: String
    /// What the page holds, in words.
    let lead: String
    let runs: [Run]
    let hasRuns: Bool
    let previous: [Link]
    let next: [Link]
    let trends: [Trend]
    let hasTrend: Bool

    /// The newest page is `index.html`; the others are `page-K.html`, K counted from the oldest.
    static func fileName(page: Int, of pages: Int) -> String {
        page == pages ? "index.html" : "page-\(page).html"
    }

    /// - Parameters:
    ///   - runs: this page's runs, newest first.
    ///   - firstNumber: the number of the page's oldest run, counted from the site's oldest.
    ///   - runCount: how many runs the site holds (said on the newest page only, so that older
    ///     pages do not change with every run).
    ///   - trends: the trends to draw (the newest page draws them).
    ///   - reasons: the first reason for each run's verdict that is not a pass, by run id.
    init(runs: [PublishedRun], firstNumber: Int, runCount: Int, trends: [Trend], page: Int, pages: Int, names: PlatformDirectory = PlatformDirectory(),
         reasons: [String: String] = [:]) {
        let isNewest = page == pages
        title = isNewest ? "Migration runs" : "Migration runs \(Format.count(firstNumber))–\(Format.count(firstNumber + runs.count - 1))"
        lead = isNewest
            ? "\(Format.count(runCount, "published run")); \(runs.count == runCount ? "all" : "the newest \(Format.count(runs.count))") here, newest first."
            : "Runs \(Format.count(firstNumber)) to \(Format.count(firstNumber + runs.count - 1)), counted from the oldest, newest first."
        self.runs = runs.map { run in
            Run(runID: run.runID, href: "runs/\(run.runID)/index.html", kind: run.kind.rawValue, migration: run.migration,
                migrationHref: "migrations/\(run.key.folderName)/index.html", destination: names.name(of: run.destination), environment: run.environment.rawValue,
                date: String(run.startedAt.prefix(10)), source: Format.count(run.source), arrived: run.arrivedText,
                failed: Format.count(run.failed), missing: Format.count(run.missing), status: run.status.rawValue.uppercased(),
                statusClass: RunPageView.statusClass(run.status), why: reasons[run.runID] ?? (run.status == .pass ? "every object within the acceptance criteria" : ""))
        }
        hasRuns = !runs.isEmpty
        previous = isNewest ? [] : [Link(href: Self.fileName(page: page + 1, of: pages), label: "Newer runs")]
        next = page > 1 ? [Link(href: Self.fileName(page: page - 1, of: pages), label: "Older runs")] : []
        self.trends = trends
        hasTrend = !trends.isEmpty
    }

    /// One trend per migration and environment, in the order their newest runs appear in `runs`
    /// (newest first), for the ``trendLimit`` most recently run; each drawn oldest to newest, the
    /// last 40 runs at most.
    ///
    /// - Parameter passShare: the share of an object's records that must arrive for it to pass,
    ///   drawn as a line on each trend.
    static func trends(_ runs: [PublishedRun], passShare: Double?) -> [Trend] {
        var keys: [MigrationKey] = []
        var byKey: [MigrationKey: [PublishedRun]] = [:]
        // A rollback arrives nothing by design: the trends draw the runs that load.
        for run in runs where run.kind != .rollback {
            if byKey[run.key] == nil {
                guard keys.count < trendLimit else { continue }
                keys.append(run.key)
            }
            if byKey[run.key, default: []].count < 40 { byKey[run.key, default: []].append(run) }
        }
        return keys.map { key in
            let recent = Array((byKey[key] ?? []).reversed())
            let width = min(660.0 / Double(max(recent.count, 1)), 60)
            let points = recent.enumerated().map { index, run -> Point in
                let share = run.arrivedShare
                let height = max(share * 120, 1)
                let x = 40 + Double(index) * width + 2
                return Point(x: RunPageView.number(x), y: RunPageView.number(10 + 120 - height), height: RunPageView.number(height),
                             label: "\(run.runID): \(Format.percent(share)) arrived", status: RunPageView.statusClass(run.status),
                             labelX: RunPageView.number(x + max(width - 4, 1) / 2),
                             caption: recent.count <= 12 ? String(run.startedAt.dropFirst(5).prefix(5)) : "")
            }
            let description = recent.map { "\($0.runID) \(Format.percent($0.arrivedShare))" }.joined(separator: "; ")
            return Trend(migration: "\(key.migration) (\(key.environment.rawValue))", href: "migrations/\(key.folderName)/index.html",
                         description: description, barWidth: RunPageView.number(max(width - 4, 1)),
                         thresholdY: RunPageView.number(10 + 120 * (1 - (passShare ?? 1))),
                         thresholdLabel: passShare.map { "\(Format.percent($0)) must arrive to pass" } ?? "", points: points, hasThreshold: passShare != nil)
        }
    }
}

/// Both values, when both are there.
private func zip2<A, B>(_ first: A?, _ second: B?) -> (A, B)? {
    guard let first, let second else { return nil }
    return (first, second)
}
