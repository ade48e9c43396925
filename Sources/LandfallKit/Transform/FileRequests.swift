import Foundation

/// Where a step of a load puts the records it sends, one at a time: a job's CSV, or a file's
/// request.
protocol LoadSink {
    /// Appends one record's values, in the order of the step's columns.
    func append(_ values: [String], sourceID: String) throws(OutputWriter.Failure)
    /// Writes what is left and closes what it wrote.
    func finish() throws(OutputWriter.Failure)
}

/// A Salesforce files step written as the requests ContentVersion takes: one JSONL line a file in
/// `load/STEP.jsonl`, a multipart `POST /services/data/vNN.0/sobjects/ContentVersion` whose
/// `entity_content` part holds the record's fields as JSON and whose `VersionData` part holds the
/// file's bytes, named by `PathOnClient` (Salesforce REST API, "Insert or Update Blob Data": up to
/// 2 GB a file this way). A line names where the bytes are: the export's address (`url`) and,
/// where `--files DIR` holds the file downloaded, its `path`. Beside it, `source/STEP.csv` lists
/// the fields each record sends, for `reconcile` and `verify`.
final class FileRequests: LoadSink {
    /// How a load's files are sent.
    struct Settings {
        /// The REST API version of the path (`66.0`, from Rules/handoff.yaml).
        var apiVersion: String
        /// `--files DIR`: the files downloaded, each at `DIR/<source id>`.
        var folder: InputFolder?

        /// The most bytes a ContentVersion's content takes through a multipart request: 2 GB.
        static let maximumBytes = 2_147_483_648

        /// The `VersionData` column's value for the file `sourceID`: its address `url`; a
        /// problem when there is none, or when `--files` names a folder that lacks the file or
        /// holds it too large to send.
        func content(of sourceID: String, at url: String) -> SalesforceLoadWriter.ColumnValue {
            guard let folder else {
                return url.isEmpty ? .problem("the file has no address to download it from") : .written(url, change: nil)
            }
            let path: String?
            do {
                path = sourceID.isEmpty || sourceID.hasPrefix(".") ? nil : try folder.input(sourceID)
            } catch {
                return .problem("\(folder.join(sourceID)) \(error.diagnostic.message)")
            }
            guard let path else {
                return .problem("\(folder.join(sourceID)) is not there: download \(url.isEmpty ? "the file" : url) to it first")
            }
            let size = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
            guard size <= Self.maximumBytes else {
                return .problem("the file holds \(Format.count(size)) bytes, and a ContentVersion takes at most \(Format.count(Self.maximumBytes))")
            }
            return .written(url, change: nil)
        }
    }

    private let step: SalesforceLoadPlan.Step
    private let settings: Settings
    private let requests: StreamedFile
    private let sent: LoadCSVFile
    /// The columns `source/STEP.csv` lists: every one but the content.
    private let listed: [Int]
    private let content: Int?
    private let pathOnClient: Int?

    init(step: SalesforceLoadPlan.Step, output: String, settings: Settings) {
        self.step = step
        self.settings = settings
        requests = StreamedFile(path: (output as NSString).appendingPathComponent("load/\(step.name).jsonl"))
        listed = step.columns.indices.filter { step.columns[$0].source != .file }
        content = step.columns.firstIndex { $0.source == .file }
        pathOnClient = step.columns.firstIndex { $0.header == "PathOnClient" }
        sent = LoadCSVFile(folder: (output as NSString).appendingPathComponent("source"), stem: step.name, header: listed.map { step.columns[$0].header },
                           maximumBytes: .max)
    }

    /// The path every request of the step posts to.
    var path: String {
        "/services/data/v\(settings.apiVersion)/sobjects/\(step.sObject)"
    }

    func append(_ values: [String], sourceID: String) throws(OutputWriter.Failure) {
        var fields: [String: String] = [:]
        for at in listed where !values[at].isEmpty { fields[step.columns[at].header] = values[at] }
        var data: [String: String] = ["filename": pathOnClient.map { values[$0] } ?? sourceID]
        if let content, !values[content].isEmpty { data["url"] = values[content] }
        if let folder = settings.folder { data["path"] = folder.join(sourceID) }
        let request: [String: Any] = ["method": "POST", "path": path, "source_id": sourceID, "entity_content": fields, step.columns[content ?? 0].header: data]
        let line = (try? JSONSerialization.data(withJSONObject: request, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        try requests.append(Array(line) + [0x0A])
        try sent.append(listed.map { values[$0] })
    }

    func finish() throws(OutputWriter.Failure) {
        try requests.finish()
        try sent.finish()
    }
}
