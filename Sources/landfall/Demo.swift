import ArgumentParser
import Foundation
import LandfallKit

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Render every document for the bundled sample manifests into Output/demo/.",
        discussion: "Exit status: 0 done, 65 invalid input or template, 66 missing input, 73 output cannot be written.")

    @Option(help: ArgumentHelp("The output folder.", valueName: "DIR"))
    var out: String = "Output/demo"

    @Option(name: .customLong("templates"), help: ArgumentHelp("Read the templates from this folder instead of the bundled one.", valueName: "DIR"))
    var templatesDirectory: String?

    @OptionGroup var options: EstimateOptions

    func run() throws {
        let rules = try options.rules()
        let templates = try Terminal.unwrap(DataSelection.templates(override: templatesDirectory))
        let command = DemoCommand(samplesDirectory: try Terminal.unwrap(DataSelection.samples()), outputDirectory: out,
                                  asOf: try options.quoteDate(), estimator: try options.estimator(rules: rules),
                                  renderer: DocumentRenderer(templates: templates, rules: rules.rules))
        try Terminal.finish(command.run())
    }
}
