import ArgumentParser
import Foundation
import LandfallKit

struct Scope: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the scope document (the written quote) as HTML, Markdown and JSON.",
        discussion: "Exit status: 0 done, 64 usage, 65 invalid input or template, 66 missing input, 73 output cannot be written.")

    @OptionGroup var input: ManifestArguments

    @OptionGroup var output: DocumentOptions<ScopeFormats>

    @OptionGroup var options: EstimateOptions

    @Flag(help: "Write the internal render (scope-internal.*) for the pre-sales engineer: every rule path, driver and figure behind the quote.")
    var `internal` = false

    @Option(help: ArgumentHelp("The project's first day (YYYY-MM-DD): the milestones and payment dates are counted from it in working days.", valueName: "DATE"))
    var start: String?

    @Option(help: ArgumentHelp("Days off the milestones skip besides weekends: a text file with one YYYY-MM-DD a line (a name may follow; # starts a comment). Needs --start.",
                               valueName: "FILE"))
    var holidays: String?

    func validate() throws {
        if holidays != nil && start == nil { throw ValidationError("--holidays needs --start: the holidays only move dated milestones") }
        if let start, case .failure(let failure) = ProjectStart.calendar(start: start, holidaysFile: nil) {
            throw ValidationError("--start \(failure.diagnostic.message)")
        }
    }

    func run() throws {
        var calendar: WorkingCalendar?
        if let start {
            switch ProjectStart.calendar(start: start, holidaysFile: holidays) {
            case .success(let dated): calendar = dated
            case .failure(let failure): try Terminal.finish(.failure([failure.diagnostic], status: failure.status))
            }
        }
        try output.run(`internal` ? .internalScope : .scope, input: input, options: options, calendar: calendar)
    }
}

struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Quote one account against every destination the catalog has for its source, side by side (HTML, Markdown, JSON).",
        discussion: "Written to Output/<customer-slug>/compare.* unless --out says otherwise. A --destination-users file is matched for the destinations of its kind; for the others, the comparison says that user matching was not done. Exit status: 0 done, 64 usage, 65 invalid input or template, 66 missing input, 73 output cannot be written.")

    @Argument(help: ArgumentHelp("The export manifest (JSON, YAML or XML).", valueName: "MANIFEST"))
    var manifest: String

    @OptionGroup var output: DocumentOptions<ScopeFormats>

    @OptionGroup var options: EstimateOptions

    func run() throws {
        let rules = try options.rules()
        let renderer = DocumentRenderer(templates: try output.templates(), rules: rules.rules)
        let command = CompareCommand(manifestPath: manifest, outputDirectory: output.out, formats: output.formats, asOf: try options.quoteDate(),
                                     unmatchedUsers: options.unmatchedUsers, destinationUsers: options.destinationUsers,
                                     estimator: try options.estimator(rules: rules), renderer: renderer)
        try Terminal.finish(command.run())
    }
}

struct Inventory: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the automation-rebuild inventory as HTML, Markdown and JSON.",
        discussion: "Exit status: 0 done, 64 usage, 65 invalid input or template, 66 missing input, 73 output cannot be written.")

    @OptionGroup var input: ManifestArguments

    @OptionGroup var output: DocumentOptions<ScopeFormats>

    @OptionGroup var options: EstimateOptions

    func run() throws {
        try output.run(.inventory, input: input, options: options)
    }
}

struct Crosswalk: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the team-to-queue crosswalk (HTML, Markdown, JSON, CSV) and the destination set-up files.",
        discussion: "Exit status: 0 done, 64 usage, 65 invalid input or template, 66 missing input, 73 output cannot be written.")

    @OptionGroup var input: ManifestArguments

    @OptionGroup var output: DocumentOptions<CrosswalkFormats>

    @OptionGroup var options: EstimateOptions

    func run() throws {
        try output.run(.crosswalk, input: input, options: options)
    }
}

/// The document formats one command writes.
protocol WrittenFormats {
    /// The formats, in the order they are listed.
    static var formats: [OutputFormat] { get }
}

/// The scope document and the inventory: HTML, Markdown and JSON.
enum ScopeFormats: WrittenFormats {
    static var formats: [OutputFormat] { [.html, .md, .json] }
}

/// The crosswalk: HTML, Markdown, JSON and CSV.
enum CrosswalkFormats: WrittenFormats {
    static var formats: [OutputFormat] { [.html, .md, .json, .csv] }
}

/// Options of the commands that write documents: where, in which formats, from which templates.
struct DocumentOptions<Written: WrittenFormats>: ParsableArguments {
    @Option(help: ArgumentHelp("The output folder (default: Output/<customer-slug>/<destination>/; for compare, Output/<customer-slug>/).", valueName: "DIR"))
    var out: String?

    @Option(name: .customLong("format"), help: ArgumentHelp("Comma-separated formats, any of \(Self.writtenList).", valueName: "LIST"))
    var formatList: String = Written.formats.map(\.rawValue).joined(separator: ",")

    private static var writtenList: String { Written.formats.map(\.rawValue).joined(separator: ", ") }

    @Option(name: .customLong("templates"), help: ArgumentHelp("Read the templates from this folder instead of the bundled one.", valueName: "DIR"))
    var templatesDirectory: String?

    /// The formats asked for.
    var formats: [OutputFormat] {
        formatList.split(separator: ",").compactMap { OutputFormat(rawValue: $0.trimmingCharacters(in: .whitespaces)) }
    }

    func validate() throws {
        let names = formatList.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !names.isEmpty else {
            throw ValidationError("--format names no format; this command writes \(Self.writtenList)")
        }
        let unwritten = names.filter { name in !Written.formats.contains { $0.rawValue == name } }
        guard unwritten.isEmpty else {
            throw ValidationError("--format \(unwritten.joined(separator: ",")): this command writes only \(Self.writtenList)")
        }
    }

    /// Writes one kind of document for the manifest.
    func run(_ kind: DocumentKind, input: ManifestArguments, options: EstimateOptions, calendar: WorkingCalendar? = nil) throws {
        let rules = try options.rules()
        let renderer = DocumentRenderer(templates: try templates(), rules: rules.rules)
        let command = DocumentCommand(kind: kind, manifestPath: input.manifest, destination: input.to, outputDirectory: out, formats: formats,
                                      asOf: try options.quoteDate(), unmatchedUsers: options.unmatchedUsers, destinationUsers: options.destinationUsers, calendar: calendar,
                                      fieldMapPath: input.fieldMap, estimator: try options.estimator(rules: rules), renderer: renderer)
        try Terminal.finish(command.run())
    }

    /// The templates, or the printed reason there are none.
    func templates() throws -> TemplateLibrary {
        try Terminal.unwrap(DataSelection.templates(override: templatesDirectory))
    }
}
