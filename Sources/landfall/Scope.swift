import ArgumentParser
import Foundation
import LandfallKit

struct Scope: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the scope document (the written quote) as HTML, Markdown and JSON.",
        discussion: "Exit status: 0 done, 64 usage, 65 invalid input or template, 66 missing input, 73 output cannot be written.")

    @OptionGroup var input: ManifestArguments

    @OptionGroup var output: DocumentOptions

    @OptionGroup var options: EstimateOptions

    func run() throws {
        let rules = try options.rules()
        let renderer = ScopeRenderer(templates: try output.templates(), rules: rules.rules)
        let command = ScopeCommand(manifestPath: input.manifest, destination: input.to, outputDirectory: output.out, formats: output.formats,
                                   asOf: try options.quoteDate(), unmatchedUsers: options.unmatchedUsers,
                                   estimator: try options.estimator(rules: rules), renderer: renderer)
        try Terminal.finish(command.run())
    }
}

/// Options of the commands that write documents: where, in which formats, from which templates.
struct DocumentOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The output folder (default: Output/<customer-slug>/).", valueName: "DIR"))
    var out: String?

    @Option(name: .customLong("format"), help: ArgumentHelp("Comma-separated formats: html, md, json.", valueName: "LIST"))
    var formatList: String = "html,md,json"

    @Option(name: .customLong("templates"), help: ArgumentHelp("Read the templates from this folder instead of the bundled one.", valueName: "DIR"))
    var templatesDirectory: String?

    /// The formats asked for.
    var formats: [ScopeRenderer.Format] {
        formatList.split(separator: ",").compactMap { ScopeRenderer.Format(rawValue: $0.trimmingCharacters(in: .whitespaces)) }
    }

    func validate() throws {
        let names = formatList.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let unknown = names.filter { ScopeRenderer.Format(rawValue: $0) == nil }
        guard unknown.isEmpty, !names.isEmpty else {
            throw ValidationError("--format takes a comma-separated list of html, md and json; unknown: \(unknown.joined(separator: ", "))")
        }
    }

    /// The templates, or the printed reason there are none.
    func templates() throws -> TemplateLibrary {
        try Terminal.unwrap(DataSelection.templates(override: templatesDirectory))
    }
}
