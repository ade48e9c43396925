/// The files of a Thread admin-panel export (`../shared/DESIGN.md`, "Raw export folder"): what
/// each holds, its id column, and the columns that point into other files.
enum ExportLayout {
    /// One CSV file of the export.
    struct File {
        /// `tickets.csv`.
        let name: String
        /// The source object whose rows it holds (`ticket`), when it holds one.
        let object: String?
        /// The count it gives the manifest, when it counts an object.
        let count: CountKey?
        /// The column that identifies a row, when rows have ids.
        let idColumn: String?
        /// Columns that hold the id of a row in another file: column → file.
        let references: [(column: String, file: String)]
        /// The columns the export writes (tickets add `custom.<key>` ones).
        let columns: [String]
    }

    /// In the order they are read: every file before the files that point into it.
    /// The object whose id a row of `object` holds in `column` (`ticket` for a conversation's
    /// `ticket_id`), when the column references another file.
    static func referencedObject(of object: String, column: String) -> String? {
        guard let file = files.first(where: { $0.object == object }),
              let target = file.references.first(where: { $0.column == column })?.file else { return nil }
        return files.first { $0.name == target }?.object
    }

    static let files: [File] = [
        File(name: "users.csv", object: "user", count: .users, idColumn: "id", references: [],
             columns: ["id", "name", "email", "role", "active"]),
        File(name: "teams.csv", object: "team", count: .teams, idColumn: "id", references: [],
             columns: ["id", "name"]),
        File(name: "team_members.csv", object: "team_member", count: nil, idColumn: nil, references: [("team_id", "teams.csv"), ("user_id", "users.csv")],
             columns: ["team_id", "user_id"]),
        File(name: "companies.csv", object: "company", count: .companies, idColumn: "id", references: [],
             columns: ["id", "name", "domain"]),
        File(name: "contacts.csv", object: "contact", count: .contacts, idColumn: "id", references: [("company_id", "companies.csv")],
             columns: ["id", "company_id", "name", "email"]),
        File(name: "tickets.csv", object: "ticket", count: .tickets, idColumn: "id",
             references: [("assignee_user_id", "users.csv"), ("team_id", "teams.csv"), ("contact_id", "contacts.csv"), ("company_id", "companies.csv")],
             columns: ["id", "subject", "status", "priority", "assignee_user_id", "team_id", "contact_id", "company_id", "created_at", "updated_at", "closed_at", "psa_reference", "thread_id", "channel", "tags"]),
        File(name: "reviews.csv", object: "review", count: .reviews, idColumn: "id", references: [],
             columns: ["id", "platform", "rating", "author_name", "body", "created_at", "url", "tags"]),
        File(name: "review_responses.csv", object: "review_response", count: .reviewResponses, idColumn: "id", references: [("review_id", "reviews.csv"), ("author_user_id", "users.csv")],
             columns: ["id", "review_id", "author_user_id", "body", "created_at"]),
        File(name: "conversations.csv", object: "conversation", count: .conversations, idColumn: "id", references: [("ticket_id", "tickets.csv"), ("review_id", "reviews.csv")],
             columns: ["id", "ticket_id", "review_id", "channel", "started_at", "first_response_minutes"]),
        File(name: "messages.csv", object: "message", count: .messages, idColumn: "id", references: [("conversation_id", "conversations.csv"), ("author_user_id", "users.csv")],
             columns: ["id", "conversation_id", "author_type", "author_user_id", "author_email", "body", "body_format", "created_at", "internal"]),
        File(name: "attachments.csv", object: "attachment", count: .attachments, idColumn: "id", references: [],
             columns: ["id", "parent_type", "parent_id", "file_name", "mime_type", "size_bytes", "url"]),
        File(name: "tags.csv", object: "tag", count: .tags, idColumn: "name", references: [],
             columns: ["name", "usage"]),
        File(name: "custom_properties.csv", object: "custom_property", count: .customProperties, idColumn: "key", references: [],
             columns: ["key", "label", "type", "options", "applies_to"]),
        File(name: "response_templates.csv", object: "response_template", count: .responseTemplates, idColumn: "id", references: [],
             columns: ["id", "name", "shortcut", "body"]),
    ]

    /// The files whose records move, column by column: the field map accounts for every column
    /// of each. The others (tags, custom properties, response templates, and the JSON files)
    /// describe the account: read into the manifest, they feed the crosswalk, the set-up and the
    /// rebuild inventory.
    static let dataFiles: [File] = files.filter { !["tags.csv", "custom_properties.csv", "response_templates.csv"].contains($0.name) }

    /// The most columns a file of the export may have: its own and one a custom property, with
    /// room to spare; a wider file is refused before its rows are read.
    static let maximumColumns = 2_000

    /// The JSON files: detail lists shaped like the manifest's.
    static let jsonFiles: [(name: String, count: CountKey)] = [("automations.json", .automations), ("integrations.json", .integrations)]

    /// The data file that holds `object`'s rows, when the export has one.
    static func dataFile(of object: String) -> File? {
        dataFiles.first { $0.object == object }
    }

    /// The file that holds `object`'s rows (`ticket` → `tickets.csv`), when the export has one.
    static func file(of object: String) -> String? {
        files.first { $0.object == object }?.name
    }

    /// Every name the export may hold.
    static var knownNames: Set<String> { Set(files.map(\.name) + jsonFiles.map(\.name)) }
}
