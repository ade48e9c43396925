import ArgumentParser
import Foundation
import LandfallKit

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare what the destination holds with what the load sent, field by field, for a run folder transform wrote.",
        discussion: "--queries prints one SOQL query a sObject (every field the run sent, relationships as the parent's external id) to export the destination's records with; --destination-export DIR reads them back (DIR/<sObject>.csv, as a Bulk API 2.0 query returns them), joins them to the records sent on the external id and compares each field by its rule (a dateTime as an instant, a checkbox in any case, a number as a number, anything else byte for byte). Writes RUN_DIR/verify/differences.csv. Exit status: 0 done, 64 usage, 65 invalid run or export, 66 missing input, 73 output cannot be written.")

    @Argument(help: ArgumentHelp("The run folder transform wrote (run.json, source/).", valueName: "RUN_DIR"))
    var runFolder: String

    @Option(name: .customLong("destination-export"), help: ArgumentHelp("The folder of the destination's export, one <sObject>.csv each.", valueName: "DIR"))
    var destinationExport: String?

    @Flag(help: "Print the queries that make the export instead of comparing.")
    var queries = false

    @OptionGroup var catalog: CatalogOption

    func run() throws {
        try Terminal.finish(VerifyCommand(runFolder: runFolder, exportFolder: destinationExport, queries: queries, catalog: try catalog.load()).run())
    }
}
