import Foundation

/// The run folder written beside a load, ready for `reconcile` once the jobs' result files are
/// put in `results/OBJECT/`: `run.json` with one object a job step, and `source/OBJECT.csv`, the
/// records the step sends (its load file, the parts one after the other), joined to the results on
/// the column that holds each record's source id.
struct LoadRunFolder {
    let runID: String
    let kind: RunDescription.Kind
    let destination: String
    /// When the load was written: the run's times until the load's own are set in `run.json`.
    let at: Date

    /// One object of the run: a step of the load, its records sent, and the column joining them
    /// to the results.
    struct RunObject: Encodable {
        var object: String
        var sourceFile: String
        var idColumn: String
        var destinationObject: String
    }

    /// Writes `run.json` with `objects`, whose source files are in `folder/source/` already.
    func write(_ objects: [RunObject], to folder: String) throws {
        try FileManager.default.createDirectory(atPath: folder + "/source", withIntermediateDirectories: true)
        let run = RunFile(runId: runID, kind: kind.rawValue, destination: destination, startedAt: Timestamp.format(at), finishedAt: Timestamp.format(at),
                          objects: objects)
        try JSONOutput.string(run).write(toFile: folder + "/run.json", atomically: true, encoding: .utf8)
    }

    /// Writes `source/` of a Salesforce load and `run.json`: a job step's records are its load
    /// file's parts copied one after the other (a header once), a files step's the list its
    /// requests were written with (`staging/source/`); returns a line for each step left out of
    /// the run.
    func write(_ results: [SalesforceLoadWriter.StepResult], from staging: String, to folder: String) throws -> [String] {
        try FileManager.default.createDirectory(atPath: folder + "/source", withIntermediateDirectories: true)
        var objects: [RunObject] = []
        var notes: [String] = []
        for result in results where result.sent > 0 {
            let step = result.step
            guard let idColumn = Self.idColumn(of: step) else {
                notes.append("\(step.name): not in the run folder: a \(step.sObject) holds no source id, so its results cannot be joined to the records sent")
                continue
            }
            let target = folder + "/source/\(step.name).csv"
            if step.isFiles {
                try FileManager.default.moveItem(atPath: staging + "/source/\(step.name).csv", toPath: target)
            } else {
                var header: [UInt8] = []
                LoadCSVFile.append(step.columns.map(\.header), to: &header)
                let sink = try FileSink(path: target)
                for (index, part) in result.parts.enumerated() {
                    let skipped = index == 0 ? 0 : header.count
                    try sink.copy(from: staging + "/load/" + part.file, offset: skipped, count: part.bytes - skipped)
                }
                try sink.close()
            }
            objects.append(RunObject(object: step.name, sourceFile: "source/\(step.name).csv", idColumn: idColumn, destinationObject: step.sObject))
        }
        try? FileManager.default.removeItem(atPath: staging + "/source")
        try write(objects, to: folder)
        return notes
    }

    /// The load file's column that holds each record's source id: the upsert key, else the
    /// column filled from the export file's id column.
    static func idColumn(of step: SalesforceLoadPlan.Step) -> String? {
        if let key = step.key { return key }
        let sourceID = ExportLayout.files.first { $0.name == step.file }?.idColumn
        return step.columns.first { $0.source == .value && $0.field.source == sourceID && $0.field.transform == .copy }?.header
    }

    private struct RunFile: Encodable {
        var runId: String
        var kind: String
        var destination: String
        var startedAt: String
        var finishedAt: String
        var objects: [RunObject]
    }
}
