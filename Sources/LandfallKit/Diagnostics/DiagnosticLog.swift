/// Gathers the findings about one file in one pass, each tied to the file's name.
public struct DiagnosticLog: Sendable {
    /// The file every finding belongs to.
    public let file: String
    /// The findings so far, in the order they were made.
    public private(set) var diagnostics: [Diagnostic] = []

    /// Starts an empty log for `file`.
    public init(file: String) {
        self.file = file
    }

    /// Records an error at `position`.
    public mutating func error(_ message: String, at position: TextPosition, path: KeyPath) {
        add(.error, message, at: position, path: path)
    }

    /// Records a warning at `position`.
    public mutating func warning(_ message: String, at position: TextPosition, path: KeyPath) {
        add(.warning, message, at: position, path: path)
    }

    /// Records a finding at `position`.
    public mutating func add(_ severity: Severity, _ message: String, at position: TextPosition, path: KeyPath) {
        let location = SourceLocation(file: file, line: position.line, column: position.column)
        diagnostics.append(Diagnostic(severity, at: location, path: path.description, message))
    }

    /// Whether any error has been recorded.
    public var hasErrors: Bool { diagnostics.hasErrors }
}
