/// `landfall validate FILE...`: checks manifests and reports every finding in one pass.
public struct ValidateCommand: Sendable {
    /// The files to check, as the user named them.
    public var paths: [String]
    /// Text lines or a JSON array.
    public var format: TerminalFormat
    /// The platform names manifests may use.
    public var vocabulary: ManifestVocabulary

    /// Creates the command.
    public init(paths: [String], format: TerminalFormat, vocabulary: ManifestVocabulary) {
        self.paths = paths
        self.format = format
        self.vocabulary = vocabulary
    }

    /// Checks every file. Exit status: 0 when all are valid (warnings allowed), 66 when any is
    /// missing or unreadable, else 65 when any has an error.
    public func run() -> CommandOutput {
        let reader = ManifestReader(vocabulary: vocabulary)
        let readings = paths.map(reader.read(path:))
        let diagnostics = readings.flatMap(\.diagnostics)
        let status = readings.map(\.status).max() ?? .ok
        switch format {
        case .json:
            let text = (try? JSONOutput.string(diagnostics)) ?? "[]\n"
            return CommandOutput(standardOutput: text, status: status)
        case .text:
            var lines = diagnostics.map(\.description)
            lines.append(summary(readings))
            return CommandOutput(standardOutput: lines.joined(separator: "\n") + "\n", status: status)
        }
    }

    private func summary(_ readings: [ManifestReading]) -> String {
        let errors = readings.flatMap(\.diagnostics).filter { $0.severity == .error }.count
        let warnings = readings.flatMap(\.diagnostics).filter { $0.severity == .warning }.count
        let valid = readings.filter { $0.status == .ok }.count
        let files = readings.count == 1 ? "1 file" : "\(readings.count) files"
        return "\(files) checked: \(valid) valid; \(errors) \(errors == 1 ? "error" : "errors"), \(warnings) \(warnings == 1 ? "warning" : "warnings")"
    }
}
