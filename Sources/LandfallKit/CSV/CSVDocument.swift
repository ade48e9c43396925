/// A whole RFC 4180 CSV file read into memory: a header row and data rows, each row with the line
/// it starts on. Quoted fields may hold commas, doubled quotes and line breaks; CRLF and LF line
/// ends are both accepted. For small files (destination-user exports); it is read by
/// ``CSVScanner``, which streams the large files of a run.
public struct CSVDocument: Sendable {
    /// One data row.
    public struct Row: Sendable, Equatable {
        /// The line the row starts on (1-based).
        public var line: Int
        /// The fields, in column order.
        public var fields: [String]
    }

    /// The header row's names.
    public var header: [String]
    /// The line of the header (1-based).
    public var headerLine: Int
    /// The data rows.
    public var rows: [Row]

    /// The index of the column named `name` (compared case-insensitively, trimmed), if present.
    public func column(_ name: String) -> Int? {
        header.firstIndex { $0.trimmingWhitespace().lowercased() == name.lowercased() }
    }

    /// Parses `input` (already checked as UTF-8, byte-order mark removed) with the same reader as
    /// large files, keeping every field. Blank lines are skipped.
    ///
    /// - Throws: ``InputFailure`` for an unterminated quote, a stray quote inside an unquoted
    ///   field, or a row whose field count differs from the header's, with its line and column.
    public static func parse(_ input: InputFile) throws(InputFailure) -> CSVDocument {
        let scanner = try CSVScanner(input: input)
        var rows: [Row] = []
        try scanner.forEachRow(columns: Array(scanner.header.indices)) { line, fields in
            rows.append(Row(line: line, fields: fields.map(\.string)))
        }
        return CSVDocument(header: scanner.header, headerLine: 1, rows: rows)
    }
}
