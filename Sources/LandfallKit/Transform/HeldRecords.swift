import Foundation

/// The records one step of a load holds back: `held/STEP.csv` listing them all (line, source id,
/// column, problem), a list for people written as a spreadsheet opens it safely and streamed as
/// the records come, and a warning at its file, line and column for each of the first few
/// problems, then one line counting the rest.
struct HeldRecords {
    /// How many problems a step shows as warnings; the rest are counted (all are in `held/`).
    static let listed = 10

    /// The step's name (`04-Case-ticket`).
    let step: String
    /// What the step's records become (`Case`, `ticket`), for the findings.
    let destination: String
    /// The export file the records were read from.
    let path: String
    /// The folder `held/STEP.csv` is written into.
    let output: String
    private var shown: [Diagnostic] = []
    private var count = 0
    private var writer: CSVByteWriter?
    private var failure: OutputWriter.Failure?

    init(step: String, destination: String, path: String, output: String) {
        self.step = step
        self.destination = destination
        self.path = path
        self.output = output
    }

    /// Holds back the record `sourceID` on `line` for `problems`, each at the place of its column
    /// (`place` gives it, the line's start when the column is not in the file).
    mutating func hold(_ sourceID: String, line: Int, problems: [(column: String, message: String)], place: (String) -> TextPosition?) {
        if writer == nil, failure == nil {
            let folder = (output as NSString).appendingPathComponent("held")
            try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            do throws(OutputWriter.Failure) {
                writer = try CSVByteWriter(header: ["line", "source_id", "column", "problem"], streamingTo: (folder as NSString).appendingPathComponent("\(step).csv"))
            } catch {
                failure = error
            }
        }
        for problem in problems {
            count += 1
            if shown.count < Self.listed {
                let at = place(problem.column) ?? TextPosition(line: line, column: 1)
                shown.append(Diagnostic(.warning, at: SourceLocation(file: path, line: at.line, column: at.column),
                                        "\(destination) \(sourceID.isEmpty ? "record" : sourceID): \(problem.message); held back in held/\(step).csv"))
            }
            writer?.row(String(line), sourceID, problem.column, problem.message)
        }
    }

    /// Closes `held/STEP.csv` when anything was held back; returns the warnings: the first few
    /// problems, and a line counting the others.
    mutating func finish() throws(OutputWriter.Failure) -> [Diagnostic] {
        if let failure { throw failure }
        try writer?.finish()
        guard count > shown.count else { return shown }
        return shown + [Diagnostic(.warning, at: SourceLocation(file: "landfall", line: 0, column: 0),
                                   "\(Format.count(count - shown.count)) more findings on records held back are listed in held/\(step).csv")]
    }
}

/// `changes.csv`: every value a load changed to fit, as the confirmed map allows (step, line,
/// source id, field, change), streamed as the records are sent.
final class ChangeLog {
    private var writer: CSVByteWriter
    /// The changes listed so far.
    private(set) var count = 0

    /// Starts `path` with its header.
    init(path: String) throws(OutputWriter.Failure) {
        writer = try CSVByteWriter(header: ["step", "line", "source_id", "field", "change"], streamingTo: path)
    }

    /// Lists one value changed.
    func record(step: String, line: Int, sourceID: String, field: String, change: String) {
        writer.row(step, String(line), sourceID, field, change)
        count += 1
    }

    /// Writes what is left and closes the file.
    func finish() throws(OutputWriter.Failure) {
        try writer.finish()
    }
}
