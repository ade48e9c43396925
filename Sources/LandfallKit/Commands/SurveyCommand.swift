import Foundation
import Yams

/// `landfall survey EXPORT_DIR`: the manifest a raw export amounts to (`manifest.json`, or
/// `manifest.yaml`) and, beside it, `profile.json` and the proposed `fieldmap.yaml`, written only
/// when the export has no error and the manifest validates; every finding printed with its file
/// and place.
public struct SurveyCommand: Sendable {
    /// The export folder.
    public var folder: String
    /// `--out`, or `Output/<customer-slug>/<destination>/` when `nil`.
    public var directory: String?
    /// `--format`: the manifest as JSON or YAML.
    public var manifestFormat: ManifestFileFormat
    /// `--to`, or the catalog's first destination for Thread.
    public var destination: String?
    /// `--customer`, or the folder's name.
    public var customer: String?
    /// Used as the export's date when no row carries a timestamp.
    public var asOf: Date
    /// The catalog (destinations and the manifest's vocabulary).
    public var catalog: Catalog
    /// The rules (names and lengths the field map's proposal keeps to).
    public var rules: Rules
    /// Renders the field map for the customer (`fieldmap.{html,md}`), when given.
    public var renderer: DocumentRenderer?
    /// `--force`: change confirmed entries of a field map already there.
    public var force: Bool
    /// Where the progress line goes while the export is read (the command line: standard error
    /// on a terminal), if anywhere.
    public var progress: (@Sendable (String) -> Void)?

    /// Creates the command.
    public init(folder: String, directory: String?, manifestFormat: ManifestFileFormat = .json, destination: String?, customer: String?, asOf: Date,
                catalog: Catalog, rules: Rules, renderer: DocumentRenderer? = nil, force: Bool = false) {
        self.manifestFormat = manifestFormat
        self.renderer = renderer
        self.rules = rules
        self.force = force
        self.folder = folder
        self.directory = directory
        self.destination = destination
        self.customer = customer
        self.asOf = asOf
        self.catalog = catalog
    }

    /// Surveys, validates and writes; prints the paths written, and the findings on standard error.
    public func run() -> CommandOutput {
        let known = catalog.pairs.filter { $0.source == "thread" }.map(\.destination)
        let destination = destination ?? known.first ?? "salesforce-service-cloud"
        guard let pair = catalog.pair(source: "thread", destination: destination) else {
            return CommandOutput.error("the catalog has no migration from thread to \(destination)" + NameSuggestion.hint(for: destination, among: known)
                + "; known destinations: \(known.joined(separator: ", "))", status: .usage)
        }
        let name = customer ?? ((folder as NSString).standardizingPath as NSString).lastPathComponent
        var survey = ExportSurvey(folder: folder, customer: name, destination: destination, family: catalog.platform(destination)?.family,
                                  fieldMap: pair.fieldMap, asOf: asOf)
        let meter = progress.map { ProgressMeter("survey", total: FolderSize.bytes(in: [folder]), write: $0) }
        survey.progress = meter
        let directory = directory ?? "Output/\(Manifest.slug(of: name))/\(destination)"
        let path = (directory as NSString).appendingPathComponent("manifest.\(manifestFormat.rawValue)")
        let outcome = survey.run()
        meter?.finish()
        let findings = outcome.diagnostics.map { "\($0)\n" }.joined()
        guard let surveyed = outcome.manifest else {
            return CommandOutput(standardError: findings, status: outcome.status == .ok ? .dataError : outcome.status)
        }
        // A person may have corrected the manifest survey wrote before (the edition, the licences):
        // that is kept, and what the export changed is said.
        let json: String
        let manifestChanges: [String]
        switch ManifestEdits.keeping(surveyed, from: path) {
        case .success(let kept):
            (json, manifestChanges) = kept
        case .failure(let failure):
            return CommandOutput(standardError: findings + "\(failure.diagnostic)\n", status: failure.status)
        }
        let reader = ManifestReader(vocabulary: catalog.vocabulary)
        let reading: ManifestReading
        do {
            reading = reader.read(try InputFile(path: path, contents: Array(json.utf8)))
        } catch {
            return CommandOutput(standardError: findings + "\(error.diagnostic)\n", status: .software)
        }
        guard let manifest = reading.manifest else {
            let problems = reading.diagnostics.map { "\($0) (in the manifest assembled from \(folder))\n" }.joined()
            return CommandOutput(standardError: findings + problems, status: .dataError)
        }
        let text: String
        switch manifestFormat {
        case .yaml:
            guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)), let yaml = try? Yams.dump(object: Self.native(object), sortKeys: true) else {
                return CommandOutput(standardError: findings + "landfall: error: the manifest cannot be written as YAML\n", status: .software)
            }
            text = yaml
        case .json:
            text = json
        }
        guard text.utf8.count <= InputFile.maximumSize else {
            // A manifest no other command would read: refused before anything is written.
            let size = Format.number(Format.tenths(Double(text.utf8.count) / 1024 / 1024))
            return CommandOutput(standardError: findings + "landfall: error: \(path): the manifest assembled from \(folder) would be \(size) MiB, more than the \(InputFile.maximumSize / 1024 / 1024) MiB Landfall reads; nothing is written\n",
                                 status: .dataError)
        }
        let profile: String
        do {
            profile = try JSONOutput.string(outcome.profile, schema: "landfall.profile/1")
        } catch {
            return CommandOutput(standardError: findings + "landfall: error: the profile cannot be encoded: \(error)\n", status: .software)
        }
        let proposal = FieldMapBuilder(pair: pair, catalog: catalog, manifest: manifest, profile: outcome.profile, rules: rules).build()
        let mapFiles: (files: [OutputWriter.File], changes: [String])
        switch FieldMapOutput(catalog: catalog, renderer: renderer, date: asOf, force: force)
            .files(for: proposal.map, customer: manifest.customer.name, samples: outcome.profile.samples, directory: directory) {
        case .failure(let failure):
            return CommandOutput(standardError: findings + failure.output.standardError, status: failure.output.status)
        case .success(let result):
            mapFiles = result
        }
        do {
            let files = [OutputWriter.File(path: (path as NSString).lastPathComponent, text: text), OutputWriter.File(path: "profile.json", text: profile)]
                + mapFiles.files
            let written = try OutputWriter.write(files, to: directory)
            return CommandOutput(standardOutput: written.map { "\($0)\n" }.joined(),
                                 standardError: findings + (manifestChanges + mapFiles.changes).map { "landfall: \($0)\n" }.joined())
        } catch {
            return CommandOutput(standardError: findings + CommandOutput.error("\(error.message)", status: .cannotCreate).standardError, status: .cannotCreate)
        }
    }

    /// A parsed JSON value with its numbers as Swift's own `Bool`, `Int` or `Double`, which YAML
    /// writes as `true`, `3` and `2.5` (Foundation hands them over as NSNumber).
    static func native(_ value: Any) -> Any {
        switch value {
        case let list as [Any]: return list.map(native)
        case let object as [String: Any]: return object.mapValues(native)
        case let number as NSNumber:
            if String(cString: number.objCType) == "c" { return number.boolValue }
            if number.doubleValue == number.doubleValue.rounded(), abs(number.doubleValue) < 9e15 { return number.intValue }
            return number.doubleValue
        default: return value
        }
    }
}

/// The form survey writes the manifest in.
public enum ManifestFileFormat: String, Sendable, CaseIterable {
    case json
    case yaml
}
