import ArgumentParser
import Foundation
import LandfallKit

struct Estimate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Grades, timeline, load plan and price for one manifest.",
        discussion: "Exit status: 0 done, 64 usage, 65 invalid manifest or rules, 66 missing input.")

    @OptionGroup var input: ManifestArguments

    @Option(help: "text or json.")
    var format: TerminalFormat = .text

    @OptionGroup var options: EstimateOptions

    func run() throws {
        let command = EstimateCommand(manifestPath: input.manifest, destination: input.to, format: format, asOf: try options.quoteDate(),
                                      unmatchedUsers: options.unmatchedUsers,
                                      destinationUsers: options.destinationUsers, colour: Terminal.colourAllowed, fieldMapPath: input.fieldMap,
                                      estimator: try options.estimator())
        try Terminal.finish(command.run())
    }
}

/// The manifest and the destination, shared by the commands that read one manifest.
struct ManifestArguments: ParsableArguments {
    @Argument(help: ArgumentHelp("The export manifest (JSON, YAML or XML).", valueName: "MANIFEST"))
    var manifest: String

    @Option(help: ArgumentHelp("The destination, when not the manifest's: any the catalog knows for the source (landfall catalog lists them).", valueName: "DEST"))
    var to: String?

    @Option(name: .customLong("fieldmap"), help: ArgumentHelp("The customer's field map (fieldmap.yaml, from survey or fieldmap): every figure and document follows it instead of the proposed one; it is checked first.",
                                                               valueName: "FILE"))
    var fieldMap: String?
}

/// Options shared by the commands that estimate: the catalog, the rules, the date, unmatched users.
struct EstimateOptions: ParsableArguments {
    @OptionGroup var catalog: CatalogOption

    @Option(name: .customLong("rules"), help: ArgumentHelp("Read the rules from this folder instead of the bundled one.", valueName: "DIR"))
    var rulesDirectory: String?

    @Option(name: .customLong("as-of"), help: ArgumentHelp("Date the quote (default: SOURCE_DATE_EPOCH, else today).", valueName: "DATE"))
    var asOf: String?

    @Option(parsing: .unconditional,
            help: ArgumentHelp("Source users with no destination user yet, 0 to \(EstimateOptions.unmatchedUsersMaximum) (adds owner-reconciliation time).",
                               valueName: "N"))
    var unmatchedUsers: Int?

    @Option(help: ArgumentHelp("A Salesforce User export (CSV) or an Intercom admins export (JSON) to match the people against by e-mail; the unmatched are planned and priced for.",
                               valueName: "FILE"))
    var destinationUsers: String?

    /// The most unmatched users an estimate takes.
    static let unmatchedUsersMaximum = 1_000_000

    func validate() throws {
        if let unmatchedUsers {
            if unmatchedUsers < 0 { throw ValidationError("--unmatched-users must not be negative, found \(unmatchedUsers)") }
            if unmatchedUsers > Self.unmatchedUsersMaximum {
                throw ValidationError("--unmatched-users must be at most \(Self.unmatchedUsersMaximum), found \(unmatchedUsers)")
            }
        }
        if unmatchedUsers != nil && destinationUsers != nil {
            throw ValidationError("--unmatched-users and --destination-users both say who has no destination user yet; give one of them")
        }
        _ = try quoteDate()
    }

    /// The rules and their folder, or the printed reason there are none.
    func rules() throws -> (rules: Rules, directory: String) {
        try Terminal.unwrap(DataSelection.rules(override: rulesDirectory))
    }

    /// The estimator, or the printed reason there is none.
    func estimator(rules loaded: (rules: Rules, directory: String)? = nil) throws -> Estimator {
        let catalog = try catalog.load()
        let loaded = try loaded ?? rules()
        return Estimator(catalog: catalog, rules: loaded.rules, timelineFile: (loaded.directory as NSString).appendingPathComponent("timeline.yaml"))
    }

    /// The quote's date.
    func quoteDate() throws -> Date {
        switch QuoteDate.resolve(asOf: asOf, environment: ProcessInfo.processInfo.environment, now: Date()) {
        case .success(let date): return date
        case .failure(let error): throw ValidationError(error.message)
        }
    }
}
