import Foundation

/// Reads a manifest and estimates it: the first half of `estimate`, `scope` and `demo`.
struct EstimateRun {
    let estimator: Estimator

    /// The estimate and the manifest as read (its warnings included), or what to print and the status.
    func run(path: String, destination: String?, unmatchedUsers: Int?, asOf: Date) -> Result<(estimate: Estimate, reading: ManifestReading), CommandOutputFailure> {
        let reading = ManifestReader(vocabulary: estimator.catalog.vocabulary).read(path: path)
        guard let manifest = reading.manifest else { return .failure(CommandOutputFailure(.failure(reading.diagnostics, status: reading.status))) }
        let warnings = reading.diagnostics.map { "\($0)\n" }.joined()
        return estimate(manifest, destination: destination, unmatchedUsers: unmatchedUsers, asOf: asOf)
            .map { ($0, reading) }
            .mapError { CommandOutputFailure(CommandOutput(standardError: warnings + $0.output.standardError, status: $0.output.status)) }
    }

    /// The estimate of a manifest already read, or what to print and the status.
    func estimate(_ manifest: Manifest, destination: String?, unmatchedUsers: Int?, asOf: Date) -> Result<Estimate, CommandOutputFailure> {
        do {
            return .success(try estimator.estimate(manifest, destination: destination, unmatchedUsers: unmatchedUsers, asOf: asOf))
        } catch {
            switch error {
            case .unsupportedPair(let message):
                return .failure(CommandOutputFailure(CommandOutput.error("\(message)", status: .usage)))
            case .rulesMismatch(let diagnostic):
                return .failure(CommandOutputFailure(.failure([diagnostic], status: .dataError)))
            }
        }
    }
}
