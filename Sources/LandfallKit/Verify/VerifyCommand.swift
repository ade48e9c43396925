import Foundation

/// `landfall verify RUN_DIR --queries | --destination-export DIR`: what the destination holds,
/// compared field by field with what the load sent. The run folder `transform` writes holds, per
/// job step, the records sent exactly as the load wrote them (`source/STEP.csv`); the destination
/// export holds, per sObject, what a query of the same fields returns (`DIR/Case.csv`). Records
/// are joined on the external id, each field compared by its rule (``ValueComparison``).
public struct VerifyCommand: Sendable {
    public var runFolder: String
    /// `--destination-export`, or `nil` with `queries`.
    public var exportFolder: String?
    /// `--queries`: write the queries that make the export instead.
    public var queries: Bool
    public var catalog: Catalog
    /// The templates the verification's pages are written from.
    public var templates: TemplateLibrary
    /// `--site`: the site the run is published in, to publish the verification beside it.
    public var site: String?
    /// `--spot-check N`: how many records of each object the spot check shows.
    public var spotCheck = 25
    /// `--seed`: which records the spot check draws.
    public var seed: UInt64 = 1
    /// `--waivers`: the differences an ops lead accepts, counted apart.
    public var waiversPath: String?
    /// The day waivers are judged on (`--as-of`).
    public var asOf = Date()
    /// How far a field's value may stray before it is different (`Rules/reconciliation.yaml`).
    public var tolerances: [VerifyTolerance] = []
    /// `--fail-on`: a verdict at or past this level (a fail verdict reaches warn and fail) exits 1,
    /// once the verification is written and published.
    public var failOn: RunReport.Status?
    /// How many bytes make a file worth reading in parts at the same time.
    var partBytes = DestinationIndex.partBytes

    public init(runFolder: String, exportFolder: String?, queries: Bool, catalog: Catalog, templates: TemplateLibrary) {
        self.runFolder = runFolder
        self.exportFolder = exportFolder
        self.queries = queries
        self.catalog = catalog
        self.templates = templates
    }

    public func run() -> CommandOutput {
        let run: RunDescription
        switch RunDescription.read(folder: runFolder, vocabulary: catalog.vocabulary) {
        case .success(let read): run = read
        case .failure(let failure): return .failure(failure.diagnostics, status: failure.status)
        }
        guard run.kind != .rollback else {
            return .failure([Diagnostic(.error, at: SourceLocation(file: (runFolder as NSString).appendingPathComponent("run.json")),
                                        "the run \(run.runID) is a rollback: it deleted records, and leaves none to compare field by field")], status: .dataError)
        }
        let folder = InputFolder(path: runFolder)
        let family = catalog.platform(run.destination)?.family ?? .salesforce
        var headers: [(sObject: String, key: String, columns: [String])] = []
        for object in run.objects {
            guard let sObject = object.destinationObject else {
                return CommandOutput.error("\(runFolder)/run.json: the object \(object.object) names no destination_object; verify compares the run folders transform writes", status: .dataError)
            }
            let columns: [String]
            do {
                let path = try folder.input(object.sourceFile) ?? (runFolder as NSString).appendingPathComponent(object.sourceFile)
                columns = try CSVScanner(path: path).header
            } catch {
                return .failure([error.diagnostic], status: error.status)
            }
            headers.append((sObject, object.idColumn, columns))
        }
        // Conversation parts carry no key of the load's: the list endpoints cannot find them again.
        let compared = family == .intercom ? headers.filter { $0.key != "source_id" } : headers
        if queries { return CommandOutput(standardOutput: (family == .salesforce ? Self.queries(compared) : Self.requests(compared)).joined()) }
        var waivers = Waivers(entries: [])
        if let waiversPath {
            switch Waivers.read(path: waiversPath) {
            case .success(let read): waivers = read
            case .failure(let failure): return failure.output
            }
        }
        guard let exportFolder else { return CommandOutput.error("give the destination's export with --destination-export DIR, or --queries for the queries that make it", status: .usage) }
        // The destination's records, by object, indexed on their key.
        var found: [String: DestinationIndex] = [:]
        let export = InputFolder(path: exportFolder, noun: "destination export")
        let scratch = (NSTemporaryDirectory() as NSString).appendingPathComponent("landfall-verify-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        var results: [VerifyReport.Object] = []
        var differences: [[String]] = []
        var spotChecks = SpotCheck(size: spotCheck, seed: seed)
        var matches: [String: DestinationIndex.Matches] = [:]
        do throws(InputFailure) {
            if family == .intercom { try? FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true) }
            for (sObject, key, _) in compared where found[sObject] == nil {
                let known = Set(["Id"] + headers.filter { $0.sObject == sObject }.flatMap(\.columns))
                found[sObject] = try DestinationTable.index(object: sObject, family: family, in: export, key: key, known: known, scratch: scratch, partBytes: partBytes)
            }
            for (object, header) in zip(run.objects, headers) {
                guard let destination = found[header.sObject] else { continue }
                let path = try folder.input(object.sourceFile) ?? (runFolder as NSString).appendingPathComponent(object.sourceFile)
                var comparison = RecordComparison(object: object.object, destinationObject: header.sObject, sentPath: path, key: header.key,
                                                  destination: destination, waivers: waivers, day: asOf)
                comparison.partBytes = partBytes
                comparison.tolerances = Dictionary(tolerances.filter { FieldPath($0.field).object == header.sObject }.map { (FieldPath($0.field).field, $0) },
                                                   uniquingKeysWith: { first, _ in first })
                let compared = try comparison.run(spotCheck: SpotCheck(size: spotCheck, seed: seed))
                results.append(VerifyReport.Object(object: object.object, destinationObject: header.sObject, records: compared.records, compared: compared.compared,
                                            equal: compared.equal, different: compared.different, waived: compared.waived, missing: compared.missing))
                differences += compared.differences
                spotChecks.merge(compared.spotCheck)
                if var seen = matches[header.sObject] {
                    seen.merge(compared.matches)
                    matches[header.sObject] = seen
                } else {
                    matches[header.sObject] = compared.matches
                }
            }
        } catch {
            return .failure([error.diagnostic], status: error.status)
        }
        var lines = results.map { result in
            "\(result.object): \(Format.count(result.records)) \(result.destinationObject) records, \(Format.count(result.compared)) fields compared: \(Format.count(result.equal)) equal, "
                + "\(Format.count(result.different)) different" + (result.waived > 0 ? ", \(Format.count(result.waived)) waived" : "") + ", \(Format.count(result.missing, "record")) missing"
        }
        var unexpectedCounts: [VerifyReport.Unexpected] = []
        for (sObject, destination) in found.sorted(by: { $0.key < $1.key }) {
            let unexpected = destination.unmatched(matches[sObject] ?? destination.noMatches())
            guard !unexpected.isEmpty else { continue }
            unexpectedCounts.append(VerifyReport.Unexpected(destinationObject: sObject, records: unexpected.count))
            lines.append("\(sObject): \(Format.count(unexpected.count, "record")) in the export that this run did not send")
            for (key, id) in unexpected {
                differences.append([sObject, key, id, "", "unexpected", "", ""])
            }
        }
        let failed = results.contains { $0.different > 0 || $0.missing > 0 }
        lines.append("verdict: \(failed ? "fail" : "pass")")
        let report = VerifyReport(runID: run.runID, destination: run.destination, verifiedOn: Calendar.day(asOf),
                                  objects: results,
                                  unexpected: unexpectedCounts,
                                  tolerances: tolerances.filter { tolerance in headers.contains { FieldPath(tolerance.field).object == $0.sObject } },
                                  rules: ValueComparison.rules(for: family).map { VerifyReport.Rule(rule: $0.rawValue, source: $0.source(for: family)) },
                                  spotCheck: spotCheck, seed: seed, verdict: failed ? .fail : .pass)
        let files: [OutputWriter.File]
        do {
            let view = VerifyPageView(report, names: PlatformDirectory(catalog))
            files = [
                OutputWriter.File(path: "differences.csv", text: CSVWriter.document(
                    header: ["object", "source_id", "destination_id", "field", "outcome", "expected", "found"], rows: differences)),
                OutputWriter.File(path: "spot-check.md", text: spotChecks.markdown(run: run.runID)),
                OutputWriter.File(path: "report.json", text: try JSONOutput.string(report, schema: VerifyReport.schema)),
                OutputWriter.File(path: "report.md", text: try templates.render(view, template: "verify", format: .md)),
                OutputWriter.File(path: "index.html", text: try templates.render(view, template: "verify", format: .html)),
            ]
        } catch let failure as TemplateFailure {
            return .failure(failure.diagnostics, status: failure.status)
        } catch {
            return CommandOutput.error("the verification cannot be encoded: \(error)", status: .software)
        }
        var written: [String] = []
        if let site {
            do throws(RunFailure) {
                var publisher = SitePublisher(site: site, templates: templates)
                publisher.names = PlatformDirectory(catalog)
                written += try publisher.publish(report, files: files)
            } catch {
                return .failure(error.diagnostics, status: error.status)
            }
        }
        do {
            let out = (runFolder as NSString).appendingPathComponent("verify")
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            written = try OutputWriter.write(files, to: out) + written
        } catch {
            return CommandOutput.error("\(error)", status: .cannotCreate)
        }
        let status: ExitStatus = failed && failOn != nil ? .verdict : .ok
        return CommandOutput(standardOutput: written.map { "\($0)\n" }.joined() + lines.map { "\($0)\n" }.joined(), status: status)
    }

    /// One SOQL query a sObject with every field the run sent (a relationship as the parent's
    /// external id), for a Bulk API 2.0 query job or Data Loader.
    static func queries(_ headers: [(sObject: String, key: String, columns: [String])]) -> [String] {
        var order: [String] = []
        var fields: [String: [String]] = [:]
        var keys: [String: String] = [:]
        for (sObject, key, columns) in headers {
            if fields[sObject] == nil { order.append(sObject) }
            keys[sObject] = key
            for column in ["Id", key] + columns where !(fields[sObject]?.contains(column) ?? false) {
                fields[sObject, default: []].append(column)
            }
        }
        return order.map { "SELECT \(fields[$0]!.joined(separator: ", ")) FROM \($0) WHERE \(keys[$0]!) != null\n" }
    }

    /// The Intercom requests that list the records of each object the run sent, one a line
    /// (method, path, body), each followed through its pages (`pages.next`) into `OBJECT.jsonl`,
    /// a response a line.
    static func requests(_ headers: [(sObject: String, key: String, columns: [String])]) -> [String] {
        var objects: [String] = []
        for header in headers where !objects.contains(header.sObject) { objects.append(header.sObject) }
        return objects.map { object in
            switch object {
            case "company": "POST /companies/list?per_page=60 > company.jsonl\n"
            case "contact": "GET /contacts?per_page=150 > contact.jsonl\n"
            case "ticket": #"POST /tickets/search {"query":{"field":"created_at","operator":">","value":"0"},"pagination":{"per_page":150}} > ticket.jsonl"# + "\n"
            default: "POST /conversations/search {\"query\":{\"field\":\"created_at\",\"operator\":\">\",\"value\":\"0\"},\"pagination\":{\"per_page\":150}} > \(object).jsonl\n"
            }
        }
    }
}
