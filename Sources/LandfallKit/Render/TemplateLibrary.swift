import Foundation
import Mustache

/// The document formats rendered from templates.
public enum DocumentFormatKind: String, Sendable, CaseIterable {
    case html
    case md
}

/// The Mustache templates of one folder (`html/` and `md/`, each with `partials/`), parsed and
/// checked: every template parses, every partial a template names exists, every Markdown
/// template declares Markdown escaping, and no template writes a value unescaped.
public struct TemplateLibrary: Sendable {
    private var libraries: [DocumentFormatKind: MustacheLibrary]
    private var names: [DocumentFormatKind: Set<String>]
    /// The folder the templates came from.
    public let directory: String

    /// Loads the templates in `directory`.
    ///
    /// - Returns: the library, or every finding (file, line, column) with the exit status.
    public static func load(directory: String) -> Result<TemplateLibrary, TemplateFailure> {
        _ = MarkdownEscaping.registered
        var findings: [Diagnostic] = []
        var status = ExitStatus.ok
        var libraries: [DocumentFormatKind: MustacheLibrary] = [:]
        var names: [DocumentFormatKind: Set<String>] = [:]
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            return .failure(TemplateFailure(diagnostics: [Diagnostic(.error, at: SourceLocation(file: directory), "does not exist: it should be a templates folder (html/, md/)")], status: .noInput))
        }
        for format in DocumentFormatKind.allCases {
            let folder = (directory as NSString).appendingPathComponent(format.rawValue)
            var library = MustacheLibrary()
            var sources: [(name: String, path: String, text: String)] = []
            for subfolder in ["", "partials"] {
                let path = subfolder.isEmpty ? folder : (folder as NSString).appendingPathComponent(subfolder)
                let files = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).filter { $0.hasSuffix(".mustache") }.sorted()
                for file in files {
                    let filePath = (path as NSString).appendingPathComponent(file)
                    let name = (file as NSString).deletingPathExtension
                    do {
                        let input = try InputFile(path: filePath)
                        sources.append((name, filePath, input.text))
                    } catch {
                        findings.append(error.diagnostic)
                        status = max(status, error.status)
                    }
                }
            }
            var known = Set<String>()
            for source in sources {
                if known.contains(source.name) {
                    findings.append(Diagnostic(.error, at: SourceLocation(file: source.path), "a template named \"\(source.name)\" exists twice (templates and partials share one namespace)"))
                    continue
                }
                known.insert(source.name)
                findings += TemplateChecks.check(source.text, file: source.path, format: format)
                do {
                    try library.register(source.text, named: source.name)
                } catch let error as MustacheTemplate.ParserError {
                    let location = SourceLocation(file: source.path, line: error.context.lineNumber, column: error.context.columnNumber)
                    findings.append(Diagnostic(.error, at: location, "the template does not parse: \(TemplateChecks.describe(error.error))"))
                } catch {
                    findings.append(Diagnostic(.error, at: SourceLocation(file: source.path), "the template does not parse: \(error)"))
                }
            }
            for source in sources {
                for reference in TemplateChecks.partialReferences(in: source.text) where !known.contains(reference.name) {
                    let location = SourceLocation(file: source.path, line: reference.position.line, column: reference.position.column)
                    findings.append(Diagnostic(.error, at: location, "the partial \"\(reference.name)\" does not exist in \(folder)/partials"))
                }
            }
            libraries[format] = library
            names[format] = known
        }
        guard !findings.hasErrors else {
            return .failure(TemplateFailure(diagnostics: findings.sorted(), status: max(status, .dataError)))
        }
        return .success(TemplateLibrary(libraries: libraries, names: names, directory: directory))
    }

    /// Renders `view` with the template `name` of `format`.
    ///
    /// - Throws: ``TemplateFailure`` when the folder has no such template.
    public func render(_ view: Any, template name: String, format: DocumentFormatKind) throws(TemplateFailure) -> String {
        try render(prepared: TemplateContext.prepared(view), template: name, format: format)
    }

    /// Renders a view already made into a template's context (``TemplateContext/prepared(_:)``),
    /// for a view rendered in more than one format.
    func render(prepared context: Any, template name: String, format: DocumentFormatKind) throws(TemplateFailure) -> String {
        guard names[format]?.contains(name) == true, let output = libraries[format]?.render(context, withTemplate: name) else {
            let path = "\(directory)/\(format.rawValue)/\(name).mustache"
            throw TemplateFailure(diagnostics: [Diagnostic(.error, at: SourceLocation(file: path), "the template \(format.rawValue)/\(name).mustache is missing")], status: .noInput)
        }
        // Templates hold no control characters; any in the output came from input.
        let text = ControlCharacters.replaced(output)
        return format == .html ? Markup.html(text) : text
    }
}

/// Templates that cannot be used, with every finding.
public struct TemplateFailure: Error, Sendable {
    /// The findings.
    public var diagnostics: [Diagnostic]
    /// 66 for a missing folder or template, 65 for a broken one.
    public var status: ExitStatus
}

/// Checks on template text that Mustache itself does not make.
enum TemplateChecks {
    /// A `{{> name}}` reference and where it stands.
    struct Reference {
        var name: String
        var position: TextPosition
    }

    static let markdownPragma = "{{% CONTENT_TYPE: \(MarkdownEscaping.contentTypeName)}}"

    /// Findings for one template's text.
    static func check(_ text: String, file: String, format: DocumentFormatKind) -> [Diagnostic] {
        var findings: [Diagnostic] = []
        if format == .md && !text.hasPrefix(markdownPragma) {
            findings.append(Diagnostic(.error, at: SourceLocation(file: file, line: 1, column: 1),
                                       "a Markdown template must start with \(markdownPragma), or its values would be HTML-escaped instead"))
        }
        for tag in tags(in: text) where tag.body.hasPrefix("{") || tag.body.hasPrefix("&") {
            findings.append(Diagnostic(.error, at: SourceLocation(file: file, line: tag.position.line, column: tag.position.column),
                                       "unescaped values are not allowed: write {{name}} so that the value is escaped"))
        }
        return findings
    }

    /// The partials `text` names, with their positions.
    static func partialReferences(in text: String) -> [Reference] {
        tags(in: text).compactMap { tag in
            guard tag.body.hasPrefix(">") else { return nil }
            let name = tag.body.dropFirst().trimmingWhitespace()
            return name.isEmpty ? nil : Reference(name: name, position: tag.position)
        }
    }

    /// Every `{{…}}` tag body (without the braces) and where it starts.
    private static func tags(in text: String) -> [(body: String, position: TextPosition)] {
        var found: [(String, TextPosition)] = []
        var line = 1
        var column = 1
        var scalars = Array(text.unicodeScalars)[...]
        while let first = scalars.first {
            if first == "{", scalars.dropFirst().first == "{" {
                let start = TextPosition(line: line, column: column)
                let rest = scalars.dropFirst(2)
                if let close = rest.indices.first(where: { rest[$0] == "}" && rest.index(after: $0) < rest.endIndex && rest[rest.index(after: $0)] == "}" }) {
                    var body = String(String.UnicodeScalarView(rest[rest.startIndex..<close]))
                    body = body.trimmingWhitespace()
                    found.append((body, start))
                }
            }
            if first == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
            scalars = scalars.dropFirst()
        }
        return found
    }

    /// A parser error in words.
    static func describe(_ error: Error) -> String {
        switch error {
        case MustacheTemplate.Error.sectionCloseNameIncorrect: "a section is closed with the wrong name"
        case MustacheTemplate.Error.unfinishedName: "a tag is not closed"
        case MustacheTemplate.Error.expectedSectionEnd: "a section is not closed"
        case MustacheTemplate.Error.invalidSetDelimiter: "an invalid set-delimiter tag"
        case MustacheTemplate.Error.unrecognisedConfigVariable: "an unknown {{% … }} setting"
        case MustacheTemplate.Error.invalidConfigVariableSyntax: "a malformed {{% … }} setting"
        default: "\(error)"
        }
    }
}
