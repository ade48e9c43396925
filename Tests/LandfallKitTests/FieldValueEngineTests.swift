import Foundation
@testable import LandfallKit
import LandfallTestSupport
import Testing

@Suite("What a field map entry writes for a record: the load's exact value, or why it cannot")
struct FieldValueEngineTests {
    private let salesforce = FieldValueEngine(family: .salesforce)

    private func outcome(_ field: FieldMap.Field, _ row: [String: String]) -> FieldValueEngine.Outcome {
        salesforce.outcome(of: field, in: { row[$0] ?? "" })
    }

    @Test("a value the map says to cut is cut at the field's length and the change is said; one it does not say to cut is held")
    func lengths() {
        let cut = FieldMap.Field(object: "ticket", source: "subject", destination: "Case.Subject", transform: .truncate, maxLength: 5)
        #expect(outcome(cut, ["subject": "printer offline"]) == .value("print", changed: .cut(from: 15, to: 5)))
        #expect(outcome(cut, ["subject": "café"]) == .value("café", changed: nil))
        var copied = cut
        copied.transform = .copy
        #expect(outcome(copied, ["subject": "printer offline"]) == .problem(.tooLong(characters: 15, limit: 5)))
        let bytes = FieldMap.Field(object: "message", source: "body", destination: "ticket.body", transform: .truncate, maxBytes: 4)
        #expect(outcome(bytes, ["body": "ééé"]) == .value("éé", changed: .cut(from: 3, to: 2)))
    }

    @Test("a type conversion writes a checkbox's words as true or false for a checkbox only: a 1-star rating stays 1")
    func conversions() throws {
        let map = FieldMap(source: "thread", destination: "salesforce-service-cloud", objects: [],
                           customFields: [FieldMap.CustomField(field: "Case.star_rating__c", label: "Stars", type: "number", holds: "stars")],
                           fields: [FieldMap.Field(object: "ticket", source: "custom.escalated", destination: "Case.IsEscalated", transform: .typeConversion),
                                    FieldMap.Field(object: "review", source: "rating", destination: "Case.star_rating__c", transform: .typeConversion)],
                           notCarried: [])
        let engine = FieldValueEngine(map: map, platform: try #require(Fixtures.catalog.platform("salesforce-service-cloud")))
        #expect(engine.checkboxes == ["Case.IsEscalated"])
        #expect(engine.outcome(of: map.fields[0], in: { _ in "1" }) == .value("true", changed: nil))
        #expect(engine.outcome(of: map.fields[0], in: { _ in "No" }) == .value("false", changed: nil))
        #expect(engine.outcome(of: map.fields[1], in: { _ in "1" }) == .value("1", changed: nil))
        #expect(engine.outcome(of: map.fields[1], in: { _ in "0" }) == .value("0", changed: nil))
    }

    @Test("a value map sends each value to its destination value; a value it does not list, or one outside the picklist, is a problem; a list is mapped item by item")
    func valueMaps() {
        let status = FieldMap.Field(object: "ticket", source: "status", destination: "Case.Status", transform: .valueMap, picklist: ["New", "Working", "Closed"],
                                    values: [FieldMap.ValueMapping(from: "open", to: "New"), FieldMap.ValueMapping(from: "pending", to: "Waiting"),
                                             FieldMap.ValueMapping(from: "solved", to: "Closed"), FieldMap.ValueMapping(from: "spam", to: nil)])
        #expect(outcome(status, ["status": "open"]) == .value("New", changed: nil))
        #expect(outcome(status, ["status": "Open"]) == .problem(.unmapped("Open")))
        #expect(outcome(status, ["status": "spam"]) == .problem(.unmapped("spam")))
        #expect(outcome(status, ["status": "pending"]) == .problem(.notInPicklist("Waiting")))
        let tags = FieldMap.Field(object: "ticket", source: "tags", destination: "Case.case_tags__c", transform: .valueMap, isList: true,
                                  values: [FieldMap.ValueMapping(from: "vpn", to: "VPN"), FieldMap.ValueMapping(from: "urgent", to: "Urgent")])
        #expect(outcome(tags, ["tags": "vpn;urgent"]) == .value("VPN;Urgent", changed: nil))
    }

    @Test("timestamps in the form a Bulk API 2.0 job takes, in UTC with milliseconds; a lookup, a file and a required empty value say what they are")
    func formsAndReferences() {
        let created = FieldMap.Field(object: "ticket", source: "created_at", destination: "Case.CreatedDate", transform: .timeZoneToUTC)
        #expect(outcome(created, ["created_at": "2024-03-19T17:25:40.250+02:00"]) == .value("2024-03-19T15:25:40.250Z", changed: nil))
        #expect(outcome(created, ["created_at": "yesterday"]) == .problem(.notATimestamp("yesterday")))
        #expect(FieldValueEngine(family: .intercom).outcome(of: created, in: { _ in "2024-03-19T15:25:40Z" }) == .value("2024-03-19T15:25:40Z", changed: nil))
        let owner = FieldMap.Field(object: "ticket", source: "assignee_user_id", destination: "Case.OwnerId", transform: .lookup, references: "user")
        #expect(outcome(owner, ["assignee_user_id": "u1"]) == .reference(object: "user", sourceID: "u1"))
        let file = FieldMap.Field(object: "attachment", source: "url", destination: "ContentVersion.VersionData", transform: .download)
        #expect(outcome(file, ["url": "https://cdn.example/a.pdf"]) == .file("https://cdn.example/a.pdf"))
        let subject = FieldMap.Field(object: "ticket", source: "subject", destination: "Case.Subject", transform: .copy, required: true)
        #expect(outcome(subject, [:]) == .problem(.missing))
        let optional = FieldMap.Field(object: "ticket", source: "psa_reference", destination: "Case.psa_reference__c", transform: .copy)
        #expect(outcome(optional, [:]) == .nothing)
    }
}
