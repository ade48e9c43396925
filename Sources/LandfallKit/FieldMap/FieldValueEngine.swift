import Foundation

/// What one field map entry writes for one source record: the exact value the load sends, a
/// reference still to resolve, a file to upload, or why the destination cannot take it. The load
/// files and the before-and-after sample the customer signs both come from here, so the two never
/// disagree.
struct FieldValueEngine {
    /// What an entry writes for a record.
    enum Outcome: Equatable {
        /// The value, exactly as the destination takes it; `changed` says how it was changed to
        /// fit (cut at the field's length), when it was.
        case value(String, changed: Change?)
        /// The entry does not apply to the record, or the record holds nothing for it.
        case nothing
        /// The destination id of the record made from `sourceID` of `object` (a lookup).
        case reference(object: String, sourceID: String)
        /// The file at the URL, to upload as the record's content.
        case file(String)
        /// Not written: the value finds a destination record that exists already.
        case matchOnly(String)
        /// The destination cannot take what the record holds.
        case problem(Problem)
    }

    /// How a value was changed to fit, as the confirmed map says it may be.
    enum Change: Equatable {
        case cut(from: Int, to: Int)
    }

    /// Why a value cannot be written.
    enum Problem: Equatable {
        /// The value map has no destination value for it.
        case unmapped(String)
        /// The value is no timestamp.
        case notATimestamp(String)
        /// Longer than the field takes, and the map does not say to cut it.
        case tooLong(characters: Int, limit: Int)
        /// The field needs a value and the record holds none.
        case missing
        /// Not one of the picklist's values.
        case notInPicklist(String)

        /// In words, for a finding.
        var words: String {
            switch self {
            case .unmapped(let value): "the value \(NodeDecoder.quoted(value)) has no destination value in the field map"
            case .notATimestamp(let value): "\(NodeDecoder.quoted(value)) is not a timestamp"
            case .tooLong(let characters, let limit): "the value holds \(Format.count(characters)) characters and the field takes \(Format.count(limit)); the map does not say to cut it"
            case .missing: "the field needs a value and the record holds none"
            case .notInPicklist(let value): "\(NodeDecoder.quoted(value)) is not one of the field's picklist values"
            }
        }
    }

    /// The destination platform's family: how timestamps are written.
    let family: DestinationFamily?
    /// The destination fields that take `true` or `false` (a checkbox, a boolean attribute): a
    /// type conversion writes a checkbox's words (`yes`, `1`) as those; any other field keeps the
    /// value, so that a 1-star rating stays 1.
    var checkboxes: Set<String> = []

    /// An engine for `family` whose conversions know `checkboxes`.
    init(family: DestinationFamily?, checkboxes: Set<String> = []) {
        self.family = family
        self.checkboxes = checkboxes
    }

    /// An engine for loads to `platform` through `map`: its checkboxes from the platform's
    /// schema and the map's custom fields.
    init(map: FieldMap, platform: Platform?) {
        let custom = map.customFields.filter { ["checkbox", "boolean"].contains($0.type) }.map(\.field)
        let standard = map.fields.map(\.destination).filter { platform?.schemaField($0)?.type == "checkbox" }
        self.init(family: platform?.family, checkboxes: Set(custom + standard))
    }

    /// What `field` writes for `row` (a column's value by its name, empty for an empty cell).
    func outcome(of field: FieldMap.Field, in row: (String) -> String) -> Outcome {
        if let when = field.when, !when.holds(row) { return .nothing }
        if field.transform == .constant { return field.value.map { fitted($0, field) } ?? .nothing }
        guard let column = field.source else { return .nothing }
        var value = row(column)
        if value.isEmpty, let fallback = field.fallback { value = row(fallback) }
        guard !value.isEmpty else { return field.required ? .problem(.missing) : .nothing }
        switch field.transform {
        case .copy, .truncate:
            return fitted(value, field)
        case .typeConversion:
            return fitted(checkboxes.contains(field.destination) ? Self.converted(value) : value, field)
        case .valueMap:
            let items = field.isList ? value.split(separator: ";", omittingEmptySubsequences: true).map(String.init) : [value]
            var mapped: [String] = []
            for item in items {
                guard let destination = field.mapped(item) else { return .problem(.unmapped(item)) }
                if let picklist = field.picklist, !picklist.contains(destination) { return .problem(.notInPicklist(destination)) }
                mapped.append(destination)
            }
            return fitted(mapped.joined(separator: ";"), field)
        case .htmlToText:
            return fitted(row("body_format") == "html" || Self.looksLikeHTML(value) ? Self.text(ofHTML: value) : value, field)
        case .textToHTML:
            return fitted(row("body_format") == "html" || Self.looksLikeHTML(value) ? value : Self.html(ofText: value), field)
        case .timeZoneToUTC:
            guard let date = Self.timestamp(value) else { return .problem(.notATimestamp(value)) }
            return .value(family == .salesforce ? Self.salesforceDateTime(date) : Timestamp.format(date), changed: nil)
        case .unixSeconds:
            guard let date = Self.timestamp(value) else { return .problem(.notATimestamp(value)) }
            return .value(String(Int(date.timeIntervalSince1970.rounded(.down))), changed: nil)
        case .lookup:
            guard let object = field.references ?? field.referencesColumn.map(row) else { return .nothing }
            return .reference(object: object, sourceID: value)
        case .givenName:
            let words = value.split(separator: " ")
            guard words.count > 1 else { return .nothing }
            return fitted(words.dropLast().joined(separator: " "), field)
        case .familyName:
            return fitted(value.split(separator: " ").last.map(String.init) ?? value, field)
        case .download:
            return .file(value)
        case .match:
            return .matchOnly(value)
        case .constant:
            return .nothing
        }
    }

    /// `value` within the entry's length in characters and bytes: cut when the map says
    /// `truncate`, else a problem.
    private func fitted(_ value: String, _ field: FieldMap.Field) -> Outcome {
        let characters = value.unicodeScalars.count
        let overLength = field.maxLength.map { characters > $0 } ?? false
        let overBytes = field.maxBytes.map { value.utf8.count > $0 } ?? false
        guard overLength || overBytes else { return .value(value, changed: nil) }
        guard field.transform == .truncate else {
            return .problem(.tooLong(characters: characters, limit: field.maxLength ?? field.maxBytes ?? characters))
        }
        var scalars = String.UnicodeScalarView()
        var bytes = 0
        for scalar in value.unicodeScalars {
            if let maxLength = field.maxLength, scalars.count >= maxLength { break }
            bytes += UTF8.width(scalar)
            if let maxBytes = field.maxBytes, bytes > maxBytes { break }
            scalars.append(scalar)
        }
        return .value(String(scalars), changed: .cut(from: characters, to: scalars.count))
    }

    /// A checkbox's words as the destination's `true` and `false`; anything else as it is.
    static func converted(_ value: String) -> String {
        switch value.lowercased() {
        case "true", "yes", "1": "true"
        case "false", "no", "0": "false"
        default: value
        }
    }

    static func looksLikeHTML(_ value: String) -> Bool {
        Array(value.utf8).withUnsafeBufferPointer { InferredType.holdsTag($0) }
    }

    static func timestamp(_ value: String) -> Date? {
        switch Timestamp.parse(value) {
        case .instant(let date), .withoutZone(let date): date
        case .invalid: nil
        }
    }

    /// `2024-03-19T15:25:40.000Z`: the form a Bulk API 2.0 job takes for a dateTime field
    /// (Salesforce, "Valid Date Format in Records (Bulk API 2.0)").
    static func salesforceDateTime(_ date: Date) -> String {
        let whole = date.timeIntervalSince1970.rounded(.down)
        let milliseconds = Int(((date.timeIntervalSince1970 - whole) * 1000).rounded(.down))
        let stamp = Timestamp.format(Date(timeIntervalSince1970: whole))
        let padded = milliseconds < 10 ? "00\(milliseconds)" : milliseconds < 100 ? "0\(milliseconds)" : "\(milliseconds)"
        return stamp.dropLast() + "." + padded + "Z"
    }

    /// The text of an HTML body: tags dropped, a line break for each paragraph, break and list
    /// item, the common entities read, runs of blank lines closed up.
    static func text(ofHTML html: String) -> String {
        var text = ""
        var index = html.startIndex
        while index < html.endIndex {
            if html[index] == "<", let close = html[index...].firstIndex(of: ">") {
                let tag = html[html.index(after: index)..<close].lowercased().split(whereSeparator: { $0 == " " || $0 == "/" }).first ?? ""
                if ["br", "p", "div", "li", "tr", "h1", "h2", "h3"].contains(String(tag)) { text += "\n" }
                index = html.index(after: close)
            } else {
                text.append(html[index])
                index = html.index(after: index)
            }
        }
        for (entity, character) in [("&nbsp;", " "), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&amp;", "&")] {
            text = text.replacingOccurrences(of: entity, with: character)
        }
        while text.contains("\n\n\n") { text = text.replacingOccurrences(of: "\n\n\n", with: "\n\n") }
        return text.trimmingWhitespaceAndNewlines()
    }

    /// Plain text as HTML: the characters HTML reads escaped, each line break a `<br>`.
    static func html(ofText text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "<br>")
    }
}
