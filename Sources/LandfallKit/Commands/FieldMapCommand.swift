import Foundation

/// `landfall fieldmap MANIFEST [--profile profile.json]`: the proposed field map for a manifest
/// that exists already (survey writes one itself), with value maps from the profile's values when
/// it is given, else from the catalog's; merged with a map already in the output folder, so that
/// nothing a person confirmed there is lost.
public struct FieldMapCommand: Sendable {
    public var manifestPath: String
    public var profilePath: String?
    /// `--out`, or `Output/<customer-slug>/<destination>/`: the folder of `fieldmap.yaml`.
    public var directory: String?
    /// `--to`, or the manifest's destination.
    public var destination: String?
    public var asOf: Date
    public var catalog: Catalog
    public var rules: Rules
    /// Renders the field map for the customer (`fieldmap.{html,md}` beside it), when given.
    public var renderer: DocumentRenderer?
    /// `--force`: change confirmed entries of a map already there.
    public var force: Bool

    /// Creates the command.
    public init(manifestPath: String, profilePath: String?, directory: String?, destination: String?, asOf: Date, catalog: Catalog, rules: Rules,
                renderer: DocumentRenderer? = nil, force: Bool = false) {
        self.renderer = renderer
        self.manifestPath = manifestPath
        self.profilePath = profilePath
        self.directory = directory
        self.destination = destination
        self.asOf = asOf
        self.catalog = catalog
        self.rules = rules
        self.force = force
    }

    /// Reads, proposes, merges and writes; prints the paths written, and what changed on
    /// standard error.
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
        let directory = directory ?? "Output/\(manifest.customerSlug)/\(destination)"
        let proposal = FieldMapBuilder(pair: pair, catalog: catalog, manifest: manifest, profile: profile, rules: rules).build()
        let writing = FieldMapOutput(catalog: catalog, renderer: renderer, date: asOf, force: force)
        switch writing.files(for: proposal.map, customer: manifest.customer.name, samples: profile?.samples ?? [:], directory: directory) {
        case .failure(let failure):
            return failure.output
        case .success(let result):
            do {
                let written = try OutputWriter.write(result.files, to: directory)
                return CommandOutput(standardOutput: written.map { "\($0)\n" }.joined(), standardError: result.changes.map { "landfall: \($0)\n" }.joined())
            } catch {
                return CommandOutput.error("\(error.message)", status: .cannotCreate)
            }
        }
    }
}
