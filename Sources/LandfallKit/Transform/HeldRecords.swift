import Foundation

/// The records one step of a load holds back: a warning for each problem at its file, line and
/// column, and `held/STEP.csv` listing them all (line, source id, column, problem), a list for
/// people, written as a spreadsheet opens it safely.
struct HeldRecords {
    /// The step's name (`04-Case-ticket`).
    let step: String
    /// What the step's records become (`Case`, `ticket`), for the findings.
    let destination: String
    /// The export file the records were read from.
    let path: String
    private(set) var findings: [Diagnostic] = []
    private var rows: [[String]] = []

    init(step: String, destination: String, path: String) {
        self.step = step
        self.destination = destination
        self.path = path
    }

    /// Holds back the record `sourceID` on `line` for `problems`, each at the place of its column
    /// (`place` gives it, the line's start when the column is not in the file).
    mutating func hold(_ sourceID: String, line: Int, problems: [(column: String, message: String)], place: (String) -> TextPosition?) {
        for problem in problems {
            let at = place(problem.column) ?? TextPosition(line: line, column: 1)
            findings.append(Diagnostic(.warning, at: SourceLocation(file: path, line: at.line, column: at.column),
                                       "\(destination) \(sourceID.isEmpty ? "record" : sourceID): \(problem.message); held back in held/\(step).csv"))
            rows.append([String(line), sourceID, problem.column, problem.message])
        }
    }

    /// Writes `held/STEP.csv` under `output` when anything was held back.
    func write(into output: String) throws(OutputWriter.Failure) {
        guard !rows.isEmpty else { return }
        let folder = (output as NSString).appendingPathComponent("held")
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        _ = try OutputWriter.write([OutputWriter.File(path: "\(step).csv", text: CSVWriter.document(header: ["line", "source_id", "column", "problem"], rows: rows))],
                                   to: folder)
    }
}
