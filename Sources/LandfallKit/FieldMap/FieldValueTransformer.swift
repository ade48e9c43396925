import Foundation

/// Turns one source record's values into the values a field map's entries write: the same
/// transforms the load applies, shown on a record for the customer who signs the map.
struct FieldValueTransformer {
    /// The destination platform's family: how timestamps are written.
    let family: DestinationFamily?

    /// The value `field` writes for `row` (a column's value by its name, empty for an empty
    /// cell), or `nil` when the entry does not apply to the row or writes nothing.
    func value(of field: FieldMap.Field, in row: [String: String]) -> String? {
        if let when = field.when, !when.holds({ row[$0] ?? "" }) { return nil }
        if field.transform == .constant { return field.value }
        guard let column = field.source else { return nil }
        var value = row[column] ?? ""
        if value.isEmpty, let fallback = field.fallback { value = row[fallback] ?? "" }
        guard !value.isEmpty else { return nil }
        let written: String
        switch field.transform {
        case .copy, .truncate, .typeConversion:
            written = field.transform == .typeConversion ? converted(value) : value
        case .valueMap:
            let items = field.isList ? value.split(separator: ";", omittingEmptySubsequences: true).map(String.init) : [value]
            written = items.map { item in field.mapped(item) ?? "(no value chosen for \(item))" }.joined(separator: ";")
        case .htmlToText:
            written = row["body_format"] == "html" || looksLikeHTML(value) ? Self.text(ofHTML: value) : value
        case .textToHTML:
            written = row["body_format"] == "html" || looksLikeHTML(value) ? value : Self.html(ofText: value)
        case .timeZoneToUTC:
            written = timestamp(value).map(Self.utc) ?? "(not a timestamp: \(value))"
        case .unixSeconds:
            written = timestamp(value).map { String(Int($0.timeIntervalSince1970)) } ?? "(not a timestamp: \(value))"
        case .lookup:
            let object = field.references ?? field.referencesColumn.flatMap { row[$0] } ?? "record"
            written = "(the id of what \(object.replacingOccurrences(of: "_", with: " ")) \(value) became)"
        case .givenName:
            let words = value.split(separator: " ")
            guard words.count > 1 else { return nil }
            written = words.dropLast().joined(separator: " ")
        case .familyName:
            written = value.split(separator: " ").last.map(String.init) ?? value
        case .download:
            written = "(the file at \(value))"
        case .match:
            written = "(matched, not written)"
        case .constant:
            written = field.value ?? ""
        }
        return cut(written, field)
    }

    /// `value` within the entry's length in characters and bytes.
    private func cut(_ value: String, _ field: FieldMap.Field) -> String {
        var result = value
        if let maxLength = field.maxLength, result.unicodeScalars.count > maxLength {
            result = String(String.UnicodeScalarView(result.unicodeScalars.prefix(maxLength)))
        }
        if let maxBytes = field.maxBytes, result.utf8.count > maxBytes {
            var scalars = String.UnicodeScalarView()
            var bytes = 0
            for scalar in result.unicodeScalars {
                bytes += String(scalar).utf8.count
                if bytes > maxBytes { break }
                scalars.append(scalar)
            }
            result = String(scalars)
        }
        return result
    }

    private func converted(_ value: String) -> String {
        switch value.lowercased() {
        case "true", "yes", "1": "true"
        case "false", "no", "0": "false"
        default: value
        }
    }

    private func looksLikeHTML(_ value: String) -> Bool {
        Array(value.utf8).withUnsafeBufferPointer { InferredType.holdsTag($0) }
    }

    private func timestamp(_ value: String) -> Date? {
        switch Timestamp.parse(value) {
        case .instant(let date), .withoutZone(let date): date
        case .invalid: nil
        }
    }

    /// `2024-03-19T15:25:40Z`.
    private static func utc(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
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
