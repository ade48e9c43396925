import Foundation

/// A streaming RFC 4180 reader: it reads fixed-size chunks, hands over only the fields asked for,
/// and skips the others without copying them (quoted bodies are jumped over with `memchr`).
/// Memory stays at the chunk size, whatever the file's size. It reads files already in memory
/// too (``CSVDocument`` uses it for small exports).
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
            let text = String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
            return hasEscapedQuotes ? text.replacingOccurrences(of: "\"\"", with: "\"") : text
        }

        /// The raw bytes.
        var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: start, count: count) }
    }

    private static let chunkSize = 8 << 20
    private let path: String
    private let descriptor: Int32
    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var filled = 0
    private var position = 0
    private var atEOF = false
    /// Line of `buffer[position]`, kept only at record starts.
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

    /// Opens `path` and reads its header row.
    ///
    /// - Throws: ``InputFailure``: missing or unreadable (66), empty or malformed header (65).
    ///
    /// - Parameter hashing: whether to hash every byte as it is read (see ``digest``).
    init(path: String, hashing: Bool = false) throws(InputFailure) {
        self.path = path
        hash = hashing ? ContentHash() : nil
        var status = stat()
        guard stat(path, &status) == 0 else { throw InputFailure.file(path, "no such file", status: .noInput) }
        guard (status.st_mode & S_IFMT) == S_IFREG else { throw InputFailure.file(path, "is not a regular file", status: .noInput) }
        descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw InputFailure.file(path, "cannot be read (permission denied?)", status: .noInput) }
        capacity = Self.chunkSize
        buffer = .allocate(capacity: capacity + 1)
        // Fully initialised from here: deinit closes the file and frees the buffer.
        try fill()
        try start(fileSize: Int(status.st_size))
    }

    /// Reads a file already in memory (checked, byte-order mark removed) and its header row.
    ///
    /// - Throws: ``InputFailure`` for a malformed header.
    init(input: InputFile) throws(InputFailure) {
        path = input.path
        hash = nil
        descriptor = -1
        capacity = max(input.bytes.count, 1)
        buffer = .allocate(capacity: capacity + 1)
        input.bytes.withUnsafeBufferPointer { buffer.update(from: $0.baseAddress!, count: $0.count) }
        filled = input.bytes.count
        atEOF = true
        try start(fileSize: filled)
    }

    /// Skips a byte-order mark, estimates the rows, and reads the header.
    private func start(fileSize: Int) throws(InputFailure) {
        if filled >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF { position = 3 }
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
        var names: [String] = []
        try record(expected: nil) { index, field in names.append(field.string.trimmingCharacters(in: .whitespaces)) }
        header = names
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
        buffer.deallocate()
    }

    /// The index of the column `name` (exact, then case-insensitive), if the header has it.
    func column(_ name: String) -> Int? {
        header.firstIndex(of: name) ?? header.firstIndex { $0.lowercased() == name.lowercased() }
    }

    /// Calls `body` once per data row with the row's line and the fields at `columns` (in the order
    /// of `columns`).
    func forEachRow(columns: [Int], _ body: (_ line: Int, _ fields: UnsafeBufferPointer<Field>) throws(InputFailure) -> Void) throws(InputFailure) {
        var wanted = [Int](repeating: -1, count: header.count)
        for (slot, column) in columns.enumerated() where column < header.count { wanted[column] = slot }
        let fields = UnsafeMutableBufferPointer<Field>.allocate(capacity: max(columns.count, 1))
        defer { fields.deallocate() }
        let empty = Field(start: UnsafePointer(buffer), count: 0, hasEscapedQuotes: false)
        while true {
            guard try more() else { return }
            if buffer[position] == 0x0A || (buffer[position] == 0x0D && position + 1 < filled && buffer[position + 1] == 0x0A) {
                position += buffer[position] == 0x0A ? 1 : 2
                line += 1
                continue
            }
            let rowLine = line
            fields.initialize(repeating: empty)
            try wanted.withUnsafeBufferPointer { wanted throws(InputFailure) in
                try record(expected: header.count) { index, field in
                    if index < wanted.count, wanted[index] >= 0 { fields[wanted[index]] = field }
                }
            }
            try body(rowLine, UnsafeBufferPointer(fields))
        }
    }

    /// Whether another record starts (skipping a final empty line).
    private func more() throws(InputFailure) -> Bool {
        if position >= filled { try refill() }
        return position < filled
    }

    /// Reads one record from `position`, calling `visit` for each field. Makes sure the whole
    /// record is in the buffer first, so that field pointers stay valid during the callbacks.
    private func record(expected: Int?, _ visit: (Int, Field) -> Void) throws(InputFailure) {
        var end = try recordEnd()
        while end == nil {
            try refill(growing: true)
            end = try recordEnd()
        }
        let stop = end!
        let bytes = buffer
        let quoteByte = UInt8(ascii: "\"")
        let comma = UInt8(ascii: ",")
        var index = 0
        var cursor = position
        while true {
            var fieldStart = cursor
            var fieldEnd = cursor
            var escaped = false
            if cursor < stop && bytes[cursor] == quoteByte {
                fieldStart = cursor + 1
                var scan = fieldStart
                while true {
                    let quote = memchr(bytes + scan, Int32(quoteByte), stop - scan)!.assumingMemoryBound(to: UInt8.self) - bytes
                    if quote + 1 < stop && bytes[quote + 1] == quoteByte {
                        escaped = true
                        scan = quote + 2
                        continue
                    }
                    fieldEnd = quote
                    cursor = quote + 1
                    break
                }
                if cursor < stop && bytes[cursor] != comma && !(bytes[cursor] == 0x0D && cursor + 1 == stop) {
                    throw failure("text after a closing quote; a quoted field must end at a comma or the line end", at: cursor)
                }
            } else {
                var scan = bytes + cursor
                let limit = bytes + stop
                while scan < limit {
                    let byte = scan.pointee
                    if byte == comma || byte == quoteByte { break }
                    scan += 1
                }
                cursor = scan - bytes
                if cursor < stop && bytes[cursor] == quoteByte {
                    throw failure("a quote inside an unquoted field; quote the whole field and double the quote", at: cursor)
                }
                fieldEnd = cursor
                if fieldEnd == stop && fieldEnd > fieldStart && bytes[fieldEnd - 1] == 0x0D { fieldEnd -= 1 }
            }
            visit(index, Field(start: UnsafePointer(bytes + fieldStart), count: fieldEnd - fieldStart, hasEscapedQuotes: escaped))
            index += 1
            if cursor < stop && bytes[cursor] == comma {
                cursor += 1
                continue
            }
            break
        }
        if let expected, index != expected {
            throw failure("this row has \(index) field\(index == 1 ? "" : "s") but the header has \(expected)", at: position)
        }
        advanceLines(from: position, to: stop)
        let available = filled
        position = stop < available ? stop + 1 : stop
        if stop < available { line += 1 }
    }

    /// The offset of the newline that ends the record at `position` (outside quotes), `filled` at
    /// the end of the file, or `nil` when more data is needed.
    private func recordEnd() throws(InputFailure) -> Int? {
        let bytes = buffer
        let available = filled
        let quoteByte = Int32(UInt8(ascii: "\""))
        var cursor = position
        // The first line feed from `cursor`: found again only once a quoted field has run past it.
        var newline: Int? = nil
        var newlineSearched = false
        while true {
            if !newlineSearched || (newline.map { $0 < cursor } ?? false) {
                let remaining = available - cursor
                newline = remaining > 0 ? memchr(bytes + cursor, 0x0A, remaining).map { $0.assumingMemoryBound(to: UInt8.self) - bytes } : nil
                newlineSearched = true
            }
            let limit = newline ?? available
            let quote = limit > cursor ? memchr(bytes + cursor, quoteByte, limit - cursor).map { $0.assumingMemoryBound(to: UInt8.self) - bytes } : nil
            guard let quote, quote == position || bytes[quote - 1] == UInt8(ascii: ",") else {
                // No quote, or a stray one inside an unquoted field: the record ends at the line
                // end, and reading it reports the stray quote where it stands.
                if let newline { return newline }
                return atEOF ? available : nil
            }
            var scan = quote + 1
            while true {
                guard scan < available, let close = memchr(bytes + scan, quoteByte, available - scan).map({ $0.assumingMemoryBound(to: UInt8.self) - bytes }) else {
                    if atEOF { throw failure("the quoted field that starts here is never closed", at: quote) }
                    return nil
                }
                if close + 1 < available && bytes[close + 1] == UInt8(ascii: "\"") {
                    scan = close + 2
                    continue
                }
                if close + 1 == available && !atEOF { return nil }
                cursor = close + 1
                break
            }
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

    /// Counts the line breaks inside a record (quoted newlines), keeping `line` right.
    private func advanceLines(from start: Int, to end: Int) {
        var cursor = start
        while cursor < end, let found = memchr(buffer + cursor, 0x0A, end - cursor) {
            line += 1
            cursor = found.assumingMemoryBound(to: UInt8.self) - buffer + 1
        }
    }

    /// Moves the unread bytes to the front and reads more; grows the buffer when a single record
    /// fills it.
    private func refill(growing: Bool = false) throws(InputFailure) {
        guard !atEOF else { return }
        let unread = filled - position
        if position > 0 {
            memmove(buffer, buffer + position, unread)
            position = 0
            filled = unread
        }
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
            filled += count
        }
    }

    private func failure(_ message: String, at offset: Int) -> InputFailure {
        var lineNumber = line
        var cursor = position
        while cursor < offset, let found = memchr(buffer + cursor, 0x0A, offset - cursor) {
            lineNumber += 1
            cursor = found.assumingMemoryBound(to: UInt8.self) - buffer + 1
        }
        var column = 1
        var back = offset
        while back > 0 && buffer[back - 1] != 0x0A {
            if buffer[back - 1] & 0xC0 != 0x80 { column += 1 }
            back -= 1
        }
        return .content(path, at: TextPosition(line: lineNumber, column: column), message)
    }
}
