import Foundation

/// The formats documents are written in.
public enum OutputFormat: String, Sendable, CaseIterable {
    case html
    case md
    case json
    /// The crosswalk's table for spreadsheets.
    case csv
}

/// The documents Landfall writes for one manifest.
public enum DocumentKind: Sendable, Equatable {
    /// The scope document (the written quote), as the buyer reads it.
    case scope
    /// The scope document with every rule and figure behind it, for the pre-sales engineer
    /// (`scope-internal.*`).
    case internalScope
    /// The automation-rebuild inventory.
    case inventory
    /// The team-to-queue crosswalk and the destination set-up files, matching people against
    /// the destination's users when they are given.
    case crosswalk
}

/// Renders documents from an estimate, entirely in memory, so that a failure writes nothing.
public struct DocumentRenderer: Sendable {
    /// The templates.
    public var templates: TemplateLibrary
    /// The rules.
    public var rules: Rules

    /// Creates a renderer.
    public init(templates: TemplateLibrary, rules: Rules) {
        self.templates = templates
        self.rules = rules
    }

    /// The files of `kind` for `estimate`, in the formats asked for.
    ///
    /// - Parameters:
    ///   - reading: the manifest as read, so that findings can point into it.
    ///   - users: the destination users, for the crosswalk.
    ///   - calendar: the project's working days from its start, for the scope document's milestones.
    public func render(_ kind: DocumentKind, _ estimate: Estimate, reading: ManifestReading, users: DestinationUsers?,
                       calendar: WorkingCalendar? = nil, formats: [OutputFormat]) throws(TemplateFailure) -> (files: [OutputWriter.File], findings: [Diagnostic])
    {
        switch kind {
        case .scope:
            let document = ScopeDocument(estimate: estimate, rules: rules, calendar: calendar)
            return (try files("scope", view: ScopeView(document), json: ClientScope(document: document), schema: "landfall.scope/2", formats: formats), [])
        case .internalScope:
            let document = ScopeDocument(estimate: estimate, rules: rules, calendar: calendar)
            return (try files("scope-internal", template: "scope", view: ScopeView(document, for: .internalReview), json: document, formats: formats), [])
        case .inventory:
            let crosswalk = CrosswalkBuilder(estimate: estimate, reading: reading, rules: rules, users: users).build()
            let inventory = Inventory(estimate: estimate, rules: rules.handoff, crosswalk: crosswalk)
            return (try files("inventory", view: InventoryView(inventory), json: inventory, formats: formats), [])
        case .crosswalk:
            let crosswalk = CrosswalkBuilder(estimate: estimate, reading: reading, rules: rules, users: users).build()
            var output = try files("crosswalk", view: CrosswalkView(crosswalk), json: crosswalk, formats: formats)
            if formats.contains(.csv) { output.append(OutputWriter.File(path: "crosswalk.csv", text: CrosswalkTable.csv(crosswalk))) }
            output += DestinationSetup.files(for: crosswalk, rules: rules.handoff)
            return (output, crosswalk.diagnostics)
        }
    }

    /// `fieldmap.{html,md}`: the proposed field map as the customer reads and signs it.
    public func renderFieldMap(_ map: FieldMap, customer: String, sourceName: String, destinationName: String, family: DestinationFamily?, checkboxes: Set<String> = [],
                               date: String, samples: [String: [String: String]]) throws(TemplateFailure) -> [OutputWriter.File] {
        let view = FieldMapView(map, customer: customer, sourceName: sourceName, destinationName: destinationName, family: family, checkboxes: checkboxes, date: date,
                                issuer: rules.pricing.issuer, samples: samples)
        return [OutputWriter.File(path: "fieldmap.html", text: try templates.render(view, template: "fieldmap", format: .html)),
                OutputWriter.File(path: "fieldmap.md", text: try templates.render(view, template: "fieldmap", format: .md))]
    }

    /// `compare.{html,md,json}`: the same account's estimates for several destinations, side by side.
    public func renderComparison(of estimates: [Estimate], formats: [OutputFormat]) throws(TemplateFailure) -> [OutputWriter.File] {
        let comparison = Comparison(documents: estimates.map { ScopeDocument(estimate: $0, rules: rules) })
        return try files("compare", view: ComparisonView(comparison), json: comparison, schema: "landfall.compare/2", formats: formats)
    }

    /// `name.html`, `name.md` and `name.json`, as asked, from the templates called `template`
    /// (`name` unless given); the JSON names its `schema` (`landfall.<name>/1` unless given).
    private func files(_ name: String, template: String? = nil, view: @autoclosure () -> Any, json: some Encodable, schema: String? = nil,
                       formats: [OutputFormat]) throws(TemplateFailure) -> [OutputWriter.File]
    {
        let template = template ?? name
        let schema = schema ?? "landfall.\(name)/1"
        let wanted = [OutputFormat.html, .md, .json].filter(formats.contains)
        // The view is built only for a format a template renders.
        let context = wanted.contains(.html) || wanted.contains(.md) ? TemplateContext.prepared(view()) : ()
        // Each format at once, on a thread of its own: they read the same finished view.
        let rendered = Concurrently.each(wanted.count) { index -> Result<OutputWriter.File, TemplateFailure> in
            let format = wanted[index]
            switch format {
            case .json:
                guard let text = try? JSONOutput.string(json, schema: schema) else {
                    return .failure(TemplateFailure(diagnostics: [Diagnostic(.error, at: SourceLocation(file: "\(name).json"), "the \(name) cannot be encoded as JSON")], status: .software))
                }
                return .success(OutputWriter.File(path: "\(name).json", text: text))
            default:
                let kind: DocumentFormatKind = format == .html ? .html : .md
                return Result { () throws(TemplateFailure) in
                    OutputWriter.File(path: "\(name).\(format.rawValue)", text: try templates.render(prepared: context, template: template, format: kind))
                }
            }
        }
        return try rendered.map { result throws(TemplateFailure) in try result.get() }
    }
}

/// The crosswalk as one CSV table: a row per team, person, tag and field.
enum CrosswalkTable {
    static let header = ["section", "source", "source_id", "destination", "destination_id", "status", "notes"]

    static func csv(_ crosswalk: Crosswalk) -> String {
        var rows: [[String]] = []
        for team in crosswalk.teams {
            rows.append(["team", team.name, team.id, team.destinationName, team.developerName ?? "", team.members.isEmpty ? "empty" : "\(team.members.count) members",
                         team.flags.joined(separator: "; ")])
        }
        for person in crosswalk.people {
            rows.append(["person", "\(person.name) <\(person.email)>", person.id, person.match?.username ?? "", person.match?.id ?? "", person.status,
                         person.flags.joined(separator: "; ")])
        }
        for tag in crosswalk.tags {
            rows.append(["tag", tag.name, "", tag.destinationValue, "", tag.truncated ? "truncated" : "kept", tag.flags.joined(separator: "; ")])
        }
        for field in crosswalk.fields {
            rows.append(["field", field.source, "", "\(field.object).\(field.name)", field.type, field.fit.rawValue, field.flags.joined(separator: "; ")])
        }
        return CSVWriter.document(header: header, rows: rows)
    }
}
