/// Writes RFC 4180 CSV that a spreadsheet opens safely: every field quoted when it needs to be,
/// and any cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return prefixed with an
/// apostrophe so that it is read as text, never run as a formula.
public enum CSVWriter {
    /// One line per row (CRLF, as RFC 4180 says), the header first.
    public static func document(header: [String], rows: [[String]]) -> String {
        ([header] + rows).map { $0.map(cell).joined(separator: ",") + "\r\n" }.joined()
    }

    /// One cell, neutralised and quoted as needed.
    public static func cell(_ value: String) -> String {
        var text = value
        if let first = text.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) {
            text = "'" + text
        }
        guard text.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) || text.hasPrefix(" ") || text.hasSuffix(" ") else {
            return text
        }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
