import ArgumentParser
import LandfallKit

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check export manifests (JSON, YAML or XML) and list every problem.",
        discussion: "Exit status: 0 valid (warnings allowed), 65 invalid, 66 missing or unreadable.")

    @Argument(help: ArgumentHelp("The manifests to check.", valueName: "FILE"))
    var files: [String]

    @Option(help: "text or json.")
    var format: TerminalFormat = .text

    @OptionGroup var catalog: CatalogOption

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("name at least one file to check") }
    }

    func run() throws {
        let catalog = try catalog.load()
        try Terminal.finish(ValidateCommand(paths: files, format: format, vocabulary: catalog.vocabulary).run())
    }
}
