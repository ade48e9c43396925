import Foundation

/// Writes the steps of a Salesforce load from the export: each step's records as Bulk API 2.0 CSV
/// (in parts of at most 100 MB), every value through the field map's engine. A record whose value
/// the destination cannot take is held back, with a finding at its file, line and column, in
/// `held/`; a value changed to fit, as the confirmed map allows, is counted and listed in
/// `changes.csv`. Files are read as they stream: what is kept in memory is the ids that link
/// records (a conversation's ticket, a user's e-mail), not the rows.
struct SalesforceLoadWriter {
    /// What writing one step did.
    struct StepResult: Equatable {
        var step: SalesforceLoadPlan.Step
        var parts: [LoadCSVFile.Part]
        /// Records written into the load.
        var sent: Int
        /// Records held back.
        var held: Int
        /// Values changed to fit.
        var changed: Int
        /// Rows that land on a record another row of the step already sends (first wins).
        var merged: Int
    }

    /// The most bytes of CSV a job takes: 100 MB, so that the 150 MB a job may hold once
    /// Salesforce base64-encodes it is never reached (Salesforce, "Upload Job Data").
    static let jobBytes = 100_000_000

    let map: FieldMap
    /// What each entry writes.
    let engine: FieldValueEngine
    let export: InputFolder
    let users: DestinationUsers?
    let output: String

    /// Writes every step that needs nothing the load does not have yet; returns what each did,
    /// and the findings.
    func write(_ steps: [SalesforceLoadPlan.Step]) throws(InputFailure) -> (results: [StepResult], findings: [Diagnostic], changes: [[String]]) {
        let links = try Links(export: export, map: map, users: users)
        var results: [StepResult] = []
        var findings: [Diagnostic] = []
        var changes: [[String]] = []
        for step in steps where step.waitsOn.isEmpty && !step.isFiles {
            let (result, stepFindings, stepChanges) = try write(step, links: links)
            results.append(result)
            findings += stepFindings
            changes += stepChanges
        }
        return (results, findings, changes)
    }

    private func write(_ step: SalesforceLoadPlan.Step, links: Links) throws(InputFailure) -> (StepResult, [Diagnostic], [[String]]) {
        let path = try export.input(step.file) ?? (export.path as NSString).appendingPathComponent(step.file)
        let scanner = try CSVScanner(path: path)
        let header = scanner.header
        let index = Dictionary(header.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let file = LoadCSVFile(folder: (output as NSString).appendingPathComponent("load"), stem: step.name, header: step.columns.map(\.header),
                               maximumBytes: Self.jobBytes)
        var result = StepResult(step: step, parts: [], sent: 0, held: 0, changed: 0, merged: 0)
        var held = HeldRecords(step: step.name, destination: step.sObject, path: path)
        var changes: [[String]] = []
        var sentKeys: Set<String> = []
        let idColumn = ExportLayout.files.first { $0.name == step.file }?.idColumn
        var failure: OutputWriter.Failure?
        try scanner.forEachRow(columns: Array(header.indices)) { line, fields throws(InputFailure) in
            let row = { (name: String) -> String in index[name].map { fields[$0].string } ?? "" }
            if let when = step.when, !when.holds(row) { return }
            let sourceID = idColumn.map(row) ?? ""
            var values: [String] = []
            var problems: [(column: String, message: String)] = []
            for column in step.columns {
                switch value(of: column, row: row, engine: engine, links: links) {
                case .written(let value, let change):
                    values.append(value)
                    if let change {
                        changes.append([step.name, String(line), sourceID, column.header, change])
                    }
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
                try file.append(values)
                result.sent += 1
            } catch {
                failure = error
            }
        }
        result.changed = changes.count
        do throws(OutputWriter.Failure) {
            try file.finish()
            if let failure { throw failure }
            try held.write(into: output)
        } catch {
            throw InputFailure.file(output, error.message, status: .cannotCreate)
        }
        result.parts = file.parts
        return (result, held.findings, changes)
    }

    /// A column's value for a row, or why it has none the destination takes.
    private enum Written {
        case written(String, change: String?)
        case problem(String)
    }

    private func value(of column: SalesforceLoadPlan.Column, row: (String) -> String, engine: FieldValueEngine, links: Links) -> Written {
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
                guard let target = links.joined[through]?[sourceID] else { return .problem("\(object) \(sourceID) is not in the export") }
                return .written(target, change: nil)
            case .user:
                guard let person = links.people[sourceID] else { return .problem("user \(sourceID) is not in users.csv") }
                guard let user = links.users?.match(email: person.email) else {
                    return .problem("no Salesforce User has the e-mail \(person.email) of user \(sourceID): provision one, or change the owner in the map")
                }
                return .written(user.id, change: nil)
            case .userName:
                return .written(links.people[sourceID]?.name ?? "", change: nil)
            case .value, .joined, .destinationID:
                return .written(sourceID, change: nil)
            }
        }
    }
}

/// What links records across the export's files, read once before any step: each user's e-mail
/// and name, the destination users, and for an object whose rows land on another record (a
/// conversation) the id of the record each row lands on.
struct Links {
    struct Person {
        var email: String
        var name: String
    }

    var people: [String: Person] = [:]
    var users: DestinationUsers?
    /// Object → its row's id → the source id of the record it lands on (its own when it makes one).
    var joined: [String: [String: String]] = [:]

    init(export: InputFolder, map: FieldMap, users: DestinationUsers?) throws(InputFailure) {
        self.users = users
        people = try Self.people(in: export)
        for object in map.objects where object.records.contains(where: { $0.operation == .join }) {
            guard let path = try export.input(object.file), let idColumn = ExportLayout.files.first(where: { $0.name == object.file })?.idColumn else { continue }
            let scanner = try CSVScanner(path: path)
            let header = scanner.header
            let index = Dictionary(header.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
            var targets: [String: String] = [:]
            try scanner.forEachRow(columns: Array(header.indices)) { _, fields throws(InputFailure) in
                let row = { (name: String) -> String in index[name].map { fields[$0].string } ?? "" }
                let id = row(idColumn)
                guard let rule = object.records.first(where: { $0.when?.holds(row) ?? true }) else { return }
                targets[id] = rule.joins.map(row) ?? id
            }
            joined[object.object] = targets
        }
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
