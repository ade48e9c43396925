import Foundation

/// One destination object's export, indexed by the key the load's records are found again by, for
/// a comparison that streams the records sent: the export is read once to find each record's key
/// and where its line starts, then each record is parsed where it stands only when a record sent
/// asks for it. Memory holds the keys and an offset and line a record (the file itself is mapped,
/// not read into memory), so millions of records fit.
final class DestinationIndex {
    /// The file (or, for an export read from JSON, the JSON file it was flattened from).
    let path: String
    let header: [String]
    /// The column of the destination's own id (`Id`, `id`).
    let idColumn: Int?
    let keyColumn: Int
    private(set) var table: IDTable
    private var offsets: [Int] = []
    private var lines: [Int32] = []
    private let bytes: UnsafeBufferPointer<UInt8>
    private let release: () -> Void
    /// Undoubled quotes of the record last parsed, one buffer a field.
    private var scratch: [[UInt8]] = []

    /// A field of a record: its bytes in the file, and whether doubled quotes are to be undoubled.
    struct Cell {
        var bytes: UnsafeBufferPointer<UInt8>
        var quoted: Bool

        /// Its text, doubled quotes undoubled.
        var string: String {
            let text = String(decoding: bytes, as: UTF8.self)
            return quoted ? text.replacingOccurrences(of: "\"\"", with: "\"") : text
        }
    }

    /// Indexes the CSV file at `path` on `key`.
    ///
    /// - Throws: ``InputFailure``: no such column (65), a key twice (65, naming both lines), an
    ///   unreadable file (66).
    init(csv path: String, key: String, idColumn idName: String, shownAs shown: String? = nil, keyMissing: String) throws(InputFailure) {
        self.path = shown ?? path
        let scanner = try CSVScanner(path: path)
        header = scanner.header
        guard let keyColumn = header.firstIndex(of: key) else {
            throw .content(shown ?? path, at: TextPosition(line: 1, column: 1), keyMissing)
        }
        self.keyColumn = keyColumn
        idColumn = header.firstIndex(of: idName)
        table = IDTable(expected: max(scanner.estimatedRows, 16))
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        var status = stat()
        guard descriptor >= 0, fstat(descriptor, &status) == 0 else { throw .file(path, "cannot be read: \(String(cString: strerror(errno)))", status: .noInput) }
        let size = Int(status.st_size)
        let mapped = size > 0 ? mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0) : nil
        close(descriptor)
        guard size == 0 || (mapped != nil && mapped != MAP_FAILED) else { throw .file(path, "cannot be read: \(String(cString: strerror(errno)))", status: .noInput) }
        bytes = UnsafeBufferPointer(start: mapped?.assumingMemoryBound(to: UInt8.self), count: size)
        release = { if let mapped, size > 0 { munmap(mapped, size) } }
        var duplicate: (key: String, line: Int, first: Int)?
        try scanner.forEachRow(columns: [0, keyColumn]) { line, fields throws(InputFailure) in
            guard duplicate == nil, fields[1].count > 0 else { return }
            let before = table.count
            let slot = try withUndoubled(fields[1]) { table.insert($0) }
            if table.count == before {
                duplicate = (fields[1].string, line, Int(lines[table.entry(ofSlot: slot)]))
                return
            }
            offsets.append(scanner.fileOffset(of: fields[0]))
            lines.append(Int32(line))
        }
        if let duplicate {
            throw .content(shown ?? path, at: TextPosition(line: duplicate.line, column: keyColumn + 1),
                           "\(key) \(duplicate.key) appears twice (first on line \(duplicate.first)): which record is the load's is unclear")
        }
        scratch = Array(repeating: [], count: header.count)
    }

    deinit { release() }

    /// The slot of the record whose key is `key`.
    func find(_ key: UnsafeBufferPointer<UInt8>) -> Int? {
        table.find(key)
    }

    /// Marks a record as one the run sent.
    func markMatched(_ slot: Int) {
        table[slot].state.insert(.inSource)
    }

    /// The line of a record.
    func line(ofSlot slot: Int) -> Int {
        Int(lines[table.entry(ofSlot: slot)])
    }

    /// The records no record sent asked for, by key: key and destination id.
    func unmatched() -> [(key: String, id: String)] {
        var found: [(String, String)] = []
        table.forEachSlot { slot, value in
            guard !value.state.contains(.inSource) else { return }
            let cells = record(slot: slot)
            found.append((table.key(slot: slot), idColumn.map { cells[$0].string } ?? ""))
        }
        return found.sorted { $0.0 < $1.0 }
    }

    /// The cells of the record in `slot`, parsed where its line stands (valid until the next call).
    func record(slot: Int) -> [Cell] {
        var start = offsets[table.entry(ofSlot: slot)]
        // The first field's content starts after its quote when it is quoted.
        if start > 0, bytes[start - 1] == UInt8(ascii: "\""), start == 1 || bytes[start - 2] == 0x0A { start -= 1 }
        var cells: [Cell] = []
        cells.reserveCapacity(header.count)
        var index = start
        let end = bytes.count
        while true {
            if index < end, bytes[index] == UInt8(ascii: "\"") {
                var cursor = index + 1
                var escaped = false
                while cursor < end {
                    if bytes[cursor] == UInt8(ascii: "\"") {
                        if cursor + 1 < end, bytes[cursor + 1] == UInt8(ascii: "\"") {
                            escaped = true
                            cursor += 2
                            continue
                        }
                        break
                    }
                    cursor += 1
                }
                cells.append(Cell(bytes: UnsafeBufferPointer(rebasing: bytes[(index + 1)..<min(cursor, end)]), quoted: escaped))
                index = min(cursor + 1, end)
            } else {
                var cursor = index
                while cursor < end, bytes[cursor] != UInt8(ascii: ","), bytes[cursor] != 0x0A, bytes[cursor] != 0x0D { cursor += 1 }
                cells.append(Cell(bytes: UnsafeBufferPointer(rebasing: bytes[index..<cursor]), quoted: false))
                index = cursor
            }
            guard index < end, bytes[index] == UInt8(ascii: ",") else { break }
            index += 1
        }
        while cells.count < header.count { cells.append(Cell(bytes: UnsafeBufferPointer(rebasing: bytes[end..<end]), quoted: false)) }
        return cells
    }

    private func withUndoubled<T>(_ field: CSVScanner.Field, _ body: (UnsafeBufferPointer<UInt8>) -> T) throws(InputFailure) -> T {
        guard field.hasEscapedQuotes else { return body(field.bytes) }
        let text = Array(field.string.utf8)
        return text.withUnsafeBufferPointer(body)
    }
}
