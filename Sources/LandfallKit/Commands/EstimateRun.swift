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
    /// - Parameter fieldMapPath: the customer's field map (`--fieldmap`), which every figure and
    ///   document then follows; checked against the manifest and the destination first.
    func run(path: String, destination: String?, unmatchedUsers: Int?, usersFile: (Manifest) -> String? = { _ in nil }, fieldMapPath: String? = nil,
             asOf: Date) -> Result<Estimated, CommandOutputFailure>
    {
        var reading = ManifestReader(vocabulary: estimator.catalog.vocabulary).read(path: path)
        guard let manifest = reading.manifest else { return .failure(CommandOutputFailure(.failure(reading.diagnostics, status: reading.status))) }
        var fieldMap: FieldMap?
        if let fieldMapPath {
            switch confirmedMap(fieldMapPath, manifest: manifest, destination: destination ?? manifest.destination.platform) {
            case .success(let checked):
                fieldMap = checked.map
                reading.diagnostics += checked.warnings
            case .failure(let failure):
                let warnings = reading.diagnostics.map { "\($0)\n" }.joined()
                return .failure(CommandOutputFailure(CommandOutput(standardError: warnings + failure.output.standardError, status: failure.output.status)))
            }
        }
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
        return estimate(manifest, destination: destination, unmatchedUsers: unmatchedUsers, users: users, fieldMap: fieldMap, asOf: asOf)
            .map { Estimated(estimate: $0, reading: reading, users: users) }
            .mapError { CommandOutputFailure(CommandOutput(standardError: warnings + $0.output.standardError, status: $0.output.status)) }
    }

    /// The estimate of a manifest already read, or what to print and the status.
    func estimate(_ manifest: Manifest, destination: String?, unmatchedUsers: Int?, users: DestinationUsers? = nil, fieldMap: FieldMap? = nil,
                  asOf: Date) -> Result<Estimate, CommandOutputFailure>
    {
        let estimate: Estimate
        do {
            estimate = try estimator.estimate(manifest, destination: destination, unmatchedUsers: unmatchedUsers, destinationUsers: users, fieldMap: fieldMap,
                                              asOf: asOf)
        } catch {
            switch error {
            case .unsupportedPair(let message):
                return .failure(CommandOutputFailure(CommandOutput.error("\(message)", status: .usage)))
            case .rulesMismatch(let diagnostic):
                return .failure(CommandOutputFailure(.failure([diagnostic], status: .dataError)))
            }
        }
        guard DayNumber(asOf).value + estimator.rules.pricing.validityDays <= DayNumber.latest.value else {
            return .failure(CommandOutputFailure(CommandOutput.error("a quote dated \(Calendar.day(asOf)) would be valid past 9999-12-31, the last date a document writes; date it earlier (--as-of)", status: .usage)))
        }
        if let users, let mismatch = users.mismatch(with: estimate.destination) {
            return .failure(CommandOutputFailure(.failure([mismatch], status: .dataError)))
        }
        return .success(estimate)
    }

    /// The field map at `path`, read and checked for `manifest` on `destination`: an error
    /// anywhere stops the command before anything is written (65); its warnings come back.
    private func confirmedMap(_ path: String, manifest: Manifest, destination: String) -> Result<(map: FieldMap, warnings: [Diagnostic]), CommandOutputFailure> {
        let read: (map: FieldMap?, diagnostics: [Diagnostic])
        do {
            read = try FieldMapReader.read(path: path)
        } catch {
            return .failure(CommandOutputFailure(.failure([error.diagnostic], status: error.status)))
        }
        guard let map = read.map else { return .failure(CommandOutputFailure(.failure(read.diagnostics, status: .dataError))) }
        let findings = (read.diagnostics + FieldMapValidation(catalog: estimator.catalog, profile: nil, manifest: manifest, expectedDestination: destination)
            .check(map, file: path)).sorted()
        guard !findings.hasErrors else { return .failure(CommandOutputFailure(.failure(findings, status: .dataError))) }
        return .success((map, findings))
    }
}
