import Foundation

/// One destination object's export, indexed by the key the load's records are found again by, for
/// a comparison that streams the records sent: the export is read once to find each record's key
/// and where its line starts, then each record is parsed where it stands only when a record sent
/// asks for it. Memory holds the keys and an offset and line a record (the file itself is mapped,
/// not read into memory), so millions of records fit. A large file is indexed in parts at the
/// same time, one table a part.
final class DestinationIndex: @unchecked Sendable {
    /// The file as named to the reader (for an export read from JSON, the JSON file).
    let path: String
    let header: [String]
    /// The column of the destination's own id (`Id`, `id`).
    let idColumn: Int?
    let keyColumn: Int
    private var parts: [Part] = []
    private let bytes: UnsafeBufferPointer<UInt8>
    private let release: () -> Void

    /// The index of one stretch of the file.
    struct Part {
        var table: IDTable
        var offsets: [Int] = []
        var lines: [Int32] = []
        /// Where its records start and where the reading stopped; its first line.
        var start: Int
        var end = 0
        var firstLine: Int
        var lineCount = 0
        /// Keys met again in the part, with the line of the second copy (in the part).
        var repeated: [(key: String, line: Int)] = []
    }

    /// A record: its part and its slot there.
    struct Handle {
        var part: Int
        var slot: Int
    }

    /// A field of a record: its bytes in the file, and whether doubled quotes are to be undoubled.
    struct Cell {
        var bytes: UnsafeBufferPointer<UInt8>
        var quoted: Bool

        /// Its text, doubled quotes undoubled.
        var string: String {
            quoted ? CSVScanner.Field.undoubled(bytes) : String(decoding: bytes, as: UTF8.self)
        }
    }

    /// Which records the records sent asked for, one flag a record of each part.
    struct Matches {
        fileprivate var flags: [[Bool]]

        mutating func insert(_ handle: Handle, of index: DestinationIndex) {
            flags[handle.part][index.parts[handle.part].table.entry(ofSlot: handle.slot)] = true
        }

        /// `other`'s matches added to these.
        mutating func merge(_ other: Matches) {
            for part in flags.indices {
                for entry in flags[part].indices where other.flags[part][entry] { flags[part][entry] = true }
            }
        }
    }

    /// How many records `bytes` holds after `first`, from the records that end in its first MB:
    /// line ends inside quotes (a description's paragraphs) are not records, and a table sized
    /// by them would be several times too large.
    static func estimatedRecords(in bytes: UnsafeBufferPointer<UInt8>, from first: Int) -> Int {
        let sample = min(bytes.count, first + (1 << 20))
        guard sample > first else { return 1 }
        var records = 0
        var quoted = false
        var last = first
        for index in first..<sample {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                quoted.toggle()
            } else if byte == 0x0A, !quoted {
                records += 1
                last = index + 1
            }
        }
        guard records > 0 else { return 1 }
        return Int(Double(bytes.count - first) * Double(records) / Double(last - first)) + 1
    }

    /// How many bytes make a file worth indexing in parts, and the most parts.
    static let partBytes = 32 << 20
    static let maxParts = 2

    /// Indexes the CSV file at `path` on `key`.
    ///
    /// - Throws: ``InputFailure``: no such column (65), a key twice (65, naming both lines), an
    ///   unreadable file (66).
    init(csv path: String, key: String, idColumn idName: String, shownAs shown: String? = nil, keyMissing: String,
         partBytes: Int = DestinationIndex.partBytes) throws(InputFailure) {
        self.path = shown ?? path
        let scanner = try CSVScanner(path: path)
        header = scanner.header
        guard let keyColumn = header.firstIndex(of: key) else {
            throw .content(shown ?? path, at: TextPosition(line: 1, column: 1), keyMissing)
        }
        self.keyColumn = keyColumn
        idColumn = header.firstIndex(of: idName)
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        var status = stat()
        guard descriptor >= 0, fstat(descriptor, &status) == 0 else { throw .file(path, "cannot be read: \(String(cString: strerror(errno)))", status: .noInput) }
        let size = Int(status.st_size)
        let mapped = size > 0 ? mmap(nil, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, descriptor, 0) : nil
        close(descriptor)
        guard size == 0 || (mapped != nil && mapped != MAP_FAILED) else { throw .file(path, "cannot be read: \(String(cString: strerror(errno)))", status: .noInput) }
        bytes = UnsafeBufferPointer(start: mapped?.assumingMemoryBound(to: UInt8.self), count: size)
        release = { if let mapped, size > 0 { munmap(mapped, size) } }
        let first = scanner.offset
        parts = try Self.index(path: path, scanner: scanner, from: first, size: size, keyColumn: keyColumn,
                               estimated: Self.estimatedRecords(in: bytes, from: first), partBytes: partBytes)
        if let (key, line, first) = duplicate() {
            throw .content(shown ?? path, at: TextPosition(line: line, column: keyColumn + 1),
                           "\(header[keyColumn]) \(key) appears twice (first on line \(first)): which record is the load's is unclear")
        }
    }

    deinit { release() }

    /// The parts of the file indexed at the same time (the whole file when it is small, or when
    /// the parts do not meet), each read by a thread of its own.
    private static func index(path: String, scanner: CSVScanner, from first: Int, size: Int, keyColumn: Int, estimated: Int, partBytes: Int) throws(InputFailure) -> [Part] {
        let count = min(maxParts, (size - first) / max(partBytes, 1))
        if count > 1 {
            let starts = (0..<count).map { first + (size - first) * $0 / count }
            let built = Concurrently.each(count) { index -> Result<Part, InputFailure>? in
                let begin: Int
                if index == 0 {
                    begin = first
                } else {
                    guard let found = try? CSVSplit.likelyRecordStart(in: path, atOrAfter: starts[index], fields: scanner.header.count) else { return nil }
                    begin = found
                }
                do throws(InputFailure) {
                    let reader = index == 0 ? scanner : try CSVScanner(path: path, from: begin, line: 1, header: scanner.header)
                    var part = Part(table: IDTable(expected: max(estimated / count, 16)), start: begin, firstLine: index == 0 ? 1 : 0)
                    try read(reader, into: &part, keyColumn: keyColumn, until: index + 1 < count ? starts[index + 1] : .max)
                    return .success(part)
                } catch {
                    return .failure(error)
                }
            }
            if var parts = try? built.map({ result throws(InputFailure) -> Part in
                guard let result else { throw .file(path, "", status: .dataError) }
                return try result.get()
            }), zip(parts, parts.dropFirst()).allSatisfy({ $0.end == $1.start }) {
                // Lines count on from the part before.
                for index in parts.indices.dropFirst() { parts[index].firstLine = parts[index - 1].firstLine + parts[index - 1].lineCount }
                return parts
            }
        }
        // Read whole: by the scanner given, or (when the parts read on with it) by a new one.
        let reader = scanner.offset == first ? scanner : try CSVScanner(path: path)
        var part = Part(table: IDTable(expected: max(estimated, 16)), start: first, firstLine: 1)
        try read(reader, into: &part, keyColumn: keyColumn, until: .max)
        return [part]
    }

    /// Reads one part's keys, line starts and lines; a key twice in the part is left for
    /// ``duplicate()`` to find (its second entry is not added).
    private static func read(_ scanner: CSVScanner, into part: inout Part, keyColumn: Int, until stop: Int) throws(InputFailure) {
        var lastLine = 0
        try scanner.forEachRow(columns: [0, keyColumn], until: stop) { line, fields throws(InputFailure) in
            lastLine = line
            guard fields[1].count > 0 else { return }
            let before = part.table.count
            let key = fields[1]
            if key.hasEscapedQuotes {
                _ = Array(key.string.utf8).withUnsafeBufferPointer { part.table.insert($0) }
            } else {
                _ = part.table.insert(key.bytes)
            }
            if part.table.count == before {
                part.repeated.append((key.string, line))
                return
            }
            part.offsets.append(scanner.fileOffset(of: fields[0]))
            part.lines.append(Int32(line))
        }
        part.end = scanner.offset
        part.lineCount = lastLine
    }

    /// The first key found twice, by the line of its second copy: the key, that line, and the
    /// line of its first copy. Keys repeated inside a part were kept aside as they were read; a
    /// part's keys that an earlier part holds are looked up at the same time, a half of a part a
    /// thread.
    private func duplicate() -> (key: String, line: Int, first: Int)? {
        var found: [(key: String, line: Int, first: Int)] = []
        for part in parts {
            guard let (key, line) = part.repeated.first, let first = Array(key.utf8).withUnsafeBufferPointer({ find($0) }) else { continue }
            found.append((key, part.firstLine + line - 1, absoluteLine(of: first)))
        }
        let tasks = parts.indices.dropFirst().flatMap { part -> [(part: Int, entries: Range<Int>)] in
            let count = parts[part].table.count
            return [(part, 0..<(count / 2)), (part, (count / 2)..<count)]
        }
        let across = Concurrently.each(tasks.count) { task -> (key: String, line: Int, first: Int)? in
            let (later, entries) = tasks[task]
            for entry in entries {
                let slot = parts[later].table.slot(ofEntry: entry)
                let earlier = parts[later].table.withKey(slot: slot) { key -> Handle? in
                    let hash = IDTable.hash(key)
                    for part in 0..<later {
                        if let found = parts[part].table.find(key, hash: hash) { return Handle(part: part, slot: found) }
                    }
                    return nil
                }
                if let earlier { return (parts[later].table.key(slot: slot), absoluteLine(of: Handle(part: later, slot: slot)), absoluteLine(of: earlier)) }
            }
            return nil
        }
        found += across.compactMap { $0 }
        return found.min { $0.line < $1.line }
    }

    /// The line of a record in the whole file.
    func absoluteLine(of handle: Handle) -> Int {
        let part = parts[handle.part]
        return part.firstLine + Int(part.lines[part.table.entry(ofSlot: handle.slot)]) - 1
    }

    /// The record whose key is `key`.
    func find(_ key: UnsafeBufferPointer<UInt8>) -> Handle? {
        let hash = IDTable.hash(key)
        for index in parts.indices {
            if let slot = parts[index].table.find(key, hash: hash) { return Handle(part: index, slot: slot) }
        }
        return nil
    }

    /// No record asked for yet.
    func noMatches() -> Matches {
        Matches(flags: parts.map { [Bool](repeating: false, count: $0.table.count) })
    }

    /// The records no record sent asked for, by key: key and destination id.
    func unmatched(_ matches: Matches) -> [(key: String, id: String)] {
        var found: [(String, String)] = []
        var cells: [Cell] = []
        for (index, part) in parts.enumerated() {
            for entry in 0..<part.table.count where !matches.flags[index][entry] {
                let slot = part.table.slot(ofEntry: entry)
                record(Handle(part: index, slot: slot), into: &cells)
                found.append((part.table.key(slot: slot), idColumn.map { cells[$0].string } ?? ""))
            }
        }
        return found.sorted { $0.0 < $1.0 }
    }

    /// The first comma, line feed or carriage return at or after `start` (`end` when none), eight
    /// bytes at a time.
    @inline(__always)
    private static func delimiter(in base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        var cursor = start
        while cursor + 8 <= end {
            let word = UnsafeRawPointer(base + cursor).loadUnaligned(as: UInt64.self)
            let comma = word ^ (ones &* 0x2C)
            let feed = word ^ (ones &* 0x0A)
            let carriage = word ^ (ones &* 0x0D)
            let found = ((comma &- ones) & ~comma | (feed &- ones) & ~feed | (carriage &- ones) & ~carriage) & highs
            if found != 0 { return cursor + found.trailingZeroBitCount / 8 }
            cursor += 8
        }
        while cursor < end {
            let byte = base[cursor]
            if byte == UInt8(ascii: ",") || byte == 0x0A || byte == 0x0D { return cursor }
            cursor += 1
        }
        return end
    }

    /// The cells of the record `handle`, parsed where its line stands, into `cells`.
    func record(_ handle: Handle, into cells: inout [Cell]) {
        cells.removeAll(keepingCapacity: true)
        guard let base = bytes.baseAddress else { return }
        let end = bytes.count
        // Read in place: a copy of the part would retain each of its arrays, on every record.
        var start = parts[handle.part].offsets[parts[handle.part].table.entry(ofSlot: handle.slot)]
        // The first field's content starts after its quote when it is quoted.
        if start > 0, base[start - 1] == UInt8(ascii: "\""), start == 1 || base[start - 2] == 0x0A { start -= 1 }
        var index = start
        while true {
            if index < end, base[index] == UInt8(ascii: "\"") {
                var cursor = index + 1
                var escaped = false
                while cursor < end {
                    guard let quote = memchr(base + cursor, Int32(UInt8(ascii: "\"")), end - cursor) else {
                        cursor = end
                        break
                    }
                    cursor = base.distance(to: quote.assumingMemoryBound(to: UInt8.self))
                    if cursor + 1 < end, base[cursor + 1] == UInt8(ascii: "\"") {
                        escaped = true
                        cursor += 2
                        continue
                    }
                    break
                }
                cells.append(Cell(bytes: UnsafeBufferPointer(start: base + index + 1, count: max(0, min(cursor, end) - index - 1)), quoted: escaped))
                index = min(cursor + 1, end)
            } else {
                let cursor = Self.delimiter(in: base, from: index, to: end)
                cells.append(Cell(bytes: UnsafeBufferPointer(start: base + index, count: cursor - index), quoted: false))
                index = cursor
            }
            guard index < end, base[index] == UInt8(ascii: ",") else { break }
            index += 1
        }
        while cells.count < header.count { cells.append(Cell(bytes: UnsafeBufferPointer(start: base + end, count: 0), quoted: false)) }
    }
}
