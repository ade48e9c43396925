import Foundation

/// Reads a text file line by line in fixed-size chunks, so memory does not grow with the file.
final class LineReader {
    private let handle: FileHandle
    private let path: String
    private var hash: ContentHash?
    private var atEnd = false
    /// Told of every chunk read, for a command's progress line.
    var progress: ProgressMeter?

    /// The file's size and the hash of all its bytes, once read to its end with hashing on.
    var digest: InputDigest? {
        guard atEnd, let hash else { return nil }
        return InputDigest(size: hash.length, hash: hash.digest)
    }

    /// Opens `path`; with `hashing`, every byte is hashed as it is read (see ``digest``).
    init(path: String, hashing: Bool = false) throws(InputFailure) {
        self.path = path
        hash = hashing ? ContentHash() : nil
        guard let handle = FileHandle(forReadingAtPath: path) else { throw InputFailure.file(path, "cannot be read", status: .noInput) }
        self.handle = handle
    }

    deinit { try? handle.close() }

    /// Calls `body` with each line's number and bytes (without the line end).
    func forEachLine(_ body: (Int, [UInt8]) throws(InputFailure) -> Void) throws(InputFailure) {
        var pending: [UInt8] = []
        var line = 1
        while true {
            let chunk: Data
            do {
                chunk = try handle.read(upToCount: 4 << 20) ?? Data()
            } catch {
                throw InputFailure.file(path, "cannot be read: \(SystemError.reason(error))", status: .noInput)
            }
            if chunk.isEmpty { break }
            chunk.withUnsafeBytes { hash?.update($0) }
            progress?.add(chunk.count)
            pending.append(contentsOf: chunk)
            var start = 0
            while let newline = pending[start...].firstIndex(of: 0x0A) {
                var end = newline
                if end > start && pending[end - 1] == 0x0D { end -= 1 }
                var bytes = Array(pending[start..<end])
                if line == 1 && bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
                try body(line, bytes)
                line += 1
                start = newline + 1
            }
            pending.removeFirst(start)
        }
        atEnd = true
        if !pending.isEmpty {
            if pending.last == 0x0D { pending.removeLast() }
            try body(line, pending)
        }
    }
}
