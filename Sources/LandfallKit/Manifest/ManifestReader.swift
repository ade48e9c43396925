/// The outcome of reading one manifest file: the manifest when it is usable, and every finding.
public struct ManifestReading: Sendable {
    /// The manifest, or `nil` when any finding is an error.
    public var manifest: Manifest?
    /// Every finding, sorted by location.
    public var diagnostics: [Diagnostic]
    /// 0 when usable, 65 when the content is invalid, 66 when the file is missing or unreadable.
    public var status: ExitStatus
    /// The document as read, so that later findings can point into the file.
    public var root: DataNode?
    /// The file as named.
    public var file: String = ""

    /// A finding about the value at `path` of this manifest.
    public func diagnostic(_ severity: Severity, _ message: String, at path: KeyPath) -> Diagnostic {
        let position = root?.nearestPosition(path) ?? TextPosition(line: 1, column: 1)
        return Diagnostic(severity, at: SourceLocation(file: file, line: position.line, column: position.column), path: path.description, message)
    }
}

/// Reads export manifests from JSON, YAML or XML and checks them in one pass.
public struct ManifestReader: Sendable {
    /// The platform names the manifest may use.
    public let vocabulary: ManifestVocabulary

    /// Creates a reader that knows the platforms in `vocabulary`.
    public init(vocabulary: ManifestVocabulary) {
        self.vocabulary = vocabulary
    }

    /// Reads and checks the manifest at `path`; never throws: every problem becomes a finding.
    public func read(path: String) -> ManifestReading {
        let input: InputFile
        do {
            input = try InputFile(path: path)
        } catch {
            return ManifestReading(manifest: nil, diagnostics: [error.diagnostic], status: error.status)
        }
        return read(input)
    }

    /// Reads and checks an already loaded file.
    public func read(_ input: InputFile) -> ManifestReading {
        let root: DataNode
        do {
            root = try DocumentReader.read(input)
        } catch {
            return ManifestReading(manifest: nil, diagnostics: [error.diagnostic], status: error.status)
        }
        return decode(root, file: input.path)
    }

    /// Decodes and checks a parsed document.
    public func decode(_ root: DataNode, file: String) -> ManifestReading {
        let decoder = NodeDecoder(file: file, root: root)
        let parts = ManifestDecoder(decoder: decoder, vocabulary: vocabulary).decode(root)
        if parts.version != nil {
            ManifestChecks(decoder: decoder, parts: parts, vocabulary: vocabulary, index: DetailListIndex(root: root)).run()
        }
        let diagnostics = decoder.log.diagnostics.sorted()
        let failed = diagnostics.hasErrors
        return ManifestReading(manifest: failed ? nil : parts.manifest, diagnostics: diagnostics, status: failed ? .dataError : .ok,
                               root: root, file: file)
    }
}
