import Foundation

/// `landfall scope MANIFEST`: writes the scope document (the written quote) as HTML, Markdown and JSON.
public struct ScopeCommand: Sendable {
    /// The manifest file.
    public var manifestPath: String
    /// `--to`, when given.
    public var destination: String?
    /// `--out`, or `Output/<customer-slug>/` when `nil`.
    public var outputDirectory: String?
    /// The formats to write.
    public var formats: [ScopeRenderer.Format]
    /// The quote's date.
    public var asOf: Date
    /// `--unmatched-users`, when given.
    public var unmatchedUsers: Int?
    /// The estimator.
    public var estimator: Estimator
    /// The renderer.
    public var renderer: ScopeRenderer

    /// Creates the command.
    public init(manifestPath: String, destination: String?, outputDirectory: String?, formats: [ScopeRenderer.Format], asOf: Date,
                unmatchedUsers: Int?, estimator: Estimator, renderer: ScopeRenderer)
    {
        self.manifestPath = manifestPath
        self.destination = destination
        self.outputDirectory = outputDirectory
        self.formats = formats
        self.asOf = asOf
        self.unmatchedUsers = unmatchedUsers
        self.estimator = estimator
        self.renderer = renderer
    }

    /// Reads, estimates, renders and writes; prints the paths written.
    public func run() -> CommandOutput {
        switch EstimateRun(estimator: estimator).run(path: manifestPath, destination: destination, unmatchedUsers: unmatchedUsers, asOf: asOf) {
        case .failure(let failure):
            return failure.output
        case .success(let (estimate, warnings)):
            let directory = outputDirectory ?? "Output/\(estimate.facts.manifest.customerSlug)"
            switch DocumentRun(renderer: renderer).write(estimate, formats: formats, to: directory) {
            case .success(let paths):
                return CommandOutput(standardOutput: paths.map { "\($0)\n" }.joined(), standardError: warnings)
            case .failure(let failure):
                return CommandOutput(standardError: warnings + failure.output.standardError, status: failure.output.status)
            }
        }
    }
}

/// Renders an estimate's documents and writes them: the second half of `scope` and `demo`.
struct DocumentRun {
    let renderer: ScopeRenderer

    /// The paths written, or what to print and the status.
    func write(_ estimate: Estimate, formats: [ScopeRenderer.Format], to directory: String) -> Result<[String], CommandOutputFailure> {
        let files: [OutputWriter.File]
        do {
            files = try renderer.render(estimate, formats: formats)
        } catch {
            return .failure(CommandOutputFailure(.failure(error.diagnostics, status: error.status)))
        }
        do {
            return .success(try OutputWriter.write(files, to: directory))
        } catch {
            return .failure(CommandOutputFailure(CommandOutput(standardError: "landfall: error: \(error.message)\n", status: .cannotCreate)))
        }
    }
}
