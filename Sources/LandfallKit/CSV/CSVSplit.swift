import Foundation

/// Where a CSV file can be cut so that its parts are read at the same time, found without
/// reading what comes before: after a place, the first line start from which two whole records
/// of the header's width follow (quoted fields closed, no quote inside an unquoted field). A
/// line inside a quoted field seldom reads that way; when one does, the reader of the part
/// before stops somewhere else (it stops at the first real record start past the place), which
/// tells the two apart, and the file is read from its start instead.
enum CSVSplit {
    /// How far past the place a start is looked for.
    static let window = 1 << 20

    /// The offset of the first line start at or after `target` that reads as two records of
    /// `fields` fields (or as the last records of the file), or nil when none does within
    /// ``window`` bytes.
    ///
    /// - Throws: ``InputFailure`` (66) when the file cannot be read.
    static func likelyRecordStart(in path: String, atOrAfter target: Int, fields: Int) throws(InputFailure) -> Int? {
        precondition(target > 0, "the header comes first")
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw InputFailure.file(path, "cannot be read (permission denied?)", status: .noInput) }
        defer { close(descriptor) }
        // The byte before the place too: whether the place itself starts a line.
        let capacity = window + 1
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        defer { buffer.deallocate() }
        var count = 0
        while count < capacity {
            let read = pread(descriptor, buffer + count, capacity - count, off_t(target - 1 + count))
            if read < 0 { throw InputFailure.file(path, "cannot be read: \(String(cString: strerror(errno)))", status: .noInput) }
            if read == 0 { break }
            count += read
        }
        let text = UnsafeBufferPointer(start: UnsafePointer(buffer), count: count)
        return likelyRecordStart(in: text, fields: fields, atEnd: count < capacity).map { target - 1 + $0 }
    }

    /// At most this many line starts are tried: each may read far into the window, and a place
    /// inside a long quoted field of short lines is better read from the file's start.
    static let candidateLimit = 256

    /// The index in `text` of the first line start after its first byte from which two records
    /// of `fields` fields follow (or, when `text` runs to the file's end, its last records),
    /// among the first ``candidateLimit`` line starts.
    static func likelyRecordStart(in text: UnsafeBufferPointer<UInt8>, fields: Int, atEnd: Bool) -> Int? {
        var candidate = 1
        var tried = 0
        while candidate <= text.count, tried < candidateLimit {
            if text[candidate - 1] == 0x0A {
                if readsAsRecords(text, from: candidate, fields: fields, atEnd: atEnd) { return candidate }
                tried += 1
            }
            candidate += 1
        }
        return nil
    }

    /// Whether two records of `fields` fields start at `start` (or, at the file's end, one or
    /// none: the file's last records).
    private static func readsAsRecords(_ text: UnsafeBufferPointer<UInt8>, from start: Int, fields: Int, atEnd: Bool) -> Bool {
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), carriageReturn: UInt8 = 0x0D, lineFeed: UInt8 = 0x0A
        var index = start
        for record in 0..<2 {
            if index == text.count { return atEnd && (record > 0 || start == text.count) }
            var count = 0
            fields: while true {
                if index < text.count, text[index] == quote {
                    index += 1
                    while true {
                        guard index < text.count else { return false }
                        if text[index] == quote {
                            if index + 1 < text.count, text[index + 1] == quote {
                                index += 2
                                continue
                            }
                            index += 1
                            break
                        }
                        index += 1
                    }
                } else {
                    while index < text.count, text[index] != comma, text[index] != lineFeed, text[index] != carriageReturn {
                        if text[index] == quote { return false }
                        index += 1
                    }
                }
                count += 1
                guard index < text.count else { return atEnd && count == fields }
                switch text[index] {
                case comma: index += 1
                case carriageReturn:
                    guard index + 1 < text.count, text[index + 1] == lineFeed else { return false }
                    index += 2
                    break fields
                case lineFeed:
                    index += 1
                    break fields
                default: return false
                }
            }
            guard count == fields else { return false }
        }
        return true
    }
}
