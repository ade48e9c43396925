import Foundation

/// `landfall scope`, `landfall inventory` and `landfall crosswalk`: read one manifest, estimate
/// it, and write one kind of document.
public struct DocumentCommand: Sendable {
    /// Which document.
    public var kind: DocumentKind
    /// The manifest file.
    public var manifestPath: String
    /// `--to`, when given.
    public var destination: String?
    /// `--out`, or `Output/<customer-slug>/<destination>/` when `nil`.
    public var outputDirectory: String?
    /// The formats to write.
    public var formats: [OutputFormat]
    /// The documents' date.
    public var asOf: Date
    /// `--unmatched-users`, when given.
    public var unmatchedUsers: Int?
    /// `--destination-users`: the destination's users to match the people against, when given.
    public var destinationUsers: String?
    /// `--start` (and `--holidays`): the working days the scope document's milestones are dated in.
    public var calendar: WorkingCalendar?
    /// `--fieldmap`: the customer's field map, which the document follows (else the proposed one).
    public var fieldMapPath: String?
    /// The estimator.
    public var estimator: Estimator
    /// The renderer.
    public var renderer: DocumentRenderer

    /// Creates the command.
    public init(kind: DocumentKind, manifestPath: String, destination: String?, outputDirectory: String?, formats: [OutputFormat], asOf: Date,
                unmatchedUsers: Int?, destinationUsers: String? = nil, calendar: WorkingCalendar? = nil, fieldMapPath: String? = nil, estimator: Estimator,
                renderer: DocumentRenderer)
    {
        self.fieldMapPath = fieldMapPath
        self.kind = kind
        self.manifestPath = manifestPath
        self.destination = destination
        self.outputDirectory = outputDirectory
        self.formats = formats
        self.asOf = asOf
        self.unmatchedUsers = unmatchedUsers
        self.destinationUsers = destinationUsers
        self.calendar = calendar
        self.estimator = estimator
        self.renderer = renderer
    }

    /// Reads, estimates, renders and writes; prints the paths written, and the findings on
    /// standard error.
    public func run() -> CommandOutput {
        switch EstimateRun(estimator: estimator).run(path: manifestPath, destination: destination, unmatchedUsers: unmatchedUsers,
                                                     usersFile: { [destinationUsers] _ in destinationUsers }, fieldMapPath: fieldMapPath, asOf: asOf) {
        case .failure(let failure):
            return failure.output
        case .success(let estimated):
            let warnings = estimated.reading.diagnostics.map { "\($0)\n" }.joined()
            let directory = outputDirectory ?? "Output/\(estimated.estimate.facts.manifest.customerSlug)/\(estimated.estimate.destination.id)"
            if let calendar, case let last = calendar.day(estimated.estimate.timeline.daysHigh),
               DayNumber(last) > DayNumber.latest {
                return CommandOutput.error("a project starting \(Calendar.day(calendar.start)) would run past 9999-12-31, the last date a document writes; give an earlier --start", status: .usage)
            }
            switch DocumentRun(renderer: renderer).write(kind, estimated, calendar: calendar, formats: formats, to: directory) {
            case .success(let written):
                let findings = written.findings.map { "\($0)\n" }.joined()
                return CommandOutput(standardOutput: written.paths.map { "\($0)\n" }.joined(), standardError: warnings + findings)
            case .failure(let failure):
                return CommandOutput(standardError: warnings + failure.output.standardError, status: failure.output.status)
            }
        }
    }
}

/// Renders an estimate's documents and writes them: the second half of the document commands and `demo`.
struct DocumentRun {
    let renderer: DocumentRenderer

    /// The paths written and the findings made, or what to print and the status.
    func write(_ kind: DocumentKind, _ estimated: EstimateRun.Estimated, calendar: WorkingCalendar? = nil, formats: [OutputFormat],
               to directory: String) -> Result<(paths: [String], findings: [Diagnostic]), CommandOutputFailure>
    {
        let rendered: (files: [OutputWriter.File], findings: [Diagnostic])
        do {
            rendered = try renderer.render(kind, estimated.estimate, reading: estimated.reading, users: estimated.users, calendar: calendar, formats: formats)
        } catch {
            return .failure(CommandOutputFailure(.failure(error.diagnostics, status: error.status)))
        }
        if rendered.findings.hasErrors {
            // A name the destination cannot take: nothing is written.
            return .failure(CommandOutputFailure(.failure(rendered.findings, status: .dataError)))
        }
        do {
            return .success((try OutputWriter.write(rendered.files, to: directory), rendered.findings))
        } catch {
            return .failure(CommandOutputFailure(CommandOutput.error("\(error.message)", status: .cannotCreate)))
        }
    }
}
