import Foundation

/// Writes a set of rendered files into a folder so that nothing is lost: each file is written to
/// a temporary name beside its destination and renamed into place, so a reader never sees half a
/// file and a failure leaves the earlier file as it was.
public enum OutputWriter {
    /// A file to write, by its path relative to the output folder.
    public struct File: Sendable, Equatable {
        /// The path inside the output folder, such as `scope.html`.
        public var path: String
        /// The bytes.
        public var contents: Data

        /// The contents as text (UTF-8).
        public var text: String { String(decoding: contents, as: UTF8.self) }

        /// Creates a file from bytes.
        public init(path: String, bytes: [UInt8]) {
            self.path = path
            contents = Data(bytes)
        }

        /// Creates a file from text (UTF-8).
        public init(path: String, text: String) {
            self.path = path
            contents = Data(text.utf8)
        }

        /// Whether `directory` holds this file with these very bytes already.
        func isUnchanged(in directory: String) -> Bool {
            let existing = (directory as NSString).appendingPathComponent(path)
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: existing),
                  (attributes[.size] as? NSNumber)?.intValue == contents.count
            else { return false }
            return FileManager.default.contents(atPath: existing) == contents
        }
    }

    /// Makes `destination` a hard link to `source` (written aside, then renamed over it), or a
    /// copy where the file system cannot link; nothing is done when it is that link already.
    ///
    /// - Returns: whether `destination` was written.
    static func hardLink(_ source: String, to destination: String) throws(Failure) -> Bool {
        var from = stat()
        var to = stat()
        guard stat(source, &from) == 0 else { throw Failure(message: "\(source): cannot be read (\(String(cString: strerror(errno))))") }
        if stat(destination, &to) == 0 && to.st_dev == from.st_dev && to.st_ino == from.st_ino { return false }
        try replace(destination) { temporary throws(Failure) in
            guard link(source, temporary) != 0 else { return }
            let sink = try FileSink(path: temporary, reportingAs: destination)
            try sink.copy(from: source, offset: 0, count: Int(from.st_size))
            try sink.close()
        }
        return true
    }

    /// Makes the file at `destination` with `make`, which writes it at the temporary path it is
    /// given (beside `destination`, in a folder created as needed), then renames it into place.
    /// Whatever fails, the temporary file is removed (and one a killed process left behind is
    /// swept away by the next publish), and `destination` is as it was.
    ///
    /// - Throws: ``Failure`` naming the file, from `make` or from the rename.
    static func replace(_ destination: String, by make: (_ temporary: String) throws(Failure) -> Void) throws(Failure) {
        let folder = (destination as NSString).deletingLastPathComponent
        try createFolder(folder)
        let temporary = temporaryPath(for: destination)
        unlink(temporary)
        do throws(Failure) {
            try make(temporary)
        } catch {
            unlink(temporary)
            throw error
        }
        try moveIntoPlace(temporary, as: destination)
    }

    /// The temporary name a file is written under beside `destination`, before it is renamed:
    /// hidden, and naming the process that writes it.
    static func temporaryPath(for destination: String) -> String {
        let folder = (destination as NSString).deletingLastPathComponent
        return (folder as NSString).appendingPathComponent(".\((destination as NSString).lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
    }

    /// Renames the finished `temporary` file to `destination`; removes it when that fails.
    ///
    /// - Throws: ``Failure`` naming `destination`.
    static func moveIntoPlace(_ temporary: String, as destination: String) throws(Failure) {
        guard rename(temporary, destination) != 0 else { return }
        let code = errno
        unlink(temporary)
        throw Failure(message: "\(destination): cannot be written (\(String(cString: strerror(code))))")
    }

    /// Creates the folder at `path` and those above it, as needed.
    ///
    /// - Throws: ``Failure`` naming the folder.
    static func createFolder(_ path: String) throws(Failure) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw Failure(message: "\(path): cannot create the folder (\(SystemError.reason(error)))")
        }
    }

    /// A file or folder that could not be written (exit 73).
    public struct Failure: Error, Sendable, Equatable {
        /// What failed, naming the path.
        public var message: String
    }

    /// Writes `files` into `directory`, creating folders as needed.
    ///
    /// - Returns: the full paths written, in the order given.
    /// - Throws: ``Failure`` naming the path that could not be written; files renamed into place
    ///   before the failure stay, none is left half-written.
    @discardableResult
    public static func write(_ files: [File], to directory: String) throws(Failure) -> [String] {
        var written: [String] = []
        for file in files {
            let destination = (directory as NSString).appendingPathComponent(file.path)
            // Written and renamed here: nothing would be gained by the file system's own atomic
            // write, which flushes each file to disk before it renames it.
            try replace(destination) { temporary throws(Failure) in
                let sink = try FileSink(path: temporary, reportingAs: destination)
                file.contents.withUnsafeBytes { sink.write($0) }
                try sink.close()
            }
            written.append(destination)
        }
        return written
    }

}
