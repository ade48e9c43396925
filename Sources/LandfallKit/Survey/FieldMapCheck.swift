/// `landfall validate fieldmap.yaml [--profile profile.json]`: reads a field map and checks it
/// (``FieldMapValidation``); every finding names the file, line and column.
public struct FieldMapCheck {
    /// The catalog, for the pair and the destination's schema.
    public let catalog: Catalog
    /// The export's profile, when given.
    public let profile: ExportProfile?

    /// Creates the check.
    public init(catalog: Catalog, profile: ExportProfile?) {
        self.catalog = catalog
        self.profile = profile
    }

    /// Whether `root` is a field map (it names `field_map_version`).
    public static func isFieldMap(_ root: DataNode) -> Bool {
        FieldMapReader.isFieldMap(root)
    }

    /// The findings on a parsed field map, and the status: 0 (warnings allowed) or 65.
    public func check(_ root: DataNode, file: String) -> (diagnostics: [Diagnostic], status: ExitStatus) {
        let read = FieldMapReader(file: file).read(root)
        guard let map = read.map else { return (read.diagnostics.sorted(), .dataError) }
        let diagnostics = (read.diagnostics + FieldMapValidation(catalog: catalog, profile: profile).check(map, file: file)).sorted()
        return (diagnostics, diagnostics.hasErrors ? .dataError : .ok)
    }
}
