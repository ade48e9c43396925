import Foundation

/// A load file for a platform's API, written as the rows come: RFC 4180 CSV with the values as they
/// are (no cell neutralised: the API reads them, not a spreadsheet), LF line ends (the Bulk API
/// 2.0 default), and a new part whenever the next row would take the part past `maximumBytes`
/// (a job takes at most 100 MB of CSV before Salesforce encodes it).
final class LoadCSVFile: LoadSink {
    /// One part written: its path, its records and its bytes.
    struct Part: Equatable, Encodable {
        var file: String
        var records: Int
        var bytes: Int
    }

    private let folder: String
    private let stem: String
    private let header: [UInt8]
    private let maximumBytes: Int
    private var file: StreamedFile?
    private(set) var parts: [Part] = []

    /// A file `folder/stem.csv` (then `stem-2.csv` …) with `header`.
    init(folder: String, stem: String, header: [String], maximumBytes: Int) {
        self.folder = folder
        self.stem = stem
        self.maximumBytes = maximumBytes
        var line: [UInt8] = []
        Self.append(header, to: &line)
        self.header = line
    }

    /// Appends one record.
    func append(_ values: [String]) throws(OutputWriter.Failure) {
        var line: [UInt8] = []
        Self.append(values, to: &line)
        if file == nil || parts[parts.count - 1].bytes + line.count > maximumBytes {
            try startPart()
        }
        try file?.append(line)
        parts[parts.count - 1].records += 1
        parts[parts.count - 1].bytes += line.count
    }

    /// Appends one record; its source id is one of its values.
    func append(_ values: [String], sourceID: String) throws(OutputWriter.Failure) {
        try append(values)
    }

    /// Writes what is left and closes the last part.
    func finish() throws(OutputWriter.Failure) {
        try file?.finish()
        file = nil
    }

    private func startPart() throws(OutputWriter.Failure) {
        try finish()
        let name = parts.isEmpty ? "\(stem).csv" : "\(stem)-\(parts.count + 1).csv"
        file = StreamedFile(path: (folder as NSString).appendingPathComponent(name))
        try file?.append(header)
        parts.append(Part(file: name, records: 0, bytes: header.count))
    }

    /// `values` as one CSV line: a value quoted when it holds a comma, a quote or a line break.
    static func append(_ values: [String], to line: inout [UInt8]) {
        for (index, value) in values.enumerated() {
            if index > 0 { line.append(UInt8(ascii: ",")) }
            let bytes = Array(value.utf8)
            if bytes.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }) {
                line.append(UInt8(ascii: "\""))
                for byte in bytes {
                    if byte == UInt8(ascii: "\"") { line.append(byte) }
                    line.append(byte)
                }
                line.append(UInt8(ascii: "\""))
            } else {
                line.append(contentsOf: bytes)
            }
        }
        line.append(0x0A)
    }
}
