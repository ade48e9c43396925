import Foundation

/// The files a field map is written as: `fieldmap.yaml` for tools and for the customer to edit,
/// and `fieldmap.{html,md}` for the customer to read and sign.
enum FieldMapFiles {
    /// The files for `map`, named by the catalog; the document only with a renderer.
    static func files(for map: FieldMap, customer: String, catalog: Catalog, date: Date, renderer: DocumentRenderer?, samples: [String: [String: String]]) throws(TemplateFailure) -> [OutputWriter.File]
    {
        let sourceName = catalog.platform(map.source)?.name ?? map.source
        let destinationName = catalog.platform(map.destination)?.name ?? map.destination
        let yaml = FieldMapYAML(map: map, customer: customer, sourceName: sourceName, destinationName: destinationName, date: Calendar.day(date))
        let document = try renderer?.renderFieldMap(map, customer: customer, sourceName: sourceName, destinationName: destinationName,
                                                     family: catalog.platform(map.destination)?.family,
                                                     checkboxes: FieldValueEngine(map: map, platform: catalog.platform(map.destination)).checkboxes,
                                                     date: Calendar.day(date), samples: samples) ?? []
        return [OutputWriter.File(path: "fieldmap.yaml", text: yaml.text)] + document
    }
}

extension FieldMapBuilder {
    /// A builder whose naming and length limits come from the rules.
    init(pair: MigrationPair, catalog: Catalog, manifest: Manifest, profile: ExportProfile?, rules: Rules) {
        self.init(pair: pair, source: catalog.platform(pair.source)!, destination: catalog.platform(pair.destination)!, manifest: manifest, profile: profile,
                  apiNameMaxLength: rules.handoff.apiNameMaxLength, tagMaxLength: rules.loadPlan.tagMaxLength(for: pair.destination))
    }
}

extension ExportProfile {
    /// Each data file's first record, by file.
    var samples: [String: [String: String]] {
        Dictionary(files.compactMap { file in file.sample.map { (file.file, $0) } }, uniquingKeysWith: { first, _ in first })
    }
}
