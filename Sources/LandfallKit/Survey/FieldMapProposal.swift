import Foundation

/// The proposed field map for one account (`fieldmap.yaml`): every field of the catalog's map for
/// the pair, each custom property to its custom field, and value maps built from the values the
/// data really holds; every entry `confirmed: false` until the customer confirms it. Written as
/// YAML for people, with comments saying where each proposal came from.
public struct FieldMapProposal: Sendable {
    /// One source value and the destination value proposed for it.
    public struct ValueEntry: Sendable {
        public var from: String
        /// `nil` when nothing is proposed: the customer chooses.
        public var to: String?
        public var rows: Int?
        /// Where the proposal came from.
        public var origin: String
    }

    /// One field.
    public struct Entry: Sendable {
        public var object: String
        public var source: String
        public var destination: String
        public var transform: FieldMapping.Transform
        public var required: Bool
        public var maxLength: Int?
        public var values: [ValueEntry]
        /// Where the proposal came from.
        public var origin: String
        public var note: String?
    }

    public var customer: String
    public var source: String
    public var destination: String
    public var sourceName: String
    public var destinationName: String
    public var date: String
    public var entries: [Entry]
    /// The export's fields that no destination field takes, with the catalog's reasons (those the
    /// export holds, when a profile says which).
    public var notCarried: [FieldNotCarried]

    /// The proposal for `manifest` on `pair`, with the values `profile` saw (when given).
    public init(manifest: Manifest, pair: MigrationPair, sourceName: String, destinationName: String, profile: ExportProfile?, date: String) {
        self.sourceName = sourceName
        customer = manifest.customer.name
        source = pair.source
        destination = pair.destination
        self.destinationName = destinationName
        self.date = date
        func seen(_ object: String, _ column: String) -> [ColumnProfile.ValueCount]? {
            profile?.column(column, of: object)?.values
        }
        var entries: [Entry] = pair.fieldMap.map { mapping in
            var values: [ValueEntry] = []
            if mapping.transform == .valueMap, mapping.picklist != nil {
                var listed: Set<String> = []
                for value in seen(mapping.object, mapping.source) ?? [] {
                    listed.insert(value.value.lowercased())
                    if let proposal = mapping.values[value.value.lowercased()] {
                        let variant = mapping.values[value.value] == nil
                        values.append(ValueEntry(from: value.value, to: proposal, rows: value.count,
                                                 origin: variant ? "casing variant of \(value.value.lowercased()), catalog default" : "catalog default"))
                    } else {
                        values.append(ValueEntry(from: value.value, to: nil, rows: value.count, origin: "seen in the data, no proposal: choose a value"))
                    }
                }
                if profile == nil {
                    for (key, value) in mapping.values.sorted(by: { $0.key < $1.key }) where !listed.contains(key) {
                        values.append(ValueEntry(from: key, to: value, rows: nil, origin: "catalog default"))
                    }
                }
            }
            return Entry(object: mapping.object, source: mapping.source, destination: mapping.destination, transform: mapping.transform,
                         required: mapping.required, maxLength: mapping.maxLength, values: values, origin: "catalog default", note: mapping.note)
        }
        let caseObject = pair.fieldMap.first { $0.object == "ticket" }?.destination.split(separator: ".").first.map(String.init) ?? "ticket"
        for property in manifest.customProperties ?? [] where (property.appliesTo ?? ["ticket"]).contains("ticket") {
            let fieldName = pair.destination == "intercom" ? property.label ?? property.key
                : (SalesforceNames.clean(property.key, maxLength: 40, prefix: "F_") ?? property.key) + "__c"
            let typed = pair.propertyType(property.type)
            var values: [ValueEntry] = []
            if property.type == .picklist || property.type == .multiPicklist {
                let observed = seen("ticket", "custom.\(property.key)") ?? []
                for option in property.options ?? [] {
                    values.append(ValueEntry(from: option, to: option, rows: observed.first { $0.value == option }?.count, origin: "a picklist option, kept as it is"))
                }
                for value in observed where !(property.options ?? []).contains(value.value) {
                    values.append(ValueEntry(from: value.value, to: nil, rows: value.count, origin: "seen in the data, not an option: choose a value"))
                }
            }
            entries.append(Entry(object: "ticket", source: "custom.\(property.key)", destination: "\(caseObject).\(fieldName)",
                                 transform: values.isEmpty ? (property.type == .text ? .copy : .typeConversion) : .valueMap, required: false, maxLength: nil,
                                 values: values, origin: "custom property \(property.key), name match" + (typed.map { " (\($0.destination))" } ?? ""), note: nil))
        }
        self.entries = entries
        notCarried = pair.fieldsNotCarried.filter { field in profile.map { $0.column(field.source, of: field.object) != nil } ?? true }
    }

    /// The YAML text.
    public var yaml: String {
        var lines = [
            "# Field map: \(Self.comment(customer)), \(sourceName) to \(destinationName). Proposed on \(date).",
            "# Every entry stays `confirmed: false` until the customer confirms it; a value map lists every",
            "# value the data holds, and a value without a destination (`to: null`) must be chosen.",
            "field_map_version: 1",
            "source: \(Self.scalar(source))",
            "destination: \(Self.scalar(destination))",
            "fields:",
        ]
        for entry in entries {
            lines.append("  - object: \(Self.scalar(entry.object))")
            lines.append("    source: \(Self.scalar(entry.source))")
            lines.append("    destination: \(Self.scalar(entry.destination))  # \(Self.comment(entry.origin))")
            lines.append("    transform: \(entry.transform.rawValue)")
            if entry.required { lines.append("    required: true") }
            if let maxLength = entry.maxLength { lines.append("    max_length: \(maxLength)") }
            if let note = entry.note { lines.append("    # \(Self.comment(note))") }
            if !entry.values.isEmpty {
                lines.append("    values:")
                for value in entry.values {
                    let rows = value.rows.map { ", rows: \($0)" } ?? ""
                    lines.append("      - { from: \(Self.scalar(value.from)), to: \(value.to.map(Self.scalar) ?? "null")\(rows) }  # \(Self.comment(value.origin))")
                }
            }
            lines.append("    confirmed: false")
        }
        if !notCarried.isEmpty {
            lines.append("# Not carried: no destination field takes these, for the reason given.")
            for field in notCarried { lines.append("#   \(field.object).\(field.source): \(Self.comment(field.reason))") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A YAML scalar: plain when safe, else double-quoted with escapes.
    static func scalar(_ text: String) -> String {
        let plain = !text.isEmpty && text.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "._-/ ".unicodeScalars.contains($0)) }
            && !text.hasPrefix(" ") && !text.hasSuffix(" ") && !["true", "false", "null", "yes", "no", "on", "off", "~"].contains(text.lowercased())
            && Double(text) == nil && text.first.map { !"-.".contains($0) } == true
        if plain { return text }
        var quoted = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": quoted += "\\\""
            case "\\": quoted += "\\\\"
            case "\n": quoted += "\\n"
            case _ where scalar.value < 0x20: quoted += String(format: "\\x%02X", scalar.value)
            default: quoted.unicodeScalars.append(scalar)
            }
        }
        return quoted + "\""
    }

    /// Text for a comment: one line.
    private static func comment(_ text: String) -> String {
        text.replacingOccurrences(of: "\n", with: " ")
    }
}

extension FieldMapProposal {
    /// The proposal for `manifest` on `pair`, named by the catalog: `yamlName` and, with a renderer,
    /// `fieldmap.{html,md}` for the customer.
    static func files(for manifest: Manifest, pair: MigrationPair, catalog: Catalog, profile: ExportProfile?, date: Date, renderer: DocumentRenderer?,
                      yamlName: String = "fieldmap.yaml") throws(TemplateFailure) -> [OutputWriter.File]
    {
        let proposal = FieldMapProposal(manifest: manifest, pair: pair, sourceName: catalog.platform(pair.source)?.name ?? pair.source,
                                        destinationName: catalog.platform(pair.destination)?.name ?? pair.destination, profile: profile,
                                        date: Calendar.day(date))
        return [OutputWriter.File(path: yamlName, text: proposal.yaml)] + (try renderer?.renderFieldMap(proposal) ?? [])
    }
}
