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
        let family: DestinationFamily? = fields.optional("family") { decoder.oneOf($0, $1, "destination family") }
        let schema = fields.optional("schema") { decoder.list($0, $1, of: schemaObject) }
        let loadSettings = fields.optional("load_settings") { node, path in
            decoder.list(node, path) { node, path -> LoadSetting? in
                guard let fields = decoder.fields(node, path) else { return nil }
                let setting = fields.required("setting", decoder.nonEmptyString)
                let source = fields.optional("source", decoder.documentationURL)
                fields.finish()
                return setting.map { LoadSetting(setting: $0, source: source) }
            }
        }
        let publicAPI = fields.optional("public_api") { node, path -> Platform.PublicAPI? in
            guard let fields = decoder.fields(node, path) else { return nil }
            let available = fields.required("available", decoder.bool)
            let source = fields.required("source", decoder.documentationURL)
            fields.finish()
            guard let available, let source else { return nil }
            return Platform.PublicAPI(available: available, source: source)
        }
        let rollback = fields.optional("rollback") { PlatformRollback.decode($0, $1, decoder: decoder) }
        fields.finish()
        if let objects {
            CatalogChecks.unique(objects.map(\.id), list: "objects", field: "id", what: "object", decoder: decoder)
        }
        if let gotchas {
            CatalogChecks.unique(gotchas.map(\.id), list: "gotchas", field: "id", what: "gotcha", decoder: decoder)
        }
        guard let id, let name, let role, let summary, let objects, !decoder.log.hasErrors else { return nil }
        return Platform(id: id, name: name, role: role, summary: summary, objects: objects, fieldTypes: fieldTypes ?? [],
                        apiLimits: limits ?? [], gotchas: gotchas ?? [], strengths: strengths ?? [], weaknesses: weaknesses ?? [],
                        family: family, schema: schema ?? [], loadSettings: loadSettings ?? [], publicAPI: publicAPI, rollback: rollback)
    }

    private func schemaObject(_ node: DataNode, _ path: KeyPath) -> SchemaObject? {
        guard let fields = decoder.fields(node, path) else { return nil }
        let name = fields.required("object", decoder.nonEmptyString)
        let documentation = fields.optional("documentation", decoder.documentationURL)
        let members = fields.required("fields") { decoder.list($0, $1, of: schemaField) }
        fields.finish()
        if let members {
            CatalogChecks.unique(members.map(\.name), list: path.appending("fields"), field: "name", what: "field", decoder: decoder)
        }
        guard let name, let members else { return nil }
        return SchemaObject(name: name, fields: members, documentation: documentation)
    }

    private func schemaField(_ node: DataNode, _ path: KeyPath) -> SchemaField? {
        guard let fields = decoder.fields(node, path) else { return nil }
        let name = fields.required("name", decoder.nonEmptyString)
        let label = fields.optional("label", decoder.nonEmptyString)
        let type = fields.required("type", decoder.nonEmptyString)
        let length = fields.optional("length") { decoder.integer($0, $1, in: 1...100_000_000) }
        let unit = fields.optional("length_unit") { node, path -> String? in
            guard let unit = decoder.nonEmptyString(node, path) else { return nil }
            guard unit == "bytes" || unit == "characters" else {
                decoder.error("length_unit is bytes or characters, found \(NodeDecoder.quoted(unit))", at: node.position, path: path)
                return nil
            }
            return unit
        }
        let values = fields.optional("values", decoder.stringList)
        let valueSet = fields.optional("value_set", decoder.nonEmptyString)
        let closed = fields.optional("closed_values", decoder.stringList)
        let writable = fields.optional("writable", decoder.bool)
        let audit = fields.optional("audit", decoder.bool)
        let note = fields.optional("note", decoder.nonEmptyString)
        let documentation = fields.optional("documentation", decoder.documentationURL)
        fields.finish()
        guard let name, let type else { return nil }
        return SchemaField(name: name, label: label, type: type, length: length, lengthInBytes: unit == "bytes", values: values ?? [], valueSet: valueSet,
                           closedValues: closed ?? [], writable: writable ?? true, audit: audit ?? false, note: note, documentation: documentation)
    }

    private func platformObject(_ node: DataNode, _ path: KeyPath) -> PlatformObject? {
        guard let fields = decoder.fields(node, path) else { return nil }
        let id = fields.required("id", decoder.nonEmptyString)
        let name = fields.required("name", decoder.nonEmptyString)
        let countKey: CountKey?? = fields.optional("count_key") { .some(decoder.oneOf($0, $1, "count key")) }
        let apiName = fields.optional("api_name", decoder.nonEmptyString)
        fields.finish()
        guard let id, let name, countKey != .some(nil) else { return nil }
        return PlatformObject(id: id, name: name, countKey: countKey ?? nil, apiName: apiName)
    }

    private func apiLimit(_ node: DataNode, _ path: KeyPath) -> APILimit? {
        guard let fields = decoder.fields(node, path) else { return nil }
        let name = fields.required("name", decoder.nonEmptyString)
        let value = fields.optional("value") { decoder.integer($0, $1, in: 0...Int.max) }
        let unit = fields.optional("unit", decoder.string)
        let note = fields.optional("note", decoder.string)
        let source = fields.optional("source", decoder.documentationURL)
        fields.finish()
        return name.map { APILimit(name: $0, value: value, unit: unit, note: note, source: source) }
    }

    private func gotcha(_ node: DataNode, _ path: KeyPath) -> Gotcha? {
        guard let fields = decoder.fields(node, path) else { return nil }
        let id = fields.required("id", decoder.nonEmptyString)
        let severity: RiskSeverity? = fields.required("severity") { decoder.oneOf($0, $1, "severity") }
        let title = fields.required("title", decoder.nonEmptyString)
        let detail = fields.required("detail", decoder.nonEmptyString)
        let owner: RiskOwner? = fields.required("owner") { decoder.oneOf($0, $1, "owner") }
        let mitigation = fields.required("mitigation", decoder.nonEmptyString)
        let applies = fields.optional("applies_when", decoder.applicability)
        let source = fields.optional("source", decoder.documentationURL)
        fields.finish()
        guard let id, let severity, let title, let detail, let owner, let mitigation, fields.has("applies_when") == (applies != nil) else { return nil }
        return Gotcha(id: id, severity: severity, title: title, detail: detail, owner: owner, mitigation: mitigation, appliesWhen: applies ?? .always,
                      source: source)
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
                let first = decoder.position(of: list.appending(index: earlier).appending(field))
                decoder.error("duplicate \(what) \(field) \"\(value)\": already used by \(list)[\(earlier)] (line \(first.line))", at: decoder.position(of: path), path: path)
            } else {
                first[value] = index
            }
        }
    }
}
