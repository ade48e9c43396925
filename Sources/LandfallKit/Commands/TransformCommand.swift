import Foundation

/// `landfall transform EXPORT_DIR --fieldmap FILE`: the load, step by step in load order, written
/// from the export through the confirmed field map: for Salesforce, Bulk API 2.0 CSV per sObject in
/// jobs of at most 100 MB and `load.json` with each job's operation and key; the records the
/// destination cannot take held back in `held/` with a finding each; the values changed to fit
/// listed in `changes.csv`. Written into a folder aside and moved into place whole.
public struct TransformCommand: Sendable {
    /// The export folder.
    public var exportFolder: String
    /// The customer's field map.
    public var fieldMapPath: String
    /// `--out`, or the field map's own folder.
    public var directory: String?
    /// `--destination-users`: the Users (Salesforce) or teammates (Intercom) people are matched
    /// to by e-mail.
    public var destinationUsersPath: String?
    /// `--idmap`: the destination ids of the records earlier runs loaded, and of the set-up's
    /// ticket types, teams and ticket states.
    public var idMapPaths: [String] = []
    /// `--to`: the destination, which must be the map's.
    public var destination: String?
    /// `--files`: the folder that holds the export's files downloaded, each at `DIR/<source id>`.
    public var filesFolder: String?
    /// The Salesforce REST API version files are posted to (Rules/handoff.yaml's `api_version`).
    public var apiVersion: String
    /// `--draft`: write the load from a map with unconfirmed entries.
    public var draft: Bool
    public var catalog: Catalog
    /// `--run-id` and `--kind` of the run folder written beside the load.
    public var runID: String?
    public var kind: RunDescription.Kind = .sandbox
    /// When the load is written: the run's times until the load's own are set.
    public var asOf: Date = Date()

    /// Creates the command.
    public init(exportFolder: String, fieldMapPath: String, directory: String?, destinationUsersPath: String?, draft: Bool, catalog: Catalog, apiVersion: String) {
        self.apiVersion = apiVersion
        self.exportFolder = exportFolder
        self.fieldMapPath = fieldMapPath
        self.directory = directory
        self.destinationUsersPath = destinationUsersPath
        self.draft = draft
        self.catalog = catalog
    }

    /// Reads, checks, writes; prints the paths written and a line a step, findings on standard error.
    public func run() -> CommandOutput {
        let read: (map: FieldMap?, diagnostics: [Diagnostic])
        do {
            read = try FieldMapReader.read(path: fieldMapPath)
        } catch {
            return .failure([error.diagnostic], status: error.status)
        }
        guard let map = read.map else { return .failure(read.diagnostics, status: .dataError) }
        var validation = FieldMapValidation(catalog: catalog, profile: nil)
        validation.openChoicesAreWarnings = draft
        var findings = (read.diagnostics + validation.check(map, file: fieldMapPath)).sorted()
        if !draft, let unconfirmed = findings.firstIndex(where: { $0.message.contains("not confirmed yet") }) {
            findings[unconfirmed].severity = .error
            findings[unconfirmed].message += "; the load is written from a confirmed map only (--draft writes one from this map, to try it)"
        }
        guard !findings.hasErrors else { return .failure(findings, status: .dataError) }
        if let destination, destination != map.destination {
            return CommandOutput.error("the field map \(fieldMapPath) is for \(map.destination), not \(destination): give the map of the migration to \(destination)", status: .usage)
        }
        guard let platform = catalog.platform(map.destination) else {
            return CommandOutput.error("\(fieldMapPath): the catalog knows no destination \(map.destination)", status: .dataError)
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: exportFolder, isDirectory: &isFolder), isFolder.boolValue else {
            return CommandOutput.error("\(exportFolder) \(FileManager.default.fileExists(atPath: exportFolder) ? "is a file, not an export folder" : "does not exist")", status: .noInput)
        }
        if let filesFolder {
            guard platform.family == .salesforce else {
                return CommandOutput.error("--files is for Salesforce, whose files are uploaded; Intercom takes a file by its address (attachment_urls), so give none", status: .usage)
            }
            var isFilesFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: filesFolder, isDirectory: &isFilesFolder), isFilesFolder.boolValue else {
                return CommandOutput.error("\(filesFolder) \(FileManager.default.fileExists(atPath: filesFolder) ? "is a file, not the folder of the files downloaded" : "does not exist")", status: .noInput)
            }
        }
        let export = InputFolder(path: exportFolder, noun: "export folder")
        var users: DestinationUsers?
        var ids = DestinationIDs()
        // A cutover's delta (landfall delta) says so in its delta.json, read once here.
        let delta: DeltaReport?
        do {
            delta = try DeltaReport.read(in: exportFolder)
        } catch {
            return .failure([error.diagnostic], status: error.status)
        }
        do {
            if let destinationUsersPath {
                users = try DestinationUsers.read(path: destinationUsersPath)
                if let mismatch = users?.mismatch(with: platform) { return .failure([mismatch], status: .dataError) }
            }
            if !idMapPaths.isEmpty {
                ids = try DestinationIDs(paths: idMapPaths)
                // A delta holds what changed; the id map's other records are outside it by design.
                if delta == nil, let stranger = try ids.stranger(in: { object, each throws(InputFailure) in try Self.forEachSourceID(of: object, in: export, map: map, each) }) {
                    return .failure([stranger], status: .dataError)
                }
            }
        } catch {
            return .failure([error.diagnostic], status: error.status)
        }
        if users == nil, platform.family == .salesforce,
           let step = SalesforceLoadPlan(map: map, platform: platform).steps().first(where: { step in step.columns.contains { $0.source == .user } }) {
            return CommandOutput.error("\(step.sObject) records name their owner or author as a Salesforce User: give the org's Users with --destination-users (a User export CSV), so that people are matched by e-mail", status: .usage)
        }
        if users == nil, platform.family == .intercom, let object = Self.objectNamingPeople(map) {
            return CommandOutput.error("\(object) records name their assignee or author as an Intercom teammate: give the workspace's teammates with --destination-users (GET /admins, as JSON), so that people are matched by e-mail", status: .usage)
        }
        let target = directory ?? ((fieldMapPath as NSString).deletingLastPathComponent.isEmpty ? "." : (fieldMapPath as NSString).deletingLastPathComponent)
        let staging = (target as NSString).appendingPathComponent(".transform-\(ProcessInfo.processInfo.processIdentifier)")
        defer { try? FileManager.default.removeItem(atPath: staging) }
        var written: WrittenLoad
        do {
            try FileManager.default.createDirectory(atPath: staging + "/load", withIntermediateDirectories: true)
            let run = LoadRunFolder(runID: runID ?? "\(Manifest.slug(of: (exportFolder as NSString).standardizingPath.components(separatedBy: "/").last ?? "load"))-\(kind.rawValue)-1",
                                    kind: kind, destination: map.destination, at: asOf)
            let changes = try ChangeLog(path: staging + "/changes.csv")
            written = platform.family == .salesforce
                ? try salesforce(map, platform: platform, export: export, users: users, ids: ids, changes: changes, staging: staging, run: run)
                : try intercom(map, platform: platform, export: export, users: users, ids: ids, changes: changes, staging: staging, run: run, isDelta: delta != nil)
            try changes.finish()
            // The map the load was written from goes with its run: the migration's pages follow it.
            try FileManager.default.copyItem(atPath: fieldMapPath, toPath: staging + "/run/" + RunFieldMap.fileName)
            // A delta export's delta.json goes beside the run, whose page then says what the records changed after.
            if let delta {
                try FileManager.default.copyItem(atPath: (exportFolder as NSString).appendingPathComponent(DeltaReport.fileName), toPath: staging + "/run/" + DeltaReport.fileName)
                if let removed = Self.removed(delta, ids: ids) {
                    try Data(removed.csv).write(to: URL(fileURLWithPath: staging + "/removed.csv"))
                    written.lines.append(removed.line)
                }
            }
            try JSONOutput.string(written.manifest, schema: "landfall.load/1").write(toFile: staging + "/load.json", atomically: true, encoding: .utf8)
        } catch let failure as InputFailure {
            return .failure(findings + [failure.diagnostic], status: failure.status)
        } catch let failure as OutputWriter.Failure {
            return CommandOutput.error(failure.message, status: .cannotCreate)
        } catch {
            return CommandOutput.error("\(target): the load cannot be written (\(error))", status: .cannotCreate)
        }
        do {
            for name in ["load", "held", "changes.csv", "load.json", "run", "removed.csv"] {
                let destination = (target as NSString).appendingPathComponent(name)
                try? FileManager.default.removeItem(atPath: destination)
                let source = (staging as NSString).appendingPathComponent(name)
                guard FileManager.default.fileExists(atPath: source) else { continue }
                try FileManager.default.moveItem(atPath: source, toPath: destination)
            }
        } catch {
            return CommandOutput.error("\(target): the load cannot be moved into place (\(error.localizedDescription))", status: .cannotCreate)
        }
        let paths = ["load.json"] + written.files.map { "load/\($0)" } + ["run/run.json"]
            + (FileManager.default.fileExists(atPath: (target as NSString).appendingPathComponent("removed.csv")) ? ["removed.csv"] : [])
        let notes = (findings + written.findings).map { "\($0)\n" }.joined()
        return CommandOutput(standardOutput: paths.map { (target as NSString).appendingPathComponent($0) + "\n" }.joined() + written.lines.map { "\($0)\n" }.joined(),
                             standardError: notes)
    }

    /// `removed.csv` of a delta's load: the records the later export no longer holds, per object,
    /// with the destination id the id map gives each (empty when it was never loaded), and the
    /// line that says so; nil when none was removed. The load deletes none of them.
    static func removed(_ report: DeltaReport, ids: DestinationIDs) -> (csv: [UInt8], line: String)? {
        guard !report.removed.isEmpty else { return nil }
        var csv = CSVByteWriter(header: ["object", "source_id", "destination_id"])
        var (count, loaded) = (0, 0)
        for (object, sourceIDs) in report.removed.sorted(by: { $0.key < $1.key }) {
            for sourceID in sourceIDs {
                let destination = ids.id(of: object, sourceID)
                csv.row(object, sourceID, destination ?? "")
                count += 1
                if destination != nil { loaded += 1 }
            }
        }
        return (csv.bytes, "removed.csv: \(Format.count(count, "record")) the later export no longer holds, \(Format.count(loaded)) of them loaded (with their destination ids): the load deletes none")
    }

    /// What writing a load did, for either destination.
    struct WrittenLoad {
        var manifest: LoadManifest
        /// The files under `load/`, in load order.
        var files: [String]
        /// A line a step, for the terminal.
        var lines: [String]
        var findings: [Diagnostic]
    }

    private func salesforce(_ map: FieldMap, platform: Platform, export: InputFolder, users: DestinationUsers?, ids: DestinationIDs, changes: ChangeLog,
                            staging: String, run: LoadRunFolder) throws -> WrittenLoad {
        let steps = SalesforceLoadPlan(map: map, platform: platform).steps()
        var writer = SalesforceLoadWriter(map: map, engine: FieldValueEngine(map: map, platform: platform), export: export, users: users, changes: changes,
                                          output: staging)
        writer.ids = ids
        writer.files = FileRequests.Settings(apiVersion: apiVersion, folder: filesFolder.map { InputFolder(path: $0, noun: "files folder") })
        let written = try writer.write(steps)
        var lines: [String] = written.results.map { result in
            let step = result.step
            return "\(step.name): " + (step.isFiles
                ? "\(Format.count(result.sent)) request\(result.sent == 1 ? "" : "s") POST \(step.sObject) with the file's content"
                : "\(step.operation.rawValue) \(Format.count(result.sent)) \(step.sObject) in \(result.parts.count) job\(result.parts.count == 1 ? "" : "s")")
                + (result.held > 0 ? ", \(Format.count(result.held)) held back" : "") + (result.changed > 0 ? ", \(Format.count(result.changed)) values cut to fit" : "")
                + (result.merged > 0 ? ", \(Format.count(result.merged)) rows on a record already sent" : "")
                + (result.loaded > 0 ? ", \(Format.count(result.loaded)) loaded already" : "")
        }
        lines += try run.write(written.results, from: staging, to: staging + "/run")
        for (step, reasons) in written.waiting {
            lines.append("\(step.name): not written yet: it needs \(reasons.joined(separator: "; "))")
        }
        for step in written.notRepeated {
            lines.append("\(step.name): not written again: a \(step.sObject) holds no source id, so the id map cannot tell the ones loaded from the others (a load without --idmap sends them all)")
        }
        var manifest = LoadManifest(destination: map.destination, results: written.results, waiting: written.waiting, apiVersion: apiVersion)
        manifest.notRepeated = written.notRepeated.isEmpty ? nil : written.notRepeated.map(\.name)
        return WrittenLoad(manifest: manifest,
                           files: written.results.flatMap { $0.parts.map(\.file) + ($0.requests.map { [$0] } ?? []) }, lines: lines, findings: written.findings)
    }

    private func intercom(_ map: FieldMap, platform: Platform, export: InputFolder, users: DestinationUsers?, ids: DestinationIDs, changes: ChangeLog,
                          staging: String, run: LoadRunFolder, isDelta: Bool) throws -> WrittenLoad {
        let plan = IntercomLoadPlan(map: map, platform: platform)
        var writer = IntercomLoadWriter(map: map, plan: plan, export: export, users: users, ids: ids, changes: changes, output: staging)
        writer.resendsLoaded = isDelta
        let written = try writer.write(plan.steps())
        var lines: [String] = written.results.map { result in
            "\(result.step.name): \(Format.count(result.sent)) request\(result.sent == 1 ? "" : "s") \(result.step.method) \(result.step.endpoint)"
                + (result.held > 0 ? ", \(Format.count(result.held)) held back" : "") + (result.changed > 0 ? ", \(Format.count(result.changed)) values cut to fit" : "")
                + (result.loaded > 0 ? ", \(Format.count(result.loaded)) loaded already" : "")
                + (result.resent > 0 ? ", \(Format.count(result.resent)) of them loaded already and changed since (\(result.step.resend == .same ? "the same request" : "PUT, an update"))" : "")
        }
        try FileManager.default.createDirectory(atPath: staging + "/run", withIntermediateDirectories: true)
        if FileManager.default.fileExists(atPath: staging + "/source") { try FileManager.default.moveItem(atPath: staging + "/source", toPath: staging + "/run/source") }
        try run.write(written.results.filter { $0.sent > 0 }.map {
            LoadRunFolder.RunObject(object: $0.step.name, sourceFile: "source/\($0.step.name).csv", idColumn: $0.idColumn, destinationObject: $0.step.destination)
        }, to: staging + "/run")
        for (step, reasons) in written.waiting {
            lines.append("\(step.name): " + (step.unwritable.map { "not written: \($0)" } ?? "not written yet: it needs \(reasons.joined(separator: "; "))"))
        }
        return WrittenLoad(manifest: LoadManifest(destination: map.destination, requests: written.results, waiting: written.waiting),
                           files: written.results.filter { $0.sent > 0 }.map(\.file), lines: lines, findings: written.findings)
    }

    /// The source object whose entries name a person the load must find in the destination.
    static func objectNamingPeople(_ map: FieldMap) -> String? {
        map.fields.first { field in
            field.transform == .lookup && field.references == "user" && map.objects.contains { object in
                object.object == field.object && object.records.contains { $0.operation == .insert || $0.operation == .upsert || $0.operation == .join }
            }
        }?.object
    }

    /// Calls `body` with each source id of `object` in the export and, for rows that land on
    /// another record (a conversation on its ticket's Case), that record's id, by which the run
    /// that sent them knows them; `false` when the map has no file of it.
    static func forEachSourceID(of object: String, in export: InputFolder, map: FieldMap, _ body: (String) -> Void) throws(InputFailure) -> Bool {
        guard let mapped = map.objects.first(where: { $0.object == object }), let path = try export.input(mapped.file),
              let idColumn = ExportLayout.files.first(where: { $0.name == mapped.file })?.idColumn else { return false }
        let scanner = try CSVScanner(path: path)
        guard scanner.column(idColumn) != nil else { return false }
        let index = Dictionary(scanner.header.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let joins = mapped.records.contains { $0.operation == .join }
        try scanner.forEachRow(columns: Array(scanner.header.indices)) { _, fields in
            let row = { (name: String) -> String in index[name].map { fields[$0].string } ?? "" }
            body(row(idColumn))
            if joins, let column = mapped.records.first(where: { $0.when?.holds(row) ?? true })?.joins { body(row(column)) }
        }
        return true
    }
}

/// `load.json`: the jobs (Salesforce) or request files (Intercom) to run, in order, with what
/// each holds, and the steps still waiting.
struct LoadManifest: Encodable {
    struct Job: Encodable {
        var step: Int
        var name: String
        var object: String
        var sourceFile: String
        var when: String?
        var sobject: String
        var operation: String
        var externalIdField: String?
        var files: [LoadCSVFile.Part]
        var records: Int
        var held: Int
        var changed: Int
        var loadedAlready: Int
    }

    /// One step's requests (Intercom's, or Salesforce's files): one line of its JSONL file a record.
    struct Requests: Encodable {
        var step: Int
        var name: String
        var object: String
        var sourceFile: String
        var when: String?
        var destinationObject: String
        var method: String
        var endpoint: String
        /// `nil` when every record was held back or loaded already.
        var file: String?
        var records: Int
        var held: Int
        var changed: Int
        var loadedAlready: Int
    }

    struct Waiting: Encodable {
        var step: Int
        var name: String
        var sobject: String?
        var destinationObject: String?
        var waitsOn: [String]
        var files: Bool
    }

    var destination: String
    /// Salesforce's jobs (none for Intercom).
    var jobs: [Job] = []
    /// Request files: Intercom's, Salesforce's files (absent when there are none).
    var requests: [Requests]?
    var waiting: [Waiting]
    /// Salesforce insert steps a later load does not send again, their records holding no source id.
    var notRepeated: [String]?

    init(destination: String, results: [SalesforceLoadWriter.StepResult], waiting: [(SalesforceLoadPlan.Step, [String])], apiVersion: String) {
        self.destination = destination
        jobs = results.filter { !$0.step.isFiles }.map { result in
            Job(step: result.step.number, name: result.step.name, object: result.step.object, sourceFile: result.step.file, when: result.step.when.map { "\($0)" },
                sobject: result.step.sObject, operation: result.step.operation.rawValue, externalIdField: result.step.key, files: result.parts,
                records: result.sent, held: result.held, changed: result.changed, loadedAlready: result.loaded)
        }
        let files = results.filter(\.step.isFiles).map { result in
            Requests(step: result.step.number, name: result.step.name, object: result.step.object, sourceFile: result.step.file, when: result.step.when.map { "\($0)" },
                     destinationObject: result.step.sObject, method: "POST", endpoint: "/services/data/v\(apiVersion)/sobjects/\(result.step.sObject)",
                     file: result.requests, records: result.sent, held: result.held, changed: result.changed, loadedAlready: result.loaded)
        }
        requests = files.isEmpty ? nil : files
        self.waiting = waiting.map { Waiting(step: $0.0.number, name: $0.0.name, sobject: $0.0.sObject, waitsOn: $0.1, files: $0.0.isFiles) }
    }

    init(destination: String, requests: [IntercomLoadWriter.StepResult], waiting: [(IntercomLoadPlan.Step, [String])]) {
        self.destination = destination
        self.requests = requests.map { result in
            Requests(step: result.step.number, name: result.step.name, object: result.step.object, sourceFile: result.step.file, when: result.step.when.map { "\($0)" },
                     destinationObject: result.step.destination, method: result.step.method, endpoint: result.step.endpoint, file: result.file,
                     records: result.sent, held: result.held, changed: result.changed, loadedAlready: result.loaded)
        }
        self.waiting = waiting.map { Waiting(step: $0.0.number, name: $0.0.name, destinationObject: $0.0.destination, waitsOn: $0.1, files: false) }
    }
}
