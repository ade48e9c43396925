import ArgumentParser
import Foundation
import LandfallKit

struct Delta: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the export of what changed between two exports of one account: the cutover's final delta, for survey, transform and reconcile.",
        discussion: "Written into --out (default: Output/delta), whole or not at all: per data file the later export's new and changed rows as it holds them, the account's own files (tags, custom properties, response templates, automations, integrations) copied whole, and delta.json (the earlier export's newest updated_at, the watermark; what each file brought; the ids the later export no longer holds, per object). Exit status: 0 done, 64 usage, 65 an export cannot be read, the two are of different accounts or in the wrong order (nothing is written), 66 missing folder, 73 output cannot be written.")

    @Argument(help: ArgumentHelp("The export the earlier load was made from.", valueName: "EARLIER_EXPORT"))
    var earlier: String

    @Argument(help: ArgumentHelp("The export taken since, at the cutover.", valueName: "LATER_EXPORT"))
    var later: String

    @Option(help: ArgumentHelp("Keep only what changed after this moment (ISO 8601, with its zone): each row by its updated_at, else its created_at or started_at; a row with none is kept.", valueName: "TIMESTAMP"))
    var since: String?

    @Option(help: ArgumentHelp("The folder to write the delta export into (new, empty, or an earlier delta's).", valueName: "DIR"))
    var out: String?

    @Flag(help: "Print no progress line on standard error while the exports are read.")
    var quiet = false

    func validate() throws {
        if let since, case .invalid = Timestamp.parse(since) {
            throw ValidationError("--since \(since) is not an ISO 8601 timestamp (such as 2026-11-30T18:00:00Z)")
        }
    }

    func run() throws {
        var moment: Date?
        if let since {
            switch Timestamp.parse(since) {
            case .instant(let date), .withoutZone(let date): moment = date
            case .invalid: moment = nil
            }
        }
        var command = DeltaCommand(earlier: earlier, later: later, since: moment, directory: out)
        command.progress = Terminal.progress(quiet: quiet)
        try Terminal.finish(command.run())
    }
}
