import Foundation

/// Writes RFC 4180 CSV that a spreadsheet opens safely: every field quoted when it needs to be,
/// and any cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return prefixed with an
/// apostrophe so that it is read as text, never run as a formula. A cell that starts with an
/// apostrophe of its own gets one more, so that Landfall reading the list back takes exactly one
/// off and gets every value as it was: `=x` and `'=x` stay two values.
public enum CSVWriter {
    /// One line per row (CRLF, as RFC 4180 says), the header first.
    public static func document(header: [String], rows: [[String]]) -> String {
        ([header] + rows).map { $0.map(cell).joined(separator: ",") + "\r\n" }.joined()
    }

    /// One cell, neutralised and quoted as needed.
    public static func cell(_ value: String) -> String {
        var text = ControlCharacters.replaced(value)
        if let first = text.unicodeScalars.first, formulaStarts.contains(first) || first == "'" {
            text = "'" + text
        }
        guard text.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) || text.hasPrefix(" ") || text.hasSuffix(" ") else {
            return text
        }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The value a cell held before it was neutralised: the apostrophe put before `=`, `+`,
    /// `-`, `@`, a tab, a carriage return or an apostrophe taken off again, for lists the tool
    /// reads back.
    public static func original(_ cell: String) -> String {
        var copy = cell
        return copy.withUTF8 { String(decoding: original($0), as: UTF8.self) }
    }

    /// A line of one cell as this writer wrote it, read back: unquoted, and not neutralised.
    static func unquotedCell(_ line: String) -> String {
        guard line.count >= 2, line.hasPrefix("\""), line.hasSuffix("\"") else { return original(line) }
        return original(String(line.dropFirst().dropLast()).replacingOccurrences(of: "\"\"", with: "\""))
    }

    /// ``original(_:)`` on a cell's bytes.
    static func original(_ cell: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        guard cell.count >= 2, cell[0] == UInt8(ascii: "'"), formulaStartBytes.contains(cell[1]) || cell[1] == UInt8(ascii: "'") else { return cell }
        return UnsafeBufferPointer(rebasing: cell[1...])
    }

    /// The first characters a spreadsheet would run as a formula.
    static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]
    /// The same, as bytes (all of them ASCII).
    static let formulaStartBytes: [UInt8] = formulaStarts.map { UInt8($0.value) }.sorted()
}

/// Builds CSV as bytes, for lists of millions of rows: the same neutralising and quoting as
/// ``CSVWriter``, without a `String` per cell.
struct CSVByteWriter {
    private let buffer: ByteBuffer
    /// The document so far (all of it, when not streaming).
    var bytes: [UInt8] { Array(buffer.bytes) }
    /// Whether the next ``cell(_:)`` starts a row.
    private var atRowStart = true
    /// Where the rows go as they are written, for lists too long to hold in memory whole.
    private var sink: FileSink?

    /// Starts a document with its header row that is written to `path` as it grows (the file is
    /// complete after ``finish()``).
    ///
    /// - Throws: ``OutputWriter/Failure`` when the file cannot be created.
    init(header: [String], streamingTo path: String) throws(OutputWriter.Failure) {
        self.init(header: header, reservingCapacity: FileSink.chunk + 4096)
        sink = try FileSink(path: path)
    }

    /// Writes what is left to the file being streamed to, and closes it.
    ///
    /// - Throws: ``OutputWriter/Failure`` when a write failed, now or earlier.
    mutating func finish() throws(OutputWriter.Failure) {
        guard let sink else { return }
        sink.write(buffer.bytes)
        buffer.removeAll()
        try sink.close()
    }

    /// Starts a document with its header row, with room for about `capacity` bytes (large lists
    /// grow without copying themselves over and over).
    init(header: [String], reservingCapacity capacity: Int = 0) {
        buffer = ByteBuffer(capacity: capacity)
        for (index, name) in header.enumerated() {
            if index > 0 { buffer.append(UInt8(ascii: ",")) }
            buffer.append(Array(CSVWriter.cell(name).utf8))
        }
        buffer.append(0x0D)
        buffer.append(0x0A)
    }

    /// Appends one row: a cell of bytes, then text cells.
    mutating func row(_ first: UnsafeBufferPointer<UInt8>, _ rest: String...) {
        cell(first)
        for text in rest { cell(text) }
        endRow()
    }

    /// Appends one row of text cells.
    mutating func row(_ cells: String...) {
        for text in cells { cell(text) }
        endRow()
    }

    /// Appends the next cell of the row under way, from text.
    private mutating func cell(_ text: String) {
        var copy = text
        copy.withUTF8 { cell($0) }
    }

    /// Appends the next cell of the row under way (a row is ended by ``endRow()``).
    mutating func cell(_ cell: UnsafeBufferPointer<UInt8>) {
        if !atRowStart { buffer.append(UInt8(ascii: ",")) }
        atRowStart = false
        append(cell)
    }

    /// Appends the next cell of the row under way, already encoded as ``CSVWriter/cell(_:)``
    /// encodes it: for a value written on every row.
    mutating func encodedCell(_ cell: [UInt8]) {
        if !atRowStart { buffer.append(UInt8(ascii: ",")) }
        atRowStart = false
        buffer.append(cell)
    }

    /// Ends the row under way.
    mutating func endRow() {
        buffer.append(0x0D)
        buffer.append(0x0A)
        atRowStart = true
        flushIfLarge()
    }

    /// Hands the rows so far to the file being streamed to, once they make a chunk.
    private mutating func flushIfLarge() {
        guard let sink, buffer.count >= FileSink.chunk else { return }
        sink.write(buffer.bytes)
        buffer.removeAll()
    }

    /// What a byte says about its cell: ``suspicious`` for a control character or a C2 lead byte
    /// that may start a C1 control, ``quoted`` for a comma or a quote.
    private static let byteKinds: [UInt8] = (0...255).map { byte in
        byte < 0x20 || byte == 0x7F || byte == 0xC2 ? suspicious : byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") ? quoted : 0
    }
    private static let suspicious: UInt8 = 1
    private static let quoted: UInt8 = 2

    private mutating func append(_ cell: UnsafeBufferPointer<UInt8>) {
        // One pass tells the common cell (nothing to quote, no control character) from the rest.
        var kinds: UInt8 = 0
        Self.byteKinds.withUnsafeBufferPointer { table in
            for byte in cell { kinds |= table[Int(byte)] }
        }
        let suspicious = kinds & Self.suspicious != 0
        var needsQuotes = kinds & Self.quoted != 0
        if suspicious {
            // A control character, or a C2 lead byte that may start a C1 control: the slow path.
            let text = String(decoding: cell, as: UTF8.self)
            let cleaned = ControlCharacters.replaced(text)
            if cleaned != text {
                var copy = cleaned
                copy.withUTF8 { append($0) }
                return
            }
            needsQuotes = needsQuotes || cell.contains { $0 == 0x0A || $0 == 0x0D }
        }
        let risky = cell.first.map { CSVWriter.formulaStartBytes.contains($0) || $0 == UInt8(ascii: "'") } ?? false
        needsQuotes = needsQuotes || cell.first == 0x20 || cell.last == 0x20
        if !risky && !needsQuotes {
            buffer.append(cell)
            return
        }
        if needsQuotes { buffer.append(UInt8(ascii: "\"")) }
        if risky { buffer.append(UInt8(ascii: "'")) }
        for byte in cell {
            if byte == UInt8(ascii: "\"") { buffer.append(byte) }
            buffer.append(byte)
        }
        if needsQuotes { buffer.append(UInt8(ascii: "\"")) }
    }
}

/// A file written in chunks as a long list is built; the first failure is kept and reported when
/// the file is closed.
final class FileSink {
    /// How many bytes a list gathers before they are written.
    static let chunk = 4 << 20

    /// The path failures name.
    private let name: String
    private var descriptor: Int32
    private var failure: Int32 = 0

    /// Creates (or empties) the file at `path`; failures name `name` (by default the path).
    init(path: String, reportingAs name: String? = nil) throws(OutputWriter.Failure) {
        self.name = name ?? path
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw OutputWriter.Failure(message: "\(self.name): cannot be written (\(String(cString: strerror(errno))))") }
    }

    /// Writes `raw` whole (unless an earlier write failed).
    func write(_ raw: UnsafeRawBufferPointer) {
        guard failure == 0, raw.count > 0 else { return }
        var offset = 0
        while offset < raw.count {
            let count = Foundation.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
            if count < 0 {
                if errno == EINTR { continue }
                failure = errno
                return
            }
            offset += count
        }
    }

    /// Appends `count` bytes of the file at `path` from `offset` on, copied by the kernel where it
    /// can (`sendfile`), else read and written.
    ///
    /// - Throws: ``OutputWriter/Failure`` when that file cannot be read.
    func copy(from path: String, offset: Int, count: Int) throws(OutputWriter.Failure) {
        guard failure == 0, count > 0 else { return }
        let source = open(path, O_RDONLY | O_CLOEXEC)
        guard source >= 0 else { throw OutputWriter.Failure(message: "\(path): cannot be read (\(String(cString: strerror(errno))))") }
        defer { Foundation.close(source) }
        var position = off_t(offset)
        var left = count
        #if canImport(Glibc)
        while left > 0 {
            let copied = sendfile(descriptor, source, &position, left)
            if copied < 0 && errno == EINTR { continue }
            guard copied > 0 else { break }
            left -= copied
        }
        #endif
        // What the kernel did not copy is read and written here.
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        while left > 0 {
            let read = pread(source, buffer.baseAddress!, min(buffer.count, left), position)
            if read < 0 && errno == EINTR { continue }
            guard read > 0 else { throw OutputWriter.Failure(message: "\(path): cannot be read (it ended early)") }
            write(UnsafeRawBufferPointer(rebasing: buffer[..<read]))
            position += off_t(read)
            left -= read
        }
    }

    /// Closes the file.
    ///
    /// - Throws: ``OutputWriter/Failure`` when a write or the close failed.
    func close() throws(OutputWriter.Failure) {
        let closed = descriptor >= 0 ? Foundation.close(descriptor) : 0
        if closed != 0 && failure == 0 { failure = errno }
        descriptor = -1
        if failure != 0 { throw OutputWriter.Failure(message: "\(name): cannot be written (\(String(cString: strerror(failure))))") }
    }

    deinit {
        if descriptor >= 0 { Foundation.close(descriptor) }
    }
}
