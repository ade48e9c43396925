import Foundation

/// `landfall fieldmap MANIFEST [--profile profile.json]`: the proposed field map for a manifest
/// that exists already (survey writes one itself), with value maps from the profile's values when
/// it is given, else from the catalog's.
public struct FieldMapCommand: Sendable {
    public var manifestPath: String
    public var profilePath: String?
    /// `-o`, or `fieldmap.yaml` beside the manifest.
    public var output: String?
    /// `--to`, or the manifest's destination.
    public var destination: String?
    public var asOf: Date
    public var catalog: Catalog
    /// Renders the field map for the customer (`fieldmap.{html,md}` beside it), when given.
    public var renderer: DocumentRenderer?

    /// Creates the command.
    public init(manifestPath: String, profilePath: String?, output: String?, destination: String?, asOf: Date, catalog: Catalog,
                renderer: DocumentRenderer? = nil) {
        self.renderer = renderer
        self.manifestPath = manifestPath
        self.profilePath = profilePath
        self.output = output
        self.destination = destination
        self.asOf = asOf
        self.catalog = catalog
    }

    /// Reads, proposes and writes; prints the path written.
    public func run() -> CommandOutput {
        let reading = ManifestReader(vocabulary: catalog.vocabulary).read(path: manifestPath)
        guard let manifest = reading.manifest else { return .failure(reading.diagnostics, status: reading.status) }
        let destination = destination ?? manifest.destination.platform
        guard let pair = catalog.pair(source: manifest.source.platform, destination: destination) else {
            return CommandOutput.error("the catalog has no migration from \(manifest.source.platform) to \(destination)", status: .usage)
        }
        var profile: ExportProfile?
        if let profilePath {
            do {
                profile = try ExportProfile.read(path: profilePath)
            } catch {
                return .failure([error.diagnostic], status: error.status)
            }
        }
        let path = output ?? ((manifestPath as NSString).deletingLastPathComponent as NSString).appendingPathComponent("fieldmap.yaml")
        let directory = (path as NSString).deletingLastPathComponent
        do {
            let files = try FieldMapProposal.files(for: manifest, pair: pair, catalog: catalog, profile: profile, date: asOf, renderer: renderer,
                                                   yamlName: (path as NSString).lastPathComponent)
            let written = try OutputWriter.write(files, to: directory.isEmpty ? "." : directory)
            return CommandOutput(standardOutput: written.map { "\($0)\n" }.joined())
        } catch let failure as TemplateFailure {
            return .failure(failure.diagnostics, status: failure.status)
        } catch let failure as OutputWriter.Failure {
            return CommandOutput.error("\(failure.message)", status: .cannotCreate)
        } catch {
            return CommandOutput.error("\(error)", status: .software)
        }
    }
}
