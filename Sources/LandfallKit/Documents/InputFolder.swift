import Foundation

/// A folder the user named as a boundary (a run folder, an export folder): every input is read
/// from inside it. A path that leads outside (through a symbolic link, its own or a folder's) or
/// that is not a regular file (a FIFO would block the reader forever) is refused before it is
/// opened.
struct InputFolder: Sendable {
    /// The folder as the user named it.
    let path: String
    /// The folder with every symbolic link resolved.
    let realPath: String
    /// What the folder is, as messages name it (`run folder`).
    let noun: String

    init(path: String, noun: String = "run folder") {
        self.path = path
        self.noun = noun
        realPath = Self.resolve(path) ?? path
    }

    /// `relative` joined to the folder, as messages name it.
    func join(_ relative: String) -> String {
        (path as NSString).appendingPathComponent(relative)
    }

    /// The path of the input `relative`, checked: `nil` when nothing is there (the caller says what
    /// that means).
    ///
    /// - Throws: ``InputFailure`` (65) when it resolves outside the folder; (66) when it is not a
    ///   regular file or a folder, or is a link that cannot be followed.
    func input(_ relative: String) throws(InputFailure) -> String? {
        let full = join(relative)
        var info = stat()
        guard lstat(full, &info) == 0 else { return nil }
        guard let real = Self.resolve(full) else {
            throw .file(full, SystemError.brokenLink(at: full) ?? "cannot be resolved", status: .noInput)
        }
        guard real == realPath || real.hasPrefix(realPath.hasSuffix("/") ? realPath : realPath + "/") else {
            throw .file(full, "leads outside the \(noun) (to \(real)); every input must lie inside \(path)", status: .dataError)
        }
        if let kind = SpecialFile.kind(at: real) {
            throw .file(full, "is \(kind), not a regular file", status: .noInput)
        }
        return full
    }

    private static func resolve(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
