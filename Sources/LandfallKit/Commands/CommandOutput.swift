/// What a command has to say: text for standard output and standard error, and its exit status.
///
/// Commands in the library return this value; the executable only prints it and exits.
public struct CommandOutput: Equatable, Sendable {
    /// Text for standard output.
    public var standardOutput: String
    /// Text for standard error.
    public var standardError: String
    /// The exit status.
    public var status: ExitStatus

    /// Creates an output.
    public init(standardOutput: String = "", standardError: String = "", status: ExitStatus = .ok) {
        self.standardOutput = standardOutput
        self.standardError = standardError
        self.status = status
    }

    /// The one way a command reports a failure that is not about a place in a file:
    /// `landfall: error: MESSAGE` on standard error, and `status`.
    public static func error(_ message: String, status: ExitStatus) -> CommandOutput {
        CommandOutput(standardError: "landfall: error: \(ControlCharacters.escapedForTerminal(message))\n", status: status)
    }

    /// An output that reports findings on standard error and ends with `status`.
    public static func failure(_ diagnostics: [Diagnostic], status: ExitStatus) -> CommandOutput {
        CommandOutput(standardError: diagnostics.map { "\($0)\n" }.joined(), status: status)
    }
}

/// The output formats of commands that print to the terminal.
public enum TerminalFormat: String, Sendable, CaseIterable {
    case text
    case json
}
