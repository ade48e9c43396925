import Foundation

/// A file made of a header line and the bodies (all but the first line) of other files: a
/// migration's id map from its runs' id maps, a rollback file from its runs' files. The bodies are
/// copied by the kernel, file to file, rather than read into memory and written back; the file is
/// written aside and renamed into place, and an existing file with these very bytes is left alone.
struct FileConcatenation {
    /// The first line of the file, line end included.
    var header: [UInt8]
    /// The files whose bodies follow it, in order.
    var parts: [String]

    /// One part: its file, where its body starts, and its size.
    private struct Part {
        var path: String
        var bodyStart: Int
        var size: Int
    }

    /// Writes the file at `destination` unless it holds these bytes already.
    ///
    /// - Returns: whether it was written.
    /// - Throws: ``OutputWriter/Failure`` naming the file that cannot be read or written.
    func write(to destination: String) throws(OutputWriter.Failure) -> Bool {
        let measured = try parts.map { path throws(OutputWriter.Failure) in try Self.measure(path) }
        let size = header.count + measured.reduce(0) { $0 + $1.size - $1.bodyStart }
        if Self.size(of: destination) == size, try holds(measured, at: destination) { return false }
        try OutputWriter.replace(destination) { temporary throws(OutputWriter.Failure) in
            let sink = try FileSink(path: temporary, reportingAs: destination)
            header.withUnsafeBytes { sink.write($0) }
            for part in measured { try sink.copy(from: part.path, offset: part.bodyStart, count: part.size - part.bodyStart) }
            try sink.close()
        }
        return true
    }

    /// Counts the lines of the parts' bodies (their rows).
    func rows() throws(OutputWriter.Failure) -> Int {
        var count = 0
        for path in parts {
            let part = try Self.measure(path)
            try Self.read(path, from: part.bodyStart) { chunk in
                var cursor = chunk.baseAddress!
                let end = cursor + chunk.count
                while cursor < end, let found = memchr(cursor, 0x0A, end - cursor) {
                    count += 1
                    cursor = UnsafePointer(found.assumingMemoryBound(to: UInt8.self)) + 1
                }
            }
        }
        return count
    }

    /// Whether the file at `path` holds the header and the parts' bodies.
    private func holds(_ parts: [Part], at path: String) throws(OutputWriter.Failure) -> Bool {
        guard let existing = fopen(path, "rb") else { return false }
        defer { fclose(existing) }
        var theirs = [UInt8](repeating: 0, count: 1 << 20)
        func matches(_ ours: UnsafeRawBufferPointer) -> Bool {
            var offset = 0
            while offset < ours.count {
                let wanted = min(theirs.count, ours.count - offset)
                let got = theirs.withUnsafeMutableBytes { fread($0.baseAddress!, 1, wanted, existing) }
                guard got == wanted, theirs.withUnsafeBytes({ memcmp($0.baseAddress!, ours.baseAddress! + offset, wanted) }) == 0 else { return false }
                offset += wanted
            }
            return true
        }
        guard header.withUnsafeBytes(matches) else { return false }
        for part in parts {
            var same = true
            try Self.read(part.path, from: part.bodyStart) { chunk in
                if same { same = matches(UnsafeRawBufferPointer(chunk)) }
            }
            if !same { return false }
        }
        return true
    }

    private static func size(of path: String) -> Int? {
        var status = stat()
        return stat(path, &status) == 0 ? Int(status.st_size) : nil
    }

    /// A part's size and where its body starts (after its first line feed).
    private static func measure(_ path: String) throws(OutputWriter.Failure) -> Part {
        guard let size = size(of: path), let file = fopen(path, "rb") else {
            throw OutputWriter.Failure(message: "\(path): cannot be read (\(String(cString: strerror(errno))))")
        }
        defer { fclose(file) }
        var start = [UInt8](repeating: 0, count: 4096)
        let count = start.withUnsafeMutableBytes { fread($0.baseAddress!, 1, 4096, file) }
        let lineEnd = start[..<count].firstIndex(of: 0x0A).map { $0 + 1 } ?? count
        return Part(path: path, bodyStart: lineEnd, size: size)
    }

    /// Hands `body` the bytes of the file at `path` from `offset` on, a chunk at a time.
    private static func read(_ path: String, from offset: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Void) throws(OutputWriter.Failure) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw OutputWriter.Failure(message: "\(path): cannot be read (\(String(cString: strerror(errno))))") }
        defer { close(descriptor) }
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 1 << 20)
        defer { buffer.deallocate() }
        var position = off_t(offset)
        while true {
            let count = pread(descriptor, buffer.baseAddress!, buffer.count, position)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return }
            body(UnsafeBufferPointer(rebasing: buffer[..<count]))
            position += off_t(count)
        }
    }
}
