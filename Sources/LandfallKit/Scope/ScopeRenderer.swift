/// Renders the scope document in the requested formats, entirely in memory, so that a failure
/// writes nothing.
public struct ScopeRenderer: Sendable {
    /// The templates.
    public var templates: TemplateLibrary
    /// The rules (for the issuer and the acceptance criteria).
    public var rules: Rules

    /// Creates a renderer.
    public init(templates: TemplateLibrary, rules: Rules) {
        self.templates = templates
        self.rules = rules
    }

    /// The output formats of documents.
    public enum Format: String, Sendable, CaseIterable {
        case html
        case md
        case json
    }

    /// `scope.html`, `scope.md` and `scope.json` for `estimate`, as far as `formats` asks.
    public func render(_ estimate: Estimate, formats: [Format]) throws(TemplateFailure) -> [OutputWriter.File] {
        let document = ScopeDocument(estimate: estimate, rules: rules)
        let view = ScopeView(document)
        var files: [OutputWriter.File] = []
        for format in Format.allCases where formats.contains(format) {
            switch format {
            case .html:
                files.append(OutputWriter.File(path: "scope.html", text: try templates.render(view, template: "scope", format: .html)))
            case .md:
                files.append(OutputWriter.File(path: "scope.md", text: try templates.render(view, template: "scope", format: .md)))
            case .json:
                guard let json = try? JSONOutput.string(document) else {
                    throw TemplateFailure(diagnostics: [Diagnostic(.error, at: SourceLocation(file: "scope.json"), "the scope document cannot be encoded as JSON")], status: .software)
                }
                files.append(OutputWriter.File(path: "scope.json", text: json))
            }
        }
        return files
    }
}
