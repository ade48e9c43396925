/// The one model of how an account's export lands in its destination: for every data file of the
/// export, what its records become (``RecordRule``), where each column goes (``Field``) and which
/// columns no destination field takes (``NotCarried``), with the custom fields the set-up creates
/// (``CustomField``). The set-up files, the crosswalk, the inventory, the load plan, the scope's
/// object map and the signed field map are all views of it; none of them decides a mapping itself.
///
/// It is proposed from the catalog, the manifest and (after a survey) the export's profile, written
/// as `fieldmap.yaml`, edited and confirmed by the customer, and read back from that file.
public struct FieldMap: Equatable, Sendable {
    /// The source platform's id (`thread`).
    public var source: String
    /// The destination platform's id (`salesforce-service-cloud`).
    public var destination: String
    /// The export's data files, in load order.
    public var objects: [MappedObject]
    /// The fields the set-up creates in the destination, in the order first filled.
    public var customFields: [CustomField]
    /// Every column that a destination field takes, object by object in load order.
    public var fields: [Field]
    /// Every column that no destination field takes, and why.
    public var notCarried: [NotCarried]
    /// Where the top-level keys (`destination`, `fields` …) stand, for a map read from a file.
    public var keyLocations: [String: SourceLocation] = [:]

    /// Creates a map.
    public init(source: String, destination: String, objects: [MappedObject], customFields: [CustomField], fields: [Field], notCarried: [NotCarried]) {
        self.source = source
        self.destination = destination
        self.objects = objects
        self.customFields = customFields
        self.fields = fields
        self.notCarried = notCarried
    }
}

extension FieldMap {
    /// One data file of the export and what its records become.
    public struct MappedObject: Equatable, Sendable {
        /// The source object (`ticket`).
        public var object: String
        /// Its file in the export (`tickets.csv`).
        public var file: String
        /// The rows the export holds (from the survey's profile, else the manifest's count).
        public var rows: Int?
        /// What its records become, each rule for the rows its condition selects.
        public var records: [RecordRule]
        /// Anything the reader should know about it.
        public var note: String?

        /// Creates an object entry.
        public init(object: String, file: String, rows: Int?, records: [RecordRule], note: String? = nil) {
            self.object = object
            self.file = file
            self.rows = rows
            self.records = records
            self.note = note
        }
    }

    /// What the rows a condition selects become: a destination record, loaded by an operation on
    /// a key, or no record of their own (they land on the record another column points at).
    public struct RecordRule: Equatable, Sendable {
        /// The rows it applies to (all when `nil`).
        public var when: RecordCondition?
        /// The destination object (`Case`, `ticket`), or `nil` when the rows join another record.
        public var destination: String?
        /// How the records reach the destination.
        public var operation: Operation
        /// The destination field that identifies a record again (the upsert key, the source id).
        public var key: String?
        /// The destination's own kind of record (an Intercom ticket type, a Salesforce record type).
        public var recordType: String?
        /// The column whose record these rows land on, when they make no record of their own.
        public var joins: String?
        /// The rows it applies to, when known.
        public var rows: Int?
        /// What the reader should know: how a record is found again, what a re-run does.
        public var note: String?

        /// Creates a rule.
        public init(when: RecordCondition? = nil, destination: String?, operation: Operation, key: String? = nil, recordType: String? = nil,
                    joins: String? = nil, rows: Int? = nil, note: String? = nil) {
            self.when = when
            self.destination = destination
            self.operation = operation
            self.key = key
            self.recordType = recordType
            self.joins = joins
            self.rows = rows
            self.note = note
        }
    }

    /// How records reach the destination.
    public enum Operation: String, Equatable, Sendable, CaseIterable, Encodable {
        /// Created once; a re-run sends only the records the id map does not hold yet.
        case insert
        /// Created or updated on the key, so a re-run changes nothing twice.
        case upsert
        /// Matched to a record that exists already (people, by e-mail); only mapped fields are updated.
        case match
        /// Created by the set-up files before any record moves (queues, their members).
        case setup
        /// Created by hand in the destination's settings (Intercom teams).
        case manual
        /// No record of its own: the rows land on the record their `joins` column points at.
        case join

        /// Whether records are sent through the destination's data API by the load.
        public var isLoaded: Bool { self == .insert || self == .upsert || self == .match }
    }

    /// One destination field filled from the export (or with a fixed value).
    public struct Field: Equatable, Sendable, Encodable {
        /// The source object (`ticket`).
        public var object: String
        /// The export column, or `nil` for a fixed value.
        public var source: String?
        /// A second column used where `source` is empty (a team's queue where no one is assigned).
        public var fallback: String?
        /// The fixed value, for `constant`.
        public var value: String?
        /// The destination field (`Case.Subject`, `ticket.assignment.admin_assignee_id`).
        public var destination: String
        /// How a value becomes the destination's.
        public var transform: FieldTransform
        /// The rows it applies to (all when `nil`).
        public var when: RecordCondition?
        /// For a lookup: the source object whose id the column holds.
        public var references: String?
        /// For a lookup: the column that names that object per row (an attachment's `parent_type`).
        public var referencesColumn: String?
        /// Whether the destination needs a value.
        public var required: Bool
        /// The most characters the destination takes.
        public var maxLength: Int?
        /// The most UTF-8 bytes the destination takes.
        public var maxBytes: Int?
        /// The destination's values, for a picklist (the platform's, or the set-up's).
        public var picklist: [String]?
        /// Whether the column holds a `;`-separated list whose items are mapped one by one.
        public var isList: Bool
        /// Each source value and the destination value it becomes, for a value map.
        public var values: [ValueMapping]
        /// The rows with a value, when known.
        public var rows: Int?
        /// Values longer than one field of a bulk job takes, when the survey counted them.
        public var overBulkLimit: Int?
        /// Where the proposal came from (catalog default, name match, values seen).
        public var origin: String
        /// Anything the customer should know.
        public var note: String?
        /// The vendor documentation the destination field's facts rest on.
        public var documentation: String?
        /// Whether the customer has confirmed it.
        public var confirmed: Bool
        /// Where it stands in the file it was read from.
        public var location: SourceLocation?

        /// Creates a field entry.
        public init(object: String, source: String?, fallback: String? = nil, value: String? = nil, destination: String, transform: FieldTransform,
                    when: RecordCondition? = nil, references: String? = nil, referencesColumn: String? = nil, required: Bool = false,
                    maxLength: Int? = nil, maxBytes: Int? = nil, picklist: [String]? = nil, isList: Bool = false, values: [ValueMapping] = [],
                    rows: Int? = nil, overBulkLimit: Int? = nil, origin: String = "catalog default", note: String? = nil,
                    documentation: String? = nil, confirmed: Bool = false, location: SourceLocation? = nil) {
            self.object = object
            self.source = source
            self.fallback = fallback
            self.value = value
            self.destination = destination
            self.transform = transform
            self.when = when
            self.references = references
            self.referencesColumn = referencesColumn
            self.required = required
            self.maxLength = maxLength
            self.maxBytes = maxBytes
            self.picklist = picklist
            self.isList = isList
            self.values = values
            self.rows = rows
            self.overBulkLimit = overBulkLimit
            self.origin = origin
            self.note = note
            self.documentation = documentation
            self.confirmed = confirmed
            self.location = location
        }

        /// The destination object (`Case` of `Case.Subject`).
        public var destinationObject: String { FieldPath(destination).object }
        /// The destination field (`Subject` of `Case.Subject`).
        public var destinationField: String { FieldPath(destination).field }

        /// What identifies the entry in a map: its object, destination and condition (a
        /// destination filled twice for the same rows is a conflict).
        public var identity: String { "\(object) → \(destination)" + (when.map { " when \($0)" } ?? "") }

        private enum CodingKeys: String, CodingKey {
            case object, source, fallback, value, destination, transform, when, references, referencesColumn = "references_column", required
            case maxLength = "max_length", maxBytes = "max_bytes", picklist, isList = "list", note, documentation
        }

        /// The destination value for `sourceValue`, when the value map has one (`nil` when it
        /// lists the value without a destination, or not at all).
        public func mapped(_ sourceValue: String) -> String? {
            values.first { $0.from == sourceValue }?.to
        }

        /// The source values the value map sends to `destinationValue`.
        public func sources(of destinationValue: String) -> [String] {
            values.filter { $0.to == destinationValue }.map(\.from)
        }
    }

    /// One source value and the destination value it becomes.
    public struct ValueMapping: Equatable, Sendable, Encodable {
        /// The value as the export holds it, byte for byte.
        public var from: String
        /// The destination value, or `nil` while the customer has to choose one.
        public var to: String?
        /// How many rows hold it, when known.
        public var rows: Int?
        /// Where the proposal came from.
        public var origin: String
        /// Where it stands in the file it was read from.
        public var location: SourceLocation?

        private enum CodingKeys: String, CodingKey {
            case from, to, rows
        }

        /// Creates a value mapping.
        public init(from: String, to: String?, rows: Int? = nil, origin: String = "catalog default", location: SourceLocation? = nil) {
            self.from = from
            self.to = to
            self.rows = rows
            self.origin = origin
            self.location = location
        }
    }

    /// A column that no destination field takes, and why.
    public struct NotCarried: Equatable, Sendable, Encodable {
        /// The source object.
        public var object: String
        /// The export column.
        public var source: String
        /// Why, and how to keep it if it is wanted.
        public var reason: String
        /// The vendor documentation the reason rests on.
        public var documentation: String?
        /// Where it stands in the file it was read from.
        public var location: SourceLocation?

        private enum CodingKeys: String, CodingKey {
            case object, source, reason, documentation
        }

        /// Creates an entry.
        public init(object: String, source: String, reason: String, documentation: String? = nil, location: SourceLocation? = nil) {
            self.object = object
            self.source = source
            self.reason = reason
            self.documentation = documentation
            self.location = location
        }
    }

    /// A field the set-up creates in the destination before any record moves.
    public struct CustomField: Equatable, Sendable, Encodable {
        /// `Case.star_rating__c`, `ticket.rt_rating__c`.
        public var field: String
        /// The label people see.
        public var label: String
        /// One of the destination's field types (`text`, `picklist`; Intercom's `string`, `list`).
        public var type: String
        /// The most characters it holds, when not the type's default.
        public var length: Int?
        /// Whether it is the object's external id, the key of every upsert.
        public var externalID: Bool
        /// Whether its values must be unique (case-insensitive).
        public var unique: Bool
        /// What it holds, in words.
        public var holds: String
        /// Where it stands in the file it was read from.
        public var location: SourceLocation?

        /// Creates a custom field.
        public init(field: String, label: String, type: String, length: Int? = nil, externalID: Bool = false, unique: Bool = false, holds: String,
                    location: SourceLocation? = nil) {
            self.field = field
            self.label = label
            self.type = type
            self.length = length
            self.externalID = externalID
            self.unique = unique
            self.holds = holds
            self.location = location
        }

        /// The destination object.
        public var object: String { FieldPath(field).object }
        /// The field's own name.
        public var name: String { FieldPath(field).field }

        private enum CodingKeys: String, CodingKey {
            case field, label, type, length, externalID = "external_id", unique, holds
        }
    }
}

extension FieldMap {
    /// Whether `field` writes anything for this account: false when it applies to the rows of a
    /// record rule that counts none (a standalone conversation's channel where every conversation
    /// lands on a ticket).
    public func writes(_ field: Field) -> Bool {
        guard let when = field.when, let rule = objects.first(where: { $0.object == field.object })?.records.first(where: { $0.when == when }) else { return true }
        return rule.rows != 0
    }
}

/// A destination field written `Object.field` (`Case.Subject`, `ticket.assignment.admin_assignee_id`):
/// the object is everything before the first dot.
public struct FieldPath: Equatable, Sendable {
    /// The destination object.
    public var object: String
    /// The field within it.
    public var field: String

    /// Splits `text` at its first dot.
    public init(_ text: String) {
        if let dot = text.firstIndex(of: ".") {
            object = String(text[..<dot])
            field = String(text[text.index(after: dot)...])
        } else {
            object = text
            field = ""
        }
    }
}
