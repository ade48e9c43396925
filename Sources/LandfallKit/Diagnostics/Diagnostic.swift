/// How serious a finding is: an error makes the input unusable, a warning does not.
public enum Severity: String, Sendable, Codable, Comparable {
    case warning
    case error

    public static func < (lhs: Severity, rhs: Severity) -> Bool {
        lhs == .warning && rhs == .error
    }
}

/// One finding about an input file: where it is, which key it concerns, and what is wrong.
public struct Diagnostic: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Whether the finding makes the input unusable.
    public var severity: Severity
    /// The file, line and column the finding points at.
    public var location: SourceLocation
    /// The key path inside the document, such as `users[3].email`; empty for whole-file findings.
    public var path: String
    /// What is wrong, in plain words.
    public var message: String

    /// Creates a finding.
    public init(_ severity: Severity, at location: SourceLocation, path: String = "", _ message: String) {
        self.severity = severity
        self.location = location
        self.path = path
        self.message = message
    }

    /// `FILE:LINE:COL: error|warning: message [key.path]`, on one line: any control character
    /// from input (a line break, a terminal escape) is written as a visible escape.
    public var description: String {
        let suffix = path.isEmpty ? "" : " [\(path)]"
        return ControlCharacters.escapedForTerminal("\(location): \(severity.rawValue): \(message)\(suffix)")
    }

    public static func < (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
        if lhs.location != rhs.location { return lhs.location < rhs.location }
        if lhs.severity != rhs.severity { return lhs.severity > rhs.severity }
        return (lhs.path, lhs.message) < (rhs.path, rhs.message)
    }
}

extension Diagnostic: Encodable {
    private enum CodingKeys: String, CodingKey {
        case file, line, column, path, severity, message
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(location.file, forKey: .file)
        if location.line > 0 {
            try container.encode(location.line, forKey: .line)
        } else {
            try container.encodeNil(forKey: .line)
        }
        if location.column > 0 {
            try container.encode(location.column, forKey: .column)
        } else {
            try container.encodeNil(forKey: .column)
        }
        try container.encode(path, forKey: .path)
        try container.encode(severity, forKey: .severity)
        try container.encode(message, forKey: .message)
    }
}

extension Array where Element == Diagnostic {
    /// Whether any finding is an error.
    public var hasErrors: Bool { contains { $0.severity == .error } }
}
