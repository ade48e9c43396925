import ArgumentParser
import Foundation
import LandfallKit

struct Reconcile: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Reconcile one migration run and publish its report to the site of runs.",
        discussion: "Exit status: 0 done, 1 the run was published and its verdict reached --fail-on, 64 usage, 65 invalid run files, a run that does not belong with its migration, a rollback of ids the migration did not create, or a site ledger that is not this version's, 66 missing input, 73 run id already published from different inputs, or site or ledger not writable.")

    @Argument(help: ArgumentHelp("The run folder: run.json, source/*.csv and results/.", valueName: "RUN_DIR"))
    var runFolder: String

    @Option(help: ArgumentHelp("The site folder (default: Output/site); the folder it lies in must exist.", valueName: "DIR"))
    var site: String?

    @Option(name: .customLong("templates"), help: ArgumentHelp("Read the templates from this folder instead of the bundled one.", valueName: "DIR"))
    var templatesDirectory: String?

    @OptionGroup var catalog: CatalogOption

    @Option(name: .customLong("fail-on"), help: ArgumentHelp("Exit 1 when the verdict is at least this (warn or fail), after publishing.", valueName: "LEVEL"))
    var failOn: FailLevel?

    @Option(help: "text (paths, one line per object, the verdict) or json (the summary).")
    var format: TerminalFormat = .text

    @Option(name: .customLong("rules"), help: ArgumentHelp("Read the rules (acceptance criteria) from this folder instead of the bundled one.", valueName: "DIR"))
    var rulesDirectory: String?

    @Flag(help: "Print no progress line on standard error while the run's files are read.")
    var quiet = false

    @Option(help: ArgumentHelp("The failures an ops lead accepts (waivers.yaml: object, error code or source ids, reason, who, until): counted apart, not against the acceptance criteria, and listed on the run's page.", valueName: "FILE"))
    var waivers: String?

    @Option(name: .customLong("as-of"), help: ArgumentHelp("The day waivers are judged on (default: SOURCE_DATE_EPOCH, else today).", valueName: "DATE"))
    var asOf: String?

    @Option(help: ArgumentHelp("A destination export taken before the load (OBJECT.csv with an Id column per destination object): the run folder gets the restore file of the records the run updated.", valueName: "DIR"))
    var before: String?

    func run() throws {
        let rules = try Terminal.unwrap(DataSelection.rules(override: rulesDirectory))
        let templates = try Terminal.unwrap(DataSelection.templates(override: templatesDirectory))
        if let site { try Terminal.requireParent(of: site, option: "--site") }
        var command = ReconcileCommand(runFolder: runFolder, site: site ?? "Output/site", catalog: try catalog.load(), acceptance: rules.rules.acceptance, templates: templates,
                                       format: format, failOn: failOn?.status, progress: Terminal.progress(quiet: quiet))
        command.waiversPath = waivers
        command.beforeFolder = before
        command.asOf = try BundledInputs.date(asOf)
        try Terminal.finish(command.run())
    }
}

/// The verdicts `--fail-on` takes.
enum FailLevel: String, ExpressibleByArgument, CaseIterable {
    case warn
    case fail

    var status: RunReport.Status {
        switch self {
        case .warn: .warn
        case .fail: .fail
        }
    }
}
