import ArgumentParser
import Foundation
import LandfallKit

struct FieldMap: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fieldmap",
        abstract: "Propose the field map (fieldmap.yaml) for a manifest: every field, each custom property, value maps; each entry unconfirmed.",
        discussion: "Exit status: 0 done, 64 usage, 65 invalid manifest or profile, 66 missing input, 73 output cannot be written.")

    @Argument(help: ArgumentHelp("The manifest.", valueName: "MANIFEST"))
    var manifest: String

    @Option(help: ArgumentHelp("The export's profile.json: value maps list every value it saw.", valueName: "FILE"))
    var profile: String?

    @Option(help: ArgumentHelp("The folder to write fieldmap.yaml and fieldmap.{html,md} into (default: Output/<customer-slug>/<destination>/).", valueName: "DIR"))
    var out: String?

    @Option(help: ArgumentHelp("The destination, when not the manifest's.", valueName: "DEST"))
    var to: String?

    @OptionGroup var catalog: CatalogOption

    @Option(name: .customLong("as-of"), help: ArgumentHelp("Date the proposal (default: SOURCE_DATE_EPOCH, else today).", valueName: "DATE"))
    var asOf: String?

    @Flag(help: "Change entries a person confirmed in the field map already in the output folder, when the data now holds values they do not list (those entries are then to confirm again).")
    var force = false

    func run() throws {
        try Terminal.finish(FieldMapCommand(manifestPath: manifest, profilePath: profile, directory: out, destination: to, asOf: try BundledInputs.date(asOf),
                                            catalog: try catalog.load(), rules: try BundledInputs.renderer().rules, renderer: try BundledInputs.renderer(),
                                            force: force).run())
    }
}
