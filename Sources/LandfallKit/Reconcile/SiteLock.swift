import Foundation

/// An exclusive lock on a site, held while one process publishes into it (reads the runs, writes
/// its run and rebuilds the index), so that two publishers never write an index that misses the
/// other's run. The lock is taken on the site folder itself, so it leaves no file behind, and it
/// goes with the process.
final class SiteLock {
    private var descriptor: Int32

    /// Waits for the lock on `site`, creating the folder when needed.
    ///
    /// - Throws: ``RunFailure`` (73) when the site cannot be written.
    init(site: String) throws(RunFailure) {
        do {
            try FileManager.default.createDirectory(atPath: site, withIntermediateDirectories: true)
        } catch {
            throw RunFailure([Diagnostic(.error, at: SourceLocation(file: site), "cannot be written: \(SystemError.reason(error))")], status: .cannotCreate)
        }
        let descriptor = open(site, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw RunFailure([Diagnostic(.error, at: SourceLocation(file: site), "cannot be opened: \(SystemError.describe(errno))")], status: .cannotCreate)
        }
        while flock(descriptor, LOCK_EX) != 0 && errno == EINTR {}
        self.descriptor = descriptor
    }

    /// Lets the next publisher in.
    func release() {
        guard descriptor >= 0 else { return }
        flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }
}
