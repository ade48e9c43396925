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
        let reading = ManifestReader(vocabulary: estimator.catalog.vocabulary).read(path: manifestPath)
        guard let manifest = reading.manifest else { return .failure(reading.diagnostics, status: reading.status) }
        let warnings = reading.diagnostics.map { "\($0)\n" }.joined()
        switch DocumentRun(estimator: estimator, renderer: renderer).write(manifest, destination: destination, unmatchedUsers: unmatchedUsers,
                                                                             asOf: asOf, formats: formats,
                                                                             to: outputDirectory ?? "Output/\(manifest.customerSlug)")
        {
        case .success(let written):
            return CommandOutput(standardOutput: written.paths.map { "\($0)\n" }.joined(), standardError: warnings)
        case .failure(let failure):
            return CommandOutput(standardError: warnings + failure.output.standardError, status: failure.output.status)
        }
    }
}

/// Estimates one manifest and writes its documents: shared by `scope` and `demo`.
struct DocumentRun {
    let estimator: Estimator
    let renderer: ScopeRenderer

    /// The estimate and the paths written, or what to print and the status.
    func write(_ manifest: Manifest, destination: String?, unmatchedUsers: Int?, asOf: Date, formats: [ScopeRenderer.Format],
               to directory: String) -> Result<(estimate: Estimate, paths: [String]), CommandOutputFailure>
    {
        let estimate: Estimate
        do {
            estimate = try estimator.estimate(manifest, destination: destination, unmatchedUsers: unmatchedUsers, asOf: asOf)
        } catch {
            switch error {
            case .unsupportedPair(let message):
                return .failure(CommandOutputFailure(CommandOutput(standardError: "landfall: error: \(message)\n", status: .usage)))
            case .rulesMismatch(let diagnostic):
                return .failure(CommandOutputFailure(.failure([diagnostic], status: .dataError)))
            }
        }
        let files: [OutputWriter.File]
        do {
            files = try renderer.render(estimate, formats: formats)
        } catch {
            return .failure(CommandOutputFailure(.failure(error.diagnostics, status: error.status)))
        }
        do {
            return .success((estimate, try OutputWriter.write(files, to: directory)))
        } catch {
            return .failure(CommandOutputFailure(CommandOutput(standardError: "landfall: error: \(error.message)\n", status: .cannotCreate)))
        }
    }
}
