import ArgumentParser
import LandfallKit

struct CatalogCommandLine: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog",
        abstract: "Show the platforms and migrations the catalog knows, or one migration's object map.")

    @Argument(help: ArgumentHelp("Source and destination platform ids, such as: thread intercom.", valueName: "SOURCE DEST"))
    var platforms: [String] = []

    @Option(help: "text or json.")
    var format: TerminalFormat = .text

    @OptionGroup var catalog: CatalogOption

    func validate() throws {
        guard platforms.isEmpty || platforms.count == 2 else {
            throw ValidationError("give both a source and a destination, such as: landfall catalog thread intercom")
        }
    }

    func run() throws {
        let catalog = try catalog.load()
        let pair = platforms.count == 2 ? (source: platforms[0], destination: platforms[1]) : nil
        try Terminal.finish(CatalogCommand(catalog: catalog, pair: pair, format: format).run())
    }
}
