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
        var diagnostics: [Diagnostic] = []
        var status = ExitStatus.ok
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            let diagnostic = Diagnostic(.error, at: SourceLocation(file: directory), "catalog folder not found")
            return CatalogLoading(catalog: nil, diagnostics: [diagnostic], status: .noInput)
        }

        func parse(_ path: String) -> (DataNode, NodeDecoder)? {
            do {
                return (try DocumentReader.read(path: path), NodeDecoder(file: path))
            } catch {
                diagnostics.append(error.diagnostic)
                status = max(status, error.status)
                return nil
            }
        }

        var platforms: [Platform] = []
        var platformIDs: [String: String] = [:]
        var brokenPlatforms: Set<String> = []
        let platformFiles = yamlFiles(in: directory, subfolder: "platforms")
        if platformFiles.isEmpty {
            diagnostics.append(Diagnostic(.error, at: SourceLocation(file: directory + "/platforms"), "no platform files (*.yaml) found"))
        }
        for path in platformFiles {
            brokenPlatforms.insert(((path as NSString).lastPathComponent as NSString).deletingPathExtension)
            guard let (root, decoder) = parse(path) else { continue }
            if let platform = PlatformDecoder(decoder: decoder).decode(root) {
                if let earlier = platformIDs[platform.id] {
                    decoder.error("the platform id \"\(platform.id)\" is already defined in \(earlier)", at: decoder.position(of: "id"), path: "id")
                } else {
                    platformIDs[platform.id] = path
                    platforms.append(platform)
                    brokenPlatforms.remove(((path as NSString).lastPathComponent as NSString).deletingPathExtension)
                }
            } else if case .object(let members) = root.value, let id = members.first(where: { $0.key == "id" }), case .string(let name) = id.value.value {
                brokenPlatforms.insert(name)
            }
            diagnostics += decoder.log.diagnostics
        }

        var pairs: [MigrationPair] = []
        var pairFiles: [String: String] = [:]
        for path in yamlFiles(in: directory, subfolder: "pairs") {
            guard let (root, decoder) = parse(path) else { continue }
            if let pair = PairDecoder(decoder: decoder, platforms: platforms, brokenPlatforms: brokenPlatforms).decode(root) {
                let key = "\(pair.source) → \(pair.destination)"
                if let earlier = pairFiles[key] {
                    decoder.error("the pair \(key) is already defined in \(earlier)", at: decoder.position(of: "source"), path: "source")
                } else {
                    pairFiles[key] = path
                    pairs.append(pair)
                }
            }
            diagnostics += decoder.log.diagnostics
        }

        diagnostics.sort()
        if diagnostics.hasErrors { status = max(status, .dataError) }
        let catalog = diagnostics.hasErrors ? nil : Catalog(platforms: platforms, pairs: pairs)
        return CatalogLoading(catalog: catalog, diagnostics: diagnostics, status: status)
    }

    private static func yamlFiles(in directory: String, subfolder: String) -> [String] {
        let folder = (directory as NSString).appendingPathComponent(subfolder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
            .sorted()
            .map { (folder as NSString).appendingPathComponent($0) }
    }
}

/// Decodes one platform file.
struct PlatformDecoder {
    let decoder: NodeDecoder

    func decode(_ root: DataNode) -> Platform? {
        guard let fields = decoder.fields(root, .root) else { return nil }
        let id = fields.required("id", decoder.nonEmptyString)
        let name = fields.required("name", decoder.nonEmptyString)
        let role: Platform.Role? = fields.required("role") { decoder.oneOf($0, $1, "role") }
        let summary = fields.required("summary", decoder.nonEmptyString)
        let objects = fields.required("objects") { decoder.list($0, $1, of: platformObject) }
        let fieldTypes = fields.optional("field_types", decoder.stringList)
        let limits = fields.optional("api_limits") { decoder.list($0, $1, of: apiLimit) }
        let gotchas = fields.optional("gotchas") { decoder.list($0, $1, of: gotcha) }
        let strengths = fields.optional("strengths", decoder.stringList)
        let weaknesses = fields.optional("weaknesses", decoder.stringList)
        fields.finish()
        if let objects {
            CatalogChecks.unique(objects.map(\.id), list: "objects", field: "id", what: "object", decoder: decoder)
        }
        if let gotchas {
            CatalogChecks.unique(gotchas.map(\.id), list: "gotchas", field: "id", what: "gotcha", decoder: decoder)
        }
        guard let id, let name, let role, let summary, let objects, !decoder.log.hasErrors else { return nil }
        return Platform(id: id, name: name, role: role, summary: summary, objects: objects, fieldTypes: fieldTypes ?? [],
                        apiLimits: limits ?? [], gotchas: gotchas ?? [], strengths: strengths ?? [], weaknesses: weaknesses ?? [])
    }

    private func platformObject(_ node: DataNode, _ path: KeyPath) -> PlatformObject? {
        guard let fields = decoder.fields(node, path) else { return nil }
        let id = fields.required("id", decoder.nonEmptyString)
        let name = fields.required("name", decoder.nonEmptyString)
        let countKey: CountKey?? = fields.optional("count_key") { .some(decoder.oneOf($0, $1, "count key")) }
        fields.finish()
        guard let id, let name, countKey != .some(nil) else { return nil }
        return PlatformObject(id: id, name: name, countKey: countKey ?? nil)
    }

    private func apiLimit(_ node: DataNode, _ path: KeyPath) -> APILimit? {
        guard let fields = decoder.fields(node, path) else { return nil }
        let name = fields.required("name", decoder.nonEmptyString)
        let value = fields.optional("value") { decoder.integer($0, $1, in: 0...Int.max) }
        let unit = fields.optional("unit", decoder.string)
        let note = fields.optional("note", decoder.string)
        fields.finish()
        return name.map { APILimit(name: $0, value: value, unit: unit, note: note) }
    }

    private func gotcha(_ node: DataNode, _ path: KeyPath) -> Gotcha? {
        guard let fields = decoder.fields(node, path) else { return nil }
        let id = fields.required("id", decoder.nonEmptyString)
        let severity: RiskSeverity? = fields.required("severity") { decoder.oneOf($0, $1, "severity") }
        let title = fields.required("title", decoder.nonEmptyString)
        let detail = fields.required("detail", decoder.nonEmptyString)
        fields.finish()
        guard let id, let severity, let title, let detail else { return nil }
        return Gotcha(id: id, severity: severity, title: title, detail: detail)
    }
}

/// Checks shared by the catalog's decoders.
enum CatalogChecks {
    /// Reports every repeated value of `field` in `list`.
    static func unique(_ values: [String], list: KeyPath, field: String, what: String, decoder: NodeDecoder) {
        var first: [String: Int] = [:]
        for (index, value) in values.enumerated() {
            if let earlier = first[value] {
                let path = list.appending(index: index).appending(field)
                decoder.error("duplicate \(what) \(field) \"\(value)\": already used by \(list)[\(earlier)]", at: decoder.position(of: path), path: path)
            } else {
                first[value] = index
            }
        }
    }
}
