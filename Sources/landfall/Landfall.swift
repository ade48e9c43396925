import ArgumentParser
import Foundation
import LandfallKit

@main
struct Landfall: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Scope, quote and reconcile help-desk migrations (Thread → Salesforce Service Cloud or Intercom).",
        version: LandfallKit.Landfall.version,
        subcommands: [Demo.self, Survey.self, FieldMap.self, Validate.self, Estimate.self, Scope.self, Compare.self, Inventory.self, Crosswalk.self, Delta.self, Transform.self, Reconcile.self, Verify.self, CatalogCommandLine.self])

    /// Runs the command line; every error it reports starts `landfall: error:` (or names its file
    /// and place), with a sysexits status.
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let message = ArgumentHints.unknownSubcommand(arguments) {
            FileHandle.standardError.write(Data((message + "\nUsage: " + usageString(for: Landfall.self) + "\n  See 'landfall --help' for more information.\n").utf8))
            Foundation.exit(ExitCode.validationFailure.rawValue)
        }
        let command: ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            report(error)
        }
        do {
            var command = command
            try command.run()
        } catch {
            report(error)
        }
    }

    /// Prints `error` with the one prefix and exits with its status.
    private static func report(_ error: Error) -> Never {
        if let code = error as? ExitCode {
            // The command printed its own findings.
            Foundation.exit(code.rawValue)
        }
        let status = exitCode(for: error)
        if status == .success {
            exit(withError: error)
        }
        var text = fullMessage(for: error)
        if text.hasPrefix("Error: ") { text = "landfall: error: " + text.dropFirst("Error: ".count) }
        // An option the command does not have: named with the option it probably meant.
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if let first = lines.first, let better = ArgumentHints.unknownOption(String(first.dropFirst("landfall: error: ".count)), arguments: Array(CommandLine.arguments.dropFirst())) {
            lines[0] = better
            text = lines.joined(separator: "\n")
        }
        FileHandle.standardError.write(Data((text + "\n").utf8))
        Foundation.exit(status.rawValue)
    }
}
