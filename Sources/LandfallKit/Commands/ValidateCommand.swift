/// `landfall validate FILE...`: checks manifests (and field maps) and reports every finding in
/// one pass.
public struct ValidateCommand: Sendable {
    /// The files to check, as the user named them.
    public var paths: [String]
    /// Text lines or a JSON array.
    public var format: TerminalFormat
    /// The platform names manifests may use.
    public var vocabulary: ManifestVocabulary
    /// The catalog, for field maps (their pair's required fields), when given.
    public var catalog: Catalog?
    /// `--profile`: the export's profile a field map is checked against.
    public var profile: ExportProfile?

    /// Creates the command.
    public init(paths: [String], format: TerminalFormat, vocabulary: ManifestVocabulary, catalog: Catalog? = nil, profile: ExportProfile? = nil) {
        self.paths = paths
        self.format = format
        self.vocabulary = vocabulary
        self.catalog = catalog
        self.profile = profile
    }

    /// Checks every file. Exit status: 0 when all are valid (warnings allowed), 66 when any is
    /// missing or unreadable, else 65 when any has an error.
    public func run() -> CommandOutput {
        let reader = ManifestReader(vocabulary: vocabulary)
        let readings = paths.map { path -> ManifestReading in
            // A field map (it names field_map_version) is checked as one; anything else as a manifest.
            if let catalog, let input = try? InputFile(path: path), let root = try? DocumentReader.read(input), FieldMapCheck.isFieldMap(root) {
                let checked = FieldMapCheck(catalog: catalog, profile: profile).check(root, file: path)
                return ManifestReading(manifest: nil, diagnostics: checked.diagnostics, status: checked.status)
            }
            return reader.read(path: path)
        }
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
