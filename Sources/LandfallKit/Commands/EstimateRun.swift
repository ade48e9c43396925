import Foundation

/// Reads a manifest (and the destination's users, when given) and estimates it: the first half
/// of `estimate`, the document commands and `demo`.
struct EstimateRun {
    let estimator: Estimator

    /// What a run gives the second half: the estimate, the manifest as read (its warnings
    /// included) and the destination users it matched the people against.
    struct Estimated {
        var estimate: Estimate
        var reading: ManifestReading
        var users: DestinationUsers?
    }

    /// The estimate, or what to print and the status.
    ///
    /// - Parameter usersFile: the destination-users file for the manifest read, if any.
    func run(path: String, destination: String?, unmatchedUsers: Int?, usersFile: (Manifest) -> String? = { _ in nil },
             asOf: Date) -> Result<Estimated, CommandOutputFailure>
    {
        let reading = ManifestReader(vocabulary: estimator.catalog.vocabulary).read(path: path)
        guard let manifest = reading.manifest else { return .failure(CommandOutputFailure(.failure(reading.diagnostics, status: reading.status))) }
        let warnings = reading.diagnostics.map { "\($0)\n" }.joined()
        var users: DestinationUsers?
        if let file = usersFile(manifest) {
            do {
                users = try DestinationUsers.read(path: file)
            } catch {
                let failed = CommandOutput.failure([error.diagnostic], status: error.status)
                return .failure(CommandOutputFailure(CommandOutput(standardError: warnings + failed.standardError, status: failed.status)))
            }
        }
        return estimate(manifest, destination: destination, unmatchedUsers: unmatchedUsers, users: users, asOf: asOf)
            .map { Estimated(estimate: $0, reading: reading, users: users) }
            .mapError { CommandOutputFailure(CommandOutput(standardError: warnings + $0.output.standardError, status: $0.output.status)) }
    }

    /// The estimate of a manifest already read, or what to print and the status.
    func estimate(_ manifest: Manifest, destination: String?, unmatchedUsers: Int?, users: DestinationUsers? = nil,
                  asOf: Date) -> Result<Estimate, CommandOutputFailure>
    {
        let estimate: Estimate
        do {
            estimate = try estimator.estimate(manifest, destination: destination, unmatchedUsers: unmatchedUsers, destinationUsers: users, asOf: asOf)
        } catch {
            switch error {
            case .unsupportedPair(let message):
                return .failure(CommandOutputFailure(CommandOutput.error("\(message)", status: .usage)))
            case .rulesMismatch(let diagnostic):
                return .failure(CommandOutputFailure(.failure([diagnostic], status: .dataError)))
            }
        }
        if let users, let mismatch = users.mismatch(with: estimate.destination) {
            return .failure(CommandOutputFailure(.failure([mismatch], status: .dataError)))
        }
        return .success(estimate)
    }
}
