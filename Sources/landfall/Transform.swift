import ArgumentParser
import Foundation
import LandfallKit

struct Transform: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the load from a raw export through the confirmed field map: Bulk API 2.0 CSV jobs per sObject (Salesforce) or JSONL requests per step (Intercom), load.json and a run folder; the records the destination cannot take held back.",
        discussion: "Written into --out (default: the field map's folder): load/ (Salesforce: the jobs' CSV, at most 100 MB each; Intercom: a JSONL file of requests a step), load.json (each job's operation, external id field and files, or each step's endpoint and requests (Intercom's, and Salesforce's files: a multipart POST to ContentVersion a file), and the steps that wait on destination ids an --idmap gives), held/ (the records held back, with their problem) and changes.csv (every value cut to fit, as the map allows). Exit status: 0 done (records held back are listed as warnings), 64 usage, 65 invalid or unconfirmed field map, 66 missing input, 73 output cannot be written.")

    @Argument(help: ArgumentHelp("The folder the export was unpacked into.", valueName: "EXPORT_DIR"))
    var folder: String

    @Option(help: ArgumentHelp("The customer's confirmed field map (fieldmap.yaml).", valueName: "FILE"))
    var fieldmap: String

    @Option(help: ArgumentHelp("The folder to write the load into (default: the field map's folder).", valueName: "DIR"))
    var out: String?

    @Option(name: .customLong("destination-users"), help: ArgumentHelp("The org's Users (a Salesforce User export CSV) or the workspace's teammates (Intercom's GET /admins as JSON): owners, assignees and authors are matched by e-mail.", valueName: "FILE"))
    var destinationUsers: String?

    @Option(help: ArgumentHelp("The migration's id map (idmap.csv, as reconcile publishes it) and the set-up's ids (ticket types, teams, ticket states), one file an --idmap: the steps that need destination ids of earlier steps are written from it, and records it holds are not sent again.", valueName: "FILE"))
    var idmap: [String] = []

    @Option(help: ArgumentHelp("The folder holding the export's files downloaded, each named by its source id (DIR/A-0): each file's request names its path there, and a file missing from it is held back.", valueName: "DIR"))
    var files: String?

    @Option(name: .customLong("rules"), help: ArgumentHelp("Read the rules from this folder instead of the bundled one (the REST API version files are posted to: handoff.yaml's api_version).", valueName: "DIR"))
    var rulesDirectory: String?

    @Option(help: ArgumentHelp("The destination, which must be the field map's.", valueName: "DEST"))
    var to: String?

    @Flag(help: "Write the load from a map with entries not confirmed yet, to try it.")
    var draft = false

    @Option(name: .customLong("run-id"), help: ArgumentHelp("The id of the run folder written beside the load (default: <export>-<kind>-1).", valueName: "ID"))
    var runID: String?

    @Option(help: ArgumentHelp("The run's kind: sandbox, production or delta.", valueName: "KIND"))
    var kind: RunDescription.Kind = .sandbox

    func validate() throws {
        guard kind != .rollback else {
            throw ValidationError("--kind rollback: a rollback deletes what a load created, from the migration's rollback files; transform writes loads (sandbox, production or delta)")
        }
    }

    @Option(name: .customLong("as-of"), help: ArgumentHelp("When the load is written: the run's times until the load's own are set (default: SOURCE_DATE_EPOCH, else now).", valueName: "DATE"))
    var asOf: String?

    @OptionGroup var catalog: CatalogOption

    func run() throws {
        var command = TransformCommand(exportFolder: folder, fieldMapPath: fieldmap, directory: out, destinationUsersPath: destinationUsers, draft: draft,
                                       catalog: try catalog.load(), apiVersion: try Terminal.unwrap(DataSelection.rules(override: rulesDirectory)).rules.handoff.apiVersion)
        command.filesFolder = files
        command.idMapPaths = idmap
        command.destination = to
        command.runID = runID
        command.kind = kind
        command.asOf = try BundledInputs.date(asOf)
        try Terminal.finish(command.run())
    }
}

extension RunDescription.Kind: ExpressibleByArgument {}
