import Foundation
import LandfallKit
import LandfallTestSupport
import Testing

@Suite("The bundled catalog")
struct BundledCatalogTests {
    let catalog = Fixtures.catalog

    @Test("loads with no findings")
    func loadsCleanly() {
        let loading = CatalogLoader.load(directory: Fixtures.catalogDirectory)
        #expect(loading.diagnostics == [])
        #expect(loading.status == .ok)
        #expect(catalog.platforms.map(\.id) == ["intercom", "salesforce-service-cloud", "thread"])
        #expect(catalog.vocabulary.sources == ["thread"])
        #expect(catalog.vocabulary.destinations == ["intercom", "salesforce-service-cloud"])
    }

    @Test("Thread → Salesforce: 10 objects, 6 one-to-one, 1 one-to-many, 3 lossy, custom properties need a mapping")
    func salesforceMap() throws {
        let pair = try #require(catalog.pair(source: "thread", destination: "salesforce-service-cloud"))
        #expect(pair.mappings.count == 10)
        #expect(pair.mappings.filter { $0.cardinality == .oneToOne }.count == 6)
        #expect(pair.mappings.filter { $0.cardinality == .oneToMany }.map(\.sourceObject) == ["conversation"])
        #expect(pair.mappings.filter { $0.cardinality == .lossy }.map(\.sourceObject) == ["team", "tag", "custom_property"])
        #expect(pair.mapping(for: "custom_property")?.support == .mappingRequired)
        #expect(pair.customFields.filter { $0.object == "Case" }.map(\.name) == [
            "external_case_id__c", "review_source__c", "star_rating__c", "review_url__c", "psa_reference__c", "original_closed_date__c", "first_response_minutes__c", "case_tags__c",
        ])
        #expect(pair.customFields.first { $0.name == "case_tags__c" }?.type == "multi_picklist")
    }

    @Test("Thread → Intercom: all 10 objects one-to-one")
    func intercomMap() throws {
        let pair = try #require(catalog.pair(source: "thread", destination: "intercom"))
        #expect(pair.mappings.count == 10)
        #expect(pair.mappings.allSatisfy { $0.cardinality == .oneToOne })
        #expect(pair.mapping(for: "integration")?.support == .manual)
    }

    @Test("load orders follow the published sequence")
    func loadOrders() throws {
        let salesforce = try #require(catalog.pair(source: "thread", destination: "salesforce-service-cloud"))
        #expect(salesforce.orderedLoadSteps.map(\.id) == [
            "users", "schema", "customers", "review_cases", "ticket_cases", "conversation_cases", "response_emails", "messages", "files", "templates",
        ])
        #expect(salesforce.loadPosition(of: "user") == 1)
        #expect(salesforce.loadPosition(of: "tag") == 2)
        #expect(salesforce.loadPosition(of: "company") == 3)
        #expect(salesforce.loadPosition(of: "review_response") == 7)
        #expect(salesforce.loadPosition(of: "message") == 8)
        #expect(salesforce.loadPosition(of: "integration") == nil)
        let intercom = try #require(catalog.pair(source: "thread", destination: "intercom"))
        #expect(intercom.orderedLoadSteps.map(\.id) == ["admins", "teams", "attributes", "customers", "reviews", "conversations", "messages", "attachments", "saved_replies"])
    }

    @Test("every platform has gotchas with a severity, strengths and weaknesses")
    func platformFacts() {
        for platform in catalog.platforms {
            #expect(!platform.gotchas.isEmpty)
            #expect(!platform.strengths.isEmpty)
            #expect(!platform.weaknesses.isEmpty)
        }
        #expect(catalog.platform("thread")?.gotchas.map(\.severity) == [.high, .medium, .medium, .low])
        #expect(catalog.platform("intercom")?.apiLimits.prefix(2).map(\.value) == [10_000, 25_000])
    }
}

@Suite("A broken catalog is reported like a broken manifest")
struct BrokenCatalogTests {
    /// A copy of the bundled catalog with `original` replaced by marked `replacement` in `file`.
    private func broken(_ file: String, _ original: String, _ replacement: String) -> (CatalogLoading, MarkedText, String) {
        let folder = TemporaryFolder()
        let (copy, marks, path) = folder.copy(folder: Fixtures.catalogDirectory, as: "catalog", in: file, replacing: original, with: replacement)
        return withExtendedLifetime(folder) { (CatalogLoader.load(directory: copy), marks, path) }
    }

    @Test("a load order with a cycle names the cycle, with file and line")
    func cycle() {
        let (loading, marks, path) = broken("pairs/thread--salesforce-service-cloud.yaml",
                                            "    objects: [team, team_member, custom_property, tag]\n    after: [users]",
                                            "    objects: [team, team_member, custom_property, tag]\n    after: ‸[users, templates]")
        #expect(loading.catalog == nil)
        #expect(loading.status == .dataError)
        #expect(loading.diagnostics.map(\.description) == [
            "\(path):\(marks.position.line):\(marks.position.column): error: the load order has a cycle (each step waits for the next): "
                + "schema → templates → files → messages → conversation_cases → ticket_cases → review_cases → customers → schema; none of them could ever start [load_order[1].after]",
        ])
    }

    @Test("a mapping that names an object the platform lacks")
    func unknownObject() {
        let (loading, marks, path) = broken("pairs/thread--intercom.yaml", "destination_objects: [saved_reply]", "destination_objects: [‸saved_replies]")
        #expect(loading.diagnostics.map(\.description) == [
            "\(path):\(marks.position.line):\(marks.position.column): error: Intercom has no object \"saved_replies\"; did you mean \"saved_reply\"? [mappings[5].destination_objects[0]]",
        ])
        #expect(loading.status == .dataError)
    }

    @Test("a mapping whose source object the source platform lacks")
    func unknownSourceObject() {
        let (loading, _, _) = broken("pairs/thread--intercom.yaml", "source_object: team\n", "source_object: squad\n")
        #expect(loading.diagnostics.map(\.message).contains("Thread has no object \"squad\""))
    }

    @Test("a field type the destination does not have")
    func unknownFieldType() {
        let (loading, marks, _) = broken("pairs/thread--intercom.yaml", "{ field: ticket.rt_rating__c, label: Star rating, type: number,",
                                         "{ field: ticket.rt_rating__c, label: Star rating, type: ‸integer,")
        #expect(loading.diagnostics.count == 1)
        #expect(loading.diagnostics.first?.message == "Intercom has no field type \"integer\"; its types: string, number, date, datetime, boolean, list")
        #expect(loading.diagnostics.first?.location.line == marks.position.line)
    }

    @Test("an unknown severity and a misspelt key")
    func badValues() {
        let (loading, marks, _) = broken("platforms/thread.yaml", "    severity: high\n    title: No public API", "    severity: ‸severe\n    ‸titel: No public API")
        #expect(loading.diagnostics.map(\.path) == ["gotchas[0].title", "gotchas[0].severity", "gotchas[0].titel"])
        #expect(loading.diagnostics.map(\.severity) == [.error, .error, .warning])
        #expect(loading.diagnostics[1].location.line == marks.positions[0].line)
        #expect(loading.diagnostics[2].location.line == marks.positions[1].line)
        #expect(loading.diagnostics[2].message == "unknown key \"titel\" is ignored; did you mean \"title\"?")
    }

    @Test("malformed YAML in a catalog file")
    func malformed() {
        let (loading, _, path) = broken("platforms/intercom.yaml", "field_types: [string, number, date, datetime, boolean, list]", "field_types: [string, number")
        #expect(loading.diagnostics.count == 1)
        #expect(loading.diagnostics.first?.location.file == path)
        #expect(loading.diagnostics.first?.message.hasPrefix("invalid YAML") == true)
        #expect(loading.status == .dataError)
    }

    @Test("a missing catalog folder: 66")
    func missingFolder() {
        let loading = CatalogLoader.load(directory: "/nonexistent/catalog")
        #expect(loading.diagnostics.map(\.description) == ["/nonexistent/catalog: error: does not exist: it should be a catalog folder"])
        #expect(loading.status == .noInput)
    }
}

@Suite("The catalog says the platforms' true facts, with their documentation")
struct PlatformTruthTests {
    private var salesforce: MigrationPair { Fixtures.catalog.pair(source: "thread", destination: "salesforce-service-cloud")! }

    @Test("no route-page claim survives: owners, bypasses, the 1,000-character multi-select, Saved Replies")
    func noFalseClaims() throws {
        let json = try JSONOutput.string(Fixtures.catalog)
        for claim in ["every Case needs an owner", "bypassed for the migration user", "give the migration user a bypass", "Give the migration user a bypass", "1,000 characters", "Saved Reply\"", "as Body", "cannot be inserted without an owner", "500 requests a minute"] {
            #expect(!json.contains(claim), "the catalog still says \(claim)")
        }
    }

    @Test("each corrected fact carries the vendor documentation it rests on")
    func sources() {
        for object in ["user", "ticket", "tag", "review_response", "conversation", "attachment"] {
            let source = salesforce.mappings.first { $0.sourceObject == object }?.source
            #expect(source?.hasPrefix("https://developer.salesforce.com/") == true || source?.hasPrefix("https://help.salesforce.com/") == true, "\(object)")
        }
        let platform = Fixtures.catalog.platform("salesforce-service-cloud")
        #expect(platform?.gotchas.first { $0.id == "automation-fires" }?.source == "https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api/headers_autoassign.htm")
        #expect(platform?.apiLimits.first { $0.name == "Picklist value" }?.value == 255)
        #expect(Fixtures.rules.loadPlan.tagMaxLength(for: "salesforce-service-cloud") == 255)
    }

    @Test("a source that is not an https address is refused with its place")
    func badSource() throws {
        let folder = TemporaryFolder()
        let broken = folder.copy(folder: Fixtures.catalogDirectory, as: "catalog", in: "platforms/salesforce-service-cloud.yaml",
                                 replacing: "    source: https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api/headers_autoassign.htm\n    owner: customer",
                                 with: "    source: ‸see the REST guide\n    owner: customer")
        let loading = CatalogLoader.load(directory: broken.copy)
        #expect(loading.diagnostics.map(\.message) == ["expected an https:// address of the documentation, found \"see the REST guide\""])
        #expect(loading.diagnostics.first?.path == "gotchas[4].source")
        #expect(loading.diagnostics.first?.location.line == broken.marks.position.line)
    }
}

@Suite("A destination is data: a third one needs a catalog entry and rules, no code")
struct ThirdDestinationTests {
    /// The bundled catalog and rules, with `zendesk` added as a copy of Intercom's platform, pair,
    /// timeline and load plan; `family` is the family line its platform file carries.
    private func data(family: String?) throws -> (catalog: Catalog, rules: Rules, folder: TemporaryFolder) {
        let folder = TemporaryFolder()
        let catalog = folder.copy(folder: Fixtures.catalogDirectory, as: "Catalog")
        let rules = folder.copy(folder: Fixtures.rulesDirectory, as: "Rules")
        let platform = try String(contentsOfFile: catalog + "/platforms/intercom.yaml", encoding: .utf8)
            .replacingOccurrences(of: "id: intercom\nname: Intercom\n", with: "id: zendesk\nname: Zendesk Suite\n")
            .replacingOccurrences(of: "family: intercom\n", with: family.map { "family: \($0)\n" } ?? "")
        folder.write("Catalog/platforms/zendesk.yaml", platform)
        folder.write("Catalog/pairs/thread--zendesk.yaml", try String(contentsOfFile: catalog + "/pairs/thread--intercom.yaml", encoding: .utf8)
            .replacingOccurrences(of: "destination: intercom\n", with: "destination: zendesk\n"))
        for file in ["timeline.yaml", "load-plan.yaml"] {
            let text = try String(contentsOfFile: rules + "/" + file, encoding: .utf8)
            let section = try #require(text.range(of: "\nintercom:\n"))
            folder.write("Rules/" + file, text + "\nzendesk:\n" + text[section.upperBound...])
        }
        let loadedCatalog = try #require(CatalogLoader.load(directory: catalog).catalog)
        let loadedRules = try #require(RulesLoader.load(directory: rules).rules)
        return (loadedCatalog, loadedRules, folder)
    }

    @Test("estimated and scoped like the destinations the project ships with")
    func estimatedAndScoped() throws {
        let (catalog, rules, folder) = try data(family: "intercom")
        #expect(catalog.pair(source: "thread", destination: "zendesk") != nil)
        let estimator = Estimator(catalog: catalog, rules: rules, timelineFile: folder.path + "/Rules/timeline.yaml")
        let result = try estimator.estimate(Fixtures.manifest(), destination: "zendesk", asOf: Fixtures.asOf)
        #expect(result.destination.name == "Zendesk Suite")
        #expect(letters(result) == ["C", "C", "B", "B", "B", "C"])
        #expect((result.timeline.weeksLow, result.timeline.weeksHigh) == (2, 3))
        #expect(result.loadPlan.lines.first?.rule == "load-plan.zendesk.lines[0]")
        let output = DocumentCommand(kind: .scope, manifestPath: Fixtures.path("manifest-v1.json"), destination: "zendesk", outputDirectory: folder.path + "/out",
                                     formats: [.md], asOf: Fixtures.asOf, unmatchedUsers: nil, estimator: estimator,
                                     renderer: DocumentRenderer(templates: Fixtures.templates, rules: rules)).run()
        #expect(output.status == .ok, "\(output.standardError)")
        #expect(try String(contentsOfFile: folder.path + "/out/scope.md", encoding: .utf8).contains("Thread to Zendesk Suite"))
    }

    @Test("set-up files follow the family; a destination without one gets none, said plainly")
    func setupByFamily() throws {
        for family in ["intercom", nil] as [String?] {
            let (catalog, rules, folder) = try data(family: family)
            let estimator = Estimator(catalog: catalog, rules: rules, timelineFile: folder.path + "/Rules/timeline.yaml")
            let output = DocumentCommand(kind: .crosswalk, manifestPath: Fixtures.path("manifest-v1.json"), destination: "zendesk",
                                         outputDirectory: folder.path + "/out", formats: [.json], asOf: Fixtures.asOf, unmatchedUsers: nil,
                                         estimator: estimator, renderer: DocumentRenderer(templates: Fixtures.templates, rules: rules)).run()
            #expect(output.status == .ok, "\(output.standardError)")
            let written = output.standardOutput.split(separator: "\n").map { ($0 as Substring).split(separator: "/").last.map(String.init) ?? "" }
            if family == nil {
                #expect(written == ["crosswalk.json"])
                #expect(output.standardError.contains("warning: Zendesk Suite has no set-up files: its platform file names no family (salesforce or intercom)"))
            } else {
                #expect(written == ["crosswalk.json", "intercom-setup.json"])
            }
        }
    }

    @Test("a destination the rules do not describe is a clear rules error, not a crash")
    func missingRules() throws {
        let (catalog, rules, folder) = try data(family: "intercom")
        var partial = rules
        partial.loadPlan.destinations["zendesk"] = nil
        let estimator = Estimator(catalog: catalog, rules: partial, timelineFile: folder.path + "/Rules/timeline.yaml")
        #expect(throws: Estimator.Failure.self) { try estimator.estimate(Fixtures.manifest(), destination: "zendesk", asOf: Fixtures.asOf) }
        do {
            _ = try estimator.estimate(Fixtures.manifest(), destination: "zendesk", asOf: Fixtures.asOf)
        } catch .rulesMismatch(let diagnostic) {
            #expect(diagnostic.description == "\(folder.path)/Rules/load-plan.yaml:1:1: error: the load-plan rules have no section for zendesk, which the catalog names as a destination of thread [zendesk]")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
