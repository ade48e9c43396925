import Foundation

/// `landfall compare MANIFEST`: one account quoted against every destination the catalog has for
/// its source, written as `compare.{html,md,json}`.
public struct CompareCommand: Sendable {
    /// The manifest file.
    public var manifestPath: String
    /// `--out`, or `Output/<customer-slug>/` when `nil`.
    public var outputDirectory: String?
    /// The formats to write.
    public var formats: [OutputFormat]
    /// The comparison's date.
    public var asOf: Date
    /// `--unmatched-users`, when given (the same for every destination).
    public var unmatchedUsers: Int?
    /// `--destination-users`: one destination's users, matched for the destinations of its family.
    public var destinationUsers: String?
    /// The estimator.
    public var estimator: Estimator
    /// The renderer.
    public var renderer: DocumentRenderer

    /// Creates the command.
    public init(manifestPath: String, outputDirectory: String?, formats: [OutputFormat], asOf: Date, unmatchedUsers: Int?,
                destinationUsers: String? = nil, estimator: Estimator, renderer: DocumentRenderer)
    {
        self.manifestPath = manifestPath
        self.outputDirectory = outputDirectory
        self.formats = formats
        self.asOf = asOf
        self.unmatchedUsers = unmatchedUsers
        self.destinationUsers = destinationUsers
        self.estimator = estimator
        self.renderer = renderer
    }

    /// Reads, estimates for each destination, renders and writes; prints the paths written.
    public func run() -> CommandOutput {
        switch rendered() {
        case .failure(let failure):
            return failure.output
        case .success(let (files, folder, warnings)):
            do {
                let written = try OutputWriter.write(files, to: outputDirectory ?? folder)
                return CommandOutput(standardOutput: written.map { "\($0)\n" }.joined(), standardError: warnings)
            } catch {
                return CommandOutput(standardError: warnings + CommandOutput.error("\(error.message)", status: .cannotCreate).standardError, status: .cannotCreate)
            }
        }
    }

    /// The comparison's files, the default folder for them (`Output/<customer-slug>`) and the
    /// manifest's warnings; or what to print and the status.
    func rendered() -> Result<(files: [OutputWriter.File], folder: String, warnings: String), CommandOutputFailure> {
        let run = EstimateRun(estimator: estimator)
        let reading = ManifestReader(vocabulary: estimator.catalog.vocabulary).read(path: manifestPath)
        guard let manifest = reading.manifest else { return .failure(CommandOutputFailure(.failure(reading.diagnostics, status: reading.status))) }
        let warnings = reading.diagnostics.map { "\($0)\n" }.joined()
        let destinations = estimator.catalog.pairs.filter { $0.source == manifest.source.platform }.map(\.destination)
        guard !destinations.isEmpty else {
            return .failure(CommandOutputFailure(CommandOutput(standardError: warnings + "landfall: error: the catalog has no destination for \(manifest.source.platform)\n", status: .usage)))
        }
        var users: DestinationUsers?
        if let destinationUsers {
            do {
                users = try DestinationUsers.read(path: destinationUsers)
            } catch {
                return .failure(CommandOutputFailure(CommandOutput(standardError: warnings + CommandOutput.failure([error.diagnostic], status: error.status).standardError,
                                                                   status: error.status)))
            }
        }
        var estimates: [Estimate] = []
        for destination in destinations {
            // The users file is matched for the destinations it lists people of.
            let family = estimator.catalog.platform(destination)?.family
            let matched = users.flatMap { $0.kind.family == family ? $0 : nil }
            switch run.estimate(manifest, destination: destination, unmatchedUsers: unmatchedUsers, users: matched, asOf: asOf) {
            case .success(let estimate): estimates.append(estimate)
            case .failure(let failure):
                return .failure(CommandOutputFailure(CommandOutput(standardError: warnings + failure.output.standardError, status: failure.output.status)))
            }
        }
        do {
            return .success((try renderer.renderComparison(of: estimates, formats: formats), "Output/\(manifest.customerSlug)", warnings))
        } catch {
            return .failure(CommandOutputFailure(CommandOutput(standardError: warnings + CommandOutput.failure(error.diagnostics, status: error.status).standardError,
                                                               status: error.status)))
        }
    }
}
