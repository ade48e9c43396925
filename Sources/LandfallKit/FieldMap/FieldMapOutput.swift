import Foundation

/// Writes a proposed field map into a folder where a person may already have edited and
/// confirmed one: the earlier map is read and merged (``FieldMapMerge``), what changed is said,
/// and a change to a confirmed entry is refused unless forced. A map is never written into the
/// bundled samples' folder.
struct FieldMapOutput {
    let catalog: Catalog
    let renderer: DocumentRenderer?
    let date: Date
    /// `--force`: change confirmed entries (they are then no longer confirmed).
    let force: Bool

    /// The files to write into `directory` and what changed (one line each), or why nothing
    /// may be written.
    func files(for proposed: FieldMap, customer: String, samples: [String: [String: String]], directory: String) -> Result<(files: [OutputWriter.File], changes: [String]), CommandOutputFailure>
    {
        if let samples = Self.bundledSamples(), Self.isInside(directory, samples) {
            return .failure(CommandOutputFailure(CommandOutput.error("\(directory) is inside the bundled samples (\(samples)): a field map is written elsewhere, such as Output/", status: .usage)))
        }
        let path = (directory as NSString).appendingPathComponent("fieldmap.yaml")
        var map = proposed
        var changes: [String] = []
        if FileManager.default.fileExists(atPath: path) {
            let existing: FieldMap
            do {
                let read = try FieldMapReader.read(path: path)
                guard let map = read.map else {
                    let failed = CommandOutput.failure(read.diagnostics, status: .dataError)
                    return .failure(CommandOutputFailure(CommandOutput(standardError: failed.standardError
                        + "landfall: error: \(path) is kept as it is: correct it, or move it aside, and run again\n", status: .dataError)))
                }
                existing = map
            } catch {
                return .failure(CommandOutputFailure(.failure([error.diagnostic], status: error.status)))
            }
            if existing.destination != proposed.destination || existing.source != proposed.source {
                guard force else {
                    return .failure(CommandOutputFailure(CommandOutput.error("\(path) is a field map for \(existing.destination), not \(proposed.destination): write this one elsewhere, or pass --force to replace it", status: .cannotCreate)))
                }
                changes.append("replaced the field map for \(existing.destination) with one for \(proposed.destination)")
            } else {
                let outcome = FieldMapMerge(existing: existing, proposed: proposed, force: force).merge()
                guard outcome.conflicts.isEmpty else {
                    let lines = outcome.conflicts.map { "  \($0)\n" }.joined()
                    return .failure(CommandOutputFailure(CommandOutput(standardError: "landfall: error: \(path) has confirmed entries that this would change; nothing was written:\n" + lines
                        + "landfall: pass --force to add the new values and mark those entries to confirm again\n", status: .cannotCreate)))
                }
                map = outcome.map
                changes = outcome.changes
            }
        }
        do {
            let files = try FieldMapFiles.files(for: map, customer: customer, catalog: catalog, date: date, renderer: renderer, samples: samples)
            return .success((files, changes))
        } catch {
            return .failure(CommandOutputFailure(.failure(error.diagnostics, status: error.status)))
        }
    }

    /// The bundled samples' folder, when Landfall runs from its data folder.
    static func bundledSamples() -> String? {
        BundledData.root().map { (($0 as NSString).appendingPathComponent("Samples") as NSString).standardizingPath }
    }

    /// Whether `path` is `folder` or inside it (links resolved).
    static func isInside(_ path: String, _ folder: String) -> Bool {
        let absolute = { (path: String) -> String in
            let full = path.hasPrefix("/") ? path : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(path)
            return ((full as NSString).resolvingSymlinksInPath as NSString).standardizingPath
        }
        let inner = absolute(path)
        let outer = absolute(folder)
        return inner == outer || inner.hasPrefix(outer + "/")
    }
}
