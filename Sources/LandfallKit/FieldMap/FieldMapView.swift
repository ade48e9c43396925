/// The field map as the customer reads and signs it (`fieldmap.{html,md}`): the values still to
/// choose first, with room to write the choice; then every object of the export with what its
/// records become, each field with its own confirmation box, its value maps, the columns not
/// carried, and one record of the export before and after the map.
struct FieldMapView {
    struct Choice {
        let field: Markup
        let value, rows: String
        let options: Markup
    }
    struct Value {
        let from, to: Markup
        let rows: String
    }
    struct ValueTable { let field: String; let values: [Value] }
    struct Row {
        let source, destination: Markup
        let how, limits, rows, origin, note, state: String
        let confirmed, hasNote: Bool
    }
    struct NotCarried {
        let column: Markup
        let reason: String
    }
    struct Sample {
        let destination: Markup
        let before, after: String
    }
    struct Object {
        let name, file, rows: String
        let becomes: [Markup]
        let fields: [Row]
        let valueTables: [ValueTable]
        let notCarried: [NotCarried]
        let samples: [Sample]
        let hasValueTables, hasNotCarried, hasSamples: Bool
    }

    let title, customer, source, destination, date, summary: String
    let choices: [Choice]
    let hasChoices: Bool
    let objects: [Object]
    let signatureCustomer, signatureIssuer: String

    /// The view of `map` for `customer`; `samples` holds each data file's first record, by file.
    init(_ map: FieldMap, customer: String, sourceName: String, destinationName: String, family: DestinationFamily?, checkboxes: Set<String> = [], date: String, issuer: String,
         samples: [String: [String: String]]) {
        title = "Field map: \(customer), \(sourceName) to \(destinationName)"
        self.customer = customer
        source = sourceName
        destination = destinationName
        self.date = date
        let confirmed = map.fields.filter(\.confirmed).count
        var choices: [Choice] = []
        for field in map.fields where field.transform == .valueMap && map.writes(field) {
            for value in field.values where value.to == nil {
                choices.append(Choice(field: Markup.code("\(field.object).\(field.source ?? "")"), value: value.from, rows: value.rows.map(Format.count) ?? "",
                                      options: Markup.code(field.picklist ?? [])))
            }
        }
        self.choices = choices
        hasChoices = !choices.isEmpty
        summary = "\(Format.count(map.fields.count, "field")) in \(Format.count(map.objects.count, "kind")) of record, "
            + (confirmed == 0 ? "none confirmed yet" : "\(Format.count(confirmed)) confirmed")
            + (choices.isEmpty ? "; every value the data holds has a destination value." : "; \(Format.count(choices.count, "value")) without a destination value, to choose before anything moves (listed first).")
        let transformer = FieldValueTransformer(engine: FieldValueEngine(family: family, checkboxes: checkboxes))
        objects = map.objects.map { object in
            let fields = map.fields.filter { $0.object == object.object }
            let rows = fields.map { field -> Row in
                let limits = [field.required ? "required" : nil, field.maxLength.map { "at most \(Format.count($0)) characters" },
                              field.maxBytes.map { "at most \(Format.count($0)) bytes" }].compactMap { $0 }.joined(separator: ", ")
                var how = field.transform.words
                if let fallback = field.fallback { how += ", else \(fallback)" }
                if let when = field.when { how += " (where \(when))" }
                return Row(source: field.source.map(Markup.code) ?? "fixed value " + Markup.code(field.value ?? ""), destination: Markup.code(field.destination),
                           how: how, limits: limits,
                           rows: (field.rows ?? (field.transform == .constant ? object.rows : nil)).map(Format.count) ?? "", origin: field.origin,
                           note: field.note ?? "", state: field.confirmed ? "confirmed" : "to confirm", confirmed: field.confirmed,
                           hasNote: field.note != nil)
            }
            let tables = fields.filter { !$0.values.isEmpty }.map { field in
                ValueTable(field: field.source ?? field.destination, values: field.values.map { value in
                    Value(from: Markup.code(value.from), to: value.to.map(Markup.code) ?? Markup("to choose"), rows: value.rows.map(Format.count) ?? "")
                })
            }
            let notCarried = map.notCarried.filter { $0.object == object.object }.map { NotCarried(column: Markup.code($0.source), reason: $0.reason) }
            var sampleRows: [Sample] = []
            if let sample = samples[object.file] {
                for field in fields {
                    let before = field.source.map { sample[$0] ?? "" } ?? ""
                    let after = transformer.value(of: field, in: sample)
                    guard field.transform == .constant || !before.isEmpty || after != nil else { continue }
                    sampleRows.append(Sample(destination: Markup.code(field.destination), before: field.source.map { "\($0): \(before.isEmpty ? "(empty)" : before)" } ?? "(fixed value)",
                                             after: after ?? "not written for this record"))
                }
            }
            return Object(name: Self.name(object.object), file: object.file, rows: object.rows.map(Format.count) ?? "not counted",
                          becomes: object.records.map(Self.sentence), fields: rows, valueTables: tables, notCarried: notCarried, samples: sampleRows,
                          hasValueTables: !tables.isEmpty, hasNotCarried: !notCarried.isEmpty, hasSamples: !sampleRows.isEmpty)
        }
        signatureCustomer = customer
        signatureIssuer = issuer
    }

    /// `review_response` → `Review response`.
    static func name(_ object: String) -> String {
        let words = object.replacingOccurrences(of: "_", with: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }

    /// What a record rule does, in a sentence, its names as code.
    static func sentence(_ rule: FieldMap.RecordRule) -> Markup {
        let rows = rule.rows.map { Format.count($0, "row") } ?? "The rows"
        let which = rule.when.map { " where " + Markup.code("\($0)") } ?? Markup("")
        let what: Markup
        if let joins = rule.joins {
            what = rule.operation == .manual ? "are added by hand to the record " + Markup.code(joins) + " points at"
                : "make no record of their own: they land on the record " + Markup.code(joins) + " points at"
        } else {
            let target = Markup.code(rule.destination ?? "") + (rule.recordType.map { " (\($0))" } ?? "")
            what = switch rule.operation {
            case .insert: "become " + target + " records, inserted" + (rule.key.map { " with " + Markup.code($0) } ?? Markup(""))
            case .upsert: "become " + target + " records, upserted on " + (rule.key.map(Markup.code) ?? Markup("their key"))
            case .match: "are matched to " + target + " records that exist already"
            case .setup: "become " + target + " records, created by the set-up files"
            case .manual: "become " + target + " records, created by hand"
            case .join: Markup("make no record of their own")
            }
        }
        return rows + which + " " + what + "." + (rule.note.map { " \($0)" } ?? "")
    }
}
