/// One object of a destination's data model and the standard fields a field map may fill.
public struct SchemaObject: Equatable, Sendable, Encodable {
    /// The object's name as its API spells it (`Case`, `ticket`).
    public var name: String
    /// Its fields.
    public var fields: [SchemaField]
    /// The vendor documentation the fields rest on.
    public var documentation: String?

    /// The field named `name`, if the object has it.
    public func field(_ name: String) -> SchemaField? {
        fields.first { $0.name == name }
    }
}

/// A standard field of a destination object and what it takes.
public struct SchemaField: Equatable, Sendable, Encodable {
    /// Its API name (`Subject`, `assignment.admin_assignee_id`).
    public var name: String
    /// The label people see, when it differs from the name.
    public var label: String?
    /// `text`, `long_text`, `picklist`, `reference`, `datetime`, `checkbox` …
    public var type: String
    /// The most it holds.
    public var length: Int?
    /// Whether `length` counts UTF-8 bytes rather than characters.
    public var lengthInBytes: Bool
    /// A picklist's values in a new org or workspace.
    public var values: [String]
    /// The standard value set whose values the set-up may add to (`CaseOrigin`).
    public var valueSet: String?
    /// The picklist values that close a record (`Closed`).
    public var closedValues: [String]
    /// Whether a load may write it.
    public var writable: Bool
    /// Whether only the permission to set audit fields lets a load write it.
    public var audit: Bool
    /// What the reader should know.
    public var note: String?
    /// The vendor documentation its facts rest on.
    public var documentation: String?

    /// Whether it is a picklist (one value or several).
    public var isPicklist: Bool { type == "picklist" || type == "multi_picklist" }
}

extension Platform {
    /// The standard field at `path` (`Case.Subject`), if the platform's schema has it.
    public func schemaField(_ path: String) -> SchemaField? {
        let parts = FieldPath(path)
        return schemaObject(parts.object)?.field(parts.field)
    }

    /// The schema object named `name`, if any.
    public func schemaObject(_ name: String) -> SchemaObject? {
        schema.first { $0.name == name }
    }
}
