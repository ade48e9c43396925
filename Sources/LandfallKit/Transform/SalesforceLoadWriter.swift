import Foundation

/// Writes the steps of a Salesforce load from the export: each step's records as Bulk API 2.0 CSV
/// (in parts of at most 100 MB), or for files as the multipart requests ContentVersion takes, every
/// value through the field map's engine. A record whose value the destination cannot take is held
/// back, with a finding at its file, line and column, in `held/`; a value changed to fit, as the
/// confirmed map allows, is counted and listed in `changes.csv`. A step that needs destination ids
/// (a file's `FirstPublishLocationId`) is written once the id map holds them, and a record an
/// insert step's id map holds already is not sent again. Files are read as they stream: what is
/// kept in memory is the ids that link records (a conversation's ticket, a user's e-mail), not the
/// rows.
struct SalesforceLoadWriter {
    /// What writing one step did.
    struct StepResult: Equatable {
        var step: SalesforceLoadPlan.Step
        /// The job's CSV parts (none for files).
        var parts: [LoadCSVFile.Part]
        /// For files: the requests' file under `load/`.
        var requests: String?
        /// Records written into the load.
        var sent: Int
        /// Records held back.
        var held: Int
        /// Values changed to fit.
        var changed: Int
        /// Rows that land on a record another row of the step already sends (first wins).
        var merged: Int
        /// Records of an insert step that the id map shows loaded already.
        var loaded: Int = 0
    }

    /// The most bytes of CSV a job takes: 100 MB, so that the 150 MB a job may hold once
    /// Salesforce base64-encodes it is never reached (Salesforce, "Upload Job Data").
    static let jobBytes = 100_000_000

    let map: FieldMap
    /// What each entry writes.
    let engine: FieldValueEngine
    let export: InputFolder
    let users: DestinationUsers?
    /// Where the values changed to fit are listed.
    let changes: ChangeLog
    /// The destination ids of earlier runs (`--idmap`).
    var ids = DestinationIDs()
    /// How many linking rows (a conversation's ticket) are kept in memory at once.
    var linkRowsInMemory = LinkSlice.rowsInMemory
    /// Files requests: the REST API version of their path, and the folder of the downloaded files.
    var files = FileRequests.Settings(apiVersion: "", folder: nil)
    let output: String

    /// What writing the load did.
    struct Written {
        var results: [StepResult] = []
        var findings: [Diagnostic] = []
        /// The steps left waiting, with what they wait on.
        var waiting: [(SalesforceLoadPlan.Step, [String])] = []
        /// Insert steps not written again: their records hold no source id (a CaseComment), so
        /// the id map cannot tell the ones sent from the others, and the first load sent them all.
        var notRepeated: [SalesforceLoadPlan.Step] = []
    }

    /// Writes every step whose needs the id map meets.
    func write(_ steps: [SalesforceLoadPlan.Step]) throws(InputFailure) -> Written {
        let links = try Links(export: export, users: users)
        let shares = LinkSlice.shares(of: try PartLinks.rows(in: export, map: map), inMemory: linkRowsInMemory)
        var written = Written()
        for step in steps {
            if !ids.isEmpty, step.operation == .insert, LoadRunFolder.idColumn(of: step) == nil {
                written.notRepeated.append(step)
                continue
            }
            let missing = missingIDs(of: step)
            guard missing.isEmpty else {
                written.waiting.append((step, missing))
                continue
            }
            let (result, findings) = try write(step, links: links, shares: shares)
            written.results.append(result)
            written.findings += findings
        }
        return written
    }

    /// What the step waits on that the id map does not hold: the objects its references name,
    /// or (a reference whose object each row names) any id at all.
    private func missingIDs(of step: SalesforceLoadPlan.Step) -> [String] {
        step.columns.compactMap { column -> String? in
            guard case .destinationID(let object) = column.source else { return nil }
            if let object { return ids.holds(object) ? nil : "the Salesforce ids of \(object) (the migration's idmap.csv, with --idmap)" }
            return ids.isEmpty ? "the Salesforce ids of the records each row's \(column.field.referencesColumn ?? "parent") names (the migration's idmap.csv, with --idmap)" : nil
        }.reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
    }

    /// The export column whose id decides which share of the links a row needs: the column of
    /// the step's references through a joining object (a message's conversation), or the record
    /// a row lands on (a conversation's ticket); `nil` when the step needs no links, or needs
    /// them by more than one column (then it reads them whole).
    private func linkColumn(of step: SalesforceLoadPlan.Step) -> (column: String?, needsLinks: Bool) {
        if step.firstPerRecord, case .joined(let column)? = step.columns.first?.source { return (column, false) }
        let linking = step.columns.filter { column in
            switch column.source {
            case .externalID(_, let through): through != nil
            case .destinationID: true
            default: false
            }
        }
        let sources = Set(linking.compactMap(\.field.source))
        guard !linking.isEmpty else { return (nil, false) }
        return (sources.count == 1 ? sources.first : nil, true)
    }

    /// Writes one step: a pass over its export file for each share of the links it needs, each
    /// pass taking the rows of its share.
    private func write(_ step: SalesforceLoadPlan.Step, links: Links, shares: Int) throws(InputFailure) -> (StepResult, [Diagnostic]) {
        let path = try export.input(step.file) ?? (export.path as NSString).appendingPathComponent(step.file)
        let sink: LoadSink = step.isFiles
            ? FileRequests(step: step, output: output, settings: files)
            : LoadCSVFile(folder: (output as NSString).appendingPathComponent("load"), stem: step.name, header: step.columns.map(\.header), maximumBytes: Self.jobBytes)
        var result = StepResult(step: step, parts: [], sent: 0, held: 0, changed: 0, merged: 0)
        var held = HeldRecords(step: step.name, destination: step.sObject, path: path, output: output)
        let idColumn = ExportLayout.files.first { $0.name == step.file }?.idColumn
        let runObject = step.operation == .insert ? DestinationIDs.sourceObject(named: step.name) : nil
        let (sliceColumn, needsLinks) = linkColumn(of: step)
        let passes = sliceColumn == nil ? 1 : shares
        var failure: OutputWriter.Failure?
        for pass in 0..<passes {
            let slice = passes > 1 ? LinkSlice(index: pass, count: passes) : nil
            let parts = needsLinks ? try PartLinks(export: export, map: map, slice: slice) : PartLinks()
            var sentKeys: Set<String> = []
            let scanner = try CSVScanner(path: path)
            let header = scanner.header
            let index = Dictionary(header.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
            let sliceAt = sliceColumn.flatMap { index[$0] }
            try scanner.forEachRow(columns: Array(header.indices)) { line, fields throws(InputFailure) in
                if let slice {
                    // A row of another share is passed over on its bytes.
                    let key = sliceAt.map { fields[$0] }
                    let inShare = key.map { $0.hasEscapedQuotes ? slice.contains($0.string) : slice.contains(bytes: $0.bytes) } ?? slice.contains("")
                    if !inShare { return }
                }
                let row = { (name: String) -> String in index[name].map { fields[$0].string } ?? "" }
                if let when = step.when, !when.holds(row) { return }
                let sourceID = idColumn.map(row) ?? ""
                if let runObject, ids.id(of: runObject, sourceID) != nil {
                    result.loaded += 1
                    return
                }
                var values: [String] = []
                var problems: [(column: String, message: String)] = []
                var changed: [(field: String, change: String)] = []
                for column in step.columns {
                    let written = column.source == .file ? files.content(of: sourceID, at: row(column.field.source ?? "")) : value(of: column, row: row, links: links, parts: parts)
                    switch written {
                    case .written(let value, let change):
                        values.append(value)
                        if let change { changed.append((column.header, change)) }
                    case .problem(let message):
                        problems.append((column.field.source ?? column.header, message))
                        values.append("")
                    }
                }
                if step.firstPerRecord, let key = values.first, !sentKeys.insert(key).inserted {
                    result.merged += 1
                    return
                }
                if let key = step.key, let at = step.columns.firstIndex(where: { $0.header == key }), values[at].isEmpty, problems.isEmpty {
                    problems.append((step.columns[at].field.source ?? key, "the record has no \(key), the key it is loaded on"))
                }
                guard problems.isEmpty else {
                    result.held += 1
                    held.hold(sourceID, line: line, problems: problems) { column in index[column].map { scanner.place(of: fields[$0]) } }
                    return
                }
                do throws(OutputWriter.Failure) {
                    try sink.append(values, sourceID: sourceID)
                    result.sent += 1
                } catch {
                    failure = error
                }
                for change in changed { changes.record(step: step.name, line: line, sourceID: sourceID, field: change.field, change: change.change) }
                result.changed += changed.count
            }
        }
        var findings: [Diagnostic] = []
        do throws(OutputWriter.Failure) {
            try sink.finish()
            if let failure { throw failure }
            findings = try held.finish()
        } catch {
            throw InputFailure.file(output, error.message, status: .cannotCreate)
        }
        result.parts = (sink as? LoadCSVFile)?.parts ?? []
        result.requests = step.isFiles && result.sent > 0 ? "\(step.name).jsonl" : nil
        return (result, findings)
    }

    /// A column's value for a row, or why it has none the destination takes.
    enum ColumnValue {
        case written(String, change: String?)
        case problem(String)
    }

    private func value(of column: SalesforceLoadPlan.Column, row: (String) -> String, links: Links, parts: PartLinks) -> ColumnValue {
        if case .joined(let joinColumn) = column.source { return .written(row(joinColumn), change: nil) }
        switch engine.outcome(of: column.field, in: row) {
        case .value(let value, let changed):
            guard case .cut(let from, let to)? = changed else { return .written(value, change: nil) }
            return .written(value, change: "cut from \(from) to \(to) characters, as the map says")
        case .nothing, .matchOnly, .file:
            return .written("", change: nil)
        case .problem(let problem):
            return .problem(problem.words)
        case .reference(let object, let sourceID):
            switch column.source {
            case .externalID(_, let through):
                guard let through else { return .written(sourceID, change: nil) }
                guard let target = parts.parent(of: through, sourceID) else { return .problem("\(object) \(sourceID) is not in the export") }
                return .written(target.id, change: nil)
            case .user:
                guard let person = links.people[sourceID] else { return .problem("user \(sourceID) is not in users.csv") }
                guard let user = links.users?.match(email: person.email) else {
                    return .problem("no Salesforce User has the e-mail \(person.email) of user \(sourceID): provision one, or change the owner in the map")
                }
                return .written(user.id, change: nil)
            case .userName:
                return .written(links.people[sourceID]?.name ?? "", change: nil)
            case .destinationID:
                // A row on another record (a conversation on its ticket's Case) takes that record's id.
                guard let target = parts.parent(of: object, sourceID) else { return .problem("\(object) \(sourceID) is not in the export") }
                guard let id = ids.id(of: target.object, target.id) else {
                    return .problem("\(target.object) \(target.id) has no Salesforce id in the id map yet (its record was not loaded)")
                }
                return .written(id, change: nil)
            case .value, .joined, .file:
                return .written(sourceID, change: nil)
            }
        }
    }
}

/// Who the export's people are, read once before any step: each user's e-mail and name, and the
/// destination users they are matched to.
struct Links {
    struct Person {
        var email: String
        var name: String
    }

    var people: [String: Person] = [:]
    var users: DestinationUsers?

    init(export: InputFolder, users: DestinationUsers?) throws(InputFailure) {
        self.users = users
        people = try Self.people(in: export)
    }

    /// Each user of the export (`users.csv`) by id: e-mail and name.
    static func people(in export: InputFolder) throws(InputFailure) -> [String: Person] {
        var people: [String: Person] = [:]
        guard let path = try export.input("users.csv") else { return people }
        let scanner = try CSVScanner(path: path)
        let columns = ["id", "email", "name"].map { scanner.header.firstIndex(of: $0) }
        guard let id = columns[0] else { return people }
        try scanner.forEachRow(columns: [id, columns[1] ?? id, columns[2] ?? id]) { _, fields throws(InputFailure) in
            people[fields[0].string] = Person(email: columns[1] == nil ? "" : fields[1].string, name: columns[2] == nil ? "" : fields[2].string)
        }
        return people
    }
}
