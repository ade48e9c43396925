import Foundation
import LandfallKit
import LandfallTestSupport
import Testing

@Suite("Validation rules, each at its place")
struct ValidationRuleTests {
    @Test("manifest_version missing")
    func versionMissing() {
        ManifestText.expectOne(ManifestText.with("{\n  \"manifest_version\": 1,", "‸{"), .error, path: "manifest_version",
                               message: "the required key \"manifest_version\" is missing; this Landfall reads manifest_version 1")
    }

    @Test("manifest_version unsupported")
    func versionUnsupported() {
        ManifestText.expectOne(ManifestText.with("\"manifest_version\": 1", "\"manifest_version\": ‸2"), .error, path: "manifest_version",
                               message: "manifest_version 2 is not supported; this Landfall reads manifest_version 1")
    }

    @Test("a required key missing")
    func requiredKeyMissing() {
        ManifestText.expectOne(ManifestText.with("\"customer\": { \"name\": \"Acme Support\", \"id\": \"acme\" }", "\"customer\": ‸{ \"id\": \"acme\" }"),
                               .error, path: "customer.name", message: "the required key \"name\" is missing")
    }

    @Test("a wrong type")
    func wrongType() {
        ManifestText.expectOne(ManifestText.with("\"tickets\": 100", "\"tickets\": ‸\"100\""), .error, path: "counts.tickets",
                               message: "expected a whole number, found the string \"100\"")
        ManifestText.expectOne(ManifestText.with("\"active\": false", "\"active\": ‸\"no\""), .error, path: "users[1].active",
                               message: "expected true or false, found the string \"no\"")
        ManifestText.expectOne(ManifestText.with("\"members\": [\"u1\", \"u2\"]", "\"members\": ‸\"u1\""), .error, path: "teams[0].members",
                               message: "expected a list, found a string")
    }

    @Test("an unknown source platform, with the nearest known name")
    func unknownSource() {
        ManifestText.expectOne(ManifestText.with("\"platform\": \"thread\"", "\"platform\": ‸\"thraed\""), .error, path: "source.platform",
                               message: "unknown source platform \"thraed\"; known: thread; did you mean \"thread\"?")
    }

    @Test("an unknown destination platform, with the nearest known name")
    func unknownDestination() {
        ManifestText.expectOne(ManifestText.with("\"platform\": \"intercom\"", "\"platform\": ‸\"salesforce\""), .error, path: "destination.platform",
                               message: "did you mean \"salesforce-service-cloud\"?")
        ManifestText.expectOne(ManifestText.with("\"platform\": \"intercom\"", "\"platform\": ‸\"intercomm\""), .error, path: "destination.platform",
                               message: "did you mean \"intercom\"?")
    }

    @Test("a negative count")
    func negativeCount() {
        ManifestText.expectOne(ManifestText.with("\"reviews\": 10", "\"reviews\": ‸-3"), .error, path: "counts.reviews",
                               message: "must not be negative, found -3")
    }

    @Test("a fractional count")
    func fractionalCount() {
        ManifestText.expectOne(ManifestText.with("\"tickets\": 100", "\"tickets\": ‸100.5"), .error, path: "counts.tickets",
                               message: "must be a whole number, found 100.5")
    }

    @Test("a whole number written with a fraction or exponent is accepted")
    func wholeWithExponent() throws {
        let (reading, _, _) = ManifestText.read(ManifestText.with("\"tickets\": 100", "\"tickets\": 1e2"))
        #expect(reading.diagnostics == [])
        #expect(reading.manifest?.counts[.tickets] == 100)
    }

    @Test("an absurd count (over 10^12)")
    func absurdCount() {
        ManifestText.expectOne(ManifestText.with("\"tickets\": 100", "\"tickets\": ‸1000000000001"), .error, path: "counts.tickets",
                               message: "1,000,000,000,001 is not believable: the most accepted is 1,000,000,000,000")
        ManifestText.expectOne(ManifestText.with("\"tickets\": 100", "\"tickets\": ‸99999999999999999999999"), .error, path: "counts.tickets",
                               message: "is far too large")
    }

    @Test("exported_at not ISO 8601")
    func badTimestamp() {
        ManifestText.expectOne(ManifestText.with("\"2026-11-02T09:30:00Z\"", "‸\"02/11/2026 09:30\""), .error, path: "source.exported_at",
                               message: "\"02/11/2026 09:30\" is not an ISO 8601 date and time")
        ManifestText.expectOne(ManifestText.with("\"2026-11-02T09:30:00Z\"", "‸\"2026-02-30T09:30:00Z\""), .error, path: "source.exported_at",
                               message: "is not an ISO 8601 date and time")
    }

    @Test("exported_at without a zone is read as UTC, with a warning")
    func timestampWithoutZone() {
        ManifestText.expectOne(ManifestText.with("\"2026-11-02T09:30:00Z\"", "‸\"2026-11-02T09:30:00\""), .warning, path: "source.exported_at",
                               message: "has no time zone; read as UTC")
    }

    @Test("an e-mail that is not one", arguments: ["ana.acme.example", "ana@acme", "ana@@acme.example", "ana smith@acme.example", "@acme.example"])
    func badEmail(email: String) {
        ManifestText.expectOne(ManifestText.with("\"ana@acme.example\"", "‸\"\(email)\""), .error, path: "users[0].email",
                               message: "\"\(email)\" is not an e-mail address")
    }

    @Test("duplicate ids in users, teams, automations and response templates")
    func duplicateIDs() {
        ManifestText.expectOne(ManifestText.with("{ \"id\": \"u2\", \"name\": \"Ben\"", "{ \"id\": ‸\"u1\", \"name\": \"Ben\"")
            .replacingOccurrences(of: "[\"u1\", \"u2\"]", with: "[\"u1\"]"),
                               .error, path: "users[1].id", message: "duplicate user id \"u1\": already used by users[0] (line 13)")
        ManifestText.expectOne(ManifestText.with("\"teams\": [ { \"id\": \"t1\", \"name\": \"Desk\", \"members\": [\"u1\", \"u2\"] } ]",
                                                 "\"teams\": [ { \"id\": \"t1\", \"name\": \"Desk\" },\n { \"id\": ‸\"t1\", \"name\": \"Other\" } ]")
            .replacingOccurrences(of: "\"teams\": 1", with: "\"teams\": 2"),
                               .error, path: "teams[1].id", message: "duplicate team id \"t1\": already used by teams[0]")
        ManifestText.expectOne(ManifestText.with("\"actions\": [\"assign team Desk\"] }",
                                                 "\"actions\": [] },\n { \"id\": ‸\"a1\", \"name\": \"Again\", \"kind\": \"sla\" }")
            .replacingOccurrences(of: "\"automations\": 1", with: "\"automations\": 2"),
                               .error, path: "automations[1].id", message: "duplicate automation id \"a1\": already used by automations[0]")
        ManifestText.expectOne(ManifestText.with("\"body\": \"Hi {{customer_name}}\" }",
                                                 "\"body\": \"Hi\" },\n { \"id\": ‸\"r1\", \"name\": \"Bye\", \"body\": \"Bye\" }")
            .replacingOccurrences(of: "\"response_templates\": 1", with: "\"response_templates\": 2"),
                               .error, path: "response_templates[1].id", message: "duplicate response template id \"r1\"")
    }

    @Test("a team member that is not a user")
    func unknownMember() {
        ManifestText.expectOne(ManifestText.with("[\"u1\", \"u2\"]", "[\"u1\", ‸\"u3\"]"), .error, path: "teams[0].members[1]",
                               message: "the team member \"u3\" is not the id of any user")
    }

    @Test("an automation that refers to an unknown team, template or user")
    func unknownAutomationReference() {
        ManifestText.expectOne(ManifestText.with("[\"assign team Desk\"]", "[‸\"assign team Dsek\"]"), .error, path: "automations[0].actions[0]",
                               message: "the action refers to the team \"Dsek\", which is not in teams; did you mean \"Desk\"?")
        ManifestText.expectOne(ManifestText.with("[\"assign team Desk\"]", "[\"assign team desk\", ‸\"send template /bye\"]"), .error,
                               path: "automations[0].actions[1]", message: "the action refers to the response template \"/bye\", which is not in response_templates")
        ManifestText.expectOne(ManifestText.with("[\"assign team Desk\"]", "[‸\"notify user cy@acme.example\"]"), .error,
                               path: "automations[0].actions[0]", message: "the action refers to the user \"cy@acme.example\", which is not in users")
    }

    @Test("references resolve by id, name, shortcut or e-mail, ignoring case")
    func resolvedReferences() {
        let text = ManifestText.with("[\"assign team Desk\"]",
                                     "[\"assign team t1\", \"route to team DESK\", \"send template /hi\", \"reply with template Hello\", \"notify user ana@acme.example\", \"set status closed\"]")
        #expect(ManifestText.read(text).reading.diagnostics == [])
    }

    @Test("an unknown custom-property type")
    func unknownPropertyType() {
        ManifestText.expectOne(ManifestText.with("\"type\": \"picklist\", \"options\": [\"A\", \"B\"]", "\"type\": ‸\"pick_list\""), .error,
                               path: "custom_properties[0].type", message: "unknown custom property type \"pick_list\"; expected one of text, long_text")
    }

    @Test("an unknown automation kind")
    func unknownAutomationKind() {
        ManifestText.expectOne(ManifestText.with("\"kind\": \"routing_rule\"", "\"kind\": ‸\"routing-rule\""), .error, path: "automations[0].kind",
                               message: "unknown automation kind \"routing-rule\"; expected one of workflow, routing_rule, sla, review_response, auto_close, notification; did you mean \"routing_rule\"?")
    }

    @Test("a detail list whose length differs from its count is a warning")
    func listLengthDiffers() {
        ManifestText.expectOne(ManifestText.with("\"users\": [", "\"users\": ‸[").replacingOccurrences(of: "\"users\": 2", with: "\"users\": 3"),
                               .warning, path: "users", message: "users lists 2 entries but counts.users is 3")
    }

    @Test("an unknown key is a warning with the nearest known key")
    func unknownKey() {
        ManifestText.expectOne(ManifestText.with("\"id\": \"acme\" }", "\"id\": \"acme\", ‸\"nmae\": \"x\" }").replacingOccurrences(of: "\"name\": \"Acme Support\", ", with: "\"name\": \"Acme Support\", "),
                               .warning, path: "customer.nmae", message: "unknown key \"nmae\" is ignored; did you mean \"name\"?")
        ManifestText.expectOne(ManifestText.with("\"manifest_version\": 1,", "\"manifest_version\": 1,\n  ‸\"integration\": [],"), .warning,
                               path: "integration", message: "did you mean \"integrations\"?")
    }

    @Test("a key given twice")
    func duplicateKey() {
        ManifestText.expectOne(ManifestText.with("\"id\": \"acme\" }", "\"id\": \"acme\", ‸\"id\": \"acme2\" }"), .error, path: "customer.id",
                               message: "the key \"id\" appears twice (first at line 3")
    }

    @Test("keys of the other destination are ignored with a warning")
    func otherDestinationKey() {
        ManifestText.expectOne(ManifestText.with("{ \"platform\": \"intercom\" }", "{ \"platform\": \"intercom\", ‸\"edition\": \"enterprise\" }"),
                               .warning, path: "destination.edition", message: "\"edition\" applies to Salesforce destinations only and is ignored")
    }

    @Test("Salesforce needs an edition and licences")
    func salesforceKeys() {
        let (reading, marks, _) = ManifestText.read(ManifestText.with("\"destination\": { \"platform\": \"intercom\" }",
                                                                      "\"destination\": ‸{ \"platform\": \"salesforce-service-cloud\", \"edition\": ‸\"enterprize\" }"))
        #expect(reading.diagnostics.map(\.path) == ["destination.licenses", "destination.edition"])
        #expect(reading.diagnostics.map { TextPosition(line: $0.location.line, column: $0.location.column) } == marks.positions)
        #expect(reading.diagnostics[1].message.hasSuffix("did you mean \"enterprise\"?"))
    }

    @Test("every problem is reported in one pass, sorted by location")
    func onePassSorted() {
        let text = ManifestText.with("\"tickets\": 100", "\"tickets\": ‸-1")
            .replacingOccurrences(of: "\"role\": \"agent\"", with: "\"role\": ‸\"boss\"")
            .replacingOccurrences(of: "\"export_method\": \"admin-panel\"", with: "\"export_method\": ‸\"panel\"")
        let (reading, marks, _) = ManifestText.read(text)
        #expect(reading.diagnostics.map(\.path) == ["source.export_method", "counts.tickets", "users[1].role"])
        #expect(reading.diagnostics.map { TextPosition(line: $0.location.line, column: $0.location.column) } == marks.positions)
        #expect(reading.status == .dataError)
        #expect(reading.manifest == nil)
    }

    @Test("figures that contradict each other are warnings")
    func contradictions() {
        ManifestText.expectOne(ManifestText.with("\"review_responses\": 5", "\"review_responses\": ‸50"), .warning,
                               path: "counts.review_responses", message: "50 review responses but only 10 reviews")
        ManifestText.expectOne(ManifestText.with("\"attachment_bytes\": 0", "\"attachment_bytes\": ‸2048"), .warning,
                               path: "counts.attachment_bytes", message: "attachment bytes are given but there are no attachments")
    }
}

@Suite("Validation in YAML and XML points at the same places")
struct ValidationPositionTests {
    @Test("YAML positions")
    func yamlPositions() {
        let yaml = """
        manifest_version: 1
        customer: { name: Acme }
        source: { platform: thread, exported_at: "2026-11-02T09:30:00Z", export_method: admin-panel }
        destination: { platform: intercom }
        counts:
          reviews: 1
          review_responses: 1
          tickets: ‸-4
          conversations: 1
          messages: 1
          users: 1
          teams: 0
          tags: 0
          custom_properties: 0
          attachments: 0
          attachment_bytes: 0
          response_templates: 0
          automations: 0
          integrations: 0
          knowledge_base_articles: 0
          companies: 0
          contacts: 0
        users:
          - id: u1
            name: Zoë
            email: ‸zoë-at-example
            role: agent
        """
        let (reading, marks, _) = ManifestText.read(yaml, name: "m.yaml")
        #expect(reading.diagnostics.map(\.path) == ["counts.tickets", "users[0].email"])
        #expect(reading.diagnostics.map { TextPosition(line: $0.location.line, column: $0.location.column) } == marks.positions)
    }

    @Test("XML positions")
    func xmlPositions() {
        let xml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <manifest>
          <manifest_version>1</manifest_version>
          <customer><name>Acme</name></customer>
          <source><platform>thread</platform><exported_at>2026-11-02T09:30:00Z</exported_at><export_method>admin-panel</export_method></source>
          <destination><platform>intercom</platform><rate_limit_per_minute>500</rate_limit_per_minute></destination>
          <counts>
            <reviews>1</reviews><review_responses>1</review_responses>‸<tickets>12.5</tickets>
            <conversations>1</conversations><messages>1</messages><users>0</users><teams>1</teams><tags>0</tags>
            <custom_properties>0</custom_properties><attachments>0</attachments><attachment_bytes>0</attachment_bytes>
            <response_templates>0</response_templates><automations>0</automations><integrations>0</integrations>
            <knowledge_base_articles>0</knowledge_base_articles><companies>0</companies><contacts>0</contacts>
          </counts>
          <teams>
            <item><id>t1</id><name>Desk</name><members/>‸<mebers/></item>
          </teams>
        </manifest>
        """
        let (reading, marks, _) = ManifestText.read(xml, name: "m.xml")
        #expect(reading.diagnostics.map(\.path) == ["counts.tickets", "teams[0].mebers"])
        #expect(reading.diagnostics.map(\.severity) == [.error, .warning])
        #expect(reading.diagnostics.map { TextPosition(line: $0.location.line, column: $0.location.column) } == marks.positions)
    }

    @Test("the printed form is FILE:LINE:COL: severity: message [path]")
    func printedForm() {
        let (reading, _, file) = ManifestText.read(ManifestText.with("\"reviews\": 10", "\"reviews\": -1"))
        #expect(reading.diagnostics.map(\.description) == ["\(file):7:16: error: must not be negative, found -1 [counts.reviews]"])
    }
}
