/// Loads the catalog a command runs with: the folder named by `--catalog`, or the bundled one.
public enum CatalogSelection {
    /// The catalog, or the output that explains why there is none (66 when no folder is found,
    /// 65 when a catalog file is invalid).
    public static func load(override directory: String?) -> Result<Catalog, CommandOutputFailure> {
        let folder: String
        if let directory {
            folder = directory
        } else if let root = BundledData.root() {
            folder = BundledData.catalogDirectory(root: root)
        } else {
            let message = "landfall: error: cannot find the bundled data folder (Catalog/); set \(BundledData.environmentVariable) to the folder that holds it, or pass --catalog DIR\n"
            return .failure(CommandOutputFailure(CommandOutput(standardError: message, status: .noInput)))
        }
        let loading = CatalogLoader.load(directory: folder)
        guard let catalog = loading.catalog else {
            return .failure(CommandOutputFailure(.failure(loading.diagnostics, status: loading.status)))
        }
        return .success(catalog)
    }
}

/// Loads the rules a command runs with: the folder named by `--rules`, or the bundled one.
public enum RulesSelection {
    /// The rules and the folder they came from, or the output that explains why there are none.
    public static func load(override directory: String?) -> Result<(rules: Rules, directory: String), CommandOutputFailure> {
        let folder: String
        if let directory {
            folder = directory
        } else if let root = BundledData.root() {
            folder = BundledData.rulesDirectory(root: root)
        } else {
            let message = "landfall: error: cannot find the bundled data folder (Rules/); set \(BundledData.environmentVariable) to the folder that holds it, or pass --rules DIR\n"
            return .failure(CommandOutputFailure(CommandOutput(standardError: message, status: .noInput)))
        }
        let loading = RulesLoader.load(directory: folder)
        guard let rules = loading.rules else {
            return .failure(CommandOutputFailure(.failure(loading.diagnostics, status: loading.status)))
        }
        return .success((rules, folder))
    }
}

/// A command that ended before it could run, with what it has to say.
public struct CommandOutputFailure: Error, Sendable {
    /// What to print and the exit status.
    public var output: CommandOutput

    /// Wraps an output.
    public init(_ output: CommandOutput) {
        self.output = output
    }
}
