import Foundation

/// Writes the steps of an Intercom load from the export: one JSONL file a step, one request a line
/// (`method`, `path`, `source_id`, `body`), each body shaped as the operation's request schema in
/// Intercom's OpenAPI description 2.16, every value through the field map's engine. A step runs
/// once the id map holds the destination ids it needs; a record already in the id map is not sent
/// again, unless the export is a cutover's delta, where it changed since (see
/// ``IntercomLoadPlan/Step/resend``). Beside each step, `source/STEP.csv` lists the records sent, with each value where the
/// destination returns it (`ticket_attributes._default_title_`), for `reconcile` and `verify`.
struct IntercomLoadWriter {
    /// What writing one step did.
    struct StepResult: Equatable {
        var step: IntercomLoadPlan.Step
        /// The requests' file, under `load/`.
        var file: String
        var sent: Int
        var held: Int
        var changed: Int
        /// Records the id map shows loaded already.
        var loaded: Int
        /// Of those sent, the records the id map holds that a delta sends again (they changed
        /// since they were loaded).
        var resent = 0
        /// The column of `source/STEP.csv` that holds each record's source id (its key's path
        /// in the destination's record when it has a key).
        var idColumn: String
    }

    let map: FieldMap
    let plan: IntercomLoadPlan
    let export: InputFolder
    let users: DestinationUsers?
    let ids: DestinationIDs
    /// Where the values changed to fit are listed.
    let changes: ChangeLog
    let output: String
    /// Whether the export is a cutover's delta (it holds `delta.json`): its records that the id
    /// map holds changed since they were loaded, and are sent again where Intercom takes it.
    var resendsLoaded = false

    /// Writes every step whose needs the id map meets; returns what each did, the findings, the
    /// changes, and the steps left waiting with what they wait on.
    func write(_ steps: [IntercomLoadPlan.Step]) throws(InputFailure) -> (results: [StepResult], findings: [Diagnostic], waiting: [(IntercomLoadPlan.Step, [String])]) {
        let links = try PartLinks(export: export, map: map)
        // Only the people: the parts' links are PartLinks' own.
        let people = try Links.people(in: export)
        var results: [StepResult] = []
        var findings: [Diagnostic] = []
        var waiting: [(IntercomLoadPlan.Step, [String])] = []
        for step in steps {
            if let reason = step.unwritable {
                waiting.append((step, [reason]))
                continue
            }
            let missing = step.needs.filter { need in
                need == "ticket_type" ? ids.id(of: "ticket_type", step.recordType ?? "") == nil : !ids.holds(need)
            }.map { need -> String in
                switch need {
                case "ticket_type": "the id of the ticket type \(step.recordType ?? "") (a row ticket_type,\(step.recordType ?? ""),ID from GET /ticket_types)"
                case "ticket_state": "the ids of the ticket states (rows ticket_state,STATE,ID from GET /ticket_states)"
                case "team": "the ids of the teams (rows team,THREAD_TEAM_ID,ID from GET /teams)"
                case IntercomLoadPlan.listItem: "the ids of the items of the ticket type's list attributes (rows list_item,ATTRIBUTE:LABEL,ID from GET /ticket_types)"
                default: "the Intercom ids of \(need)"
                }
            }
            guard missing.isEmpty else {
                waiting.append((step, missing))
                continue
            }
            let (result, stepFindings) = try write(step, links: links, people: people)
            results.append(result)
            findings += stepFindings
        }
        return (results, findings, waiting)
    }

    private func write(_ step: IntercomLoadPlan.Step, links: PartLinks, people: [String: Links.Person]) throws(InputFailure) -> (StepResult, [Diagnostic]) {
        let path = try export.input(step.file) ?? (export.path as NSString).appendingPathComponent(step.file)
        let scanner = try CSVScanner(path: path)
        let index = Dictionary(scanner.header.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let idColumn = ExportLayout.files.first { $0.name == step.file }?.idColumn ?? "id"
        let keyColumn = step.key.flatMap { key in step.fields.first { $0.destinationField == key }.map { column(of: $0, in: step) } } ?? "source_id"
        let columns = [keyColumn] + step.fields.compactMap { field -> String? in
            let name = column(of: field, in: step)
            return name == keyColumn || name.isEmpty ? nil : name
        }.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let requests = StreamedFile(path: (output as NSString).appendingPathComponent("load/\(step.name).jsonl"))
        let sent = LoadCSVFile(folder: (output as NSString).appendingPathComponent("source"), stem: step.name, header: columns, maximumBytes: .max)
        let engine = FieldValueEngine(map: map, platform: plan.platform)
        var result = StepResult(step: step, file: "\(step.name).jsonl", sent: 0, held: 0, changed: 0, loaded: 0, idColumn: keyColumn)
        var held = HeldRecords(step: step.name, destination: step.destination, path: path, output: output)
        let runObject = DestinationIDs.sourceObject(named: step.name)
        try scanner.forEachRow(columns: Array(scanner.header.indices)) { line, fields throws(InputFailure) in
            let row = { (name: String) -> String in index[name].map { fields[$0].string } ?? "" }
            if let when = step.when, !when.holds(row) { return }
            let sourceID = row(idColumn)
            let loadedAs = ids.id(of: runObject, sourceID)
            let resend = resendsLoaded ? step.resend : nil
            if loadedAs != nil && resend == nil {
                result.loaded += 1
                return
            }
            var request = IntercomRequest(step: step, sourceID: sourceID)
            for field in step.fields {
                let outcome = field.object == step.object ? engine.outcome(of: field, in: row) : .value((links.files[sourceID] ?? []).joined(separator: "\n"), changed: nil)
                place(outcome, of: field, in: &request, links: links, people: people)
            }
            request.finish(ticketType: step.recordType.flatMap { ids.id(of: "ticket_type", $0) })
            if step.kind != .create { resolveOwnRecord(of: &request, object: step.object) }
            if step.kind == .create, step.key != nil, request.column(keyColumn).isEmpty, request.problems.isEmpty {
                request.problems.append((idColumn, "the record has no \(step.key!), the attribute it is found again by"))
            }
            // Nothing to attach; a ticket is created submitted, so that state needs no request.
            if step.kind == .attachCompany, request.body.isEmpty { return }
            if step.kind == .ticketState, request.column("ticket_state_id") == IntercomLoadPlan.initialTicketState { return }
            guard request.problems.isEmpty else {
                result.held += 1
                held.hold(sourceID, line: line, problems: request.problems) { column in index[column].map { scanner.place(of: fields[$0]) } }
                return
            }
            if let loadedAs, case .update(let path, let keys)? = resend { request.makeUpdate(path: path, id: loadedAs, keys: keys) }
            if loadedAs != nil { result.resent += 1 }
            for change in request.changes { changes.record(step: step.name, line: line, sourceID: sourceID, field: change.field, change: change.words) }
            result.changed += request.changes.count
            do throws(OutputWriter.Failure) {
                try requests.append(request.line)
                try sent.append(columns.map { $0 == keyColumn && keyColumn == "source_id" ? sourceID : request.column($0) })
            } catch {
                throw InputFailure.file(output, error.message, status: .cannotCreate)
            }
            result.sent += 1
        }
        var findings: [Diagnostic] = []
        do throws(OutputWriter.Failure) {
            try requests.finish()
            try sent.finish()
            findings = try held.finish()
        } catch {
            throw InputFailure.file(output, error.message, status: .cannotCreate)
        }
        return (result, findings)
    }

    /// A request on a record the load created (a contact's company, a ticket's state): its path
    /// through the record's Intercom id, and a state through the state's id.
    private func resolveOwnRecord(of request: inout IntercomRequest, object: String) {
        guard let own = ids.id(of: object, request.sourceID) else {
            return request.problems.append(("id", "\(object) \(request.sourceID) has no Intercom id in the id map yet (it was not loaded)"))
        }
        request.path = request.step.endpoint.replacingOccurrences(of: request.step.kind == .ticketState ? "{ticket_id}" : "{contact_id}", with: own)
        if request.step.kind == .ticketState, let state = request.body["ticket_state_id"] as? String {
            guard let id = ids.id(of: "ticket_state", state) else {
                return request.problems.append(("status", "the ticket state \(state) has no id in the id map: add a row ticket_state,\(state),ID from GET /ticket_states"))
            }
            request.set(.string(id), at: .top("ticket_state_id"), column: "")
        }
    }

    /// The column of `source/STEP.csv` an entry fills: where the destination's record returns it
    /// (empty for what it does not return, such as a part's parent).
    func column(of field: FieldMap.Field, in step: IntercomLoadPlan.Step) -> String {
        switch plan.placement(of: field, in: step) {
        case .top(let name): name
        case .attribute(let container, let name): "\(container).\(name)"
        case .assignment(let name): name
        case .contact: "contacts.contacts.0.external_id"
        case .parent, .elsewhere: ""
        }
    }

    /// Puts an entry's outcome into the request.
    private func place(_ outcome: FieldValueEngine.Outcome, of field: FieldMap.Field, in request: inout IntercomRequest, links: PartLinks, people: [String: Links.Person]) {
        let placement = plan.placement(of: field, in: request.step)
        let column = self.column(of: field, in: request.step)
        let problemColumn = field.source ?? field.destinationField
        switch outcome {
        case .nothing, .matchOnly, .file:
            return
        case .problem(let problem):
            request.problems.append((problemColumn, problem.words))
        case .value(let value, let changed):
            if case .cut(let from, let to)? = changed { request.changes.append((field.destinationField, "cut from \(from) to \(to) characters, as the map says")) }
            guard plan.isListAttribute(field) else { return request.set(typed(value, field: field, placement: placement), at: placement, column: column) }
            // A list attribute takes its item's id; the run folder keeps the label, as a reader knows it.
            guard let item = ids.id(of: IntercomLoadPlan.listItem, "\(field.destinationField):\(value)") else {
                return request.problems.append((problemColumn, "the item \(value) of the list attribute \(field.destinationField) has no id in the id map: add a row list_item,\(field.destinationField):\(value),ID from GET /ticket_types"))
            }
            request.set(.string(item), at: placement, column: "")
            if !column.isEmpty { request.record(value, in: column) }
        case .reference(let object, let sourceID):
            if object == "user" {
                guard let person = people[sourceID] else { return request.problems.append((problemColumn, "user \(sourceID) is not in users.csv")) }
                guard let admin = users?.match(email: person.email) else {
                    return request.problems.append((problemColumn, "no Intercom teammate has the e-mail \(person.email) of user \(sourceID): invite one, or change the map"))
                }
                return request.set(.string(admin.id), at: placement, column: column)
            }
            switch placement {
            case .contact:
                request.set(.string(sourceID), at: placement, column: column)
            case .parent:
                guard let (parent, parentID) = links.parent(of: object, sourceID),
                      let id = ids.id(of: parent, parentID) else {
                    return request.problems.append((problemColumn, "\(object) \(sourceID) has no Intercom id in the id map yet (its ticket was not loaded)"))
                }
                let isTicket = map.objects.first { $0.object == parent }?.records.contains { $0.destination == "ticket" } ?? false
                request.path = isTicket ? "/tickets/\(id)/reply" : "/conversations/\(id)/reply"
            case .elsewhere:
                return
            default:
                guard let id = ids.id(of: object, sourceID) else {
                    return request.problems.append((problemColumn, "\(object) \(sourceID) has no Intercom id in the id map yet"))
                }
                request.set(.string(id), at: placement, column: column)
            }
        }
    }

    /// A value as the body takes it: a time as Unix seconds, a number or a checkbox as JSON's
    /// own, a list of files as an array.
    private func typed(_ value: String, field: FieldMap.Field, placement: IntercomLoadPlan.Placement) -> IntercomRequest.Value {
        if field.destinationField == "attachment_urls" { return .list(value.split(separator: "\n").map(String.init)) }
        let type = map.customFields.first { $0.field == field.destination }?.type ?? plan.platform.schemaField(field.destination)?.type
        switch type {
        case "datetime" where field.transform == .unixSeconds:
            return Int(value).map(IntercomRequest.Value.integer) ?? .string(value)
        case "number":
            if let integer = Int(value) { return .integer(integer) }
            return Double(value).map(IntercomRequest.Value.number) ?? .string(value)
        case "boolean":
            return value == "true" ? .boolean(true) : value == "false" ? .boolean(false) : .string(value)
        default:
            return .string(value)
        }
    }
}
