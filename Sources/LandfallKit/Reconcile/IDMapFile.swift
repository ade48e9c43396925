import Foundation

/// Reads the id maps a site keeps (`runs/RUN_ID/idmap.csv`): object, source id, destination id
/// and outcome of every record a run brought. Millions of rows are read per publish, so the cells
/// are handed over as bytes.
enum IDMapFile {
    /// One row's cells, as written before the CSV neutralised them (valid until the next row).
    struct Row {
        var object, sourceID, destinationID, outcome: UnsafeBufferPointer<UInt8>

        /// The outcomes of a record a run created, and of one it updated.
        static let created = "created", updated = "updated"
        /// The outcome of a record whose upsert failed on a destination record it named: the
        /// destination holds the record, but not what the run sent.
        static let failed = "failed"
        /// The outcome of a record a rollback run deleted from the destination.
        static let deleted = "deleted"

        /// Whether the record was created (not updated).
        var created: Bool { outcome.elementsEqual(Self.created.utf8) }

        /// Whether the record existed and the run updated it.
        var updated: Bool { outcome.elementsEqual(Self.updated.utf8) }

        /// Whether the record arrived (created or updated), rather than failed on a record it named.
        var arrived: Bool { created || updated }

        /// Whether a rollback deleted the record.
        var deleted: Bool { outcome.elementsEqual(Self.deleted.utf8) }
    }

    /// About how many rows the file at `path` holds (0 when there is none).
    static func estimatedRows(_ path: String) -> Int {
        (try? CSVScanner(path: path))?.estimatedRows ?? 0
    }

    /// Calls `body` with each row; not at all when there is no such file (a run published before
    /// runs kept their id map).
    ///
    /// - Throws: ``RunFailure`` 65 naming the file when it is not an id map.
    static func forEachRow(_ path: String, _ body: (Row) -> Void) throws(RunFailure) {
        guard FileManager.default.fileExists(atPath: path) else { return }
        do throws(InputFailure) {
            let scanner = try CSVScanner(path: path)
            var columns: [Int] = []
            for name in RunFiles.idMapHeader {
                guard let column = scanner.column(name) else {
                    throw .content(path, at: TextPosition(line: 1, column: 1), "is not an id map: the header has no \(name) column")
                }
                columns.append(column)
            }
            // Cells with doubled quotes (rare) are undoubled into these buffers, one per column.
            var buffers = (0..<4).map { _ in UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 256) }
            defer { for buffer in buffers { buffer.deallocate() } }
            let cells = UnsafeMutableBufferPointer<UnsafeBufferPointer<UInt8>>.allocate(capacity: 4)
            defer { cells.deallocate() }
            try scanner.forEachRow(columns: columns) { _, fields in
                for index in 0..<4 {
                    let field = fields[index]
                    guard field.hasEscapedQuotes else {
                        cells[index] = field.bytes
                        continue
                    }
                    if buffers[index].count < field.count {
                        buffers[index].deallocate()
                        buffers[index] = .allocate(capacity: field.count)
                    }
                    var length = 0
                    var previousWasQuote = false
                    for byte in field.bytes {
                        if byte == UInt8(ascii: "\""), previousWasQuote {
                            previousWasQuote = false
                            continue
                        }
                        previousWasQuote = byte == UInt8(ascii: "\"")
                        buffers[index][length] = byte
                        length += 1
                    }
                    cells[index] = UnsafeBufferPointer(rebasing: buffers[index][..<length])
                }
                body(Row(object: cells[0], sourceID: CSVWriter.original(cells[1]), destinationID: CSVWriter.original(cells[2]), outcome: cells[3]))
            }
        } catch {
            throw RunFailure([error.diagnostic], status: error.status == .noInput ? .dataError : error.status)
        }
    }
}
