/// The steps of a Salesforce load as the confirmed field map lays them out: for every record rule
/// that sends rows to an sObject through a Bulk API 2.0 job, the job's operation and key and the
/// columns of its CSV, each with how its value is found.
///
/// A reference to another record of the load is written as the parent's external id
/// (`Parent.external_case_id__c`), so the job needs no destination id: Bulk API 2.0 takes
/// `RelationshipName.IndexedFieldName` in a header, the relationship name being the field's
/// without `Id` (a standard field) or with `__r` for `__c`
/// ([Relationship Fields in a Header Row (2.0)](https://developer.salesforce.com/docs/platform/api-asynch/guide/relationship-fields-in-a-header-row-2-0.html)).
/// A person is written as the Id of the User matched by e-mail; a reference a relationship cannot
/// express (a polymorphic field such as `FirstPublishLocationId`) waits for the destination ids
/// of the run that loads its parent.
struct SalesforceLoadPlan {
    /// One Bulk API 2.0 job's worth of rows: one record rule of one export file.
    struct Step: Equatable {
        /// Its place in the load, from 1.
        var number: Int
        /// The source object (`ticket`) and its export file.
        var object: String
        var file: String
        /// The rows it takes (all when `nil`).
        var when: RecordCondition?
        /// The sObject (`Case`).
        var sObject: String
        /// `insert` or `upsert`.
        var operation: FieldMap.Operation
        /// The upsert's external id field (`external_case_id__c`).
        var key: String?
        /// The CSV's columns, in the order of the header.
        var columns: [Column]
        /// Whether its records are files, uploaded one a request rather than in a job.
        var isFiles: Bool
        /// What it needs before it can be written: the destination ids of the records these
        /// objects became (from the id map of the run that loaded them).
        var waitsOn: [String]
        /// For rows that land on another record (a conversation on its ticket's Case): only the
        /// first row for each record is sent, and the rest are counted.
        var firstPerRecord: Bool = false

        /// The step's file name stem: `03-Case-ticket`.
        var name: String {
            (number < 10 ? "0" : "") + "\(number)-\(sObject)-\(object)"
        }
    }

    /// One column of a step's CSV.
    struct Column: Equatable {
        /// The header: a field's API name, or `Relationship.key` for a reference.
        var header: String
        /// The map's entry that fills it.
        var field: FieldMap.Field
        /// How its value is found.
        var source: ValueSource
    }

    /// How a column's value is found.
    enum ValueSource: Equatable {
        /// The entry's own value for the row.
        case value
        /// The source id of the record referenced, as the parent's external id; `through`
        /// names the object whose rows land on another record (a conversation on its ticket).
        case externalID(object: String, through: String?)
        /// The id in the row's `column`: the record the row lands on, whose key this is.
        case joined(column: String)
        /// The Id of the destination User matched by e-mail to the source user referenced.
        case user
        /// The name of the source user referenced, for a text field.
        case userName
        /// The destination id of the record referenced, from the id map of an earlier run;
        /// `object` is `nil` where each row names its parent's kind (`parent_type`).
        case destinationID(object: String?)
        /// The address of a file's content, sent as the request's binary part (`VersionData`).
        case file
    }

    let map: FieldMap
    let platform: Platform

    /// The steps, in load order.
    func steps() -> [Step] {
        var steps: [Step] = []
        for object in map.objects {
            for rule in object.records {
                if rule.operation == .insert || rule.operation == .upsert, let sObject = rule.destination {
                    let fields = map.fields.filter { $0.object == object.object && $0.destinationObject == sObject && $0.applies(to: rule) }
                    let (columns, waits) = columns(for: fields)
                    steps.append(Step(number: steps.count + 1, object: object.object, file: object.file, when: rule.when, sObject: sObject,
                                      operation: rule.operation, key: rule.key, columns: columns, isFiles: fields.contains { $0.transform == .download },
                                      waitsOn: waits))
                } else if rule.operation == .join, let column = rule.joins, let target = joinTarget(of: object.object, column: column) {
                    // Fields of every row (no condition of their own) land on the record the row joins.
                    let fields = map.fields.filter { $0.object == object.object && $0.when == nil && $0.destinationObject == target.sObject }
                    guard !fields.isEmpty else { continue }
                    let (columns, waits) = columns(for: fields)
                    let key = Column(header: target.key, field: FieldMap.Field(object: object.object, source: column, destination: "\(target.sObject).\(target.key)",
                                                                               transform: .copy), source: .joined(column: column))
                    steps.append(Step(number: steps.count + 1, object: object.object, file: object.file, when: rule.when, sObject: target.sObject,
                                      operation: .upsert, key: target.key, columns: [key] + columns, isFiles: false, waitsOn: waits, firstPerRecord: true))
                }
            }
        }
        return steps
    }

    /// The columns `fields` fill (a field the load cannot write, such as one only the platform
    /// sets, is left out), and what the step waits on.
    private func columns(for fields: [FieldMap.Field]) -> ([Column], [String]) {
        var columns: [Column] = []
        var waits: [String] = []
        for field in fields where field.transform != .match {
            if let schema = platform.schemaField(field.destination), !schema.writable { continue }
            guard let column = column(for: field) else { continue }
            if case .destinationID(let parent) = column.source {
                let what = parent ?? "the record each row's \(field.referencesColumn ?? "parent") names"
                if !waits.contains(what) { waits.append(what) }
            }
            if !columns.contains(where: { $0.header == column.header }) { columns.append(column) }
        }
        return (columns, waits)
    }

    /// The sObject and key of the record a row of `object` lands on through `column`.
    private func joinTarget(of object: String, column: String) -> (sObject: String, key: String)? {
        guard let targetObject = ExportLayout.referencedObject(of: object, column: column),
              let rule = map.objects.first(where: { $0.object == targetObject })?.records.first(where: { $0.operation == .upsert }),
              let sObject = rule.destination, let key = rule.key
        else { return nil }
        return (sObject, key)
    }

    private func column(for field: FieldMap.Field) -> Column? {
        if field.transform == .download { return Column(header: field.destinationField, field: field, source: .file) }
        guard field.transform == .lookup else { return Column(header: field.destinationField, field: field, source: .value) }
        let isText = platform.schemaField(field.destination).map { $0.type != "reference" } ?? false
        guard let referenced = field.references else {
            // The referenced object differs row by row (a polymorphic parent): only its id will do.
            return Column(header: field.destinationField, field: field, source: .destinationID(object: nil))
        }
        if referenced == "user" {
            return Column(header: field.destinationField, field: field, source: isText ? .userName : .user)
        }
        guard !isText, let (key, through) = externalKey(of: referenced), let relationship = Self.relationshipName(of: field.destinationField) else {
            return Column(header: field.destinationField, field: field, source: .destinationID(object: referenced))
        }
        return Column(header: "\(relationship).\(key)", field: field, source: .externalID(object: referenced, through: through))
    }

    /// The external id field the records of `object` are found by, and the object whose rows
    /// land on another record's when they join (a conversation on its ticket's Case): one key
    /// for every record rule, else none.
    private func externalKey(of object: String) -> (key: String, through: String?)? {
        guard let mapped = map.objects.first(where: { $0.object == object }) else { return nil }
        var keys: Set<String> = []
        var joins = false
        for rule in mapped.records {
            if rule.operation == .join, let column = rule.joins {
                joins = true
                guard let targetObject = ExportLayout.referencedObject(of: object, column: column) else { return nil }
                // An object the export has no file of (no reviews) is joined by no row.
                guard map.objects.contains(where: { $0.object == targetObject }) else { continue }
                guard let targetKey = externalKey(of: targetObject)?.key else { return nil }
                keys.insert(targetKey)
            } else if rule.operation == .upsert, let key = rule.key {
                keys.insert(key)
            } else if rule.rows != 0 {
                return nil
            }
        }
        guard keys.count == 1, let key = keys.first else { return nil }
        return (key, joins ? object : nil)
    }

    /// `Parent` for `ParentId`, `Mother__r` for `Mother__c`; `nil` for a field that is neither.
    static func relationshipName(of field: String) -> String? {
        if field.hasSuffix("__c") { return String(field.dropLast(3)) + "__r" }
        if field.hasSuffix("Id"), field.count > 2 { return String(field.dropLast(2)) }
        return nil
    }
}
