import Foundation
@testable import LandfallKit
import LandfallTestSupport
import Testing

/// One account's documents, all made from one estimate and so from one field map.
private struct Account {
    let name: String
    let estimate: Estimate
    let crosswalk: Crosswalk
    let setup: [OutputWriter.File]
    let scope: ScopeDocument
    let inventory: Inventory

    init(name: String, manifest: Manifest, map: FieldMap? = nil) throws {
        self.name = name
        estimate = try Fixtures.estimator.estimate(manifest, fieldMap: map, asOf: Fixtures.asOf)
        let reading = ManifestReading(manifest: manifest, diagnostics: [], status: .ok)
        crosswalk = CrosswalkBuilder(estimate: estimate, reading: reading, rules: Fixtures.rules, users: nil).build()
        setup = DestinationSetup.files(for: crosswalk, rules: Fixtures.rules.handoff)
        scope = ScopeDocument(estimate: estimate, rules: Fixtures.rules)
        inventory = Inventory(estimate: estimate, rules: Fixtures.rules.handoff, crosswalk: crosswalk)
    }

    var map: FieldMap { estimate.fieldMap }

    /// The Intercom set-up plan's requests, step by step (empty for Salesforce).
    var intercomPlan: IntercomSetupPlan? { crosswalk.family == .intercom ? IntercomSetupPlan(crosswalk) : nil }
}

/// Both bundled samples, and the bundled raw export surveyed for each destination with its
/// one open value chosen.
private func accounts() throws -> [Account] {
    var accounts = [
        try Account(name: "northwind", manifest: Fixtures.manifestReader.read(path: Fixtures.sample("northwind-salesforce.json")).manifest!),
        try Account(name: "harbor-pine", manifest: Fixtures.manifestReader.read(path: Fixtures.sample("harbor-intercom.yaml")).manifest!),
    ]
    for destination in ["salesforce-service-cloud", "intercom"] {
        let folder = TemporaryFolder()
        let run = surveyed(into: folder, to: destination)
        let text = try String(contentsOfFile: run.map, encoding: .utf8).replacingOccurrences(of: "{ from: teams, to: null", with: "{ from: teams, to: Web")
        let map = try #require(FieldMapReader(file: run.map).read(try YAMLNodeReader.read(InputFile(path: run.map, contents: Array(text.utf8)))).map)
        let manifest = try #require(Fixtures.manifestReader.read(path: run.manifest).manifest)
        accounts.append(try Account(name: "surveyed export to \(destination)", manifest: manifest, map: map))
    }
    return accounts
}

@Suite("One map: every document, set-up file and plan of an account says what its field map says")
struct ConsistencyTests {
    @Test("every custom field the set-up creates has a source in the map")
    func customFieldsHaveSources() throws {
        for account in try accounts() {
            let filled = Set(account.map.fields.filter { account.map.writes($0) }.map(\.destination))
            for field in account.crosswalk.fields {
                let object = field.intercomHome.map { home -> String in if case .conversation = home { "conversation" } else { "ticket" } } ?? field.object
                #expect(filled.contains("\(object).\(field.name)"), "\(account.name): \(object).\(field.name) is created with no source")
            }
            for file in account.setup where file.path.hasSuffix(".field-meta.xml") {
                let parts = file.path.split(separator: "/")
                let path = "\(parts[parts.count - 3]).\(parts[parts.count - 1].replacingOccurrences(of: ".field-meta.xml", with: ""))"
                #expect(filled.contains(path), "\(account.name): \(path) is deployed with no source")
            }
            if let plan = account.intercomPlan {
                for step in plan.apiSteps where step.endpoint == .ticketTypeAttributes || step.endpoint == .conversationAttributes {
                    let object = step.endpoint == .conversationAttributes ? "conversation" : "ticket"
                    for request in step.requests {
                        #expect(filled.contains("\(object).\(request.name)"), "\(account.name): the attribute \(request.name) has no source")
                    }
                }
            }
        }
    }

    @Test("every value an assignment rule tests is a value the destination has or the set-up creates")
    func assignmentValues() throws {
        for account in try accounts() where account.crosswalk.family == .salesforce {
            for entry in account.crosswalk.assignmentEntries {
                let field = try #require(account.estimate.destination.schemaField(entry.criterion.field))
                let created = account.crosswalk.standardFields.first { "\($0.object).\($0.name)" == entry.criterion.field }?.values ?? []
                for value in entry.criterion.values {
                    #expect(field.values.contains(value) || created.contains(value), "\(account.name): \(entry.criterion.field) = \(value)")
                }
            }
            let rules = account.setup.first { $0.path.hasSuffix("Case.assignmentRules-meta.xml") }?.text ?? ""
            for value in ["email", "urgent", "high", "waiting"] {
                #expect(!rules.contains("<value>\(value)</value>"), "\(account.name): the rule tests the source value \(value)")
            }
            // The Case Origin values the set-up adds are those the map sends there and a new org lacks.
            let origin = try #require(account.estimate.destination.schemaField("Case.Origin"))
            let sent = Set(account.map.fields.filter { $0.destination == "Case.Origin" && account.map.writes($0) }.flatMap { $0.values.compactMap(\.to) + [$0.value].compactMap { $0 } })
            let added = account.crosswalk.standardFields.first { $0.name == "Origin" }?.values ?? []
            #expect(Set(added) == sent.subtracting(origin.values), "\(account.name)")
            let valueSet = account.setup.first { $0.path.hasSuffix("standardValueSets/CaseOrigin.standardValueSet-meta.xml") }?.text ?? ""
            for value in origin.values + added { #expect(valueSet.contains("<fullName>\(value)</fullName>"), "\(account.name): CaseOrigin lacks \(value)") }
        }
    }

    @Test("attribute and field names are the same in the map, the set-up plan and the crosswalk")
    func sameNames() throws {
        for account in try accounts() {
            let custom = Set(account.map.customFields.map(\.name))
            let crosswalk = Set(account.crosswalk.fields.map(\.name))
            #expect(crosswalk.isSubset(of: custom), "\(account.name): \(crosswalk.subtracting(custom))")
            if let plan = account.intercomPlan {
                let planned = Set(plan.apiSteps.filter { [.ticketTypeAttributes, .conversationAttributes, .dataAttributes].contains($0.endpoint) }.flatMap { $0.requests.map(\.name) })
                #expect(planned == crosswalk, "\(account.name): plan \(planned) against crosswalk \(crosswalk)")
                #expect(planned.contains("psa_reference__c") && !planned.contains("PSA reference"))
                #expect(Set(plan.apiSteps.first { $0.endpoint == .ticketTypes }?.requests.map(\.name) ?? []) == Set(account.crosswalk.ticketTypes))
            } else {
                let deployed = Set(account.setup.filter { $0.path.hasSuffix(".field-meta.xml") }.map { ($0.path as NSString).lastPathComponent.replacingOccurrences(of: ".field-meta.xml", with: "") })
                #expect(deployed == crosswalk, "\(account.name)")
            }
            // Where the map carries the PSA reference, every document says it is kept.
            let carried = account.map.fields.contains { $0.source == "psa_reference" }
            #expect(carried != account.map.notCarried.contains { $0.source == "psa_reference" })
        }
    }

    @Test("the scope's object map, the load plan and the map agree on what each object becomes and how many records and requests it makes")
    func objectsAndRecords() throws {
        for account in try accounts() {
            for row in account.scope.objectMap {
                let objects = ([row.object] + (account.estimate.pair.mapping(for: row.object)?.carries ?? [])).compactMap { object in account.map.objects.first { $0.object == object } }
                guard !objects.isEmpty else { continue }
                #expect(row.records == ScopeDocument.records(of: objects), "\(account.name): \(row.object)")
                #expect(Set(row.destinations).isSubset(of: Set(row.records.map(\.destination))), "\(account.name): \(row.object)")
            }
            let plan = account.estimate.loadPlan
            for object in account.map.objects {
                for destination in Set(object.records.compactMap(\.destination)) {
                    let rules = object.records.filter { $0.destination == destination }
                    let rows = rules.compactMap(\.rows).reduce(0, +)
                    let lines = plan.lines.filter { $0.object == object.object && $0.record == destination && !$0.destination.contains("second request") }
                    // A match writes nothing where no field but the match key is mapped (Intercom's teammates).
                    let writes = rules.contains { $0.operation != .match } || account.map.fields.contains { $0.object == object.object && $0.transform != .match }
                    guard writes, rules.allSatisfy({ $0.rows != nil }), rows > 0, rules.contains(where: { $0.operation.isLoaded }) else { continue }
                    #expect(lines.reduce(0) { $0 + $1.records } == rows, "\(account.name): \(object.object) → \(destination): the plan counts \(lines.map(\.records)), the map \(rows)")
                    #expect(lines.allSatisfy { $0.operation == rules.map(\.operation.rawValue).uniqued(caseInsensitive: false).joined(separator: ", ") }, "\(account.name): \(object.object)")
                }
            }
            #expect(plan.totalRequests == plan.lines.reduce(0) { $0 + $1.requests })
        }
    }

    @Test("the inventory reads an automation's conditions in the destination's values and says where the map merges what the rule tells apart")
    func inventoryConditions() throws {
        let northwind = try accounts()[0]
        let autoClose = try #require(northwind.inventory.automations.first { $0.name == "Auto-close stale" })
        #expect(autoClose.destinationConditions == ["Status is Working"])
        #expect(autoClose.valueFindings == ["the field map sends in_progress, on_hold, pending to Working as well, so a condition on Status in Salesforce Service Cloud also catches them; tell them apart in the field map, or accept it"])
    }
}

@Suite("The set-up files meet the vendors' own contracts")
struct VendorContractTests {
    @Test("the demo's set-up files pass Intercom's OpenAPI description and Salesforce's source registry; a broken copy fails",
          .enabled(if: VendorContracts.available, "needs ../shared/tools/check-vendor-contracts"))
    func contracts() throws {
        let folder = TemporaryFolder()
        let demo = Fixtures.demo(into: folder.path + "/demo")
        #expect(demo.status == .ok)
        let passed = try VendorContracts.check(folder.path + "/demo")
        #expect(passed.status == 0, "\(passed.output)")
        #expect(passed.output.hasSuffix(" 0 failed\n"))
        // The faults the set-up once had: a key the API does not define, options as strings, a file the registry does not know.
        let plan = folder.path + "/demo/harbor-pine/intercom-setup.json"
        var text = try String(contentsOfFile: plan, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"name\" : \"rt_rating__c\"", with: "\"name\" : \"rt_rating__c\", \"ticket_type\" : \"Review\"")
        try text.write(toFile: plan, atomically: true, encoding: .utf8)
        try "<x/>".write(toFile: folder.path + "/demo/northwind/salesforce-metadata/force-app/main/default/objects/Case/fields/stray.txt", atomically: true, encoding: .utf8)
        let failed = try VendorContracts.check(folder.path + "/demo")
        #expect(failed.status == 1)
        #expect(failed.output.contains("sends keys the API does not define: body.ticket_type"))
        #expect(failed.output.contains("stray.txt"))
    }
}
