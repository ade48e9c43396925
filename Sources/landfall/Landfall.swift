import ArgumentParser
import LandfallKit

@main
struct Landfall: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Scope, quote and reconcile help-desk migrations (Thread → Salesforce Service Cloud or Intercom).",
        subcommands: [Demo.self, Validate.self, Estimate.self, Scope.self, Inventory.self, Crosswalk.self, Reconcile.self, CatalogCommandLine.self])
}
