/// A file that could not be read as a document at all: missing, unreadable, too large, empty,
/// not UTF-8, or not well-formed. It carries the one finding that says why and the exit status.
public struct InputFailure: Error, Sendable, Equatable {
    /// The finding to print.
    public var diagnostic: Diagnostic
    /// `noInput` (66) when the file is missing or unreadable, `dataError` (65) when its content is bad.
    public var status: ExitStatus

    /// Creates a failure.
    public init(_ diagnostic: Diagnostic, status: ExitStatus) {
        self.diagnostic = diagnostic
        self.status = status
    }

    /// A failure about the file as a whole.
    static func file(_ file: String, _ message: String, status: ExitStatus) -> InputFailure {
        InputFailure(Diagnostic(.error, at: SourceLocation(file: file), message), status: status)
    }

    /// A failure at a position inside the file's content.
    static func content(_ file: String, at position: TextPosition, _ message: String) -> InputFailure {
        let location = SourceLocation(file: file, line: position.line, column: position.column)
        return InputFailure(Diagnostic(.error, at: location, message), status: .dataError)
    }
}
