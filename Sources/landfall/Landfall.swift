import ArgumentParser
import LandfallKit

@main
struct Landfall: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Scope, quote and reconcile help-desk migrations (Thread → Salesforce Service Cloud or Intercom).",
        subcommands: [Validate.self, Estimate.self, CatalogCommandLine.self])
}
