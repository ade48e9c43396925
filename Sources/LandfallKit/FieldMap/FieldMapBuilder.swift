import Foundation

/// Proposes an account's field map from the catalog's pair, the manifest and (after a survey)
/// the export's profile: every data file the account has, the catalog's entries for its columns
/// with value maps built from the values the data really holds, each custom property to the
/// standard field of its name and type or to a custom field, the account's tags and review sites
/// as picklist values, and the columns not carried with their reasons. Every entry starts
/// unconfirmed.
public struct FieldMapBuilder {
    /// A finding about the account made while proposing (a name the destination cannot take),
    /// at its place in the manifest.
    public struct Finding: Equatable, Sendable {
        /// Error or warning.
        public var severity: Severity
        /// What is wrong and what was done.
        public var message: String
        /// Where in the manifest.
        public var path: KeyPath
    }

    /// The pair.
    public let pair: MigrationPair
    /// The source platform.
    public let source: Platform
    /// The destination platform.
    public let destination: Platform
    /// The account.
    public let manifest: Manifest
    /// The export's profile, after a survey.
    public let profile: ExportProfile?
    /// The longest custom-field API name the destination takes (Salesforce).
    public let apiNameMaxLength: Int
    /// The longest tag (or picklist value) the destination takes.
    public let tagMaxLength: Int

    /// Creates a builder.
    public init(pair: MigrationPair, source: Platform, destination: Platform, manifest: Manifest, profile: ExportProfile?, apiNameMaxLength: Int,
                tagMaxLength: Int) {
        self.pair = pair
        self.source = source
        self.destination = destination
        self.manifest = manifest
        self.profile = profile
        self.apiNameMaxLength = apiNameMaxLength
        self.tagMaxLength = tagMaxLength
    }

    /// The proposed map and the findings made on the way.
    public func build() -> (map: FieldMap, findings: [Finding]) {
        var findings: [Finding] = []
        let objects = mappedObjects()
        let present = Set(objects.map(\.object))
        let tagValues = tagValues(&findings)
        var fields: [FieldMap.Field] = []
        for mapping in pair.fieldMap where present.contains(mapping.object) {
            fields.append(field(for: mapping, tagValues: tagValues))
        }
        var customFields = pair.customFields.filter { definition in fields.contains { $0.destination == definition.field } }
        let properties = propertyFields(&findings, taken: Set(customFields.map { $0.field.lowercased() }))
        fields += properties.fields
        customFields += properties.customFields
        let order = Dictionary(objects.enumerated().map { ($0.element.object, $0.offset) }, uniquingKeysWith: { first, _ in first })
        fields = fields.enumerated().sorted { (order[$0.element.object] ?? .max, $0.offset) < (order[$1.element.object] ?? .max, $1.offset) }.map(\.element)
        let notCarried = pair.fieldsNotCarried.filter { present.contains($0.object) }
            .enumerated().sorted { (order[$0.element.object] ?? .max, $0.offset) < (order[$1.element.object] ?? .max, $1.offset) }.map(\.element)
        let map = FieldMap(source: pair.source, destination: pair.destination, objects: objects, customFields: customFields, fields: fields,
                           notCarried: notCarried)
        return (map, findings)
    }

    // MARK: - Objects and their records

    /// The export's data files the account has, in load order, each with its record rules.
    private func mappedObjects() -> [FieldMap.MappedObject] {
        let model = manifest.destination.platform == pair.destination ? manifest.destination.conversationModel : nil
        var objects: [(position: Int, object: FieldMap.MappedObject)] = []
        for file in ExportLayout.dataFiles {
            guard let object = file.object, let mapping = pair.mapping(for: object) else { continue }
            let profiled = profile?.files.first { $0.file == file.name }
            if profile != nil && profiled == nil { continue }
            let rows = profiled?.rows ?? manifestRows(of: object)
            if profile == nil && rows == 0 { continue }
            let rules = mapping.records.filter { $0.conversationModel == nil || $0.conversationModel == (model ?? .conversationFirst) }.map { entry in
                var rule = entry.rule
                rule.rows = ruleRows(rule, of: object, rows: rows, file: profiled)
                return rule
            }
            objects.append((position(of: object), FieldMap.MappedObject(object: object, file: file.name, rows: rows, records: rules)))
        }
        return objects.enumerated().sorted { ($0.element.position, $0.offset) < ($1.element.position, $1.offset) }.map(\.element.object)
    }

    /// The load position of `object`, or of the mapping that carries it.
    private func position(of object: String) -> Int {
        if let position = pair.loadPosition(of: object) { return position }
        let carrier = pair.allMappings.first { $0.carries.contains(object) }?.sourceObject
        return carrier.flatMap(pair.loadPosition(of:)) ?? .max
    }

    /// The manifest's count of `object`'s records (a team's members are counted from the teams).
    private func manifestRows(of object: String) -> Int? {
        if object == "team_member" { return manifest.teams.map { $0.reduce(0) { $0 + $1.members.count } } }
        return source.object(object)?.countKey.map { manifest.counts[$0] }
    }

    /// The rows a rule applies to: all of them without a condition; from the profile's counts
    /// where it has them; else from the manifest's breakdown of conversations and messages.
    private func ruleRows(_ rule: FieldMap.RecordRule, of object: String, rows: Int?, file: ExportProfile.File?) -> Int? {
        guard let condition = rule.when else { return rows }
        if let file { return RowCount(file: file).rows(meeting: condition) }
        return ManifestBreakdown(manifest: manifest).rows(of: object, meeting: condition, of: rows)
    }

    // MARK: - Fields

    /// The account's entry for one of the catalog's.
    private func field(for mapping: FieldMapping, tagValues: [FieldMap.ValueMapping]) -> FieldMap.Field {
        let schemaField = destination.schemaField(mapping.destination)
        let column = mapping.source.flatMap { profile?.column($0, of: mapping.object) }
        var entry = mapping.entry
        entry.maxLength = mapping.maxLength ?? (schemaField?.lengthInBytes == false ? schemaField?.length : nil)
        entry.maxBytes = mapping.maxBytes ?? (schemaField?.lengthInBytes == true ? schemaField?.length : nil)
        entry.documentation = mapping.documentation ?? schemaField?.documentation
        if mapping.transform == .constant {
            entry.rows = nil
        } else if let column {
            entry.rows = column.rows - column.empty
            // A field for some rows only counts no more of them than its condition selects.
            if let when = mapping.when, let file = profile?.files.first(where: { $0.file == ExportLayout.file(of: mapping.object) }),
               let selected = RowCount(file: file).rows(meeting: when) {
                entry.rows = min(entry.rows ?? selected, selected)
            }
            entry.overBulkLimit = column.valuesOverBulkLimit
        } else if profile == nil {
            entry.rows = nil
        }
        if mapping.transform == .valueMap {
            entry.values = mapping.isList ? tagValues : values(for: mapping, seen: column?.values, customPicklist: isCustomPicklist(mapping.destination))
        }
        entry.picklist = picklist(for: mapping, schemaField: schemaField, values: entry.values)
        return entry
    }

    /// Whether the set-up creates the destination field as a picklist (its values are the map's).
    private func isCustomPicklist(_ field: String) -> Bool {
        guard let definition = pair.customFields.first(where: { $0.field == field }) else { return false }
        return ["picklist", "multi_picklist", "list"].contains(definition.type)
    }

    /// A value map's entries: every value the data holds (casing variants and rare ones included),
    /// each with the catalog's proposal or none; without a profile, the catalog's own values (and
    /// the account's review sites for a review's platform).
    private func values(for mapping: FieldMapping, seen: [ColumnProfile.ValueCount]?, customPicklist: Bool) -> [FieldMap.ValueMapping] {
        func proposal(_ value: String) -> (to: String?, origin: String) {
            if let exact = mapping.values[value] { return (exact, "catalog default") }
            if let folded = mapping.values[value.lowercased()] { return (folded, "casing variant of \(value.lowercased()), catalog default") }
            if customPicklist { return (value, "seen in the data, a new value of the picklist the set-up creates") }
            return (nil, "seen in the data, no proposal: choose a value")
        }
        if let seen {
            return seen.map { value in
                let proposed = proposal(value.value)
                return FieldMap.ValueMapping(from: value.value, to: proposed.to, rows: value.count, origin: proposed.origin)
            }
        }
        if mapping.object == "review", mapping.source == "platform", let sources = manifest.reviewSources {
            return sources.map { site in
                let proposed = proposal(site.platform)
                return FieldMap.ValueMapping(from: site.platform, to: proposed.to, rows: site.count, origin: proposed.origin == "catalog default" ? "review site of the account, catalog default" : proposed.origin)
            }
        }
        return mapping.values.sorted { $0.key < $1.key }.map { FieldMap.ValueMapping(from: $0.key, to: $0.value) }
    }

    /// The values a value map may send to: the catalog's, else the schema's (with the proposed
    /// values the set-up adds to a standard value set), else, for a field the set-up creates,
    /// the proposed values themselves.
    private func picklist(for mapping: FieldMapping, schemaField: SchemaField?, values: [FieldMap.ValueMapping]) -> [String]? {
        guard mapping.transform == .valueMap || (mapping.transform == .constant && schemaField?.isPicklist == true) else { return nil }
        if let picklist = mapping.picklist { return picklist }
        let proposed = (values.compactMap(\.to) + [mapping.value].compactMap { $0 }).uniqued(caseInsensitive: false)
        if let schemaField, schemaField.isPicklist {
            return schemaField.valueSet == nil ? schemaField.values : (schemaField.values + proposed).uniqued(caseInsensitive: false)
        }
        if schemaField?.type == "tags" { return nil }
        return proposed
    }

    /// Each of the account's tags and the value it becomes: cut to the destination's length, and
    /// for a picklist without the semicolon that separates selected values; two tags that become
    /// one value are a finding.
    private func tagValues(_ findings: inout [Finding]) -> [FieldMap.ValueMapping] {
        let isPicklist = destination.family == .salesforce
        var seen: [String: String] = [:]
        return (manifest.tags ?? []).enumerated().map { index, tag in
            var notes: [String] = []
            var name = tag.name
            if isPicklist, name.contains(";") {
                name = name.replacingOccurrences(of: ";", with: ",")
                notes.append("holds a semicolon, which separates multi-select values: written with a comma")
            }
            if name.count > tagMaxLength {
                name = String(name.prefix(tagMaxLength))
                notes.append("is longer than \(tagMaxLength) characters: truncated")
            }
            if let earlier = seen[name.lowercased()] {
                notes.append(earlier == name ? "is the same as \"\(earlier)\" after truncation" : "is the same as \"\(earlier)\" ignoring case")
            } else {
                seen[name.lowercased()] = name
            }
            let path = KeyPath(components: [.key("tags"), .index(index), .key("name")])
            for note in notes { findings.append(Finding(severity: .warning, message: "the tag \(NodeDecoder.quoted(tag.name)) \(note)", path: path)) }
            return FieldMap.ValueMapping(from: tag.name, to: name, rows: tag.usage, origin: notes.isEmpty ? "a tag of the account" : "a tag of the account; it " + notes.joined(separator: "; it "))
        }
    }

    // MARK: - Custom properties

    /// Each custom property the export's tickets carry, to the standard field of the same name
    /// and type, else to a custom field named after its key.
    private func propertyFields(_ findings: inout [Finding], taken: Set<String>) -> (fields: [FieldMap.Field], customFields: [FieldMap.CustomField]) {
        guard let ticketObject = pair.fieldMap.first(where: { $0.object == "ticket" && $0.source == "id" })?.destination,
              profile.map({ $0.files.contains { $0.file == "tickets.csv" } }) ?? true
        else { return ([], []) }
        let target = FieldPath(ticketObject).object
        var taken = taken
        var fields: [FieldMap.Field] = []
        var customFields: [FieldMap.CustomField] = []
        for (index, property) in (manifest.customProperties ?? []).enumerated() where (property.appliesTo ?? ["ticket"]).contains("ticket") {
            let column = "custom.\(property.key)"
            if let profile, profile.column(column, of: "ticket") == nil { continue }
            let path = KeyPath(components: [.key("custom_properties"), .index(index), .key("key")])
            let seen = profile?.column(column, of: "ticket")
            var entry = FieldMap.Field(object: "ticket", source: column, destination: "", transform: .copy, rows: seen.map { $0.rows - $0.empty },
                                       origin: "custom property \(property.key)")
            if property.appliesTo?.contains(where: { $0 != "ticket" }) == true {
                entry.note = "Only the tickets' values are in the export; \(property.appliesTo!.filter { $0 != "ticket" }.joined(separator: ", ")) values are not."
            }
            let typed = pair.propertyType(property.type)
            if let standard = standardField(for: property, on: target) {
                entry.destination = "\(target).\(standard.name)"
                entry.origin += ", name and type match \(target).\(standard.name)"
                entry.documentation = standard.documentation ?? destination.schemaObject(target)?.documentation
            } else if let name = customFieldName(for: property, at: path, taken: &taken, findings: &findings) {
                entry.destination = "\(target).\(name)"
                entry.origin += ", name match" + (typed.map { " (\($0.destination))" } ?? "")
                customFields.append(FieldMap.CustomField(field: entry.destination, label: property.label ?? property.key,
                                                         type: destination.family == .salesforce ? property.type.rawValue : typed?.destination ?? "string",
                                                         holds: "the custom property \(property.key)"))
            } else {
                continue
            }
            switch property.type {
            case .picklist, .multiPicklist:
                entry.transform = .valueMap
                entry.isList = property.type == .multiPicklist
                var values = (property.options ?? []).map { option in
                    FieldMap.ValueMapping(from: option, to: option, rows: seen?.values?.first { $0.value == option }?.count, origin: "a picklist option, kept as it is")
                }
                if !entry.isList {
                    for value in seen?.values ?? [] where !(property.options ?? []).contains(value.value) {
                        values.append(FieldMap.ValueMapping(from: value.value, to: nil, rows: value.count, origin: "seen in the data, not an option: choose a value"))
                    }
                }
                entry.values = values
                entry.picklist = (property.options ?? []).uniqued(caseInsensitive: false)
            case .checkbox, .number, .date:
                entry.transform = .typeConversion
            case .datetime:
                entry.transform = destination.family == .intercom ? .unixSeconds : .timeZoneToUTC
            case .text, .url, .email:
                entry.transform = .truncate
                entry.maxLength = 255
            case .longText:
                entry.transform = .copy
            }
            fields.append(entry)
        }
        return (fields, customFields)
    }

    /// The standard field of `object` whose name or label is the property's key or label, of the
    /// same type (a checkbox "Escalated" is `IsEscalated`).
    private func standardField(for property: CustomProperty, on object: String) -> SchemaField? {
        func words(_ text: String) -> String { text.lowercased().filter { $0.isLetter || $0.isNumber } }
        let wanted = Set([property.key, property.label].compactMap { $0 }.map(words))
        return destination.schemaObject(object)?.fields.first { field in
            guard field.writable, field.type == property.type.rawValue || (field.type == "string" && property.type == .text) else { return false }
            var names = [words(field.name)] + [field.label].compactMap { $0 }.map(words)
            if field.name.hasPrefix("Is") { names.append(words(String(field.name.dropFirst(2)))) }
            return names.contains { wanted.contains($0) }
        }
    }

    /// The custom field's name for `property`, made valid and unique for the destination, or
    /// `nil` (with an error) when nothing of the key can make one.
    private func customFieldName(for property: CustomProperty, at path: KeyPath, taken: inout Set<String>, findings: inout [Finding]) -> String? {
        let object = FieldPath(pair.fieldMap.first { $0.object == "ticket" && $0.source == "id" }?.destination ?? "").object
        switch destination.family {
        case .salesforce:
            var name: String
            if let cleaned = SalesforceNames.clean(property.key, maxLength: apiNameMaxLength, prefix: "f_") {
                name = cleaned
                if cleaned != property.key {
                    findings.append(Finding(severity: .warning, message: "the key \"\(property.key)\" is not a valid API name as it stands; \(cleaned)__c is used", path: path))
                }
            } else {
                name = "property_\((manifest.customProperties ?? []).firstIndex { $0.key == property.key }.map { $0 + 1 } ?? 1)"
                findings.append(Finding(severity: .warning, message: "the custom property key \"\(property.key)\" has no letters or digits to make an API name from; \(name)__c is used instead", path: path))
            }
            let unique = SalesforceNames.unique(name, taken: Set(taken.compactMap { field in
                field.hasPrefix(object.lowercased() + ".") && field.hasSuffix("__c") ? String(field.dropFirst(object.count + 1).dropLast(3)) : nil
            }), maxLength: apiNameMaxLength)
            if unique != name {
                findings.append(Finding(severity: .warning, message: "\(name)__c is already used by another field; \(unique)__c is used instead", path: path))
            }
            taken.insert("\(object).\(unique)__c".lowercased())
            return unique + "__c"
        case .intercom:
            let name = IntercomNames.clean(property.key)
            if name.isEmpty {
                findings.append(Finding(severity: .error, message: "the custom property key \"\(property.key)\" has nothing left once the characters Intercom refuses in attribute names (\(IntercomNames.forbidden), control characters) are removed; give it a name with letters or digits", path: path))
                return nil
            }
            if taken.contains("\(object).\(name)".lowercased()) {
                let properties = manifest.customProperties ?? []
                let index = properties.firstIndex { IntercomNames.clean($0.key).lowercased() == name.lowercased() && $0.key != property.key } ?? 0
                let other = KeyPath(components: [.key("custom_properties"), .index(index), .key("key")])
                findings.append(Finding(severity: .error, message: "the custom property keys \"\(properties[index].key)\" (\(other)) and \"\(property.key)\" both become the Intercom attribute \"\(name)\"; rename one of them", path: path))
                return nil
            }
            if name != property.key {
                findings.append(Finding(severity: .warning, message: "Intercom attribute names may not contain \(IntercomNames.forbidden) or control characters: \(name) is used", path: path))
            }
            taken.insert("\(object).\(name)".lowercased())
            return name
        case nil:
            return property.key
        }
    }
}

/// The rows of one file that meet a condition, from its profile: exact for one clause on a column
/// whose values are listed (or on empty cells); for "empty" or "set" on two columns, counted as
/// if no row had both set (the export's own rule for conversations: inside a ticket, a review,
/// or neither).
struct RowCount {
    let file: ExportProfile.File

    func rows(meeting condition: RecordCondition) -> Int? {
        func column(_ name: String) -> ColumnProfile? { file.columns.first { $0.column == name } }
        func count(_ clause: RecordCondition.Clause) -> Int? {
            guard let column = column(clause.column) else {
                // A column the file lacks is empty in every row.
                switch clause {
                case .isEmpty, .notEquals: return file.rows
                case .isSet, .equals: return 0
                }
            }
            switch clause {
            case .isEmpty: return column.empty
            case .isSet: return column.rows - column.empty
            case .equals(_, let value): return column.values.map { $0.first { $0.value == value }?.count ?? 0 }
            case .notEquals(_, let value): return column.values.map { file.rows - ($0.first { $0.value == value }?.count ?? 0) }
            }
        }
        switch condition.clauses.count {
        case 1: return count(condition.clauses[0])
        case 2:
            let (first, second) = (condition.clauses[0], condition.clauses[1])
            guard let emptyFirst = column(first.column).map({ $0.empty }) ?? Optional(file.rows),
                  let emptySecond = column(second.column).map({ $0.empty }) ?? Optional(file.rows)
            else { return nil }
            let bothEmpty = max(0, emptyFirst + emptySecond - file.rows)
            switch (first, second) {
            case (.isEmpty, .isEmpty): return bothEmpty
            case (.isEmpty, .isSet): return emptyFirst - bothEmpty
            case (.isSet, .isEmpty): return emptySecond - bothEmpty
            default: return nil
            }
        default: return nil
        }
    }
}

/// The rows a condition selects when only the manifest is known: its breakdown counts of
/// conversations that stand alone and of internal messages, or (without them) the assumption
/// that states it.
struct ManifestBreakdown {
    let manifest: Manifest

    func rows(of object: String, meeting condition: RecordCondition, of total: Int?) -> Int? {
        guard let total else { return nil }
        let counts = manifest.counts
        switch object {
        case "conversation":
            let standalone = counts.isGiven(.standaloneConversations) ? counts[.standaloneConversations]
                : max(0, counts[.conversations] - counts[.tickets] - counts[.reviews])
            if condition.clauses.allSatisfy({ if case .isEmpty = $0 { true } else { false } }) { return min(total, standalone) }
            return nil
        case "message":
            let internalCount = min(total, counts[.internalMessages])
            if condition.clauses == [.equals("internal", "true")] { return internalCount }
            if condition.clauses == [.notEquals("internal", "true")] { return total - internalCount }
            return nil
        default:
            return nil
        }
    }
}
