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
    /// `--destination-users`: the Users owners are matched to by e-mail.
    public var destinationUsersPath: String?
    /// `--draft`: write the load from a map with unconfirmed entries.
    public var draft: Bool
    public var catalog: Catalog
    /// `--run-id` and `--kind` of the run folder written beside the load.
    public var runID: String?
    public var kind: RunDescription.Kind = .sandbox
    /// When the load is written: the run's times until the load's own are set.
    public var asOf: Date = Date()

    /// Creates the command.
    public init(exportFolder: String, fieldMapPath: String, directory: String?, destinationUsersPath: String?, draft: Bool, catalog: Catalog) {
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
        guard let platform = catalog.platform(map.destination), platform.family == .salesforce else {
            return CommandOutput.error("transform writes Salesforce loads; the field map is for \(map.destination), whose requests it does not write yet", status: .usage)
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: exportFolder, isDirectory: &isFolder), isFolder.boolValue else {
            return CommandOutput.error("\(exportFolder) \(FileManager.default.fileExists(atPath: exportFolder) ? "is a file, not an export folder" : "does not exist")", status: .noInput)
        }
        let steps = SalesforceLoadPlan(map: map, platform: platform).steps()
        var users: DestinationUsers?
        if let destinationUsersPath {
            do {
                users = try DestinationUsers.read(path: destinationUsersPath)
            } catch {
                return .failure([error.diagnostic], status: error.status)
            }
            if let mismatch = users?.mismatch(with: platform) { return .failure([mismatch], status: .dataError) }
        } else if let step = steps.first(where: { step in step.columns.contains { $0.source == .user } }) {
            return CommandOutput.error("\(step.sObject) records name their owner or author as a Salesforce User: give the org's Users with --destination-users (a User export CSV), so that people are matched by e-mail", status: .usage)
        }
        let target = directory ?? ((fieldMapPath as NSString).deletingLastPathComponent.isEmpty ? "." : (fieldMapPath as NSString).deletingLastPathComponent)
        let staging = (target as NSString).appendingPathComponent(".transform-\(ProcessInfo.processInfo.processIdentifier)")
        defer { try? FileManager.default.removeItem(atPath: staging) }
        let written: (results: [SalesforceLoadWriter.StepResult], findings: [Diagnostic], changes: [[String]])
        var runNotes: [String] = []
        do {
            try FileManager.default.createDirectory(atPath: staging + "/load", withIntermediateDirectories: true)
            written = try SalesforceLoadWriter(map: map, export: InputFolder(path: exportFolder, noun: "export folder"), users: users, output: staging).write(steps)
            try CSVWriter.document(header: ["step", "line", "source_id", "field", "change"], rows: written.changes)
                .write(toFile: staging + "/changes.csv", atomically: true, encoding: .utf8)
            let plan = LoadManifest(destination: map.destination, results: written.results, waiting: steps.filter { !$0.waitsOn.isEmpty || $0.isFiles })
            try JSONOutput.string(plan, schema: "landfall.load/1").write(toFile: staging + "/load.json", atomically: true, encoding: .utf8)
            runNotes = try LoadRunFolder(runID: runID ?? "\(Manifest.slug(of: (exportFolder as NSString).standardizingPath.components(separatedBy: "/").last ?? "load"))-\(kind.rawValue)-1",
                                         kind: kind, destination: map.destination, at: asOf).write(written.results, from: staging + "/load", to: staging + "/run")
        } catch let failure as InputFailure {
            return .failure(findings + [failure.diagnostic], status: failure.status)
        } catch {
            return CommandOutput.error("\(target): the load cannot be written (\(error))", status: .cannotCreate)
        }
        var paths: [String] = []
        do {
            for name in ["load", "held", "changes.csv", "load.json", "run"] {
                let destination = (target as NSString).appendingPathComponent(name)
                try? FileManager.default.removeItem(atPath: destination)
                let source = (staging as NSString).appendingPathComponent(name)
                guard FileManager.default.fileExists(atPath: source) else { continue }
                try FileManager.default.moveItem(atPath: source, toPath: destination)
            }
        } catch {
            return CommandOutput.error("\(target): the load cannot be moved into place (\(error.localizedDescription))", status: .cannotCreate)
        }
        paths.append((target as NSString).appendingPathComponent("load.json"))
        var lines: [String] = []
        for result in written.results {
            paths += result.parts.map { (target as NSString).appendingPathComponent("load/\($0.file)") }
            lines.append("\(result.step.name): \(result.step.operation.rawValue) \(Format.count(result.sent)) \(result.step.sObject) in \(result.parts.count) job\(result.parts.count == 1 ? "" : "s")"
                         + (result.held > 0 ? ", \(Format.count(result.held)) held back" : "") + (result.changed > 0 ? ", \(Format.count(result.changed)) values cut to fit" : "")
                         + (result.merged > 0 ? ", \(Format.count(result.merged)) rows on a record already sent" : ""))
        }
        lines += runNotes
        paths.append((target as NSString).appendingPathComponent("run/run.json"))
        for step in steps where !step.waitsOn.isEmpty || step.isFiles {
            lines.append("\(step.name): not written yet: \(step.isFiles ? "files are uploaded one a request, " : "")it needs the destination ids of \(step.waitsOn.joined(separator: ", "))")
        }
        let notes = (findings.map { "\($0)\n" } + Self.listed(written.findings)).joined()
        return CommandOutput(standardOutput: paths.map { "\($0)\n" }.joined() + lines.map { "\($0)\n" }.joined(), standardError: notes)
    }
}

extension TransformCommand {
    /// How many records held back are listed a step; the rest are counted (all are in `held/`).
    static let heldListed = 10

    /// The findings on records held back: the first few of each held file, then how many more
    /// it lists.
    static func listed(_ findings: [Diagnostic]) -> [String] {
        var lines: [String] = []
        var counts: [(file: String, count: Int)] = []
        for finding in findings {
            let file = finding.message.components(separatedBy: "held back in ").last ?? ""
            if let at = counts.firstIndex(where: { $0.file == file }) { counts[at].count += 1 } else { counts.append((file, 1)) }
            guard counts.first(where: { $0.file == file })!.count <= heldListed else { continue }
            lines.append("\(finding)\n")
        }
        for (file, count) in counts where count > heldListed {
            lines.append("landfall: warning: \(Format.count(count - heldListed)) more findings on records held back are listed in \(file)\n")
        }
        return lines
    }
}

/// `load.json`: the jobs to run, in order, with what each holds, and the steps still waiting.
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
    }

    struct Waiting: Encodable {
        var step: Int
        var name: String
        var sobject: String
        var waitsOn: [String]
        var files: Bool
    }

    var destination: String
    var jobs: [Job]
    var waiting: [Waiting]

    init(destination: String, results: [SalesforceLoadWriter.StepResult], waiting: [SalesforceLoadPlan.Step]) {
        self.destination = destination
        jobs = results.map { result in
            Job(step: result.step.number, name: result.step.name, object: result.step.object, sourceFile: result.step.file, when: result.step.when.map { "\($0)" },
                sobject: result.step.sObject, operation: result.step.operation.rawValue, externalIdField: result.step.key, files: result.parts,
                records: result.sent, held: result.held, changed: result.changed)
        }
        self.waiting = waiting.map { Waiting(step: $0.number, name: $0.name, sobject: $0.sObject, waitsOn: $0.waitsOn, files: $0.isFiles) }
    }
}
