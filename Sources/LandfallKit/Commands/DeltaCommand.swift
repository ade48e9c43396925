import Foundation

/// `landfall delta EARLIER LATER [--since TIMESTAMP] [--out DIR]`: the export of what changed
/// between two exports of one account, in the raw export format, with `delta.json`; survey,
/// transform and reconcile take it as they take a full export.
public struct DeltaCommand: Sendable {
    /// The export the earlier load was made from, and the one taken since.
    public var earlier: String
    public var later: String
    /// `--since`: only what changed after this moment.
    public var since: Date?
    /// `--out`, or `Output/delta` when `nil`.
    public var directory: String?
    /// Where the progress line goes while the exports are read, if anywhere.
    public var progress: (@Sendable (String) -> Void)?

    /// Creates the command.
    public init(earlier: String, later: String, since: Date? = nil, directory: String? = nil) {
        self.earlier = earlier
        self.later = later
        self.since = since
        self.directory = directory
    }

    /// Compares the exports and writes the delta whole, or nothing: it appears in `--out` once
    /// complete, replacing an earlier delta there. Prints the files written and a line a file.
    public func run() -> CommandOutput {
        let target = directory ?? "Output/delta"
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: target, isDirectory: &isFolder) {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: target)) ?? []
            guard isFolder.boolValue, names.isEmpty || names.contains(DeltaReport.fileName) else {
                return .failure([Diagnostic(.error, at: SourceLocation(file: target),
                                            "holds files that are not a delta export (no \(DeltaReport.fileName)); give --out a new or empty folder, or an earlier delta's")],
                                status: .cannotCreate)
            }
        }
        let parent = (target as NSString).deletingLastPathComponent.isEmpty ? "." : (target as NSString).deletingLastPathComponent
        let staging = (parent as NSString).appendingPathComponent(".delta-\(ProcessInfo.processInfo.processIdentifier)")
        // A folder made for the delta and left empty (it was refused) is taken away again.
        let madeParent = !FileManager.default.fileExists(atPath: parent)
        defer {
            try? FileManager.default.removeItem(atPath: staging)
            if madeParent, (try? FileManager.default.contentsOfDirectory(atPath: parent))?.isEmpty == true { try? FileManager.default.removeItem(atPath: parent) }
        }
        let report: DeltaReport
        do {
            try? FileManager.default.removeItem(atPath: staging)
            try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        } catch {
            return .error("\(target): cannot be written (\(SystemError.reason(error)))", status: .cannotCreate)
        }
        do throws(RunFailure) {
            var delta = ExportDelta(earlier: earlier, later: later, since: since)
            let meter = progress.map { ProgressMeter("delta", total: FolderSize.bytes(in: [earlier, later]), write: $0) }
            defer { meter?.finish() }
            delta.progress = meter
            report = try delta.write(to: staging)
        } catch {
            return .failure(error.diagnostics, status: error.status)
        }
        do {
            try JSONOutput.string(report, schema: DeltaReport.schema).write(toFile: (staging as NSString).appendingPathComponent(DeltaReport.fileName), atomically: false, encoding: .utf8)
            let aside = (parent as NSString).appendingPathComponent(".delta-previous-\(ProcessInfo.processInfo.processIdentifier)")
            let hadOne = FileManager.default.fileExists(atPath: target)
            if hadOne { try FileManager.default.moveItem(atPath: target, toPath: aside) }
            do {
                try FileManager.default.moveItem(atPath: staging, toPath: target)
            } catch {
                if hadOne { try? FileManager.default.moveItem(atPath: aside, toPath: target) }
                throw error
            }
            try? FileManager.default.removeItem(atPath: aside)
        } catch {
            return .error("\(target): the delta cannot be written (\(SystemError.reason(error)))", status: .cannotCreate)
        }
        let written = report.files.map(\.file).filter { FileManager.default.fileExists(atPath: (target as NSString).appendingPathComponent($0)) } + report.copied + [DeltaReport.fileName]
        var lines = written.map { (target as NSString).appendingPathComponent($0) }
        lines += report.files.map { file in
            "\(file.file): \(Format.count(file.new)) new, \(Format.count(file.changed)) changed, \(Format.count(file.removed)) removed"
                + (file.beforeSince > 0 ? ", \(Format.count(file.beforeSince)) changed before --since left out" : "")
                + " (\(Format.count(file.earlier)) rows then, \(Format.count(file.later)) now)"
        }
        lines.append("watermark: " + (report.watermark ?? "none (the earlier export has no updated_at)"))
        return CommandOutput(standardOutput: lines.map { $0 + "\n" }.joined())
    }
}
