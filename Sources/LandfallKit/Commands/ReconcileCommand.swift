import Foundation

/// `landfall reconcile RUN_DIR [--site DIR]`: reconciles one run and publishes it to the site.
public struct ReconcileCommand: Sendable {
    /// The run folder.
    public var runFolder: String
    /// The site folder.
    public var site: String
    /// The catalog (platforms, and how objects are counted in manifests).
    public var catalog: Catalog
    /// The acceptance criteria.
    public var acceptance: AcceptanceRules
    /// The templates.
    public var templates: TemplateLibrary

    /// Creates the command.
    public init(runFolder: String, site: String, catalog: Catalog, acceptance: AcceptanceRules, templates: TemplateLibrary) {
        self.runFolder = runFolder
        self.site = site
        self.catalog = catalog
        self.acceptance = acceptance
        self.templates = templates
    }

    /// Reads, reconciles and publishes; prints the paths written. Nothing in the site changes when
    /// the run cannot be read (65, 66) or its id is taken by different inputs (73).
    public func run() -> CommandOutput {
        do {
            let (outcome, warnings) = try publish()
            let notes = warnings.map { "landfall reconcile: warning: \($0)\n" }.joined()
            switch outcome {
            case .published(let paths):
                return CommandOutput(standardOutput: paths.map { "\($0)\n" }.joined(), standardError: notes)
            case .unchanged(let folder):
                return CommandOutput(standardOutput: "\(folder): already published from the same inputs; nothing changed\n", standardError: notes)
            }
        } catch {
            return .failure(error.diagnostics, status: error.status)
        }
    }

    /// Reads, reconciles and publishes the run; returns what publishing did and the warnings met.
    func publish() throws(RunFailure) -> (outcome: SitePublisher.Outcome, warnings: [String]) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: runFolder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw RunFailure([Diagnostic(.error, at: SourceLocation(file: runFolder), "no such run folder")], status: .noInput)
        }
        let run = try RunDescription.read(folder: runFolder, vocabulary: catalog.vocabulary).get()
        var warnings: [String] = []
        let counts = manifestCounts(run, warnings: &warnings)
        var result = try Reconciler(folder: RunFolder(path: runFolder), run: run, acceptance: acceptance, manifestCounts: counts).reconcile()
        result.report.warnings = warnings + result.report.warnings
        let outcome = try SitePublisher(site: site, templates: templates).publish(result, fingerprint: RunFingerprint.of(folder: runFolder, run: run))
        return (outcome, result.report.warnings)
    }

    /// The manifest's count of each object of the run, when `run.json` names a manifest.
    private func manifestCounts(_ run: RunDescription, warnings: inout [String]) -> [String: Int] {
        guard let relative = run.manifest else { return [:] }
        let path = (runFolder as NSString).appendingPathComponent(relative)
        let reading = ManifestReader(vocabulary: catalog.vocabulary).read(path: path)
        guard let manifest = reading.manifest else {
            warnings.append("the manifest \(relative) cannot be read, so source counts are not compared with it: \(reading.diagnostics.first?.description ?? "")")
            return [:]
        }
        let platform = catalog.platform(manifest.source.platform)
        var counts: [String: Int] = [:]
        for object in run.objects {
            if let key = platform?.object(object.object)?.countKey { counts[object.object] = manifest.counts[key] }
        }
        return counts
    }
}
