import ArgumentParser
import LandfallKit

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check export manifests (JSON, YAML or XML) and field maps (fieldmap.yaml) and list every problem.",
        discussion: "Exit status: 0 valid (warnings allowed), 65 invalid, 66 missing or unreadable.")

    @Argument(help: ArgumentHelp("The manifests to check.", valueName: "FILE"))
    var files: [String]

    @Option(help: "text or json.")
    var format: TerminalFormat = .text

    @Option(help: ArgumentHelp("The export's profile.json, to check a field map against the values the data holds.", valueName: "FILE"))
    var profile: String?

    @OptionGroup var catalog: CatalogOption

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("name at least one file to check") }
    }

    func run() throws {
        let catalog = try catalog.load()
        var profile: ExportProfile?
        if let path = self.profile {
            do {
                profile = try ExportProfile.read(path: path)
            } catch {
                try Terminal.finish(.failure([error.diagnostic], status: error.status))
            }
        }
        try Terminal.finish(ValidateCommand(paths: files, format: format, vocabulary: catalog.vocabulary, catalog: catalog, profile: profile).run())
    }
}
