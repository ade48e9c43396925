import Foundation

/// The files that set up the destination before any record moves: a deployable Salesforce source
/// package (`salesforce-metadata/`), or `intercom-setup.json`.
enum DestinationSetup {
    /// The Metadata API namespace.
    static let metadataNamespace = "http://soap.sforce.com/2006/04/metadata"

    /// The set-up files for `crosswalk`, by path relative to the output folder.
    static func files(for crosswalk: Crosswalk, rules: HandoffRules) -> [OutputWriter.File] {
        switch crosswalk.family {
        case .salesforce: salesforce(crosswalk, rules: rules)
        case .intercom: [intercom(crosswalk)]
        case nil: []
        }
    }

    /// The folder of the Salesforce DX project, inside the output folder.
    static let projectFolder = "salesforce-metadata"
    /// The project's package directory, where the source lies.
    static let sourceFolder = "force-app/main/default"

    /// A Salesforce DX project that `sf project deploy start` takes as it is: `sfdx-project.json`,
    /// the source under its package directory, and `package.xml` beside it naming every component.
    private static func salesforce(_ crosswalk: Crosswalk, rules: HandoffRules) -> [OutputWriter.File] {
        var files: [OutputWriter.File] = []
        func add(_ path: String, _ xml: XMLWriter) {
            files.append(OutputWriter.File(path: "\(projectFolder)/\(sourceFolder)/\(path)", text: xml.finish()))
        }
        var fieldMembers: [String] = []
        for field in crosswalk.fields {
            add("objects/\(field.object)/fields/\(field.name).field-meta.xml", customField(field, rules: rules))
            fieldMembers.append("\(field.object).\(field.name)")
        }
        var queueMembers: [String] = []
        for team in crosswalk.teams {
            guard let developerName = team.developerName else { continue }
            add("queues/\(developerName).queue-meta.xml", queue(team, source: crosswalk.source))
            queueMembers.append(developerName)
        }
        var assignmentMembers: [String] = []
        if !crosswalk.assignmentEntries.isEmpty {
            add("assignmentRules/Case.assignmentRules-meta.xml", assignmentRules(crosswalk.assignmentEntries, source: crosswalk.source))
            assignmentMembers.append("Case")
        }
        var templateMembers: [String] = []
        let written = crosswalk.emailTemplates.filter { $0.developerName != nil }
        if !written.isEmpty {
            let folder = emailFolder(for: crosswalk.source)
            add("email/\(folder).emailFolder-meta.xml", emailFolder(source: crosswalk.source))
            templateMembers.append(folder)
            for template in written {
                guard let name = template.developerName, let body = template.body else { continue }
                add("email/\(folder)/\(name).email-meta.xml", emailTemplate(template, source: crosswalk.source))
                files.append(OutputWriter.File(path: "\(projectFolder)/\(sourceFolder)/email/\(folder)/\(name).email", text: body))
                templateMembers.append("\(folder)/\(name)")
            }
        }
        var valueSetMembers: [String] = []
        for field in crosswalk.standardFields {
            guard let valueSet = field.valueSet, !field.values.isEmpty else { continue }
            add("standardValueSets/\(valueSet).standardValueSet-meta.xml", standardValueSet(field.standardValues + field.values))
            valueSetMembers.append(valueSet)
        }
        // The permission set's audit permissions exist only once the org allows them.
        add("settings/Security.settings-meta.xml", securitySettings())
        let permissionSet = rules.permissionSet
        add("permissionsets/\(permissionSet.name).permissionset-meta.xml", self.permissionSet(permissionSet, fields: crosswalk.fields, source: crosswalk.source))
        let package = XMLWriter(root: "Package", namespace: metadataNamespace)
        for (name, members) in [("AssignmentRules", assignmentMembers), ("CustomField", fieldMembers.sorted()), ("EmailTemplate", templateMembers),
                                ("PermissionSet", [permissionSet.name]), ("Queue", queueMembers.sorted()), ("Settings", ["Security"]),
                                ("StandardValueSet", valueSetMembers.sorted())]
            where !members.isEmpty
        {
            package.element("types") {
                for member in members { package.element("members", member) }
                package.element("name", name)
            }
        }
        package.element("version", rules.apiVersion)
        files.insert(OutputWriter.File(path: "\(projectFolder)/package.xml", text: package.finish()), at: 0)
        files.insert(OutputWriter.File(path: "\(projectFolder)/sfdx-project.json", text: projectDefinition(crosswalk, apiVersion: rules.apiVersion)), at: 0)
        return files
    }

    /// The Case Assignment Rule for the routing rules it can express, one entry each, in order. It
    /// is deployed inactive: an admin reviews it (and the values it compares) before activating it.
    private static func assignmentRules(_ entries: [CaseAssignmentEntry], source: String) -> XMLWriter {
        let xml = XMLWriter(root: "AssignmentRules", namespace: metadataNamespace)
        xml.element("assignmentRule") {
            xml.element("fullName", "\(SalesforceNames.clean(source, maxLength: 30, prefix: "S_") ?? "Source")_routing")
            xml.element("active", "false")
            for entry in entries {
                xml.element("ruleEntry") {
                    xml.element("assignedTo", entry.queue)
                    xml.element("assignedToType", "Queue")
                    xml.element("criteriaItems") {
                        xml.element("field", entry.criterion.field)
                        xml.element("operation", "equals")
                        xml.element("value", entry.criterion.values.joined(separator: ","))
                    }
                }
            }
        }
        return xml
    }

    /// A standard picklist's values (`CaseOrigin`): a new org's, then those the field map sends
    /// to it. Deployed, it replaces the org's list, so the crosswalk asks for the org's others.
    private static func standardValueSet(_ values: [String]) -> XMLWriter {
        let xml = XMLWriter(root: "StandardValueSet", namespace: metadataNamespace)
        xml.element("sorted", "false")
        for value in values.uniqued(caseInsensitive: true) {
            xml.element("standardValue") {
                xml.element("fullName", value)
                xml.element("default", "false")
                xml.element("label", String(value.prefix(255)))
            }
        }
        return xml
    }

    /// The org setting "Set Audit Fields upon Record Creation and Update Records with Inactive
    /// Owners", without which the permission set's two audit permissions do not exist.
    private static func securitySettings() -> XMLWriter {
        let xml = XMLWriter(root: "SecuritySettings", namespace: metadataNamespace)
        xml.element("enableAuditFieldsInactiveOwner", "true")
        return xml
    }

    /// The email folder's DeveloperName: `Thread_Response_Templates`.
    static func emailFolder(for source: String) -> String {
        (SalesforceNames.clean(source, maxLength: 40, prefix: "S_") ?? "Source") + "_Response_Templates"
    }

    /// The public folder that holds the response templates.
    private static func emailFolder(source: String) -> XMLWriter {
        let xml = XMLWriter(root: "EmailFolder", namespace: metadataNamespace)
        xml.element("accessType", "Public")
        xml.element("name", "\(source) response templates")
        xml.element("publicFolderAccess", "ReadWrite")
        return xml
    }

    /// One response template's metadata: a plain-text EmailTemplate named after it (its body is
    /// the `.email` file beside it).
    private static func emailTemplate(_ template: Crosswalk.EmailTemplateEntry, source: String) -> XMLWriter {
        let xml = XMLWriter(root: "EmailTemplate", namespace: metadataNamespace)
        xml.element("available", "true")
        xml.element("description", "Response template \"\(template.name)\" from \(source).")
        xml.element("encodingKey", "UTF-8")
        xml.element("name", String(template.name.prefix(80)))
        xml.element("style", "none")
        xml.element("subject", String(template.name.prefix(255)))
        xml.element("type", "text")
        xml.element("uiType", "Aloha")
        return xml
    }

    /// `sfdx-project.json`: one default package directory and the API version of the source.
    private static func projectDefinition(_ crosswalk: Crosswalk, apiVersion: String) -> String {
        struct Project: Encodable {
            struct PackageDirectory: Encodable {
                var path = "force-app"
                var `default` = true
            }
            var name: String
            var namespace = ""
            var packageDirectories = [PackageDirectory()]
            var sourceApiVersion: String
        }
        let project = Project(name: "\(crosswalk.customer.name): migration set-up", sourceApiVersion: apiVersion)
        return (try? JSONOutput.string(project, snakeCaseKeys: false)) ?? "{}\n"
    }

    /// One custom field, its elements in the schema's order.
    private static func customField(_ field: Crosswalk.Field, rules: HandoffRules) -> XMLWriter {
        let xml = XMLWriter(root: "CustomField", namespace: metadataNamespace)
        let type = fieldType(field, rules: rules)
        xml.element("fullName", field.name)
        if field.unique { xml.element("caseSensitive", "false") }
        if let value = type.defaultValue { xml.element("defaultValue", value) }
        xml.element("description", "Created for the migration: \(field.source).")
        if field.externalID { xml.element("externalId", "true") }
        xml.element("label", String(field.label.prefix(40)))
        if let length = type.length { xml.element("length", "\(field.length ?? length)") }
        if let precision = type.precision { xml.element("precision", "\(precision)") }
        xml.element("required", "false")
        if let scale = type.scale { xml.element("scale", "\(scale)") }
        xml.element("type", type.type)
        if field.unique { xml.element("unique", "true") }
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
        return xml
    }

    /// One Queue with the members who exist in the destination.
    private static func queue(_ team: Crosswalk.TeamEntry, source: String) -> XMLWriter {
        let xml = XMLWriter(root: "Queue", namespace: metadataNamespace)
        xml.element("description", "Team \"\(team.name)\" from \(source).")
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
        return xml
    }

    /// The migration user's permission set: read and edit on every custom field (a field deployed
    /// without field permissions is visible to no one), and the system permissions a history load needs.
    private static func permissionSet(_ rule: HandoffRules.PermissionSetRule, fields: [Crosswalk.Field], source: String) -> XMLWriter {
        let xml = XMLWriter(root: "PermissionSet", namespace: metadataNamespace)
        xml.element("description", "Assigned to the user who loads the \(source) migration: sees and edits every field it creates, sets audit fields, and owns records of people who have left.")
        for field in fields.sorted(by: { ($0.object, $0.name) < ($1.object, $1.name) }) {
            xml.element("fieldPermissions") {
                xml.element("editable", "true")
                xml.element("field", "\(field.object).\(field.name)")
                xml.element("readable", "true")
            }
        }
        xml.element("hasActivationRequired", "false")
        xml.element("label", rule.label)
        for permission in rule.userPermissions {
            xml.element("userPermissions") {
                xml.element("enabled", "true")
                xml.element("name", permission)
            }
        }
        return xml
    }

    /// The Metadata API type of a field, by the custom-property type it stands for.
    private static func fieldType(_ field: Crosswalk.Field, rules: HandoffRules) -> HandoffRules.SalesforceFieldType {
        rules.fieldTypes[field.propertyType ?? .text] ?? HandoffRules.SalesforceFieldType(type: "Text", length: 255)
    }

    private static func intercom(_ crosswalk: Crosswalk) -> OutputWriter.File {
        OutputWriter.File(path: "intercom-setup.json", text: (try? JSONOutput.string(IntercomSetupPlan(crosswalk))) ?? "{}\n")
    }
}
