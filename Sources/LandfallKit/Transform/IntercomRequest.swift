import Foundation

/// One record's request to Intercom as it is built: the path, the body, the values as the
/// destination will return them, and what stops or changed it.
struct IntercomRequest {
    /// A value of the body, typed as the request schema takes it.
    enum Value: Equatable {
        case string(String)
        case integer(Int)
        case number(Double)
        case boolean(Bool)
        case list([String])

        /// As `source/STEP.csv` lists it.
        var text: String {
            switch self {
            case .string(let value): value
            case .integer(let value): String(value)
            case .number(let value): String(value)
            case .boolean(let value): value ? "true" : "false"
            case .list(let values): values.joined(separator: ";")
            }
        }

        var json: Any {
            switch self {
            case .string(let value): value
            case .integer(let value): value
            case .number(let value): value
            case .boolean(let value): value
            case .list(let values): values
            }
        }
    }

    let step: IntercomLoadPlan.Step
    let sourceID: String
    var method: String
    var path: String
    private(set) var body: [String: Any] = [:]
    private var columns: [String: String] = [:]
    /// Why the record cannot be sent: the export's column and the words.
    var problems: [(column: String, message: String)] = []
    /// The values changed to fit, as the map allows: the field and the words.
    var changes: [(field: String, words: String)] = []

    init(step: IntercomLoadPlan.Step, sourceID: String) {
        self.step = step
        self.sourceID = sourceID
        method = step.method
        path = step.endpoint
    }

    /// Makes the request the update of the record `id`, a record the load made that changed
    /// since: `PUT path` with `id` in the path's placeholder, and only the body's keys in `keys`.
    mutating func makeUpdate(path template: String, id: String, keys: Set<String>) {
        method = "PUT"
        if let open = template.firstIndex(of: "{"), let close = template[open...].firstIndex(of: "}") {
            path = template.replacingCharacters(in: open...close, with: id)
        }
        // A ticket's update names its assignee as one id, the teammate's, else the team's.
        if keys.contains("assignee_id"), let assignment = body["assignment"] as? [String: Any],
           let assignee = assignment["admin_assignee_id"] ?? assignment["team_assignee_id"] {
            body["assignee_id"] = assignee
        }
        body = body.filter { keys.contains($0.key) }
    }

    /// The value `column` of `source/STEP.csv` holds (empty when the request sends none).
    func column(_ name: String) -> String {
        columns[name] ?? ""
    }

    /// Records `text` in `column` of `source/STEP.csv` without sending it.
    mutating func record(_ text: String, in column: String) {
        columns[column] = text
    }

    /// Puts `value` where `placement` says.
    mutating func set(_ value: Value, at placement: IntercomLoadPlan.Placement, column: String) {
        if !column.isEmpty { columns[column] = value.text }
        switch placement {
        case .top(let name):
            body[name] = value.json
        case .attribute(let container, let name):
            var attributes = body[container] as? [String: Any] ?? [:]
            attributes[name] = value.json
            body[container] = attributes
        case .assignment(let name):
            var assignment = body["assignment"] as? [String: Any] ?? [:]
            assignment[name] = value.json
            body["assignment"] = assignment
        case .contact:
            body["contacts"] = [["external_id": value.json]]
        case .parent, .elsewhere:
            return
        }
    }

    /// Adds what every request of its kind holds (a part's type, a ticket's type) and checks what
    /// the request schema requires. `ticketType` is the id of the step's ticket type.
    mutating func finish(ticketType: String?) {
        switch step.destination {
        case _ where step.kind != .create || !problems.isEmpty:
            return
        case "reply":
            body["message_type"] = "comment"
            if body["type"] as? String == "user" {
                body["admin_id"] = nil
                columns["admin_id"] = nil
                if body["email"] == nil { problems.append(("author_email", "a customer's reply needs the author's e-mail, and the record holds none")) }
            } else {
                body["type"] = "admin"
                body["email"] = nil
                columns["email"] = nil
                // An agent's reply whose author the load could not find has its problem already.
                if body["admin_id"] == nil { problems.append(("author_user_id", "an agent's reply needs the teammate who wrote it, and the record names none")) }
            }
        case "note":
            body["message_type"] = "note"
            body["type"] = "admin"
            if body["admin_id"] == nil { problems.append(("author_user_id", "a note needs the teammate who wrote it, and the record names none")) }
        case "ticket":
            if let ticketType { body["ticket_type_id"] = ticketType }
            if body["contacts"] == nil { problems.append(("contact_id", "a ticket needs its contact, and the record names none")) }
        default:
            break
        }
        if let files = body["attachment_urls"] as? [String], files.count > 10 {
            problems.append(("url", "\(files.count) files, and Intercom takes at most 10 a part"))
        }
    }

    /// The request as one JSONL line: `method`, `path`, `source_id`, `body`, keys sorted.
    var line: [UInt8] {
        let request: [String: Any] = ["method": method, "path": path, "source_id": sourceID, "body": body]
        let data = (try? JSONSerialization.data(withJSONObject: request, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return Array(data) + [0x0A]
    }
}
