import ArgumentParser
import Foundation
import LandfallKit

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare what the destination holds with what the load sent, field by field, for a run folder transform wrote.",
        discussion: "--queries prints one SOQL query a sObject (every field the run sent, relationships as the parent's external id) to export the destination's records with; --destination-export DIR reads them back (DIR/<sObject>.csv, as a Bulk API 2.0 query returns them), joins them to the records sent on the external id and compares each field by its rule (a dateTime as an instant, a checkbox in any case, a number as a number, anything else byte for byte). Writes RUN_DIR/verify/ (index.html, report.md, report.json, differences.csv, spot-check.md); with --site, publishes them beside the run in the site, its verdict on the run's and the migration's pages and in the ledger. Exit status: 0 done, 1 the verdict is fail and --fail-on is given (once everything is written), 64 usage, 65 invalid run or export, 66 missing input, 73 output cannot be written.")

    @Argument(help: ArgumentHelp("The run folder transform wrote (run.json, source/).", valueName: "RUN_DIR"))
    var runFolder: String

    @Option(name: .customLong("destination-export"), help: ArgumentHelp("The folder of the destination's export: one <sObject>.csv each (Salesforce), one <object>.json or .jsonl each (Intercom).", valueName: "DIR"))
    var destinationExport: String?

    @Flag(help: "Print the queries that make the export instead of comparing.")
    var queries = false

    @Option(name: .customLong("spot-check"), help: ArgumentHelp("How many records of each object verify/spot-check.md shows, side by side (default 25).", valueName: "N"))
    var spotCheck: Int = 25

    @Option(help: ArgumentHelp("The seed that draws the spot check's records: the same seed draws the same records.", valueName: "S"))
    var seed: UInt64 = 1

    @Option(help: ArgumentHelp("The differences an ops lead accepts (waivers.yaml): counted and listed apart, never hidden.", valueName: "FILE"))
    var waivers: String?

    @Option(name: .customLong("as-of"), help: ArgumentHelp("The day waivers are judged on (default: SOURCE_DATE_EPOCH, else today).", valueName: "DATE"))
    var asOf: String?

    @Option(help: ArgumentHelp("The site the run is published in (by reconcile): the verification is published beside the run, its verdict on the run's and the migration's pages and in the ledger.", valueName: "DIR"))
    var site: String?

    @Option(name: .customLong("templates"), help: ArgumentHelp("Read the templates from this folder instead of the bundled one.", valueName: "DIR"))
    var templatesDirectory: String?

    @Option(name: .customLong("rules"), help: ArgumentHelp("Read the rules (the fields' tolerances) from this folder instead of the bundled one.", valueName: "DIR"))
    var rulesDirectory: String?

    @Option(name: .customLong("fail-on"), help: ArgumentHelp("Exit 1 when the verdict is at least this (warn or fail; the verdict is pass or fail), once everything is written.", valueName: "LEVEL"))
    var failOn: FailLevel?

    @OptionGroup var catalog: CatalogOption

    func run() throws {
        guard spotCheck >= 0 else { throw ValidationError("--spot-check must not be negative, found \(spotCheck)") }
        let templates = try Terminal.unwrap(DataSelection.templates(override: templatesDirectory))
        var command = VerifyCommand(runFolder: runFolder, exportFolder: destinationExport, queries: queries, catalog: try catalog.load(), templates: templates)
        command.site = site
        command.tolerances = try Terminal.unwrap(DataSelection.rules(override: rulesDirectory)).rules.acceptance.verifyTolerances
        command.spotCheck = spotCheck
        command.seed = seed
        command.waiversPath = waivers
        command.asOf = try BundledInputs.date(asOf)
        command.failOn = failOn?.status
        try Terminal.finish(command.run())
    }
}
