import Foundation
@testable import LandfallKit
import LandfallTestSupport
import Testing

@Suite("Salesforce names")
struct SalesforceNameTests {
    @Test("DeveloperNames from hostile team names", arguments: [
        ("Service Desk", "Service_Desk"), ("Escalations (Tier 2)", "Escalations_Tier_2"), ("  Ünïcödé Tëam  ", "Unicode_Team"),
        ("2nd line", "Queue_2nd_line"), ("a__b", "a_b"), ("trailing___", "trailing"), ("<script>alert(1)</script>", "script_alert_1_script"),
        ("Ça va? Oui!", "Ca_va_Oui"), ("😀 Happy 😀", "Happy"), ("Team\nWith\tBreaks", "Team_With_Breaks"),
    ])
    func developerNames(name: String, expected: String) {
        let cleaned = SalesforceNames.clean(name, maxLength: 80, prefix: "Queue_")
        #expect(cleaned == expected)
        #expect(SalesforceNames.isValid(cleaned ?? "", maxLength: 80))
    }

    @Test("names with nothing to keep", arguments: ["", "   ", "😀🚀", "---", "日本語"])
    func empty(name: String) {
        #expect(SalesforceNames.clean(name, maxLength: 80, prefix: "Queue_") == nil)
    }

    @Test("long names are cut to the limit without a trailing underscore")
    func long() {
        let name = String(repeating: "Support ", count: 20)
        let cleaned = SalesforceNames.clean(name, maxLength: 80, prefix: "Queue_")!
        #expect(cleaned.count <= 80)
        #expect(!cleaned.hasSuffix("_"))
        #expect(SalesforceNames.isValid(cleaned, maxLength: 80))
        let field = SalesforceNames.clean(name, maxLength: 40, prefix: "f_")!
        #expect(field.count <= 40)
    }

    @Test("uniqueness adds a number and stays within the limit")
    func unique() {
        #expect(SalesforceNames.unique("Desk", taken: ["desk", "desk_2"], maxLength: 80) == "Desk_3")
        let long = String(repeating: "a", count: 80)
        let unique = SalesforceNames.unique(long, taken: [long], maxLength: 80)
        #expect(unique.count == 80)
        #expect(unique.hasSuffix("_2"))
    }

    @Test("validity", arguments: [("Good_Name1", true), ("1bad", false), ("bad__name", false), ("bad_", false), ("bad name", false), ("é", false)])
    func validity(name: String, valid: Bool) {
        #expect(SalesforceNames.isValid(name, maxLength: 80) == valid)
    }
}

@Suite("CSV written for spreadsheets")
struct CSVWriterTests {
    @Test("cells a spreadsheet would run are neutralised", arguments: [
        ("=SUM(A1:A9)", "'=SUM(A1:A9)"), ("+1 555", "'+1 555"), ("-2", "'-2"), ("@cmd", "'@cmd"), ("\tx", "'\tx"), ("plain", "plain"),
        ("a,b", "\"a,b\""), ("say \"hi\"", "\"say \"\"hi\"\"\""), ("line\nbreak", "\"line\nbreak\""), ("\r\nx", "\"'\r\nx\""),
    ])
    func cells(value: String, expected: String) {
        #expect(CSVWriter.cell(value) == expected)
    }

    @Test("a written table reads back to the same values (neutralised)")
    func roundTrip() throws {
        let rows = [["=1+1", "a,b", "multi\nline", "quote \"q\""], ["@x", "-y", "+z", "ok"]]
        let text = CSVWriter.document(header: ["a", "b", "c", "d"], rows: rows)
        let folder = TemporaryFolder()
        let document = try CSVDocument.parse(InputFile(path: folder.write("t.csv", text)))
        #expect(document.header == ["a", "b", "c", "d"])
        #expect(document.rows.map(\.fields) == [["'=1+1", "a,b", "multi\nline", "quote \"q\""], ["'@x", "'-y", "'+z", "ok"]])
    }
}

@Suite("Destination users")
struct DestinationUserTests {
    @Test("a Salesforce User export and an Intercom admins export")
    func bothFormats() throws {
        let salesforce = try DestinationUsers.read(path: Fixtures.sample("destination-users/northwind.csv"))
        #expect(salesforce.kind == .salesforceUserExport)
        #expect(salesforce.users.count == 3)
        #expect(salesforce.match(email: "ben@northwind.example")?.username == "ben.okafor@northwind.example.sf")
        let intercom = try DestinationUsers.read(path: Fixtures.sample("destination-users/harbor-pine.json"))
        #expect(intercom.kind == .intercomAdmins)
        #expect(intercom.match(email: "tomas@harborpine.example")?.id == "920102")
    }

    @Test("matching ignores case and surrounding spaces, nothing else", arguments: [
        ("ana@x.example", true), ("  ANA@X.EXAMPLE ", true), ("Ana@X.Example", true), ("ana+ops@x.example", false), ("ana@x.example.", false),
        ("an a@x.example", false),
    ])
    func matching(email: String, matches: Bool) throws {
        let folder = TemporaryFolder()
        let path = folder.write("users.csv", "Id,Name,Email,IsActive\n005A,Ana,ana@x.example,true\n")
        #expect((try DestinationUsers.read(path: path).match(email: email) != nil) == matches)
    }

    @Test("duplicate e-mails: a warning at the second, and the first is used")
    func duplicates() throws {
        let folder = TemporaryFolder()
        let path = folder.write("users.csv", "Id,Username,Name,Email\n005A,ana@sf,Ana,ana@x.example\n005B,ana2@sf,Ana Two,ANA@x.example\n")
        let users = try DestinationUsers.read(path: path)
        #expect(users.diagnostics.map(\.description) == [
            "\(path):3:1: warning: the e-mail ANA@x.example is also used by Ana (line 2); matching uses the first, ana@sf",
        ])
        #expect(users.match(email: "ana@x.example")?.id == "005A")
    }

    @Test("a CSV without an Email column")
    func noEmailColumn() {
        let folder = TemporaryFolder()
        let path = folder.write("users.csv", "Id,Name,Username\n005A,Ana,ana@sf\n")
        #expect(throws: InputFailure.self) { try DestinationUsers.read(path: path) }
        do {
            _ = try DestinationUsers.read(path: path)
        } catch {
            #expect(error.diagnostic.description == "\(path):1:1: error: the header has no Email column, so nobody can be matched (columns: Id, Name, Username)")
            #expect(error.status == .dataError)
        }
    }

    @Test("a file in neither format", arguments: [("people.txt", "just some notes\nabout people\n"), ("people.json", "{\"users\": []}")])
    func neither(name: String, content: String) {
        let folder = TemporaryFolder()
        let path = folder.write(name, content)
        do {
            _ = try DestinationUsers.read(path: path)
            Issue.record("read a file in neither format")
        } catch {
            #expect(error.diagnostic.description == "\(path): error: is neither a Salesforce User export (CSV with Id, Name and Email columns) nor an Intercom admins export (JSON with an admins list)")
            #expect(error.status == .dataError)
        }
    }

    @Test("a CSV row with the wrong number of fields, and an unterminated quote")
    func malformed() {
        let folder = TemporaryFolder()
        let short = folder.write("short.csv", "Id,Name,Email\n005A,Ana\n")
        let open = folder.write("open.csv", "Id,Name,Email\n005A,\"Ana,ana@x.example\n")
        for (path, expected) in [(short, "\(short):2:1: error: this row has 2 fields but the header has 3"),
                                 (open, "\(open):2:6: error: the quoted field that starts here is never closed")] {
            do {
                _ = try DestinationUsers.read(path: path)
                Issue.record("read a malformed CSV")
            } catch {
                #expect(error.diagnostic.description == expected)
            }
        }
    }
}

@Suite("The crosswalk")
struct CrosswalkTests {
    private func crosswalk(_ manifest: Manifest, to destination: String? = nil, users: DestinationUsers? = nil) throws -> Crosswalk {
        let reading = Fixtures.manifestReader.read(path: Fixtures.path("manifest-v1.json"))
        return CrosswalkBuilder(estimate: try estimate(manifest, to: destination), reading: reading, rules: Fixtures.rules, users: users).build()
    }

    @Test("teams become Queues with valid, unique DeveloperNames; collisions and empty names say what was done")
    func queues() throws {
        var manifest = Fixtures.manifest()
        manifest.teams?[1].name = "Service-Desk!"
        manifest.teams?[2].name = "🚀🚀"
        let result = try crosswalk(manifest)
        #expect(result.teams.map(\.developerName) == ["Service_Desk", "Service_Desk_2", "Queue_t3"])
        #expect(result.diagnostics.map(\.message) == [
            "the DeveloperName Service_Desk is already taken by another team; Service_Desk_2 is used instead",
            "the team name \"🚀🚀\" has no letters or digits to make a DeveloperName from; Queue_t3 is used instead",
        ])
        #expect(result.diagnostics.map(\.path) == ["teams[1].name", "teams[2].name"])
        #expect(result.diagnostics.allSatisfy { $0.location.line > 0 && $0.severity == .warning })
    }

    @Test("people are matched by e-mail; the unmatched form the reconciliation queue")
    func people() throws {
        let users = try DestinationUsers.read(path: Fixtures.sample("destination-users/northwind.csv"))
        let result = try crosswalk(Fixtures.manifest(), users: users)
        #expect(result.people.map(\.status) == ["matched", "matched", "matched", "provision inactive", "provision active", "provision active"])
        #expect(result.reconciliationQueue.map(\.id) == ["u4", "u5", "u6"])
        #expect(result.people[0].flags == ["in 2 teams: Escalations (Tier 2), Reputation"])
        #expect(result.teams[0].members.map(\.destinationUser) == ["ben.okafor@northwind.example.sf", "chen.wei@northwind.example.sf", nil])
    }

    @Test("without a destination-users file nobody is matched")
    func noUsers() throws {
        let result = try crosswalk(Fixtures.manifest())
        #expect(result.reconciliationQueue.count == 6)
        #expect(result.teams.allSatisfy { $0.members.allSatisfy { $0.destinationUser == nil } })
    }

    @Test("empty teams and members unknown to the user list are flagged")
    func flags() throws {
        var manifest = Fixtures.manifest()
        manifest.teams?[2].members = []
        manifest.teams?[0].members.append("u99")
        let result = try crosswalk(manifest)
        #expect(result.teams[2].flags == ["the team has no members: the Queue starts empty"])
        #expect(result.teams[0].flags == ["the member u99 is not in the user list"])
    }

    @Test("tags: over-long ones truncated at 255, semicolons out of Salesforce picklist values, duplicates after truncation or case-folding flagged")
    func tags() throws {
        var manifest = Fixtures.manifest()
        let long = String(repeating: "x", count: 300)
        manifest.tags = [Tag(name: "VIP", usage: 1), Tag(name: "vip", usage: 2), Tag(name: long + "a", usage: 3), Tag(name: long + "b", usage: 4)]
        let result = try crosswalk(manifest, to: "intercom")
        #expect(result.tags.map(\.destinationValue.count) == [3, 3, 255, 255])
        #expect(result.tags.map(\.truncated) == [false, false, true, true])
        #expect(result.tags[1].flags == ["is the same as \"VIP\" ignoring case"])
        #expect(result.tags[3].flags == ["is longer than 255 characters: truncated", "is the same as \"\(String(repeating: "x", count: 255))\" after truncation"])
        manifest.tags?.append(Tag(name: "printer;scanner", usage: 5))
        let salesforce = try crosswalk(manifest)
        #expect(salesforce.tags.map(\.destinationValue.count) == [3, 3, 255, 255, 15])
        #expect(salesforce.tags.map(\.truncated) == [false, false, true, true, false])
        #expect(salesforce.tags[4].destinationValue == "printer,scanner")
        #expect(salesforce.tags[4].flags == ["holds a semicolon, which separates multi-select values: written with a comma"])
        #expect(try crosswalk(manifest, to: "intercom").tags[4].destinationValue == "printer;scanner")
        let finding = try #require(salesforce.diagnostics.first { $0.path == "tags[4].name" })
        #expect(finding.severity == .warning)
        #expect(finding.message == "the tag \"printer;scanner\" holds a semicolon, which separates multi-select values: written with a comma")
    }

    @Test("custom properties become valid API names; keys that cannot say what was done")
    func fields() throws {
        var manifest = Fixtures.manifest()
        manifest.customProperties = [
            CustomProperty(key: "Contract Tier!", type: .picklist, options: ["A", "B", "a"]), CustomProperty(key: "☃", type: .text),
            CustomProperty(key: "star_rating", type: .number), CustomProperty(key: "9lives", type: .checkbox),
        ]
        let result = try crosswalk(manifest)
        let accountFields = result.fields.filter { $0.propertyType != nil && $0.source.hasPrefix("custom property") }
        #expect(accountFields.map(\.name) == ["Contract_Tier__c", "property_2__c", "star_rating_2__c", "f_9lives__c"])
        #expect(accountFields.map(\.type) == ["Picklist", "Text", "Number", "Checkbox"])
        #expect(accountFields[0].values == ["A", "B"])
        #expect(result.diagnostics.map(\.message) == [
            "the key \"Contract Tier!\" is not a valid API name as it stands; Contract_Tier__c is used",
            "the custom property key \"☃\" has no letters or digits to make an API name from; property_2__c is used instead",
            "star_rating__c is already used by another field; star_rating_2__c is used instead",
            "the key \"9lives\" is not a valid API name as it stands; f_9lives__c is used",
        ])
        for field in result.fields where field.object == "Case" {
            #expect(SalesforceNames.isValid(String(field.name.dropLast(3)), maxLength: 40), "\(field.name)")
        }
    }
}

@Suite("Set-up files")
struct SetupFileTests {
    private func files(_ manifest: Manifest, to destination: String? = nil) throws -> [OutputWriter.File] {
        let users = try DestinationUsers.read(path: Fixtures.sample("destination-users/northwind.csv"))
        return try render(try estimate(manifest, to: destination), kind: .crosswalk, formats: [.csv], users: users)
    }

    @Test("every Salesforce file is well-formed XML in the Metadata API namespace, and values are escaped")
    func salesforceXML() throws {
        var manifest = Fixtures.manifest()
        manifest.teams?[0].name = "R&D <Support> \"Tier\" 'One'"
        manifest.tags?.append(Tag(name: "<b>&amp;</b>", usage: 1))
        let xml = try files(manifest).filter { $0.path.hasSuffix(".xml") }
        #expect(xml.count == 28)
        let folder = TemporaryFolder()
        for file in xml {
            let path = folder.write((file.path as NSString).lastPathComponent, file.contents)
            let node = try XMLNodeReader.read(InputFile(path: path))
            #expect(file.text.contains("xmlns=\"http://soap.sforce.com/2006/04/metadata\""))
            #expect(file.text.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"))
            if case .object = node.value {} else { Issue.record("\(file.path) has no elements") }
        }
        let queue = try #require(xml.first { $0.path == "salesforce-metadata/force-app/main/default/queues/R_D_Support_Tier_One.queue-meta.xml" })
        #expect(queue.text.contains("<name>R&amp;D &lt;Support&gt; &quot;Tier&quot; 'One'</name>"))
        let tags = try #require(xml.first { $0.path.hasSuffix("case_tags__c.field-meta.xml") })
        #expect(tags.text.contains("<fullName>&lt;b&gt;&amp;amp,&lt;/b&gt;</fullName>"))
        let package = try #require(xml.first { $0.path == "salesforce-metadata/package.xml" })
        #expect(package.text.contains("<version>66.0</version>"))
        #expect(package.text.contains("<members>R_D_Support_Tier_One</members>"))
    }

    @Test("field files carry what their type needs")
    func fieldShapes() throws {
        let xml = try files(Fixtures.manifest())
        let text = { (name: String) in xml.first { $0.path.hasSuffix("/\(name).field-meta.xml") }?.text ?? "" }
        #expect(text("psa_reference__c").contains("<length>255</length>"))
        #expect(text("external_case_id__c").contains("<caseSensitive>false</caseSensitive>"))
        #expect(text("external_case_id__c").contains("<externalId>true</externalId>") && text("external_case_id__c").contains("<unique>true</unique>"))
        #expect(text("site_count__c").contains("<precision>18</precision>") && text("site_count__c").contains("<scale>2</scale>"))
        // A checkbox "Escalated?" is Case's own IsEscalated: no field is created for it.
        #expect(text("escalated__c").isEmpty)
        #expect(text("star_rating__c").contains("<type>Number</type>"))
        #expect(text("renewal_date__c").contains("<type>Date</type>"))
        #expect(text("contract_tier__c").contains("<fullName>Gold</fullName>"))
        #expect(text("case_tags__c").contains("<type>MultiselectPicklist</type>"))
    }

    /// The Intercom set-up plan for `manifest`, as JSON objects.
    private func intercomPlan(_ manifest: Manifest) throws -> (api: [[String: Any]], manual: [[String: Any]], version: String?) {
        let setup = try #require(try files(manifest, to: "intercom").first { $0.path == "intercom-setup.json" })
        let object = try #require(try JSONSerialization.jsonObject(with: setup.contents) as? [String: Any])
        return (try #require(object["api_steps"] as? [[String: Any]]), try #require(object["manual_steps"] as? [[String: Any]]),
                object["api_version"] as? String)
    }

    @Test("the Intercom plan: only steps the REST API can carry out, each with an endpoint and that endpoint's types")
    func intercomAPISteps() throws {
        let plan = try intercomPlan(Fixtures.manifest())
        #expect(plan.version == "2.16")
        // A ticket type for each kind of record the map makes a ticket of, then one step of
        // attributes per ticket type (its id fills the path), the contact review tickets are
        // created for, and every tag the load applies.
        #expect(plan.api.map { $0["endpoint"] as? String } == ["/ticket_types", "/ticket_types/{ticket_type_id}/attributes", "/ticket_types/{ticket_type_id}/attributes",
                                                               "/contacts", "/tags"])
        #expect(plan.api.map { $0["ticket_type"] as? String } == [nil, "Review", "Ticket", nil, nil])
        for step in plan.api {
            let endpoint = try #require(IntercomEndpoint(rawValue: step["endpoint"] as? String ?? ""))
            #expect(step["method"] as? String == "POST")
            for request in step["requests"] as? [[String: Any]] ?? [] {
                if let type = request["data_type"] as? String {
                    #expect(endpoint.dataTypes.contains(type), "\(type) is not a type of \(endpoint.rawValue)")
                }
                #expect(request["ticket_type"] == nil, "the ticket type is the path's, not the body's")
            }
        }
        let types = try #require(plan.api[0]["requests"] as? [[String: Any]])
        #expect(types.map { $0["name"] as? String } == ["Review", "Ticket"])
        let reviewAttributes = try #require(plan.api[1]["requests"] as? [[String: Any]])
        #expect(reviewAttributes.map { $0["name"] as? String } == ["source_id__c", "rt_source__c", "rt_rating__c", "rt_author__c", "rt_url__c"])
        let ticketAttributes = try #require(plan.api[2]["requests"] as? [[String: Any]])
        #expect(ticketAttributes.map { $0["name"] as? String } == ["source_id__c", "psa_reference__c", "priority__c", "contract_tier", "site_count", "renewal_date", "escalated"])
        let tier = try #require(ticketAttributes.first { $0["name"] as? String == "contract_tier" })
        #expect(tier["data_type"] as? String == "list")
        #expect(tier["list_items"] as? String == "Bronze,Silver,Gold")
        #expect(ticketAttributes.first { $0["name"] as? String == "priority__c" }?["list_items"] as? String == "High,Low,Medium,Urgent")
        #expect(ticketAttributes.first { $0["name"] as? String == "site_count" }?["data_type"] as? String == "decimal")
        #expect((plan.api[3]["requests"] as? [[String: Any]])?.first?["external_id"] as? String == "thread-reviews")
        #expect((plan.api[4]["requests"] as? [[String: Any]])?.map { $0["name"] as? String }
            == ["billing", "onboarding", "vip", "google-review", "printer|scanner", "trustpilot-review"])
    }

    @Test("what the API cannot do is a list of manual steps, with who and when")
    func intercomManualSteps() throws {
        let plan = try intercomPlan(Fixtures.manifest())
        #expect(plan.manual.map { $0["title"] as? String } == [
            "Invite the teammates who do not exist yet (Settings > Teammates)",
            "Create each team and add its members (Settings > Teams)",
            "Keep customers from being messaged during the import",
        ])
        for step in plan.manual {
            #expect(step["who"] as? String == "the customer's Intercom admin")
            #expect((step["when"] as? String)?.isEmpty == false)
        }
        #expect((plan.manual[1]["items"] as? [String])?.first?.hasPrefix("Service Desk: ") == true)
    }

    @Test("the crosswalk and the set-up file agree on where each attribute lives")
    func intercomAgreement() throws {
        var manifest = Fixtures.manifest()
        manifest.destination = DestinationSystem(platform: "intercom")
        manifest.destination.conversationModel = .ticketFirst
        let crosswalk = CrosswalkBuilder(estimate: try estimate(manifest, to: "intercom"), reading: Fixtures.manifestReader.read(path: Fixtures.path("manifest-v1.json")),
                                             rules: Fixtures.rules, users: nil).build()
        let plan = IntercomSetupPlan(crosswalk)
        #expect(crosswalk.ticketTypes == ["Review", "Ticket"])
        for field in crosswalk.fields {
            let home = try #require(field.intercomHome, "\(field.name) has no home")
            #expect(field.object == home.label)
            let ticketType: String? = if case .ticketType(let name) = home { name } else { nil }
            let step = try #require(plan.apiSteps.first { $0.endpoint == home.endpoint && $0.ticketType == ticketType })
            let request = step.requests.first { $0.name == field.name }
            #expect(request?.dataType == field.type, "\(field.name) on \(home.label)")
        }
        // Only the tickets' values of a property are in the export: its attribute lives on the Ticket type alone.
        #expect(crosswalk.fields.filter { $0.name == "renewal_date" }.map(\.object) == ["Ticket type: Ticket"])
    }
}

/// The inventory of `estimate`, with the crosswalk that names its queues and templates.
func inventory(_ estimate: Estimate) -> Inventory {
    let reading = ManifestReading(manifest: estimate.facts.manifest, diagnostics: [], status: .ok)
    let crosswalk = CrosswalkBuilder(estimate: estimate, reading: reading, rules: Fixtures.rules, users: nil).build()
    return Inventory(estimate: estimate, rules: Fixtures.rules.handoff, crosswalk: crosswalk)
}

@Suite("A crosswalk with nobody to match")
struct EmptyPeopleTests {
    @Test("a manifest with no users and a users file: every document says there is nobody to match, and nothing fails")
    func noUsers() throws {
        var manifest = Fixtures.manifest()
        manifest.users = []
        for team in (manifest.teams ?? []).indices { manifest.teams?[team].members = [] }
        let users = try DestinationUsers.read(path: Fixtures.sample("destination-users/northwind.csv"))
        let estimate = try Fixtures.estimator.estimate(manifest, destinationUsers: users, asOf: Fixtures.asOf)
        #expect(estimate.facts.userMatching == .matched(file: "northwind.csv", people: 0, unmatched: 0))
        #expect(estimate.facts.assumptions.contains("The account lists no users, so there was nobody to match against the destination's users."))
        #expect(!estimate.price.lineItems.contains { $0.rule == "pricing.add_ons.owner_reconciliation" })
        let crosswalk = try #require(try render(estimate, kind: .crosswalk, formats: [.md], users: users).first).text
        #expect(crosswalk.contains("**3 queues; the manifest lists no people, so there is nobody to match.**"))
        let scope = try #require(try render(estimate, formats: [.md]).first).text
        #expect(scope.contains("- **People:** nobody to match (the account lists no users to match against Salesforce Service Cloud's)"))
    }
}

@Suite("The inventory")
struct InventoryTests {
    @Test("active automations first, each with its equivalent and effort; totals add up")
    func automations() throws {
        let inventory = inventory(try estimate(Fixtures.manifest()))
        #expect(inventory.automations.map(\.id) == ["a1", "a2", "a3", "a4"])
        // An alert to an internal team is a record-triggered Flow, not an Auto-Response Rule (which writes to the customer).
        #expect(inventory.automations.map(\.equivalent) == ["Case Assignment Rule", "Scheduled Flow", "Record-triggered Flow with an email alert",
                                                            "Entitlement milestone (an Escalation Rule for breaches)"])
        #expect(inventory.automations.map(\.hours) == [2, 3, 2.5, 3.5])
        #expect(inventory.automations.map(\.size) == ["S", "M", "M", "M"])
        #expect(inventory.automations[1].trigger == "every day")
        #expect(inventory.automations[1].conditions == ["status is waiting", "idle is more than 7d"])
        // Every item has its effort: the active automations (7.5 h), the three templates (0.5 + 0.25 + 0.25 h) and
        // the two active integrations (replace 4 h, reconfigure 2 h); the inactive ones are optional, apart.
        #expect(inventory.templates.map(\.hours) == [0.5, 0.25, 0.25])
        #expect(inventory.integrations.map(\.hours) == [4, 2, 2])
        #expect(inventory.totalsByKind.map(\.name) == ["routing_rule", "review_response", "auto_close", "response_templates", "integrations"])
        #expect(inventory.totalHours == 14.5)
        #expect(inventory.totalsByKind.reduce(0) { $0 + $1.hours } == inventory.totalHours)
        #expect(inventory.totalsBySize.reduce(0) { $0 + $1.hours } == inventory.totalHours)
        #expect(inventory.totalsBySize.map(\.count) == [5, 3])
        #expect(inventory.optional.count == 2)
        #expect(inventory.optional.hours == 5.5)
    }

    @Test("actions name the queue and the template they act on; an automation and a routing rule that pick the same records are flagged")
    func crossReferences() throws {
        let northwind = inventory(try estimate(Fixtures.manifest()))
        #expect(northwind.automations[0].actions == ["assign team Escalations (Tier 2) (Queue Escalations_Tier_2)"])
        #expect(northwind.automations[1].actions == ["set status closed", "send template /close (EmailTemplate Thread_Response_Templates/Closing)"])
        #expect(northwind.automations[2].actions == ["notify team Reputation (Queue Reputation)"])
        #expect(northwind.automations[0].routingFindings == ["overlaps Escalations (Tier 2)'s routing rule (priority in [urgent, high]) for urgent: rebuild the two as one rule"])
        var manifest = Fixtures.manifest()
        manifest.automations?[0].actions = ["assign team Service Desk"]
        manifest.teams?[0].routing = [RoutingRule(condition: "priority = urgent", priority: 1)]
        let conflicting = try estimate(manifest)
        let conflict = inventory(conflicting).automations[0].routingFindings
        #expect(conflict.contains("conflicts with Escalations (Tier 2)'s routing rule (priority in [urgent, high]): records with urgent would go to Service Desk and to Escalations (Tier 2); decide which wins before rebuilding either"))
        #expect(conflict.contains("overlaps Service Desk's routing rule (priority = urgent) for urgent: rebuild the two as one rule"))
        let files = try render(conflicting, kind: .crosswalk, formats: [.md])
        #expect(try #require(files.first?.text).contains("the automation Route urgent to Tier 2 conflicts with Escalations (Tier 2)'s routing rule"))
        let intercom = inventory(try estimate(Fixtures.manifest(), to: "intercom"))
        #expect(intercom.automations[1].actions[1] == "send template /close (Macro Closing)")
    }

    @Test("template variables: an equivalent, or rewrite by hand")
    func variables() throws {
        let intercom = inventory(try estimate(Fixtures.manifest(), to: "intercom"))
        #expect(intercom.templates[0].variables.map(\.instruction) == ["use {{name}}", "no equivalent: rewrite by hand"])
        #expect(intercom.templates[0].needsRewrite)
        #expect(intercom.templates[2].variables.isEmpty)
    }

    @Test("integrations: reconfigure, replace, or rebuild by hand (ConnectWise has no Intercom equivalent)")
    func integrations() throws {
        let intercom = inventory(try estimate(Fixtures.manifest(), to: "intercom"))
        #expect(intercom.integrations.map(\.action) == [.rebuild, .reconfigure, .reconfigure])
        let salesforce = inventory(try estimate(Fixtures.manifest()))
        #expect(salesforce.integrations.map(\.action) == [.replace, .reconfigure, .reconfigure])
    }

    @Test("custom properties without a direct type are listed")
    func properties() throws {
        let harbor = Fixtures.manifestReader.read(path: Fixtures.sample("harbor-intercom.yaml")).manifest!
        let inventory = inventory(try estimate(harbor))
        #expect(inventory.properties.map(\.key) == ["affected_devices", "status_page"])
        #expect(inventory.properties.map(\.fit) == [.none, .approximate])
    }
}

@Suite("landfall crosswalk")
struct CrosswalkCommandTests {
    private func run(users: String?, out: String) -> CommandOutput {
        DocumentCommand(kind: .crosswalk, manifestPath: Fixtures.sample("northwind-salesforce.json"), destination: nil,
                        outputDirectory: out, formats: OutputFormat.allCases, asOf: Fixtures.asOf, unmatchedUsers: nil, destinationUsers: users,
                        estimator: Fixtures.estimator, renderer: Fixtures.renderer).run()
    }

    @Test("a destination-users file that cannot be read stops before anything is written")
    func badUsersFile() {
        let folder = TemporaryFolder()
        let missing = run(users: folder.path + "/none.csv", out: folder.path + "/out")
        #expect(missing.status == .noInput)
        #expect(missing.standardError == "\(folder.path)/none.csv: error: does not exist\n")
        let bad = folder.write("users.csv", "Id,Name\n1,Ana\n")
        let invalid = run(users: bad, out: folder.path + "/out")
        #expect(invalid.status == .dataError)
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/out"))
    }

    @Test("findings go to standard error, with the file and place")
    func findings() {
        let folder = TemporaryFolder()
        let users = folder.write("users.csv", "Id,Username,Name,Email\n1,a@sf,Ana,ana@northwind.example\n2,b@sf,Ana B,ANA@northwind.example\n")
        let output = run(users: users, out: folder.path + "/out")
        #expect(output.status == .ok)
        #expect(output.standardError == "\(users):3:1: warning: the e-mail ANA@northwind.example is also used by Ana (line 2); matching uses the first, a@sf\n")
        #expect(output.standardOutput.contains("crosswalk.csv"))
    }
}

@Suite("The Salesforce DX project deploys as it is")
struct SalesforceProjectTests {
    private static let schema = Fixtures.repositoryRoot + "/../shared/salesforce/metadata-source.xsd"

    private func project() throws -> [OutputWriter.File] {
        let users = try DestinationUsers.read(path: Fixtures.sample("destination-users/northwind.csv"))
        var manifest = Fixtures.manifest()
        manifest.reviewSources = []
        return try render(try estimate(manifest), kind: .crosswalk, formats: [.json], users: users)
            .filter { $0.path.hasPrefix("salesforce-metadata/") }
    }

    @Test("a project file, a manifest, and every source file under the package directory")
    func layout() throws {
        let files = try project()
        for file in files where !["salesforce-metadata/sfdx-project.json", "salesforce-metadata/package.xml"].contains(file.path) {
            #expect(file.path.hasPrefix("salesforce-metadata/force-app/main/default/"), "\(file.path)")
        }
        let definition = try #require(files.first { $0.path == "salesforce-metadata/sfdx-project.json" })
        let object = try #require(try JSONSerialization.jsonObject(with: definition.contents) as? [String: Any])
        #expect(object["sourceApiVersion"] as? String == "66.0")
        #expect((object["packageDirectories"] as? [[String: Any]])?.first?["path"] as? String == "force-app")
    }

    @Test("every custom field is in the permission set and the manifest; the set grants the history-load permissions")
    func permissionSet() throws {
        let files = try project()
        let fields = files.filter { $0.path.hasSuffix(".field-meta.xml") }.map { file -> String in
            let parts = file.path.split(separator: "/")
            return "\(parts[parts.count - 3]).\(parts[parts.count - 1].replacingOccurrences(of: ".field-meta.xml", with: ""))"
        }
        #expect(fields.count == 16)
        let set = try #require(files.first { $0.path.hasSuffix("permissionsets/Landfall_Migration.permissionset-meta.xml") }).text
        let package = try #require(files.first { $0.path == "salesforce-metadata/package.xml" }).text
        for field in fields {
            #expect(set.contains("<editable>true</editable>\n        <field>\(field)</field>\n        <readable>true</readable>"), "\(field)")
            #expect(package.contains("<members>\(field)</members>"), "\(field)")
        }
        #expect(set.contains("<name>CreateAuditFields</name>") && set.contains("<name>UpdateWithInactiveOwner</name>"))
        #expect(package.contains("<members>Landfall_Migration</members>\n        <name>PermissionSet</name>"))
    }

    @Test("every picklist has a value (one without known values becomes text); one unique external id on each object the load writes")
    func fieldRules() throws {
        let files = try project().filter { $0.path.hasSuffix(".field-meta.xml") }
        for file in files where file.text.contains("<type>Picklist</type>") || file.text.contains("<type>MultiselectPicklist</type>") {
            #expect(file.text.contains("<value>"), "\(file.path) has no value")
        }
        let source = try #require(files.first { $0.path.hasSuffix("/review_source__c.field-meta.xml") })
        #expect(source.text.contains("<type>Text</type>"))
        var keys: [String: Int] = [:]
        for file in files where file.text.contains("<externalId>true</externalId>") {
            #expect(file.text.contains("<unique>true</unique>") && file.text.contains("<caseSensitive>false</caseSensitive>"), "\(file.path)")
            keys[String(file.path.split(separator: "/").dropLast(2).last ?? ""), default: 0] += 1
        }
        #expect(keys == ["Account": 1, "Contact": 1, "Case": 1, "EmailMessage": 1, "ContentVersion": 1])
        #expect(!files.contains { $0.path.hasSuffix("/channel__c.field-meta.xml") || $0.path.hasSuffix("/message_author_type__c.field-meta.xml") })
    }

    @Test("every file is valid against the Metadata API schema",
          .enabled(if: FileManager.default.fileExists(atPath: schema) && FileManager.default.isExecutableFile(atPath: "/usr/bin/xmllint"),
                   "needs ../shared/salesforce/metadata-source.xsd and xmllint (apt-get install libxml2-utils)"))
    func schemaValid() throws {
        let folder = TemporaryFolder()
        let paths = try project().filter { $0.path.hasSuffix(".xml") }.map { file in
            folder.write((file.path as NSString).lastPathComponent, file.contents)
        }
        #expect(paths.count == 28)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/xmllint")
        process.arguments = ["--noout", "--schema", Self.schema] + paths
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let report = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(report)")
        #expect(report.components(separatedBy: " validates").count - 1 == paths.count)
    }
}

@Suite("Response templates become EmailTemplates where Salesforce has every merge field")
struct EmailTemplateTests {
    @Test("mapped templates are written in a public folder, with merge fields; the others are listed with what keeps them back")
    func templates() throws {
        var manifest = Fixtures.manifest()
        manifest.responseTemplates?.append(ResponseTemplate(id: "rt9", name: "Thanks for the review", shortcut: "/t2", body: "Ciao {{nickname}}"))
        let users = try DestinationUsers.read(path: Fixtures.sample("destination-users/northwind.csv"))
        let files = try render(try estimate(manifest), kind: .crosswalk, formats: [.json, .md], users: users)
        let email = "salesforce-metadata/force-app/main/default/email/"
        #expect(files.filter { $0.path.hasPrefix(email) }.map(\.path).sorted() == [
            email + "Thread_Response_Templates.emailFolder-meta.xml",
            email + "Thread_Response_Templates/Closing.email", email + "Thread_Response_Templates/Closing.email-meta.xml",
            email + "Thread_Response_Templates/Thanks_for_the_review.email", email + "Thread_Response_Templates/Thanks_for_the_review.email-meta.xml",
            email + "Thread_Response_Templates/Ticket_received.email", email + "Thread_Response_Templates/Ticket_received.email-meta.xml",
        ])
        let body = try #require(files.first { $0.path == email + "Thread_Response_Templates/Thanks_for_the_review.email" })
        #expect(body.text == "Hi {!Contact.Name}, thank you for your {!Case.star_rating__c}-star review!")
        let package = try #require(files.first { $0.path == "salesforce-metadata/package.xml" }).text
        #expect(package.contains("<members>Thread_Response_Templates</members>\n        <members>Thread_Response_Templates/Thanks_for_the_review</members>"))
        let markdown = try #require(files.first { $0.path == "crosswalk.md" }).text
        #expect(markdown.contains("| Thanks for the review | rewrite by hand: no merge field for `{{nickname}}` |"))
    }
}

@Suite("Routing rules an assignment rule can express are written as one")
struct CaseAssignmentTests {
    @Test("a routing rule on a field the map carries to a Case picklist becomes an entry in destination values, in order; one the map cannot read is a Flow")
    func entries() throws {
        var manifest = Fixtures.manifest()
        manifest.teams?[2].routing = [RoutingRule(condition: "tag contains vip", priority: 3), RoutingRule(condition: "status = waiting", priority: nil)]
        let crosswalk = CrosswalkBuilder(estimate: try estimate(manifest), reading: Fixtures.manifestReader.read(path: Fixtures.path("manifest-v1.json")),
                                         rules: Fixtures.rules, users: nil).build()
        #expect(crosswalk.assignmentEntries.map(\.queue) == ["Service_Desk", "Escalations_Tier_2", "Reputation"])
        #expect(crosswalk.assignmentEntries.map(\.criterion.field) == ["Case.Origin", "Case.Priority", "Case.Status"])
        // urgent and high both become High, a value Case has; waiting becomes Working, which pending, in_progress and on_hold become too.
        #expect(crosswalk.assignmentEntries.map(\.criterion.values) == [["Email"], ["High"], ["Working"]])
        #expect(crosswalk.assignmentEntries[2].criterion.merged == ["in_progress", "on_hold", "pending"])
        #expect(crosswalk.teams[2].routing == [
            "tag contains vip → Reputation (order 3): rebuild as a record-triggered Flow (an assignment rule cannot test it)",
            "status is waiting → Reputation (in Salesforce Service Cloud: Case.Status is Working; the field map sends in_progress, on_hold, pending there too, so the rule catches them as well): written as a Case Assignment Rule entry (deployed inactive, to review)",
        ])
    }

    @Test("a routing value the field map gives no destination value is named, and the rule becomes a Flow")
    func unmappedValue() throws {
        var manifest = Fixtures.manifest()
        manifest.teams?[2].routing = [RoutingRule(condition: "channel = carrier-pigeon", priority: 3)]
        let crosswalk = CrosswalkBuilder(estimate: try estimate(manifest), reading: Fixtures.manifestReader.read(path: Fixtures.path("manifest-v1.json")),
                                         rules: Fixtures.rules, users: nil).build()
        #expect(!crosswalk.assignmentEntries.contains { $0.queue == "Reputation" })
        #expect(crosswalk.teams[2].routing == [
            "channel is carrier-pigeon → Reputation (order 3): the field map gives carrier-pigeon no value of Case.Origin; choose one there, or rebuild the rule as a record-triggered Flow",
        ])
    }

    @Test("the rule file is deployed inactive and named in package.xml")
    func file() throws {
        let files = try render(try estimate(Fixtures.manifest()), kind: .crosswalk, formats: [.json], users: nil)
        let rule = try #require(files.first { $0.path == "salesforce-metadata/force-app/main/default/assignmentRules/Case.assignmentRules-meta.xml" }).text
        #expect(rule.contains("<fullName>Thread_routing</fullName>\n        <active>false</active>"))
        #expect(rule.contains("<field>Case.Priority</field>\n                <operation>equals</operation>\n                <value>High</value>"))
        let package = try #require(files.first { $0.path == "salesforce-metadata/package.xml" }).text
        #expect(package.contains("<members>Case</members>\n        <name>AssignmentRules</name>"))
    }
}
