import Foundation

/// `landfall reconcile RUN_DIR [--site DIR]`: reconciles one run and publishes it to the site.
public struct ReconcileCommand: Sendable {
    /// The run folder.
    public var runFolder: String
    /// The site folder.
    public var site: String
    /// The catalog (platforms, and how objects are counted in manifests).
    public var catalog: Catalog
    /// The acceptance criteria.
    public var acceptance: AcceptanceRules
    /// The templates.
    public var templates: TemplateLibrary
    /// Text (paths, one line per object, the verdict) or the summary as JSON.
    public var format: TerminalFormat
    /// The verdict that makes the command exit 1 (after publishing), when given.
    public var failOn: RunReport.Status?
    /// Where the progress line goes while the run's files are read (the command line: standard
    /// error on a terminal), if anywhere.
    public var progress: (@Sendable (String) -> Void)?
    /// `--waivers`: the failures an ops lead accepts, counted apart; judged on `asOf`.
    public var waiversPath: String?
    /// A destination export taken before the load (`OBJECT.csv` with an `Id` column per object),
    /// from which the restore files of the records the run updated are written.
    public var beforeFolder: String?
    public var asOf = Date()

    /// Creates the command.
    public init(runFolder: String, site: String, catalog: Catalog, acceptance: AcceptanceRules, templates: TemplateLibrary,
                format: TerminalFormat = .text, failOn: RunReport.Status? = nil, progress: (@Sendable (String) -> Void)? = nil) {
        self.progress = progress
        self.runFolder = runFolder
        self.site = site
        self.catalog = catalog
        self.acceptance = acceptance
        self.templates = templates
        self.format = format
        self.failOn = failOn
    }

    /// Reads, reconciles and publishes; prints the paths written, one line per object and the
    /// verdict (or all of it as JSON). Nothing in the site changes when the run cannot be read
    /// (65, 66) or its id is taken by different inputs (73); a verdict at or past `failOn` exits 1.
    public func run() -> CommandOutput {
        var waivers = Waivers(entries: [])
        if let waiversPath {
            switch Waivers.read(path: waiversPath) {
            case .success(let read): waivers = read
            case .failure(let failure): return failure.output
            }
        }
        do {
            let (outcome, report) = try publish(waivers: waivers)
            let notes = report.warnings.map { "landfall: warning: \(ControlCharacters.escapedForTerminal($0))\n" }.joined()
            let summary: RunSummary
            var text: String
            switch outcome {
            case .published(let paths):
                summary = RunSummary(report, published: true, paths: paths)
                text = paths.map { "\($0)\n" }.joined()
            case .unchanged(let folder):
                summary = RunSummary(report, published: false, paths: [])
                text = "\(folder): already published from the same inputs; nothing changed\n"
            }
            let status: ExitStatus = failOn.map { report.status >= $0 } == true ? .verdict : .ok
            switch format {
            case .text: text += summary.text
            case .json: text = (try? JSONOutput.string(summary)) ?? "{}\n"
            }
            return CommandOutput(standardOutput: text, standardError: notes, status: status)
        } catch {
            return .failure(error.diagnostics, status: error.status)
        }
    }

    /// Reads, reconciles and publishes the run; returns what publishing did and the report (with
    /// the warnings met).
    func publish(waivers: Waivers = Waivers(entries: [])) throws(RunFailure) -> (outcome: SitePublisher.Outcome, report: RunReport) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: runFolder, isDirectory: &isDirectory), isDirectory.boolValue else {
            let problem = FileManager.default.fileExists(atPath: runFolder) ? "is a file, not a run folder (run.json, source/, results/)" : "does not exist"
            throw RunFailure([Diagnostic(.error, at: SourceLocation(file: runFolder), problem)], status: .noInput)
        }
        let run = try RunDescription.read(folder: runFolder, vocabulary: catalog.vocabulary).get()
        if run.kind == .rollback, let beforeFolder {
            throw RunFailure([Diagnostic(.error, at: SourceLocation(file: beforeFolder),
                                         "--before restores what a load updated; the rollback run \(run.runID) updates nothing (give it with the run that updated the records)")],
                             status: .usage)
        }
        var warnings: [String] = []
        // The field map the load was written from, when the run folder holds it: an input, read once.
        let fieldMap = try RunFieldMap.read(in: runFolder)
        let (counts, quoted) = try quotes(run, map: fieldMap?.map, warnings: &warnings)
        var publisher = SitePublisher(site: site, templates: templates, passShare: 1 - acceptance.passMaxShare)
        publisher.names = PlatformDirectory(catalog)
        let runFile = (runFolder as NSString).appendingPathComponent("run.json")
        return try publisher.publish(run, from: runFile) { history throws(RunFailure) in
            var reconciler = Reconciler(folder: InputFolder(path: runFolder), run: run, acceptance: acceptance, manifestCounts: counts)
            let meter = progress.map { ProgressMeter("reconcile", total: FolderSize.bytes(in: ["source", "results"].map { (runFolder as NSString).appendingPathComponent($0) }), write: $0) }
            defer { meter?.finish() }
            reconciler.progress = meter
            reconciler.history = history
            // A rollback names the destination's objects themselves.
            reconciler.destinationObjects = run.kind == .rollback ? Dictionary(run.objects.map { ($0.object, $0.object) }, uniquingKeysWith: { first, _ in first })
                : destinationObjects(run)
            reconciler.deletedInPlaceOfOthers = publisher.names.deletedInPlaceOfOthers(in: run.destination)
            reconciler.waivers = waivers
            reconciler.day = asOf
            // The waivers change the verdict: they are among the run's inputs.
            reconciler.waiversDigest = waiversPath.flatMap { FileManager.default.contents(atPath: $0) }.map { InputDigest(of: [UInt8]($0)) }
            var result = try reconciler.reconcile()
            result.report.warnings = warnings + result.report.warnings
            result.report.quoted = quoted
            guard run.kind != .rollback else { return result }
            // The field map beside the run decides its quoted objects: an input like the others.
            if let fieldMap {
                result.fingerprint = StableHash.hex((result.fingerprint + "fieldmap " + fieldMap.digest).utf8)
            }
            // A delta export's delta.json, which transform copies beside the run: it says what the records changed after.
            if let delta = try Self.delta(in: runFolder) {
                result.report.delta = RunReport.DeltaWindow(watermark: delta.report.watermark, since: delta.report.since)
                result.fingerprint = StableHash.hex((result.fingerprint + "delta " + delta.digest).utf8)
            }
            let restore = try RestoreFiles.make(ledgers: result.ledgers, run: run, runFolder: runFolder, destinationObjects: reconciler.destinationObjects,
                                                family: catalog.platform(run.destination)?.family, before: beforeFolder)
            result.report.restores = restore.restores
            result.extraFiles = restore.files
            // The export taken before the load is an input: the same run published with another is another run.
            if !restore.inputs.isEmpty {
                result.fingerprint = StableHash.hex((result.fingerprint + restore.inputs.sorted { $0.key < $1.key }.map { "before/\($0.key) \($0.value)" }.joined()).utf8)
            }
            return result
        }
    }

    /// The run folder's `delta.json`, when it holds one, with its bytes' hash.
    private static func delta(in runFolder: String) throws(RunFailure) -> (report: DeltaReport, digest: String)? {
        do throws(InputFailure) {
            guard try InputFolder(path: runFolder).input(DeltaReport.fileName) != nil, let report = try DeltaReport.read(in: runFolder) else { return nil }
            let bytes = FileManager.default.contents(atPath: (runFolder as NSString).appendingPathComponent(DeltaReport.fileName)).map { [UInt8]($0) } ?? []
            return (report, StableHash.hex(bytes))
        } catch {
            throw RunFailure([error.diagnostic], status: error.status)
        }
    }

    /// The destination object each of the run's objects lands in, by its API name where the
    /// platform gives one (`Case`); an object carried inside another (a message in a conversation)
    /// lands in the carrier's last destination object.
    private func destinationObjects(_ run: RunDescription) -> [String: String] {
        let platform = catalog.platform(run.destination)
        var found: [String: String] = [:]
        for object in run.objects {
            if let named = object.destinationObject { found[object.object] = named }
        }
        for pair in catalog.pairs where pair.destination == run.destination {
            for object in run.objects where found[object.object] == nil {
                let id = pair.mapping(for: object.object)?.destinationObjects.first
                    ?? pair.allMappings.first { $0.carries.contains(object.object) }?.destinationObjects.last
                guard let id else { continue }
                found[object.object] = platform?.objects.first { $0.id == id }?.apiName ?? id
            }
        }
        return found
    }

    /// The manifest's count of each object of the run, and every object the quote counts that
    /// the load creates records of (inserted or upserted), in load order, when `run.json` names a
    /// manifest: as `map` (the field map the load was written from) says, else the catalog's mapping.
    private func quotes(_ run: RunDescription, map: FieldMap?, warnings: inout [String]) throws(RunFailure) -> (counts: [String: Int], quoted: [RunReport.QuotedObject]) {
        guard let relative = run.manifest else { return ([:], []) }
        let path = (runFolder as NSString).appendingPathComponent(relative)
        do {
            // The manifest is an input like the others: it lies inside the run folder.
            _ = try InputFolder(path: runFolder).input(relative)
        } catch {
            throw RunFailure([error.diagnostic], status: error.status)
        }
        let reading = ManifestReader(vocabulary: catalog.vocabulary).read(path: path)
        guard let manifest = reading.manifest else {
            warnings.append("the manifest \(relative) cannot be read, so source counts are not compared with it: \(reading.diagnostics.first?.description ?? "")")
            return ([:], [])
        }
        let platform = catalog.platform(manifest.source.platform)
        func count(_ object: String) -> Int? { platform?.object(object)?.countKey.flatMap { manifest.counts[$0] } }
        var counts: [String: Int] = [:]
        for object in run.objects {
            if let count = count(object.object) { counts[object.object] = count }
        }
        var quoted: [RunReport.QuotedObject] = []
        if let map {
            // The map the load was written from says what it creates records of, in load order.
            quoted = map.objects.compactMap { object in
                guard let rule = object.records.first(where: { $0.operation == .insert || $0.operation == .upsert }), let destination = rule.destination,
                      let count = count(object.object), count > 0 else { return nil }
                return RunReport.QuotedObject(object: object.object, destinationObject: destination, count: count)
            }
        } else if let pair = catalog.pair(source: manifest.source.platform, destination: run.destination) {
            let loaded = pair.allMappings.compactMap { mapping -> (position: Int, object: RunReport.QuotedObject)? in
                guard let rule = mapping.records.first(where: { $0.rule.operation == .insert || $0.rule.operation == .upsert })?.rule,
                      let destination = rule.destination, let count = count(mapping.sourceObject), count > 0 else { return nil }
                return (pair.loadPosition(of: mapping.sourceObject) ?? Int.max, RunReport.QuotedObject(object: mapping.sourceObject, destinationObject: destination, count: count))
            }
            quoted = loaded.enumerated().sorted { ($0.element.position, $0.offset) < ($1.element.position, $1.offset) }.map(\.element.object)
        }
        return (counts, quoted)
    }
}
