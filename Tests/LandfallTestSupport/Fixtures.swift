import Foundation
import LandfallKit

/// Paths to the repository's test fixtures and bundled data, found from this file's location so
/// that tests run the same from any working directory.
public enum Fixtures {
    /// The repository's top folder.
    public static let repositoryRoot: String = {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }()

    /// `Tests/LandfallKitTests/Fixtures/NAME`.
    public static func path(_ name: String) -> String {
        repositoryRoot + "/Tests/LandfallKitTests/Fixtures/" + name
    }

    /// `Samples/NAME`.
    public static func sample(_ name: String) -> String {
        repositoryRoot + "/Samples/" + name
    }

    /// The bundled catalog folder.
    public static let catalogDirectory = repositoryRoot + "/Catalog"

    /// The bundled catalog; a test fails loudly if it does not load.
    public static let catalog: Catalog = {
        let loading = CatalogLoader.load(directory: catalogDirectory)
        guard let catalog = loading.catalog else {
            fatalError("the bundled catalog does not load: \(loading.diagnostics)")
        }
        return catalog
    }()

    /// The bundled rules folder.
    public static let rulesDirectory = repositoryRoot + "/Rules"

    /// The bundled rules; a test fails loudly if they do not load.
    public static let rules: Rules = {
        let loading = RulesLoader.load(directory: rulesDirectory)
        guard let rules = loading.rules else {
            fatalError("the bundled rules do not load: \(loading.diagnostics)")
        }
        return rules
    }()

    /// An estimator over the bundled catalog and rules.
    public static let estimator = Estimator(catalog: catalog, rules: rules, timelineFile: rulesDirectory + "/timeline.yaml")

    /// The manifest in `Tests/LandfallKitTests/Fixtures/NAME`, which must be valid.
    public static func manifest(_ name: String = "manifest-v1.json") -> Manifest {
        guard let manifest = manifestReader.read(path: path(name)).manifest else { fatalError("\(name) is not a valid manifest") }
        return manifest
    }

    /// A fixed quote date, 2026-11-21.
    public static let asOf = Date(timeIntervalSince1970: 1_795_219_200)

    /// A manifest reader that knows the bundled catalog's platforms.
    public static let manifestReader = ManifestReader(vocabulary: catalog.vocabulary)
}

/// A folder under the system's temporary folder, removed when the value is deinitialised.
public final class TemporaryFolder: @unchecked Sendable {
    /// The folder's path.
    public let path: String

    /// Creates an empty folder.
    public init() {
        path = NSTemporaryDirectory() + "landfall-tests-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Writes `text` (UTF-8) to `name` inside the folder, creating subfolders, and returns its path.
    @discardableResult
    public func write(_ name: String, _ text: String) -> String {
        write(name, Data(text.utf8))
    }

    /// Writes `data` to `name` inside the folder, creating subfolders, and returns its path.
    @discardableResult
    public func write(_ name: String, _ data: Data) -> String {
        let file = path + "/" + name
        try! FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try! data.write(to: URL(fileURLWithPath: file))
        return file
    }

    /// Copies the folder `source` into this folder as `name`, replacing `original` with the marked
    /// `replacement` in the copy's `file`; returns the copy's path, the markers and the file's path.
    public func copy(folder source: String, as name: String, in file: String, replacing original: String, with replacement: String)
        -> (copy: String, marks: MarkedText, file: String)
    {
        let copy = copy(folder: source, as: name)
        let path = copy + "/" + file
        let text = try! String(contentsOfFile: path, encoding: .utf8)
        precondition(text.contains(original), "\(file) has no \(original)")
        let marks = MarkedText(text.replacingOccurrences(of: original, with: replacement))
        try! marks.text.write(toFile: path, atomically: true, encoding: .utf8)
        return (copy, marks, path)
    }

    /// Copies the folder `source` into this folder as `name`, and returns the copy's path.
    public func copy(folder source: String, as name: String) -> String {
        let destination = path + "/" + name
        try! FileManager.default.copyItem(atPath: source, toPath: destination)
        return destination
    }
}

/// A fixture with markers: each `‸` in the text marks where a finding must point. The markers
/// are removed, and their positions kept in order.
public struct MarkedText: Sendable {
    /// The marker character.
    public static let marker: Character = "‸"

    /// The text without markers.
    public let text: String
    /// Where each marker stood, as 1-based line and column (in Unicode scalars).
    public let positions: [TextPosition]

    /// Strips the markers from `marked`.
    public init(_ marked: String) {
        var text = ""
        var positions: [TextPosition] = []
        var line = 1
        var column = 1
        for character in marked {
            if character == Self.marker {
                positions.append(TextPosition(line: line, column: column))
                continue
            }
            text.append(character)
            if character == "\n" {
                line += 1
                column = 1
            } else {
                column += character.unicodeScalars.count
            }
        }
        self.text = text
        self.positions = positions
    }

    /// The only marker's position.
    public var position: TextPosition {
        precondition(positions.count == 1, "expected exactly one marker, found \(positions.count)")
        return positions[0]
    }
}

extension Fixtures {
    /// The bundled templates folder.
    public static let templatesDirectory = repositoryRoot + "/Templates"

    /// The bundled templates; a test fails loudly if they do not load.
    public static let templates: TemplateLibrary = {
        switch TemplateLibrary.load(directory: templatesDirectory) {
        case .success(let library): return library
        case .failure(let failure): fatalError("the bundled templates do not load: \(failure.diagnostics)")
        }
    }()

    /// A document renderer over the bundled templates and rules.
    public static let renderer = DocumentRenderer(templates: templates, rules: rules)

    /// `landfall demo` over the bundled samples into `folder`, dated ``asOf``.
    public static func demo(into folder: String) -> CommandOutput {
        DemoCommand(samplesDirectory: repositoryRoot + "/Samples", outputDirectory: folder, asOf: asOf, estimator: estimator, renderer: renderer).run()
    }
}
