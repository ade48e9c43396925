import Foundation

/// The outcome of loading a catalog folder.
public struct CatalogLoading: Sendable {
    /// The catalog, or `nil` when any finding is an error.
    public var catalog: Catalog?
    /// Every finding, sorted by file and location.
    public var diagnostics: [Diagnostic]
    /// 0 when usable, 65 when a file is invalid, 66 when the folder or a file cannot be read.
    public var status: ExitStatus
}

/// Loads and checks a catalog folder: `platforms/*.yaml` and `pairs/*.yaml`.
public enum CatalogLoader {
    /// Loads the catalog in `directory`, checking every file and every reference between them.
    public static func load(directory: String) -> CatalogLoading {
        var files: DataFileSet
        switch DataFileSet.open(directory, what: "catalog") {
        case .success(let set): files = set
        case .failure(let failure): return CatalogLoading(catalog: nil, diagnostics: [failure.diagnostic], status: failure.status)
        }

        var platforms: [Platform] = []
        var platformFiles: [String: String] = [:]
        var brokenPlatforms: Set<String> = []
        let platformPaths = files.yamlFiles(in: "platforms")
        if platformPaths.isEmpty {
            files.record([Diagnostic(.error, at: SourceLocation(file: files.path("platforms")), "no platform files (*.yaml) found")], status: .dataError)
        }
        for path in platformPaths {
            let stem = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
            guard let (root, decoder) = files.parse(path) else {
                brokenPlatforms.insert(stem)
                continue
            }
            if let platform = PlatformDecoder(decoder: decoder).decode(root) {
                if let earlier = platformFiles[platform.id] {
                    decoder.error("the platform id \"\(platform.id)\" is already defined in \(earlier)", at: decoder.position(of: "id"), path: "id")
                } else {
                    platformFiles[platform.id] = path
                    platforms.append(platform)
                }
            } else {
                brokenPlatforms.insert(stem)
                if case .object(let members) = root.value, let id = members.first(where: { $0.key == "id" }), case .string(let name) = id.value.value {
                    brokenPlatforms.insert(name)
                }
            }
            files.absorb(decoder)
        }

        var pairs: [MigrationPair] = []
        var pairFiles: [String: String] = [:]
        for path in files.yamlFiles(in: "pairs") {
            guard let (root, decoder) = files.parse(path) else { continue }
            if let pair = PairDecoder(decoder: decoder, platforms: platforms, brokenPlatforms: brokenPlatforms).decode(root) {
                let key = "\(pair.source) → \(pair.destination)"
                if let earlier = pairFiles[key] {
                    decoder.error("the pair \(key) is already defined in \(earlier)", at: decoder.position(of: "source"), path: "source")
                } else {
                    pairFiles[key] = path
                    pairs.append(pair)
                }
            }
            files.absorb(decoder)
        }

        let (diagnostics, status) = files.result
        let catalog = diagnostics.hasErrors ? nil : Catalog(platforms: platforms, pairs: pairs)
        return CatalogLoading(catalog: catalog, diagnostics: diagnostics, status: status)
    }
}
