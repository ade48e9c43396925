import Foundation

/// Writes one migration's folder in the site, `migrations/MIGRATION-ENVIRONMENT/`: the page (HTML
/// and Markdown) with how much of the source has arrived across its runs and what still fails,
/// `idmap.csv` (the whole source-to-destination map), `still-failing.csv`, and one rollback file
/// per destination object, numbered in the order to delete them (reverse load order).
struct MigrationPublisher {
    let site: String
    let templates: TemplateLibrary
    let ledger: SiteLedger
    /// The platforms' names, for the page, and how the destination deletes each object.
    var platforms = PlatformDirectory()

    /// The migration's folder.
    func folder(_ key: MigrationKey) -> String {
        (site as NSString).appendingPathComponent("migrations/\(key.folderName)")
    }

    /// Writes the folder of `key` from the ledger and the runs' id maps, or `arrivals` when the
    /// caller has every run's (removes it when the migration has no run left); returns the paths
    /// written and the migration's objects across its runs.
    func publish(_ key: MigrationKey, arrivals: ArrivalHistory? = nil) throws(RunFailure) -> (paths: [String], objects: [MigrationProgress.Object]) {
        let folder = folder(key)
        let runs = try ledger.runs(of: key)
        guard !runs.isEmpty else {
            try? FileManager.default.removeItem(atPath: folder)
            return ([], [])
        }
        let runsFolder = (site as NSString).appendingPathComponent("runs")
        let progress = try MigrationProgress(key: key, runs: runs, ledger: ledger, runsFolder: runsFolder, arrivals: arrivals)
        let scripts = try RollbackScripts.make(progress.rollbackFiles, destination: runs.last?.destination ?? "", platforms: platforms,
                                               runs: runs.map { ($0.runID, "\(runsFolder)/\($0.runID)/idmap.csv") })
        let view = MigrationPageView(progress, scripts: scripts, names: platforms)
        var files: [OutputWriter.File]
        do throws(TemplateFailure) {
            files = [
                OutputWriter.File(path: "index.html", text: try templates.render(view, template: "migration", format: .html)),
                OutputWriter.File(path: "index.md", text: try templates.render(view, template: "migration", format: .md)),
            ]
        } catch {
            throw RunFailure(error.diagnostics, status: error.status)
        }
        files.append(OutputWriter.File(path: "still-failing.csv", bytes: progress.stillFailingCSV))
        let rollbackFolder = (folder as NSString).appendingPathComponent("rollback")
        let stale = ((try? FileManager.default.contentsOfDirectory(atPath: rollbackFolder)) ?? []).map { "rollback/\($0)" }.filter { name in
            !(name as NSString).lastPathComponent.hasPrefix(".") && !scripts.contains { "rollback/\($0.name)" == name }
        }
        for script in scripts {
            if case .bytes(let bytes) = script.body { files.append(OutputWriter.File(path: "rollback/\(script.name)", bytes: bytes)) }
        }
        var written = try SitePublisher.write(files, to: folder, removing: stale)
        // The id map and the rollback id lists are the runs' own, one after the other: linked when
        // there is one, else copied file to file.
        let lists = [("idmap.csv", progress.idMap)] + scripts.compactMap { script -> (String, FileConcatenation)? in
            guard case .ids(let contents) = script.body else { return nil }
            return ("rollback/\(script.name)", contents)
        }
        for (name, contents) in lists {
            let path = (folder as NSString).appendingPathComponent(name)
            do throws(OutputWriter.Failure) {
                let changed = contents.parts.count == 1
                    ? try OutputWriter.hardLink(contents.parts[0], to: path)
                    : try contents.write(to: path)
                if changed { written.append(path) }
            } catch {
                throw RunFailure(error, at: folder)
            }
        }
        return (written, progress.objects)
    }
}

/// One migration in one environment across its runs: per object, what the source held as far as
/// the runs saw it, what has arrived, what still fails, against the quoted count.
struct MigrationProgress {
    /// One object across the runs.
    struct Object {
        var object: String
        var destinationObject: String?
        /// The manifest's count in the newest run that names one.
        var quoted: Int?
        /// Distinct source ids submitted in any run.
        var seen = 0
        /// Distinct source ids that arrived in some run and are in the destination.
        var arrived = 0
        /// Distinct source ids that arrived and that a rollback run deleted since.
        var rolledBack = 0
        /// Distinct source ids that failed, went unprocessed or missing and never arrived.
        var stillFailing = 0
        /// Records created again after an earlier run brought them.
        var duplicatedAcrossRuns = 0
        /// A few still-failing ids with the newest code.
        var stillFailingSamples: [(id: String, code: String)] = []
        /// Whether a run has submitted it; a quoted object no run has submitted yet is listed too.
        var submitted = true
    }

    /// The ids created in one destination object: its number in the order to delete them, the
    /// object, how many ids, and the runs' files they are in, newest run first, less the ids a
    /// rollback run deleted since (`deleted`).
    struct RollbackFile {
        var number: Int
        var destinationObject: String
        var count: Int
        var contents: FileConcatenation
        var deleted: Set<String> = []

        /// The ids, in the files' order, less those deleted.
        func ids() -> [String] {
            var ids: [String] = []
            for part in contents.parts {
                CRLFLines.forEach(in: part) { line in
                    let id = CSVWriter.unquotedCell(String(decoding: line, as: UTF8.self))
                    if !deleted.contains(id) { ids.append(id) }
                }
            }
            return ids
        }
    }

    let key: MigrationKey
    /// The runs, oldest first.
    let runs: [PublishedRun]
    /// The verified runs' verdicts in a line, by run id.
    let verifications: [String: String]
    /// The objects, in load order.
    private(set) var objects: [Object] = []
    /// `idmap.csv`: the runs' id maps, oldest first.
    let idMap: FileConcatenation
    /// `still-failing.csv`.
    private(set) var stillFailingCSV: [UInt8] = []
    /// The rollback files, in the order to run them.
    private(set) var rollbackFiles: [RollbackFile] = []
    /// What each delta run's records changed after, by run id (`after 2026-11-30T18:00:00Z`).
    private(set) var deltaWindows: [String: String] = [:]

    /// - Parameter arrivals: every run's arrivals, when the caller has them (else they are read
    ///   from the runs' id maps when there are several runs).
    init(key: MigrationKey, runs: [PublishedRun], ledger: SiteLedger, runsFolder: String, arrivals: ArrivalHistory? = nil) throws(RunFailure) {
        self.key = key
        self.runs = runs
        verifications = try ledger.verifications(of: key)
        var objects: [Object] = []
        func index(_ name: String) -> Int {
            if let found = objects.firstIndex(where: { $0.object == name }) { return found }
            objects.append(Object(object: name))
            return objects.count - 1
        }
        var objectsOfRun: [Set<String>] = []
        for run in runs {
            objectsOfRun.append([])
            // A rollback's objects are the destination's; its deletions are in its id map.
            guard run.kind != .rollback else { continue }
            for entry in try ledger.objects(of: run.runID) {
                objectsOfRun[objectsOfRun.count - 1].insert(entry.object)
                let at = index(entry.object)
                objects[at].destinationObject = entry.destinationObject ?? objects[at].destinationObject
                objects[at].quoted = entry.quoted ?? objects[at].quoted
                objects[at].duplicatedAcrossRuns += entry.duplicatedAcrossRuns
                // A single run's arrivals are its created and updated records.
                if runs.count == 1 { objects[at].arrived += entry.created + entry.updated }
            }
        }
        let folders = runs.map { (runsFolder as NSString).appendingPathComponent($0.runID) }
        idMap = FileConcatenation(header: Array((RunFiles.idMapHeader.joined(separator: ",") + "\r\n").utf8), parts: folders.map { $0 + "/idmap.csv" })
        // Distinct arrivals need a table of ids only when several runs may bring the same record.
        var arrived = ArrivalHistory.none
        if runs.count > 1 {
            if let arrivals {
                arrived = arrivals
            } else {
                for (run, folder) in zip(runs, folders) { try arrived.add(run: run.runID, idMap: folder + "/idmap.csv") }
            }
            for at in objects.indices {
                objects[at].arrived = arrived[objects[at].object]?.count ?? 0
                objects[at].rolledBack = arrived[objects[at].object]?.deletedCount ?? 0
            }
        }
        var failing = CSVByteWriter(header: ["object", "source_id", "code"])
        let problems = try ledger.problems(of: key)
        for at in objects.indices {
            let name = objects[at].object
            let table = arrived[name]
            for (id, code) in (problems[name] ?? [:]).sorted(by: { $0.key < $1.key }) {
                // A record that arrived is not failing, nor one a rollback deleted since (it is rolled back).
                guard table?.everArrived(id) != true else { continue }
                objects[at].stillFailing += 1
                if objects[at].stillFailingSamples.count < 10 { objects[at].stillFailingSamples.append((id, code)) }
                failing.row(name, id, code)
            }
            objects[at].seen = objects[at].arrived + objects[at].rolledBack + objects[at].stillFailing
        }
        stillFailingCSV = failing.bytes
        rollbackFiles = try Self.rollback(objects: objects, folders: folders, objectsOfRun: objectsOfRun,
                                          deleted: try Self.deletedIDs(of: zip(runs, folders).filter { $0.0.kind == .rollback }.map(\.1)))
        self.objects = Self.withQuoted(objects, quotes: Self.quotes(of: runs, in: runsFolder))
        for run in runs where run.kind == .delta {
            let path = (runsFolder as NSString).appendingPathComponent("\(run.runID)/report.json")
            if let data = FileManager.default.contents(atPath: path), let window = (try? JSONDecoder().decode(RunReport.self, from: data))?.delta {
                deltaWindows[run.runID] = window.short
            }
        }
    }

    /// The quoted objects of the newest run that lists them (`report.json`'s `quoted`).
    private static func quotes(of runs: [PublishedRun], in runsFolder: String) -> [RunReport.QuotedObject] {
        for run in runs.reversed() {
            let path = (runsFolder as NSString).appendingPathComponent("\(run.runID)/report.json")
            if let data = FileManager.default.contents(atPath: path), let report = try? JSONDecoder().decode(RunReport.self, from: data), !report.quoted.isEmpty {
                return report.quoted
            }
        }
        return []
    }

    /// Every quoted object in load order, the runs' figures where a run submitted it, then the
    /// objects the runs submitted that the quote does not count.
    static func withQuoted(_ objects: [Object], quotes: [RunReport.QuotedObject]) -> [Object] {
        var rest = objects
        var listed: [Object] = []
        for quote in quotes {
            if let at = rest.firstIndex(where: { $0.object == quote.object }) {
                var object = rest.remove(at: at)
                object.quoted = object.quoted ?? quote.count
                object.destinationObject = object.destinationObject ?? quote.destinationObject
                listed.append(object)
            } else {
                listed.append(Object(object: quote.object, destinationObject: quote.destinationObject, quoted: quote.count, submitted: false))
            }
        }
        return listed + rest
    }

    /// The destination ids the rollback runs in `folders` deleted (their id maps' rows).
    private static func deletedIDs(of folders: [String]) throws(RunFailure) -> Set<String> {
        var ids: Set<String> = []
        for folder in folders {
            try IDMapFile.forEachRow(folder + "/idmap.csv") { row in
                if row.deleted { ids.insert(String(decoding: row.destinationID, as: UTF8.self)) }
            }
        }
        return ids
    }

    /// One file per destination object, the last loaded first; in each, the newest ids first:
    /// the runs' `rollback/DESTINATION.csv` (already newest first), newest run first, less the
    /// ids in `deleted`; a destination object all of whose ids were deleted has none.
    private static func rollback(objects: [Object], folders: [String], objectsOfRun: [Set<String>], deleted: Set<String>) throws(RunFailure) -> [RollbackFile] {
        var order: [String] = []
        var destinationOf: [String: String] = [:]
        for object in objects.reversed() {
            let destination = object.destinationObject ?? object.object
            if !order.contains(destination) { order.append(destination) }
            destinationOf[object.object] = destination
        }
        for (folder, objects) in zip(folders, objectsOfRun) {
            try RunRollbackFiles.makeMissing(in: folder, destinations: Set(objects.compactMap { destinationOf[$0] }), destinationOf: destinationOf)
        }
        var files: [RollbackFile] = []
        for destination in order {
            let file = "rollback/\(RollbackFileName.of(destination)).csv"
            let parts = zip(folders, objectsOfRun).reversed().filter { _, objects in objects.contains { destinationOf[$0] == destination } }.map { $0.0 + "/" + file }
            var rollback = RollbackFile(number: files.count + 1, destinationObject: destination, count: 0,
                                        contents: FileConcatenation(header: Array("Id\r\n".utf8), parts: parts), deleted: deleted)
            do throws(OutputWriter.Failure) {
                rollback.count = deleted.isEmpty ? try rollback.contents.rows() : rollback.ids().count
            } catch {
                throw RunFailure(error, at: folders.last ?? "")
            }
            if rollback.count > 0 || deleted.isEmpty { files.append(rollback) }
        }
        return files
    }
}

/// The rollback files of a run folder written before runs kept one per destination object
/// (`rollback/DESTINATION.csv`): made from its `rollback.csv`, aside and then renamed into place.
enum RunRollbackFiles {
    /// Makes those of `destinations` that `folder` lacks (`destinationOf`: by source object).
    static func makeMissing(in folder: String, destinations: Set<String>, destinationOf: [String: String]) throws(RunFailure) {
        func path(_ destination: String) -> String { "\(folder)/rollback/\(RollbackFileName.of(destination)).csv" }
        let missing = destinations.filter { !FileManager.default.fileExists(atPath: path($0)) }
        guard !missing.isEmpty else { return }
        do throws(OutputWriter.Failure) {
            try OutputWriter.createFolder(folder + "/rollback")
            var writers: [String: CSVByteWriter] = [:]
            for destination in missing {
                writers[destination] = try CSVByteWriter(header: ["Id"], streamingTo: OutputWriter.temporaryPath(for: path(destination)))
            }
            CRLFLines.forEach(in: folder + "/rollback.csv") { line in
                // Object names hold no comma, so the last comma ends the id.
                guard let comma = line.lastIndex(of: UInt8(ascii: ",")),
                      let destination = destinationOf[String(decoding: UnsafeBufferPointer(rebasing: line[(comma + 1)...]), as: UTF8.self)],
                      writers[destination] != nil
                else { return }
                writers[destination]!.encodedCell(Array(UnsafeBufferPointer(rebasing: line[..<comma])))
                writers[destination]!.endRow()
            }
            for destination in missing.sorted() {
                try writers[destination]!.finish()
                try OutputWriter.moveIntoPlace(OutputWriter.temporaryPath(for: path(destination)), as: path(destination))
            }
        } catch {
            throw RunFailure(error, at: folder)
        }
    }
}

/// The lines of a CSV file this tool wrote (CRLF line ends, no line break inside a cell), read
/// whole and handed over without their line ends, the header skipped.
enum CRLFLines {
    static func forEach(in path: String, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        guard let data = FileManager.default.contents(atPath: path) else { return }
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Void in
            let buffer = raw.bindMemory(to: UInt8.self)
            guard let base = buffer.baseAddress else { return }
            var start = 0
            var isHeader = true
            while start < buffer.count {
                var end = buffer.count
                if let found = memchr(base + start, 0x0A, buffer.count - start) {
                    end = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base
                }
                var stop = end
                if stop > start && base[stop - 1] == 0x0D { stop -= 1 }
                if !isHeader { body(UnsafeBufferPointer(start: base + start, count: stop - start)) }
                isHeader = false
                start = end + 1
            }
        }
    }
}

/// A migration's page as the templates see it.
struct MigrationPageView {
    struct ObjectRow {
        let object, destinationObject, quoted, seen, difference, arrived, rolledBack, share, stillFailing, duplicated, samples: String
        let hasSamples: Bool
    }
    struct RunRow { let runID, href, kind, date, source, arrived, failed, missing, status, statusClass, verified, verifiedHref: String; let isVerified: Bool }
    struct FileLink { let name, href, note: String }
    /// A rollback run: what it deleted and when.
    struct RollbackRun { let runID, href, date, text: String }

    let title, migration, environment, destination, runCount, latestRun, latestStatus, latestStatusClass: String
    let seen, arrived, stillFailing, duplicated: String
    /// Records a rollback deleted and no run loaded again, in all; and the rollback runs.
    let rolledBack: String
    let rollbackRuns: [RollbackRun]
    let hasRolledBack: Bool
    /// The quoted objects in a line: how many, how many a run has submitted, how many not yet.
    let quotedObjects: String
    let hasQuotedObjects: Bool
    let objects: [ObjectRow]
    let hasQuotes: Bool
    let runs: [RunRow]
    let rollback: [FileLink]
    let hasRollback: Bool

    init(_ progress: MigrationProgress, scripts: [RollbackScripts.Script] = [], names: PlatformDirectory = PlatformDirectory()) {
        let key = progress.key
        title = "Migration \(key.migration) (\(key.environment.rawValue))"
        migration = key.migration
        environment = key.environment.rawValue
        let latest = progress.runs.last
        destination = names.name(of: latest?.destination ?? "")
        runCount = Format.count(progress.runs.count, "run")
        latestRun = latest?.runID ?? ""
        latestStatus = latest?.status.rawValue.uppercased() ?? ""
        latestStatusClass = latest.map { RunPageView.statusClass($0.status) } ?? ""
        seen = Format.count(progress.objects.reduce(0) { $0 + $1.seen })
        arrived = Format.count(progress.objects.reduce(0) { $0 + $1.arrived })
        stillFailing = Format.count(progress.objects.reduce(0) { $0 + $1.stillFailing })
        duplicated = Format.count(progress.objects.reduce(0) { $0 + $1.duplicatedAcrossRuns })
        rolledBack = Format.count(progress.objects.reduce(0) { $0 + $1.rolledBack })
        rollbackRuns = progress.runs.filter { $0.kind == .rollback }.map { run in
            RollbackRun(runID: run.runID, href: "../../runs/\(run.runID)/index.html", date: String(run.startedAt.prefix(10)),
                        text: "\(Format.count(run.deleted, "record")) deleted of \(Format.count(run.source, "id")) sent for deletion"
                            + (run.failed + run.missing > 0 ? " (\(Format.count(run.failed)) failed or unprocessed, \(Format.count(run.missing)) without a result)" : ""))
        }
        hasRolledBack = !rollbackRuns.isEmpty
        let quoted = progress.objects.filter { $0.quoted != nil }
        let notRun = quoted.filter { !$0.submitted }.count
        quotedObjects = "\(Format.count(quoted.count, "quoted object")): \(Format.count(quoted.count - notRun)) submitted so far, \(Format.count(notRun)) not yet run"
        hasQuotedObjects = !quoted.isEmpty
        objects = progress.objects.map { object in
            guard object.submitted else {
                return ObjectRow(object: object.object, destinationObject: object.destinationObject ?? "", quoted: object.quoted.map { Format.count($0) } ?? "",
                                 seen: "not yet run", difference: "", arrived: "", rolledBack: "", share: "", stillFailing: "", duplicated: "", samples: "", hasSamples: false)
            }
            let difference = object.quoted.map { object.seen - $0 }
            return ObjectRow(object: object.object, destinationObject: object.destinationObject ?? "", quoted: object.quoted.map { Format.count($0) } ?? "",
                             seen: Format.count(object.seen),
                             difference: difference.map { $0 == 0 ? "0" : ($0 > 0 ? "+" : "−") + Format.count(abs($0)) } ?? "",
                             arrived: Format.count(object.arrived), rolledBack: Format.count(object.rolledBack),
                             share: Format.percent(object.seen == 0 ? 1 : Double(object.arrived) / Double(object.seen)),
                             stillFailing: Format.count(object.stillFailing), duplicated: Format.count(object.duplicatedAcrossRuns),
                             samples: object.stillFailingSamples.map { "\($0.id) (\($0.code))" }.joined(separator: ", ")
                                 + (object.stillFailing > object.stillFailingSamples.count ? " …" : ""),
                             hasSamples: !object.stillFailingSamples.isEmpty)
        }
        hasQuotes = progress.objects.contains { $0.quoted != nil }
        runs = progress.runs.map { run in
            RunRow(runID: run.runID, href: "../../runs/\(run.runID)/index.html", kind: run.kind.rawValue + (progress.deltaWindows[run.runID].map { " \($0)" } ?? ""), date: String(run.startedAt.prefix(10)),
                   source: Format.count(run.source), arrived: run.arrivedText, failed: Format.count(run.failed), missing: Format.count(run.missing),
                   status: run.status.rawValue.uppercased(), statusClass: RunPageView.statusClass(run.status),
                   verified: progress.verifications[run.runID] ?? (run.kind == .rollback ? "nothing to compare" : "not yet"), verifiedHref: "../../runs/\(run.runID)/verify/index.html",
                   isVerified: progress.verifications[run.runID] != nil)
        }
        rollback = scripts.map { FileLink(name: $0.name, href: "rollback/\($0.name)", note: $0.note) }
        hasRollback = !rollback.isEmpty
    }
}
