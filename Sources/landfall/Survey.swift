import ArgumentParser
import Foundation
import LandfallKit

struct Survey: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Survey a raw export folder: write the manifest it amounts to and profile.json, and report the export's integrity.",
        discussion: "Exit status: 0 done (findings that are warnings are printed), 64 usage, 65 the export or the manifest it makes is invalid (nothing is written), 66 missing folder, 73 output cannot be written.")

    @Argument(help: ArgumentHelp("The folder the export was unpacked into (users.csv, tickets.csv …).", valueName: "EXPORT_DIR"))
    var folder: String

    @Option(help: ArgumentHelp("The folder to write manifest.json, profile.json and the field map into (default: Output/<customer-slug>/<destination>/).", valueName: "DIR"))
    var out: String?

    @Option(help: "The manifest's form: json (manifest.json) or yaml (manifest.yaml).")
    var format: ManifestFileFormat = .json

    @Option(help: ArgumentHelp("The destination the manifest names (default: the catalog's first for Thread).", valueName: "DEST"))
    var to: String?

    @Option(help: ArgumentHelp("The customer's name for the manifest (default: the folder's name).", valueName: "NAME"))
    var customer: String?

    @OptionGroup var catalog: CatalogOption

    @Option(name: .customLong("as-of"), help: ArgumentHelp("The export's date when no row carries a timestamp (default: SOURCE_DATE_EPOCH, else today).", valueName: "DATE"))
    var asOf: String?

    @Flag(help: "Change entries a person confirmed in the field map already in the output folder, when the data now holds values they do not list (those entries are then to confirm again).")
    var force = false

    @Flag(help: "Print no progress line on standard error while the export is read.")
    var quiet = false

    func run() throws {
        var command = SurveyCommand(folder: folder, directory: out, manifestFormat: format, destination: to, customer: customer, asOf: try BundledInputs.date(asOf),
                                    catalog: try catalog.load(), rules: try BundledInputs.renderer().rules, renderer: try BundledInputs.renderer(), force: force)
        command.progress = Terminal.progress(quiet: quiet)
        try Terminal.finish(command.run())
    }
}

extension ManifestFileFormat: ExpressibleByArgument {}
