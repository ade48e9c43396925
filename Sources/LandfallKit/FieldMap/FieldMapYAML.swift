import Foundation

/// Writes a field map as `fieldmap.yaml`: the objects with their record rules, the custom fields
/// the set-up creates, every field entry with its value map, and the columns not carried, each
/// entry as a tool reads it back, with comments saying where each proposal came from.
struct FieldMapYAML {
    let map: FieldMap
    /// The header's words: the customer, the platforms' names and the date.
    let customer: String
    let sourceName: String
    let destinationName: String
    let date: String

    /// The YAML text.
    var text: String {
        var lines = [
            "# Field map: \(Self.comment(customer)), \(Self.comment(sourceName)) to \(Self.comment(destinationName)). Proposed on \(date).",
            "# Every field stays `confirmed: false` until the customer confirms it; a value map lists every",
            "# value the data holds, and a value without a destination (`to: null`) must be chosen.",
            "# `objects` says what each data file's rows become; `not_carried` lists the columns no",
            "# destination field takes. Re-running survey or fieldmap keeps what is confirmed here.",
            "field_map_version: 1",
            "source: \(Self.scalar(map.source))",
            "destination: \(Self.scalar(map.destination))",
            "objects:",
        ]
        for object in map.objects {
            lines.append("  - object: \(Self.scalar(object.object))")
            lines.append("    file: \(Self.scalar(object.file))")
            if let rows = object.rows { lines.append("    rows: \(rows)") }
            if let note = object.note { lines.append("    note: \(Self.scalar(note))") }
            lines.append("    records:")
            for rule in object.records {
                var parts: [String] = []
                if let when = rule.when { parts.append("when: \(Self.scalar(when.description))") }
                if let destination = rule.destination { parts.append("destination: \(Self.scalar(destination))") }
                if let joins = rule.joins { parts.append("joins: \(Self.scalar(joins))") }
                if let recordType = rule.recordType { parts.append("record_type: \(Self.scalar(recordType))") }
                parts.append("operation: \(rule.operation.rawValue)")
                if let key = rule.key { parts.append("key: \(Self.scalar(key))") }
                if let rows = rule.rows { parts.append("rows: \(rows)") }
                if let note = rule.note { parts.append("note: \(Self.scalar(note))") }
                lines.append("      - { " + parts.joined(separator: ", ") + " }")
            }
        }
        lines.append("custom_fields:" + (map.customFields.isEmpty ? " []" : ""))
        for field in map.customFields {
            var parts = ["field: \(Self.scalar(field.field))", "label: \(Self.scalar(field.label))", "type: \(Self.scalar(field.type))"]
            if let length = field.length { parts.append("length: \(length)") }
            if field.externalID { parts.append("external_id: true") }
            if field.unique { parts.append("unique: true") }
            parts.append("holds: \(Self.scalar(field.holds))")
            lines.append("  - { " + parts.joined(separator: ", ") + " }")
        }
        lines.append("fields:" + (map.fields.isEmpty ? " []" : ""))
        for field in map.fields {
            lines.append("  - object: \(Self.scalar(field.object))")
            if let source = field.source { lines.append("    source: \(Self.scalar(source))") }
            if let fallback = field.fallback { lines.append("    fallback: \(Self.scalar(fallback))") }
            if let value = field.value { lines.append("    value: \(Self.scalar(value))") }
            lines.append("    destination: \(Self.scalar(field.destination))  # \(Self.comment(field.origin))")
            lines.append("    transform: \(field.transform.rawValue)")
            if let when = field.when { lines.append("    when: \(Self.scalar(when.description))") }
            if let references = field.references { lines.append("    references: \(Self.scalar(references))") }
            if let column = field.referencesColumn { lines.append("    references_column: \(Self.scalar(column))") }
            if field.required { lines.append("    required: true") }
            if let maxLength = field.maxLength { lines.append("    max_length: \(maxLength)") }
            if let maxBytes = field.maxBytes { lines.append("    max_bytes: \(maxBytes)") }
            if field.isList { lines.append("    list: true") }
            if let rows = field.rows { lines.append("    rows: \(rows)") }
            if let over = field.overBulkLimit, over > 0 { lines.append("    values_over_32000_characters: \(over)") }
            if let picklist = field.picklist { lines.append("    picklist: [" + picklist.map(Self.scalar).joined(separator: ", ") + "]") }
            if let note = field.note { lines.append("    note: \(Self.scalar(note))") }
            if let documentation = field.documentation { lines.append("    documentation: \(Self.scalar(documentation))") }
            if !field.values.isEmpty {
                lines.append("    values:")
                for value in field.values {
                    let rows = value.rows.map { ", rows: \($0)" } ?? ""
                    lines.append("      - { from: \(Self.scalar(value.from)), to: \(value.to.map(Self.scalar) ?? "null")\(rows) }  # \(Self.comment(value.origin))")
                }
            }
            lines.append("    confirmed: \(field.confirmed)")
        }
        lines.append("not_carried:" + (map.notCarried.isEmpty ? " []" : ""))
        for field in map.notCarried {
            var parts = ["object: \(Self.scalar(field.object))", "source: \(Self.scalar(field.source))", "reason: \(Self.scalar(field.reason))"]
            if let documentation = field.documentation { parts.append("documentation: \(Self.scalar(documentation))") }
            lines.append("  - { " + parts.joined(separator: ", ") + " }")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A YAML scalar that reads back as exactly `text`: plain when it is ASCII words no YAML
    /// reader takes for a number, a boolean, a null or a date; else double-quoted, with every
    /// character a reader could fold or drop (controls, line and paragraph separators, the byte
    /// order mark) escaped.
    static func scalar(_ text: String) -> String {
        let reserved: Set<String> = ["true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"]
        let plain = !text.isEmpty && text.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "._-/ ".unicodeScalars.contains($0)) }
            && !text.hasPrefix(" ") && !text.hasSuffix(" ") && !text.contains("  ") && !reserved.contains(text.lowercased())
            && text.first.map { $0.isLetter || $0 == "_" || $0 == "/" } == true
        if plain { return text }
        var quoted = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": quoted += "\\\""
            case "\\": quoted += "\\\\"
            case "\n": quoted += "\\n"
            case "\t": quoted += "\\t"
            case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029 || scalar.value == 0xFEFF:
                quoted += String(format: "\\u%04X", scalar.value)
            default: quoted.unicodeScalars.append(scalar)
            }
        }
        return quoted + "\""
    }

    /// Text for a comment: one line, no character that ends a line.
    static func comment(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { scalar in
            scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029 ? " " : scalar
        }))
    }
}
