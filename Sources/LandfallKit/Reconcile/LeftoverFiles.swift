import Foundation

/// What an interrupted publish leaves in a site: a staging folder (`.publishing-RUN-PID`) or a
/// temporary file (`.NAME.PID.tmp`), each marked with the process that wrote it. Those of
/// processes that no longer run are removed; those of a publish still under way are left alone.
enum LeftoverFiles {
    /// Removes, from a site, the staging folders and temporary files of processes that have
    /// ended: at its root, and in every migration's folder and its rollback files.
    ///
    /// - Returns: the paths removed, relative to the site.
    @discardableResult
    static func sweepSite(_ site: String) -> [String] {
        var removed = sweep(site)
        let migrations = (site as NSString).appendingPathComponent("migrations")
        removed += sweep(migrations).map { "migrations/\($0)" }
        for name in ((try? FileManager.default.contentsOfDirectory(atPath: migrations)) ?? []).sorted() where !name.hasPrefix(".") {
            let folder = (migrations as NSString).appendingPathComponent(name)
            removed += sweep(folder).map { "migrations/\(name)/\($0)" }
            removed += sweep((folder as NSString).appendingPathComponent("rollback")).map { "migrations/\(name)/rollback/\($0)" }
        }
        return removed
    }

    /// Removes, from `folder`, the staging folders and temporary files of processes that have ended.
    ///
    /// - Returns: the names removed.
    @discardableResult
    static func sweep(_ folder: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        var removed: [String] = []
        for name in names.sorted() {
            guard let pid = writer(of: name), !isRunning(pid) else { continue }
            if (try? FileManager.default.removeItem(atPath: (folder as NSString).appendingPathComponent(name))) != nil {
                removed.append(name)
            }
        }
        return removed
    }

    /// The process id in a staging or temporary name, or `nil` for any other name.
    static func writer(of name: String) -> pid_t? {
        if name.hasPrefix(".publishing-"), let dash = name.lastIndex(of: "-") {
            return pid_t(name[name.index(after: dash)...])
        }
        if name.hasPrefix("."), name.hasSuffix(".tmp") {
            let parts = name.dropLast(4).split(separator: ".")
            return parts.last.flatMap { pid_t($0) }
        }
        return nil
    }

    private static func isRunning(_ pid: pid_t) -> Bool {
        pid > 0 && (kill(pid, 0) == 0 || errno == EPERM)
    }
}
