import Foundation

/// `landfall estimate MANIFEST`: the figures a quote stands on, as a terminal summary or JSON.
public struct EstimateCommand: Sendable {
    /// The manifest file.
    public var manifestPath: String
    /// `--to`, when given.
    public var destination: String?
    /// Text or JSON.
    public var format: TerminalFormat
    /// The quote's date.
    public var asOf: Date
    /// `--unmatched-users`, when given.
    public var unmatchedUsers: Int?
    /// `--destination-users`, when given.
    public var destinationUsers: String?
    /// Whether the text may use colour.
    public var colour: Bool
    /// The estimator (catalog and rules).
    public var estimator: Estimator
    /// `--fieldmap`: the customer's field map, which the load plan follows (else the proposed one).
    public var fieldMapPath: String?

    /// Creates the command.
    public init(manifestPath: String, destination: String?, format: TerminalFormat, asOf: Date, unmatchedUsers: Int?, destinationUsers: String? = nil,
                colour: Bool, fieldMapPath: String? = nil, estimator: Estimator)
    {
        self.fieldMapPath = fieldMapPath
        self.manifestPath = manifestPath
        self.destination = destination
        self.format = format
        self.asOf = asOf
        self.unmatchedUsers = unmatchedUsers
        self.destinationUsers = destinationUsers
        self.colour = colour
        self.estimator = estimator
    }

    /// Reads the manifest and prints the estimate; the manifest's warnings go to standard error.
    public func run() -> CommandOutput {
        let estimate: Estimate
        let warnings: String
        switch EstimateRun(estimator: estimator).run(path: manifestPath, destination: destination, unmatchedUsers: unmatchedUsers,
                                                     usersFile: { [destinationUsers] _ in destinationUsers }, fieldMapPath: fieldMapPath, asOf: asOf) {
        case .success(let result):
            estimate = result.estimate
            warnings = (result.reading.diagnostics + (result.users?.diagnostics ?? [])).map { "\($0)\n" }.joined()
        case .failure(let failure): return failure.output
        }
        switch format {
        case .json:
            do {
                return CommandOutput(standardOutput: try JSONOutput.string(estimate, schema: "landfall.estimate/1"), standardError: warnings)
            } catch {
                return CommandOutput.error("\(error)", status: .software)
            }
        case .text:
            return CommandOutput(standardOutput: EstimateSummary(estimate: estimate, colour: colour).render(), standardError: warnings)
        }
    }
}
