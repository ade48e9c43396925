import CCSVBlocks
import Foundation

/// A streaming RFC 4180 reader: it reads fixed-size chunks, finds the commas and line feeds that
/// separate fields 64 bytes at a time (``landfall_csv_mark``: bit masks, the quoted parts found
/// from the quotes alone), hands over only the fields asked for, and never looks at the others'
/// bytes. Memory stays at the chunk size, whatever the file's size. It reads files already in
/// memory too (``CSVDocument`` uses it for small exports).
///
/// It checks what it reads: an unterminated quote, a quote inside an unquoted field, text after a
/// closing quote, and a row whose field count differs from the header's are reported with the
/// line they are on. A byte-order mark is skipped; CRLF and LF line ends are both accepted.
final class CSVScanner {
    /// A field handed to the caller: its bytes (quotes removed, doubled quotes still doubled when
    /// `hasEscapedQuotes`), valid only during the callback.
    struct Field {
        var start: UnsafePointer<UInt8>
        var count: Int
        var hasEscapedQuotes: Bool

        /// The field as a string (doubled quotes undoubled).
        var string: String {
            hasEscapedQuotes ? Self.undoubled(bytes) : String(decoding: bytes, as: UTF8.self)
        }

        /// `bytes` as text with each doubled quote made single.
        static func undoubled(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
            String(unsafeUninitializedCapacity: bytes.count) { buffer in
                var length = 0
                var previousWasQuote = false
                for byte in bytes {
                    if byte == UInt8(ascii: "\""), previousWasQuote {
                        previousWasQuote = false
                        continue
                    }
                    previousWasQuote = byte == UInt8(ascii: "\"")
                    buffer[length] = byte
                    length += 1
                }
                return length
            }
        }

        /// The raw bytes.
        var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: start, count: count) }
    }

    /// How many bytes are read at a time.
    static let chunkSize = 8 << 20
    private let path: String
    private let descriptor: Int32
    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var filled = 0
    private var position = 0
    private var atEOF = false
    /// Bytes of the file before the buffer's first byte.
    private var consumed = 0
    /// The separators found in `buffer[..<marked]` and not yet read, from ``landfall_csv_mark``.
    private let marks: UnsafeMutablePointer<UInt32>
    private var markCount = 0
    private var markCursor = 0
    private var marked = 0
    private var markState = landfall_csv_start()
    /// What the marking found wrong, where it stopped: reported once the rows before it are read.
    private var markProblem: (kind: Int32, offset: Int)?
    /// No record that starts at or after this file offset is read.
    private var stopOffset = Int.max
    /// The end offsets of the fields of the record being read.
    private var fieldEnds: UnsafeMutablePointer<Int>
    private var fieldEndCapacity = 256
    private static let markCapacity = 1 << 16
    /// Line of `buffer[position]`, kept only at record starts.
    /// Told of every chunk read, for a command's progress line.
    var progress: ProgressMeter?
    private(set) var line = 1
    /// The header's fields.
    private(set) var header: [String] = []
    /// About how many rows the file holds, from the file size and the first chunk's lines.
    private(set) var estimatedRows = 0
    /// The hash of the bytes read so far, when hashing.
    private var hash: ContentHash?

    /// The file's size and the hash of all its bytes, once every row has been read; `nil` when
    /// not hashing or not read to its end.
    var digest: InputDigest? {
        guard atEOF, let hash else { return nil }
        return InputDigest(size: hash.length, hash: hash.digest)
    }

    /// Takes over `descriptor` (-1: none) with a buffer of `capacity` bytes.
    private init(path: String, descriptor: Int32, capacity: Int, hash: ContentHash?) {
        self.path = path
        self.descriptor = descriptor
        self.hash = hash
        self.capacity = max(capacity, 1)
        buffer = .allocate(capacity: self.capacity + 1)
        marks = .allocate(capacity: Self.markCapacity)
        fieldEnds = .allocate(capacity: fieldEndCapacity)
    }

    /// Opens `path` and reads its header row.
    ///
    /// - Throws: ``InputFailure``: missing or unreadable (66), empty or malformed header (65).
    ///
    /// - Parameters:
    ///   - hashing: whether to hash every byte as it is read (see ``digest``).
    ///   - chunkSize: how many bytes to read at a time (a record longer than that is read whole
    ///     into a larger buffer).
    convenience init(path: String, hashing: Bool = false, chunkSize: Int = CSVScanner.chunkSize) throws(InputFailure) {
        var status = stat()
        guard stat(path, &status) == 0 else { throw InputFailure.file(path, "does not exist", status: .noInput) }
        guard (status.st_mode & S_IFMT) == S_IFREG else { throw InputFailure.file(path, "is not a regular file", status: .noInput) }
        self.init(path: path, descriptor: try Self.open(path), capacity: chunkSize, hash: hashing ? ContentHash() : nil)
        // Fully initialised from here: deinit closes the file and frees the buffer.
        try fill()
        try start(fileSize: Int(status.st_size))
    }

    /// Reads the records of `path` from `offset` on, a record's start that ``CSVSplit`` found,
    /// as rows of `header` (the header row read apart), counting lines from `line` there.
    ///
    /// - Throws: ``InputFailure``: missing or unreadable (66).
    convenience init(path: String, from offset: Int, line: Int, header: [String], chunkSize: Int = CSVScanner.chunkSize) throws(InputFailure) {
        self.init(path: path, descriptor: try Self.open(path), capacity: chunkSize, hash: nil)
        guard lseek(descriptor, off_t(offset), SEEK_SET) == off_t(offset) else { throw InputFailure.file(path, "cannot be read: \(String(cString: strerror(errno)))", status: .noInput) }
        consumed = offset
        self.line = line
        self.header = header
        try fill()
    }

    /// Reads a file already in memory (checked, byte-order mark removed) and its header row.
    ///
    /// - Throws: ``InputFailure`` for a malformed header.
    convenience init(input: InputFile) throws(InputFailure) {
        self.init(path: input.path, descriptor: -1, capacity: input.bytes.count, hash: nil)
        input.bytes.withUnsafeBufferPointer { buffer.update(from: $0.baseAddress!, count: $0.count) }
        filled = input.bytes.count
        atEOF = true
        try start(fileSize: filled)
    }

    /// Opens `path` for reading.
    private static func open(_ path: String) throws(InputFailure) -> Int32 {
        let descriptor = Foundation.open(path, O_RDONLY)
        guard descriptor >= 0 else { throw InputFailure.file(path, "cannot be read (permission denied?)", status: .noInput) }
        return descriptor
    }

    /// Skips a byte-order mark, estimates the rows, and reads the header.
    private func start(fileSize: Int) throws(InputFailure) {
        if filled >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF { position = 3 }
        marked = position
        guard filled > position else {
            throw InputFailure.file(path, "is empty: not even a header row", status: .dataError)
        }
        if let lone = loneCarriageReturnInFirstLine() {
            throw failure("the line ends with a lone carriage return (CR): lines must end with LF or CR LF; save the file with Unix or Windows line ends", at: lone)
        }
        var newlines = 0
        var cursor = 0
        while cursor < filled, let found = memchr(buffer + cursor, 0x0A, filled - cursor) {
            newlines += 1
            cursor = found.assumingMemoryBound(to: UInt8.self) - buffer + 1
        }
        estimatedRows = newlines == 0 ? 1 : Int(Double(fileSize) * Double(newlines) / Double(max(filled, 1)))
        guard let record = try nextRecord(expected: nil, skippingBlankLines: false) else { return }
        header = (0..<record.fields).map { field($0, of: record).string.trimmingWhitespace() }
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
        buffer.deallocate()
        marks.deallocate()
        fieldEnds.deallocate()
    }

    /// The index of the column `name` (exact, then case-insensitive), if the header has it.
    func column(_ name: String) -> Int? {
        header.firstIndex(of: name) ?? header.firstIndex { $0.lowercased() == name.lowercased() }
    }

    /// Where the next record starts in the file, in bytes from its first: after the header once
    /// it is read, and after the last row once ``forEachRow(columns:until:_:)`` returns.
    var offset: Int { consumed + position }

    /// Where `field` (of the row being handed over) starts in the file, in bytes from its first.
    func fileOffset(of field: Field) -> Int {
        consumed + (UnsafePointer(buffer).distance(to: field.start))
    }

    /// Where the row being handed to ``forEachRow(columns:until:_:)`` starts in the buffer, and its line.
    private var row = (start: 0, line: 1)
    /// Where that row's last field ends in the buffer (at its line feed, or the end of the text).
    private var rowEnd = 0

    /// The bytes of the row being handed over as the file holds them, quotes and a closing
    /// carriage return included, its line feed not (valid until the next row).
    var rowBytes: UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: buffer + row.start, count: rowEnd - row.start)
    }

    /// Where `field` (of the row being handed over) stands: its line (the row's, plus the line
    /// breaks before it inside the row) and its column, at its opening quote if it is quoted.
    func place(of field: Field) -> TextPosition {
        var target = UnsafePointer(buffer).distance(to: field.start)
        if target > row.start, buffer[target - 1] == UInt8(ascii: "\"") { target -= 1 }
        return textPosition(of: target, from: row.start, line: row.line)
    }

    /// Calls `body` once per data row with the row's line and the fields at `columns` (in the order
    /// of `columns`), up to the first record that starts at or after the file offset `stop`.
    func forEachRow(columns: [Int], until stop: Int = .max, _ body: (_ line: Int, _ fields: UnsafeBufferPointer<Field>) throws(InputFailure) -> Void) throws(InputFailure) {
        stopOffset = stop
        defer { stopOffset = .max }
        let fields = UnsafeMutableBufferPointer<Field>.allocate(capacity: max(columns.count, 1))
        defer { fields.deallocate() }
        let empty = Field(start: UnsafePointer(buffer), count: 0, hasEscapedQuotes: false)
        while let record = try nextRecord(expected: header.count, skippingBlankLines: true) {
            for (slot, column) in columns.enumerated() {
                fields[slot] = column < record.fields ? field(column, of: record) : empty
            }
            row = (record.start, record.line)
            rowEnd = fieldEnds[record.fields - 1]
            try body(record.line, UnsafeBufferPointer(fields))
        }
    }

    /// One record's place in the buffer: where it starts, its line, and how many fields it has
    /// (their ends are in `fieldEnds`); valid until the next record is read.
    private struct Record {
        var start: Int
        var line: Int
        var fields: Int
    }

    /// Reads the record at `position` and moves past it; `nil` at the end of the text. Makes sure
    /// the whole record is in the buffer first, so that its fields stay where they are until the
    /// next call.
    ///
    /// - Throws: ``InputFailure`` for a quote out of place, a quote never closed, or (when
    ///   `expected` is given) a field count other than `expected`.
    private func nextRecord(expected: Int?, skippingBlankLines: Bool) throws(InputFailure) -> Record? {
        record: while true {
            if offset >= stopOffset { return nil }
            if position >= filled { try refill() }
            guard position < filled else { return nil }
            var count = 0
            var quotedLineFeeds = 0
            var stop = filled
            var cursor = markCursor
            while true {
                if cursor == markCount {
                    if let problem = markProblem { throw failure(problem.kind, at: problem.offset) }
                    if marked < filled && (filled - marked >= 64 || atEOF) {
                        try mark()
                        cursor = 0
                        continue
                    }
                    if atEOF {
                        addFieldEnd(filled, at: &count)
                        break
                    }
                    // The record runs past the buffer: read on (into a larger buffer when it
                    // fills this one) and read it again from its start.
                    try refill(growing: true)
                    continue record
                }
                let mark = marks[cursor]
                cursor += 1
                if mark & LANDFALL_CSV_QUOTED_LINE_FEED != 0 {
                    quotedLineFeeds += 1
                    continue
                }
                let offset = Int(mark)
                addFieldEnd(offset, at: &count)
                if buffer[offset] == 0x0A {
                    stop = offset
                    break
                }
            }
            markCursor = cursor
            let record = Record(start: position, line: line, fields: count)
            let blank = count == 1 && (stop == position || (stop == position + 1 && buffer[position] == 0x0D))
            if !(skippingBlankLines && blank), let expected, count != expected {
                throw failure("this row has \(count) field\(count == 1 ? "" : "s") but the header has \(expected)", at: position)
            }
            line += quotedLineFeeds + (stop < filled ? 1 : 0)
            position = stop < filled ? stop + 1 : stop
            if skippingBlankLines && blank { continue }
            return record
        }
    }

    private func addFieldEnd(_ offset: Int, at count: inout Int) {
        if count == fieldEndCapacity {
            let larger = UnsafeMutablePointer<Int>.allocate(capacity: fieldEndCapacity * 2)
            larger.update(from: fieldEnds, count: count)
            fieldEnds.deallocate()
            fieldEnds = larger
            fieldEndCapacity *= 2
        }
        fieldEnds[count] = offset
        count += 1
    }

    /// Field `index` of `record`: quotes removed, a last field's carriage return dropped.
    private func field(_ index: Int, of record: Record) -> Field {
        var start = index == 0 ? record.start : fieldEnds[index - 1] + 1
        var end = fieldEnds[index]
        if index == record.fields - 1 && end > start && buffer[end - 1] == 0x0D { end -= 1 }
        guard end > start, buffer[start] == UInt8(ascii: "\"") else {
            return Field(start: UnsafePointer(buffer + start), count: end - start, hasEscapedQuotes: false)
        }
        // The marking has checked that a quoted field ends with its closing quote.
        start += 1
        end -= 1
        let escaped = end > start && memchr(buffer + start, Int32(UInt8(ascii: "\"")), end - start) != nil
        return Field(start: UnsafePointer(buffer + start), count: end - start, hasEscapedQuotes: escaped)
    }

    /// Marks the next stretch of the buffer (see ``landfall_csv_mark``).
    private func mark() throws(InputFailure) {
        guard filled < Int(Int32.max) else {
            throw failure("this record runs on for more than 2 GB; is a quote left open before it?", at: position)
        }
        let outcome = landfall_csv_mark(buffer, marked, filled, atEOF ? 1 : 0, &markState, marks, Self.markCapacity)
        markCount = outcome.marks
        markCursor = 0
        marked = outcome.marked
        if outcome.problem != Int32(LANDFALL_CSV_FINE.rawValue) { markProblem = (outcome.problem, outcome.problem_offset) }
    }

    /// The failure for a problem the marking found.
    private func failure(_ problem: Int32, at offset: Int) -> InputFailure {
        switch UInt32(problem) {
        case LANDFALL_CSV_QUOTE_IN_UNQUOTED_FIELD.rawValue:
            failure("a quote inside an unquoted field; quote the whole field and double the quote", at: offset)
        case LANDFALL_CSV_TEXT_AFTER_CLOSING_QUOTE.rawValue:
            failure("text after a closing quote; a quoted field must end at a comma or the line end", at: offset)
        default:
            failure("the quoted field that starts here is never closed", at: offset)
        }
    }

    /// The offset of a carriage return, outside quotes, that is not followed by a line feed before
    /// the first line feed: the mark of a file whose lines end with CR alone.
    private func loneCarriageReturnInFirstLine() -> Int? {
        var quoted = false
        var cursor = position
        while cursor < filled {
            switch buffer[cursor] {
            case UInt8(ascii: "\""): quoted.toggle()
            case 0x0A: return nil
            case 0x0D where !quoted:
                if cursor + 1 < filled && buffer[cursor + 1] == 0x0A { return nil }
                if cursor + 1 < filled || atEOF { return cursor + 1 < filled ? cursor : nil }
            default: break
            }
            cursor += 1
        }
        return nil
    }

    /// Moves the unread bytes to the front and reads more; grows the buffer when a single record
    /// fills it.
    private func refill(growing: Bool = false) throws(InputFailure) {
        guard !atEOF else { return }
        let unread = filled - position
        if position > 0 {
            consumed += position
            memmove(buffer, buffer + position, unread)
            position = 0
            filled = unread
        }
        // The record at `position` is marked again from its start.
        marked = position
        markCount = 0
        markCursor = 0
        markState = landfall_csv_start()
        markProblem = nil
        if growing && filled == capacity {
            let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2 + 1)
            larger.update(from: buffer, count: filled)
            buffer.deallocate()
            buffer = larger
            capacity *= 2
        }
        try fill()
    }

    private func fill() throws(InputFailure) {
        guard descriptor >= 0 else {
            atEOF = true
            return
        }
        while filled < capacity {
            let count = read(descriptor, buffer + filled, capacity - filled)
            if count < 0 { throw InputFailure.file(path, "cannot be read: \(String(cString: strerror(errno)))", status: .noInput) }
            if count == 0 {
                atEOF = true
                return
            }
            hash?.update(UnsafeRawBufferPointer(start: buffer + filled, count: count))
            progress?.add(count)
            filled += count
        }
    }

    private func failure(_ message: String, at offset: Int) -> InputFailure {
        .content(path, at: textPosition(of: offset, from: position, line: line), message)
    }

    /// The line and column (in characters) of `buffer[target]`, counting lines from `line` at
    /// `buffer[start]`.
    private func textPosition(of target: Int, from start: Int, line: Int) -> TextPosition {
        var lineNumber = line
        var cursor = start
        while cursor < target, let found = memchr(buffer + cursor, 0x0A, target - cursor) {
            lineNumber += 1
            cursor = found.assumingMemoryBound(to: UInt8.self) - buffer + 1
        }
        var column = 1
        var back = target
        while back > 0 && buffer[back - 1] != 0x0A {
            if buffer[back - 1] & 0xC0 != 0x80 { column += 1 }
            back -= 1
        }
        return TextPosition(line: lineNumber, column: column)
    }
}
