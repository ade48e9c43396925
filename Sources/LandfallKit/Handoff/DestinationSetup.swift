import Foundation

/// The files that set up the destination before any record moves: a deployable Salesforce source
/// package (`salesforce-metadata/`), or `intercom-setup.json`.
enum DestinationSetup {
    /// The Metadata API namespace.
    static let metadataNamespace = "http://soap.sforce.com/2006/04/metadata"

    /// The set-up files for `crosswalk`, by path relative to the output folder.
    static func files(for crosswalk: Crosswalk, rules: HandoffRules) -> [OutputWriter.File] {
        switch crosswalk.destination {
        case .salesforceServiceCloud: salesforce(crosswalk, rules: rules)
        case .intercom: [intercom(crosswalk)]
        }
    }

    private static func salesforce(_ crosswalk: Crosswalk, rules: HandoffRules) -> [OutputWriter.File] {
        var files: [OutputWriter.File] = []
        var fieldMembers: [String] = []
        for field in crosswalk.fields {
            let xml = XMLWriter(root: "CustomField", namespace: metadataNamespace)
            let type = fieldType(field, rules: rules)
            xml.element("fullName", field.name)
            if let value = type.defaultValue { xml.element("defaultValue", value) }
            xml.element("description", "Created for the migration: \(field.source).")
            if field.name == "external_case_id__c" || field.name == "original_review_id__c" { xml.element("externalId", "true") }
            xml.element("label", String(field.label.prefix(40)))
            if let length = type.length { xml.element("length", "\(length)") }
            if let precision = type.precision { xml.element("precision", "\(precision)") }
            xml.element("required", "false")
            if let scale = type.scale { xml.element("scale", "\(scale)") }
            xml.element("type", type.type)
            if type.type == "Picklist" || type.type == "MultiselectPicklist" {
                xml.element("valueSet") {
                    xml.element("restricted", "true")
                    xml.element("valueSetDefinition") {
                        xml.element("sorted", "false")
                        for value in field.values {
                            xml.element("value") {
                                xml.element("fullName", value)
                                xml.element("default", "false")
                                xml.element("label", String(value.prefix(255)))
                            }
                        }
                    }
                }
            }
            if let lines = type.visibleLines { xml.element("visibleLines", "\(lines)") }
            files.append(OutputWriter.File(path: "salesforce-metadata/objects/\(field.object)/fields/\(field.name).field-meta.xml", text: xml.finish()))
            fieldMembers.append("\(field.object).\(field.name)")
        }
        var queueMembers: [String] = []
        for team in crosswalk.teams {
            guard let developerName = team.developerName else { continue }
            let xml = XMLWriter(root: "Queue", namespace: metadataNamespace)
            xml.element("description", "Team \"\(team.name)\" from \(crosswalk.source).")
            xml.element("name", String(team.destinationName.prefix(80)))
            let usernames = team.members.compactMap(\.destinationUser)
            if !usernames.isEmpty {
                xml.element("queueMembers") {
                    xml.element("users") {
                        for username in usernames { xml.element("user", username) }
                    }
                }
            }
            xml.element("queueSobject") { xml.element("sobjectType", "Case") }
            files.append(OutputWriter.File(path: "salesforce-metadata/queues/\(developerName).queue-meta.xml", text: xml.finish()))
            queueMembers.append(developerName)
        }
        let package = XMLWriter(root: "Package", namespace: metadataNamespace)
        for (name, members) in [("CustomField", fieldMembers.sorted()), ("Queue", queueMembers.sorted())] where !members.isEmpty {
            package.element("types") {
                for member in members { package.element("members", member) }
                package.element("name", name)
            }
        }
        package.element("version", rules.apiVersion)
        files.insert(OutputWriter.File(path: "salesforce-metadata/package.xml", text: package.finish()), at: 0)
        return files
    }

    /// The Metadata API type of a field, by the custom-property type it stands for.
    private static func fieldType(_ field: Crosswalk.Field, rules: HandoffRules) -> HandoffRules.SalesforceFieldType {
        rules.fieldTypes[field.propertyType ?? .text] ?? HandoffRules.SalesforceFieldType(type: "Text", length: 255)
    }

    private static func intercom(_ crosswalk: Crosswalk) -> OutputWriter.File {
        OutputWriter.File(path: "intercom-setup.json", text: (try? JSONOutput.string(IntercomSetupPlan(crosswalk))) ?? "{}\n")
    }
}
