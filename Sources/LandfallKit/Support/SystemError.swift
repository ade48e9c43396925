import Foundation

/// Says in plain words why a file operation failed, from the operating system's own reason
/// (`No such file or directory`, `Permission denied` …), never Foundation's error-domain text.
enum SystemError {
    /// The reason behind `error`: its POSIX error when it carries one, else its Cocoa file code.
    static func reason(_ error: Error) -> String {
        let error = error as NSError
        if error.domain == NSPOSIXErrorDomain { return describe(Int32(error.code)) }
        if let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return describe(Int32(underlying.code))
        }
        switch error.code {
        case NSFileNoSuchFileError, NSFileReadNoSuchFileError: return describe(ENOENT)
        case NSFileReadNoPermissionError, NSFileWriteNoPermissionError: return describe(EACCES)
        case NSFileWriteFileExistsError: return describe(EEXIST)
        case NSFileWriteOutOfSpaceError: return describe(ENOSPC)
        case NSFileWriteVolumeReadOnlyError: return describe(EROFS)
        default: return "the system gave no reason"
        }
    }

    /// `strerror` for `code`, such as "Permission denied".
    static func describe(_ code: Int32) -> String {
        String(cString: strerror(code))
    }

    /// Why `path` cannot be opened, when the reason is one a user can act on before reading it:
    /// a symbolic link that loops, or one that points nowhere. `nil` otherwise.
    static func brokenLink(at path: String) -> String? {
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFLNK else { return nil }
        if stat(path, &info) == 0 { return nil }
        switch errno {
        case ELOOP: return "is a symbolic link that loops (\(describe(ELOOP)))"
        case ENOENT: return "is a symbolic link to a file that does not exist"
        default: return "is a symbolic link that cannot be followed (\(describe(errno)))"
        }
    }
}

/// Files that are not regular files, which a reader must refuse rather than wait on.
enum SpecialFile {
    /// What `path` is ("a FIFO", "a device", "a socket") when it exists and is not a regular file
    /// or a folder, after following links; `nil` otherwise.
    static func kind(at path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFREG, S_IFDIR: return nil
        case S_IFIFO: return "a FIFO (named pipe)"
        case S_IFCHR, S_IFBLK: return "a device"
        case S_IFSOCK: return "a socket"
        default: return "a special file"
        }
    }
}
