/// A whole RFC 4180 CSV file read into memory: a header row and data rows, each row with the line
/// it starts on. Quoted fields may hold commas, doubled quotes and line breaks; CRLF and LF line
/// ends are both accepted. For small files (destination-user exports); large files are streamed
/// by the reconciliation reader.
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
        header.firstIndex { $0.trimmingCharacters(in: .whitespaces).lowercased() == name.lowercased() }
    }

    /// Parses `input` (already checked as UTF-8, byte-order mark removed).
    ///
    /// - Throws: ``InputFailure`` for an unterminated quote, a stray quote inside an unquoted
    ///   field, or a row whose field count differs from the header's, with its line and column.
    public static func parse(_ input: InputFile) throws(InputFailure) -> CSVDocument {
        var records: [Row] = []
        var fields: [String] = []
        var field: [UInt8] = []
        let bytes = input.bytes
        var index = 0
        var line = 1
        var column = 1
        var rowLine = 1
        var quoted = false
        var quoteLine = 0
        var quoteColumn = 0
        var fieldStarted = false  // the current field was quoted (and, outside `quoted`, its quote has closed)

        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            fieldStarted = false
        }
        func endRow() {
            endField()
            if !(fields.count == 1 && fields[0].isEmpty) { records.append(Row(line: rowLine, fields: fields)) }
            fields.removeAll(keepingCapacity: true)
        }

        while index < bytes.count {
            let byte = bytes[index]
            if quoted {
                if byte == UInt8(ascii: "\"") {
                    if index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "\"") {
                        field.append(byte)
                        index += 2
                        column += 2
                        continue
                    }
                    quoted = false
                } else {
                    field.append(byte)
                    if byte == 0x0A {
                        line += 1
                        column = 0
                    }
                }
            } else {
                switch byte {
                case UInt8(ascii: ","):
                    endField()
                case UInt8(ascii: "\""):
                    guard !fieldStarted && field.isEmpty else {
                        throw .content(input.path, at: TextPosition(line: line, column: column), "a quote inside an unquoted field; quote the whole field and double the quote")
                    }
                    quoted = true
                    fieldStarted = true
                    quoteLine = line
                    quoteColumn = column
                case 0x0D where index + 1 < bytes.count && bytes[index + 1] == 0x0A:
                    break
                case 0x0A:
                    endRow()
                    line += 1
                    column = 0
                    rowLine = line
                default:
                    if fieldStarted {
                        throw .content(input.path, at: TextPosition(line: line, column: column), "text after a closing quote; a quoted field must end at the comma or line end")
                    }
                    field.append(byte)
                }
            }
            if byte & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        if quoted {
            throw .content(input.path, at: TextPosition(line: quoteLine, column: quoteColumn), "the quoted field that starts here is never closed")
        }
        if !fields.isEmpty || !field.isEmpty || fieldStarted { endRow() }
        guard let first = records.first else {
            throw .file(input.path, "has no header row", status: .dataError)
        }
        for row in records.dropFirst() where row.fields.count != first.fields.count {
            throw .content(input.path, at: TextPosition(line: row.line, column: 1),
                           "this row has \(row.fields.count) fields but the header has \(first.fields.count)")
        }
        return CSVDocument(header: first.fields, headerLine: first.line, rows: Array(records.dropFirst()))
    }
}
