import CCSVBlocks
import Foundation

/// Where a CSV file can be cut so that its parts are read at the same time: a record's start
/// found from the quotes alone. In RFC 4180 text a place is inside a quoted field exactly when
/// an odd number of quotes stands before it, so counting the quotes (and line feeds, for the
/// line) up to a place, then reading on to the first line feed outside quotes, finds the next
/// record's start without parsing a field. A file that is not RFC 4180 may be cut inside a
/// record; the reader of the part before then stops somewhere else, which tells the two apart.
enum CSVSplit {
    /// A record's start: its offset in the file and its line.
    struct Start: Equatable {
        var offset: Int
        var line: Int
    }

    /// The first record start at or after `target`, or nil when the file ends first.
    ///
    /// - Throws: ``InputFailure`` (66) when the file cannot be read.
    static func recordStart(in path: String, atOrAfter target: Int) throws(InputFailure) -> Start? {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw InputFailure.file(path, "cannot be read (permission denied?)", status: .noInput) }
        defer { close(descriptor) }
        let size = 1 << 20
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: size)
        defer { buffer.deallocate() }
        var quotes: UInt64 = 0
        var lineFeeds: UInt64 = 0
        var offset = 0
        var previous: UInt8 = 0x0A
        while true {
            let count = read(descriptor, buffer, size)
            if count < 0 { throw InputFailure.file(path, "cannot be read: \(String(cString: strerror(errno)))", status: .noInput) }
            if count == 0 { return nil }
            // Counted whole up to the target; from there, byte by byte to the next line feed outside quotes.
            let counted = max(0, min(count, target - offset))
            landfall_csv_count(buffer, counted, &quotes, &lineFeeds)
            if counted > 0 { previous = buffer[counted - 1] }
            var index = counted
            if index < count, offset + index == target, previous == 0x0A, quotes & 1 == 0 {
                return Start(offset: target, line: Int(lineFeeds) + 1)
            }
            while index < count {
                let byte = buffer[index]
                index += 1
                if byte == UInt8(ascii: "\"") {
                    quotes += 1
                } else if byte == 0x0A {
                    lineFeeds += 1
                    if quotes & 1 == 0 { return Start(offset: offset + index, line: Int(lineFeeds) + 1) }
                }
            }
            offset += count
        }
    }
}
