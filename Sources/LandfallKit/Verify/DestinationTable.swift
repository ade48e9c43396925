import Foundation

/// A destination's export as `verify` reads it: for Salesforce the CSV a Bulk API 2.0 query (or
/// Data Loader) writes (`Case.csv`: `Id` and the field API names), for Intercom the records its
/// list and search endpoints return, as JSON (one response, or a JSON array) or JSONL (a record or
/// a response a line), each record's values by their path (`ticket_attributes.source_id__c`).
struct DestinationTable {
    var header: [String]
    var rows: [[String]]

    /// The export of `object` in `folder`, indexed on `key`: for Salesforce the CSV itself (whose
    /// columns must be among `known`, what the run sent and `Id`), for Intercom the records of its
    /// JSON flattened into a CSV aside (in `scratch`) first.
    ///
    /// - Throws: ``InputFailure``: 66 when the file is missing, 65 when it is of the other
    ///   destination, has no key column, a column the run did not send, or a key twice.
    static func index(object: String, family: DestinationFamily, in folder: InputFolder, key: String, known: Set<String>, scratch: String,
                      partBytes: Int = DestinationIndex.partBytes) throws(InputFailure) -> DestinationIndex {
        let names = family == .salesforce ? ["\(object).csv"] : ["\(object).json", "\(object).jsonl"]
        var located: String?
        for name in names where located == nil { located = try folder.input(name) }
        guard let path = located else {
            if let other = otherForm(in: folder.path, family: family) {
                throw .file(other, "is \(family == .salesforce ? "an Intercom export (JSON)" : "a Salesforce export (CSV)"), but the run went to \(family == .salesforce ? "Salesforce" : "Intercom"): export \(names[0]) with the queries verify --queries writes", status: .dataError)
            }
            throw .file((folder.path as NSString).appendingPathComponent(names[0]), "does not exist: export the \(object) records with the \(family == .salesforce ? "query" : "requests") verify --queries writes", status: .noInput)
        }
        let keyMissing = "the export has no \(key) column, the \(family == .salesforce ? "external id" : "key") the records are joined on; export with the \(family == .salesforce ? "query" : "requests") verify --queries writes"
        guard family == .intercom else {
            let header = try CSVScanner(path: path).header
            if let (column, name) = header.enumerated().first(where: { !known.contains($0.element) }) {
                throw .content(path, at: TextPosition(line: 1, column: column + 1),
                               "the export holds \(name), which this run did not send: export with the query verify --queries writes, so that every column is compared")
            }
            return try DestinationIndex(csv: path, key: key, idColumn: "Id", keyMissing: keyMissing, partBytes: partBytes)
        }
        var table = try intercom(path)
        guard let keyColumn = table.header.firstIndex(of: key) else { throw .content(path, at: TextPosition(line: 1, column: 1), keyMissing) }
        var seen: [String: Int] = [:]
        for (at, row) in table.rows.enumerated() where !row[keyColumn].isEmpty {
            if let first = seen[row[keyColumn]] {
                throw .content(path, at: table.place(of: at), "\(key) \(row[keyColumn]) appears twice (first \(table.describe(first))): which record is the load's is unclear")
            }
            seen[row[keyColumn]] = at
        }
        // Flattened into a CSV aside, indexed like a Salesforce export.
        let flat = (scratch as NSString).appendingPathComponent("\(object).csv")
        let file = LoadCSVFile(folder: scratch, stem: object, header: table.header, maximumBytes: .max)
        do throws(OutputWriter.Failure) {
            for row in table.rows { try file.append(row) }
            try file.finish()
        } catch {
            throw .file(scratch, error.message, status: .cannotCreate)
        }
        // The rows are in the flattened file now; the index reads them there.
        table.rows = []
        return try DestinationIndex(csv: flat, key: key, idColumn: "id", shownAs: path, keyMissing: keyMissing, partBytes: partBytes)
    }

    /// Lines of the CSV's rows, for places (a JSON record's place is its index).
    private var lines: [Int] = []

    private func place(of row: Int) -> TextPosition {
        TextPosition(line: lines.isEmpty ? row + 1 : lines[row], column: 1)
    }

    private func describe(_ row: Int) -> String {
        lines.isEmpty ? "as record \(row + 1)" : "on line \(lines[row])"
    }

    private init(header: [String], rows: [[String]], lines: [Int]) {
        self.header = header
        self.rows = rows
        self.lines = lines
    }

    private static func intercom(_ path: String) throws(InputFailure) -> DestinationTable {
        let input = try InputFile(path: path)
        var records: [(record: [String: Any], line: Int)] = []
        let documents: [(Any, Int)]
        if path.hasSuffix(".jsonl") {
            var parsed: [(Any, Int)] = []
            for (number, line) in input.bytes.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() where !line.allSatisfy({ $0 == 0x20 || $0 == 0x0D }) {
                guard let value = try? JSONSerialization.jsonObject(with: Data(line)) else {
                    throw .content(path, at: TextPosition(line: number + 1, column: 1), "is not JSON: a line of a JSONL export holds one record or one list response")
                }
                parsed.append((value, number + 1))
            }
            documents = parsed
        } else {
            guard let value = try? JSONSerialization.jsonObject(with: Data(input.bytes)) else {
                throw .content(path, at: TextPosition(line: 1, column: 1), "is not JSON: give the list or search response as Intercom returns it")
            }
            documents = [(value, 0)]
        }
        for (document, line) in documents {
            for record in listed(document) { records.append((record, line)) }
        }
        var header: [String] = []
        var columns: [String: Int] = [:]
        var rows: [[String: String]] = []
        for (record, _) in records {
            var flat: [String: String] = [:]
            flatten(record, prefix: "", into: &flat)
            for name in flat.keys.sorted() where columns[name] == nil {
                columns[name] = header.count
                header.append(name)
            }
            rows.append(flat)
        }
        let table = rows.map { row in header.map { row[$0] ?? "" } }
        return DestinationTable(header: header, rows: table, lines: path.hasSuffix(".jsonl") ? records.map(\.line) : [])
    }

    /// The records a response holds: its list (`data`, `tickets`, `conversations`), an array's
    /// items, or the record itself.
    private static func listed(_ document: Any) -> [[String: Any]] {
        if let array = document as? [Any] { return array.compactMap { $0 as? [String: Any] } }
        guard let object = document as? [String: Any] else { return [] }
        for key in ["data", "tickets", "conversations", "contacts", "companies"] {
            if let list = object[key] as? [Any], (object["type"] as? String)?.hasSuffix("list") ?? true { return list.compactMap { $0 as? [String: Any] } }
        }
        return [object]
    }

    /// `value`'s scalars by their path: objects' keys joined with `.`, a list's items by index,
    /// a list of scalars also whole (`;`-joined), `null` empty.
    private static func flatten(_ value: Any, prefix: String, into flat: inout [String: String]) {
        switch value {
        case let object as [String: Any]:
            for (key, inner) in object { flatten(inner, prefix: prefix.isEmpty ? key : "\(prefix).\(key)", into: &flat) }
        case let list as [Any]:
            if list.allSatisfy({ !($0 is [String: Any]) && !($0 is [Any]) }) { flat[prefix] = list.map(scalar).joined(separator: ";") }
            for (index, inner) in list.enumerated() { flatten(inner, prefix: "\(prefix).\(index)", into: &flat) }
        default:
            flat[prefix] = scalar(value)
        }
    }

    private static func scalar(_ value: Any) -> String {
        switch value {
        case is NSNull: return ""
        case let string as String: return string
        case let number as NSNumber:
            // JSON's true and false are the only numbers of type `c` JSONSerialization returns.
            if number.objCType.pointee == CChar(UInt8(ascii: "c")) { return number.boolValue ? "true" : "false" }
            return number.stringValue
        default: return "\(value)"
        }
    }

    /// A file in `folder` of the other destination's form, if there is one.
    private static func otherForm(in folder: String, family: DestinationFamily) -> String? {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder))?.sorted() ?? []
        let other = names.first { family == .salesforce ? ($0.hasSuffix(".json") || $0.hasSuffix(".jsonl")) : $0.hasSuffix(".csv") }
        return other.map { (folder as NSString).appendingPathComponent($0) }
    }
}
