import Foundation

/// Writes one migration's folder in the site, `migrations/MIGRATION-ENVIRONMENT/`: the page (HTML
/// and Markdown) with how much of the source has arrived across its runs and what still fails,
/// `idmap.csv` (the whole source-to-destination map), `still-failing.csv`, and one rollback file
/// per destination object, numbered in the order to delete them (reverse load order).
struct MigrationPublisher {
    let site: String
    let templates: TemplateLibrary
    let ledger: SiteLedger

    /// The migration's folder.
    func folder(_ key: MigrationKey) -> String {
        (site as NSString).appendingPathComponent("migrations/\(key.folderName)")
    }

    /// Writes the folder of `key` from the ledger and the runs' id maps, or `arrivals` when the
    /// caller has every run's (removes it when the migration has no run left); returns the paths
    /// written.
    func publish(_ key: MigrationKey, arrivals: ArrivalHistory? = nil) throws(RunFailure) -> [String] {
        let folder = folder(key)
        let runs = try ledger.runs(of: key)
        guard !runs.isEmpty else {
            try? FileManager.default.removeItem(atPath: folder)
            return []
        }
        let progress = try MigrationProgress(key: key, runs: runs, ledger: ledger, runsFolder: (site as NSString).appendingPathComponent("runs"),
                                             arrivals: arrivals)
        let view = MigrationPageView(progress)
        var files: [OutputWriter.File]
        do throws(TemplateFailure) {
            files = [
                OutputWriter.File(path: "index.html", text: try templates.render(view, template: "migration", format: .html)),
                OutputWriter.File(path: "index.md", text: try templates.render(view, template: "migration", format: .md)),
            ]
        } catch {
            throw RunFailure(error.diagnostics, status: error.status)
        }
        if let bytes = progress.idMap { files.append(OutputWriter.File(path: "idmap.csv", bytes: bytes)) }
        files.append(OutputWriter.File(path: "still-failing.csv", bytes: progress.stillFailingCSV))
        files += progress.rollbackFiles.map { OutputWriter.File(path: "rollback/\($0.name)", bytes: $0.bytes) }
        let rollbackFolder = (folder as NSString).appendingPathComponent("rollback")
        let stale = ((try? FileManager.default.contentsOfDirectory(atPath: rollbackFolder)) ?? []).map { "rollback/\($0)" }.filter { name in
            !(name as NSString).lastPathComponent.hasPrefix(".") && !files.contains { $0.path == name }
        }
        var written = try SitePublisher.write(files, to: folder, removing: stale)
        if progress.idMap == nil {
            // One run: its own id map is the migration's, linked rather than copied.
            let path = (folder as NSString).appendingPathComponent("idmap.csv")
            do throws(OutputWriter.Failure) {
                if try OutputWriter.hardLink(progress.folders[0] + "/idmap.csv", to: path) { written.append(path) }
            } catch {
                throw RunFailure(error, at: folder)
            }
        }
        return written
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
        /// Distinct source ids that arrived in some run.
        var arrived = 0
        /// Distinct source ids that failed, went unprocessed or missing and never arrived.
        var stillFailing = 0
        /// Records created again after an earlier run brought them.
        var duplicatedAcrossRuns = 0
        /// A few still-failing ids with the newest code.
        var stillFailingSamples: [(id: String, code: String)] = []
    }

    /// A rollback file: its name (`1-EmailMessage.csv`), the destination object, how many ids
    /// it holds and its contents.
    struct RollbackFile {
        var name: String
        var destinationObject: String
        var count: Int
        var bytes: [UInt8]
    }

    let key: MigrationKey
    /// The runs, oldest first.
    let runs: [PublishedRun]
    /// The objects, in load order.
    private(set) var objects: [Object] = []
    /// The runs' folders, oldest first.
    let folders: [String]
    /// `idmap.csv` of several runs; `nil` for one run, whose own id map is the migration's.
    private(set) var idMap: [UInt8]?
    /// `still-failing.csv`.
    private(set) var stillFailingCSV: [UInt8] = []
    /// The rollback files, in the order to run them.
    private(set) var rollbackFiles: [RollbackFile] = []

    /// - Parameter arrivals: every run's arrivals, when the caller has them (else they are read
    ///   from the runs' id maps when there are several runs).
    init(key: MigrationKey, runs: [PublishedRun], ledger: SiteLedger, runsFolder: String, arrivals: ArrivalHistory? = nil) throws(RunFailure) {
        self.key = key
        self.runs = runs
        var objects: [Object] = []
        func index(_ name: String) -> Int {
            if let found = objects.firstIndex(where: { $0.object == name }) { return found }
            objects.append(Object(object: name))
            return objects.count - 1
        }
        for run in runs {
            for entry in try ledger.objects(of: run.runID) {
                let at = index(entry.object)
                objects[at].destinationObject = entry.destinationObject ?? objects[at].destinationObject
                objects[at].quoted = entry.quoted ?? objects[at].quoted
                objects[at].duplicatedAcrossRuns += entry.duplicatedAcrossRuns
                // A single run's arrivals are its created and updated records.
                if runs.count == 1 { objects[at].arrived += entry.created + entry.updated }
            }
        }
        let folders = runs.map { (runsFolder as NSString).appendingPathComponent($0.runID) }
        self.folders = folders
        // Distinct arrivals need a table of ids only when several runs may bring the same record.
        var arrived = ArrivalHistory.none
        if runs.count > 1 {
            if let arrivals {
                arrived = arrivals
            } else {
                for (run, folder) in zip(runs, folders) { try arrived.add(run: run.runID, idMap: folder + "/idmap.csv") }
            }
            for at in objects.indices { objects[at].arrived = arrived[objects[at].object]?.count ?? 0 }
        }
        idMap = runs.count > 1 ? Self.idMap(folders: folders) : nil
        var failing = CSVByteWriter(header: ["object", "source_id", "code"])
        let problems = try ledger.problems(of: key)
        for at in objects.indices {
            let name = objects[at].object
            let table = arrived[name]
            for (id, code) in (problems[name] ?? [:]).sorted(by: { $0.key < $1.key }) {
                guard table?.contains(id) != true else { continue }
                objects[at].stillFailing += 1
                if objects[at].stillFailingSamples.count < 10 { objects[at].stillFailingSamples.append((id, code)) }
                failing.row(name, id, code)
            }
            objects[at].seen = objects[at].arrived + objects[at].stillFailing
        }
        stillFailingCSV = failing.bytes
        self.objects = objects
        rollbackFiles = Self.rollback(objects: objects, folders: folders)
    }

    /// The runs' id maps one after the other, under one header. The runs' files are this tool's
    /// own CSV, whose cells never hold a line break, so rows are copied line by line, as bytes.
    private static func idMap(folders: [String]) -> [UInt8] {
        var bytes = Array((RunFiles.idMapHeader.joined(separator: ",") + "\r\n").utf8)
        bytes.reserveCapacity(folders.reduce(0) { total, folder in
            total + ((try? FileManager.default.attributesOfItem(atPath: folder + "/idmap.csv")[.size] as? Int) ?? 0)
        })
        for folder in folders {
            CRLFLines.forEach(in: folder + "/idmap.csv") { line in
                bytes.append(contentsOf: line)
                bytes.append(0x0D)
                bytes.append(0x0A)
            }
        }
        return bytes
    }

    /// One file per destination object, the last loaded first; in each, the newest ids first:
    /// the runs' `rollback.csv` (`Id,object`, already newest first), newest run first, sorted
    /// by destination object.
    private static func rollback(objects: [Object], folders: [String]) -> [RollbackFile] {
        var order: [String] = []
        var destinationOf: [String: String] = [:]
        for object in objects.reversed() {
            let destination = object.destinationObject ?? object.object
            if !order.contains(destination) { order.append(destination) }
            destinationOf[object.object] = destination
        }
        var files = order.map { _ in (bytes: Array("Id\r\n".utf8), count: 0) }
        for folder in folders.reversed() {
            // A run's rollback rows come grouped by object: the last object's file is kept at hand.
            var lastObject: [UInt8] = []
            var file: Int? = nil
            CRLFLines.forEach(in: folder + "/rollback.csv") { line in
                // Object names hold no comma, so the last comma ends the id.
                guard let comma = line.lastIndex(of: UInt8(ascii: ",")) else { return }
                let object = UnsafeBufferPointer(rebasing: line[(comma + 1)...])
                if !object.elementsEqual(lastObject) {
                    lastObject = Array(object)
                    file = destinationOf[String(decoding: object, as: UTF8.self)].flatMap { order.firstIndex(of: $0) }
                }
                guard let file else { return }
                files[file].bytes.append(contentsOf: UnsafeBufferPointer(rebasing: line[..<comma]))
                files[file].bytes.append(0x0D)
                files[file].bytes.append(0x0A)
                files[file].count += 1
            }
        }
        return order.enumerated().map { number, destination in
            let name = String(destination.unicodeScalars.filter { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "_" || $0 == "-") })
            let file = files[number]
            return RollbackFile(name: "\(number + 1)-\(name.isEmpty ? "object" : name).csv", destinationObject: destination, count: file.count, bytes: file.bytes)
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
        let object, destinationObject, quoted, seen, difference, arrived, share, stillFailing, duplicated, samples: String
        let hasSamples: Bool
    }
    struct RunRow { let runID, href, kind, date, source, arrived, failed, missing, status, statusClass: String }
    struct FileLink { let name, href, note: String }

    let title, migration, environment, destination, runCount, latestRun, latestStatus, latestStatusClass: String
    let seen, arrived, stillFailing, duplicated: String
    let objects: [ObjectRow]
    let hasQuotes: Bool
    let runs: [RunRow]
    let rollback: [FileLink]

    init(_ progress: MigrationProgress) {
        let key = progress.key
        title = "Migration \(key.migration) (\(key.environment.rawValue))"
        migration = key.migration
        environment = key.environment.rawValue
        let latest = progress.runs.last
        destination = latest?.destination ?? ""
        runCount = Format.count(progress.runs.count, "run")
        latestRun = latest?.runID ?? ""
        latestStatus = latest?.status.rawValue.uppercased() ?? ""
        latestStatusClass = latest.map { RunPageView.statusClass($0.status) } ?? ""
        seen = Format.count(progress.objects.reduce(0) { $0 + $1.seen })
        arrived = Format.count(progress.objects.reduce(0) { $0 + $1.arrived })
        stillFailing = Format.count(progress.objects.reduce(0) { $0 + $1.stillFailing })
        duplicated = Format.count(progress.objects.reduce(0) { $0 + $1.duplicatedAcrossRuns })
        objects = progress.objects.map { object in
            let difference = object.quoted.map { object.seen - $0 }
            return ObjectRow(object: object.object, destinationObject: object.destinationObject ?? "", quoted: object.quoted.map { Format.count($0) } ?? "",
                             seen: Format.count(object.seen),
                             difference: difference.map { $0 == 0 ? "0" : ($0 > 0 ? "+" : "−") + Format.count(abs($0)) } ?? "",
                             arrived: Format.count(object.arrived),
                             share: Format.percent(object.seen == 0 ? 1 : Double(object.arrived) / Double(object.seen)),
                             stillFailing: Format.count(object.stillFailing), duplicated: Format.count(object.duplicatedAcrossRuns),
                             samples: object.stillFailingSamples.map { "\($0.id) (\($0.code))" }.joined(separator: ", ")
                                 + (object.stillFailing > object.stillFailingSamples.count ? " …" : ""),
                             hasSamples: !object.stillFailingSamples.isEmpty)
        }
        hasQuotes = progress.objects.contains { $0.quoted != nil }
        runs = progress.runs.map { run in
            RunRow(runID: run.runID, href: "../../runs/\(run.runID)/index.html", kind: run.kind.rawValue, date: String(run.startedAt.prefix(10)),
                   source: Format.count(run.source), arrived: Format.count(run.arrived), failed: Format.count(run.failed), missing: Format.count(run.missing),
                   status: run.status.rawValue.uppercased(), statusClass: RunPageView.statusClass(run.status))
        }
        rollback = progress.rollbackFiles.map { file in
            FileLink(name: file.name, href: "rollback/\(file.name)", note: "\(Format.count(file.count, "\(file.destinationObject) id"))")
        }
    }
}
