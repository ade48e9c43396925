import Foundation

/// Loads what a command runs with: the folder named on the command line (`--catalog`, `--rules`,
/// `--templates`), or the bundled one.
public enum DataSelection {
    /// The catalog, or the output that explains why there is none (66 when no folder is found,
    /// 65 when a catalog file is invalid).
    public static func catalog(override directory: String?) -> Result<Catalog, CommandOutputFailure> {
        folder(override: directory, bundled: "Catalog", option: "--catalog").flatMap { folder in
            let loading = CatalogLoader.load(directory: folder)
            guard let catalog = loading.catalog else { return .failure(CommandOutputFailure(.failure(loading.diagnostics, status: loading.status))) }
            return .success(catalog)
        }
    }

    /// The rules and the folder they came from, or the output that explains why there are none.
    public static func rules(override directory: String?) -> Result<(rules: Rules, directory: String), CommandOutputFailure> {
        folder(override: directory, bundled: "Rules", option: "--rules").flatMap { folder in
            let loading = RulesLoader.load(directory: folder)
            guard let rules = loading.rules else { return .failure(CommandOutputFailure(.failure(loading.diagnostics, status: loading.status))) }
            return .success((rules, folder))
        }
    }

    /// The templates, or the output that explains why there are none.
    public static func templates(override directory: String?) -> Result<TemplateLibrary, CommandOutputFailure> {
        folder(override: directory, bundled: "Templates", option: "--templates").flatMap { folder in
            TemplateLibrary.load(directory: folder).mapError { CommandOutputFailure(.failure($0.diagnostics, status: $0.status)) }
        }
    }

    /// The bundled folder `ROOT/Samples`, where `landfall demo` finds its manifests.
    public static func samples() -> Result<String, CommandOutputFailure> {
        folder(override: nil, bundled: "Samples", option: nil)
    }

    private static func folder(override directory: String?, bundled name: String, option: String?) -> Result<String, CommandOutputFailure> {
        if let directory { return .success(directory) }
        if let root = BundledData.root() { return .success((root as NSString).appendingPathComponent(name)) }
        let hint = option.map { ", or pass \($0) DIR" } ?? ""
        let message = "landfall: error: cannot find the bundled data folder (\(name)/); set \(BundledData.environmentVariable) to the folder that holds it\(hint)\n"
        return .failure(CommandOutputFailure(CommandOutput(standardError: message, status: .noInput)))
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
