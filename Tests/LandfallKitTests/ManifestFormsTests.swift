import Foundation
import LandfallKit
import LandfallTestSupport
import Testing

@Suite("One manifest in three forms")
struct ManifestFormsTests {
    @Test("JSON, YAML and XML read to equal values")
    func threeFormsAreEqual() throws {
        let readings = ["json", "yaml", "xml"].map { Fixtures.manifestReader.read(path: Fixtures.path("manifest-v1.\($0)")) }
        for reading in readings {
            #expect(reading.diagnostics == [])
            #expect(reading.status == .ok)
        }
        let manifests = try readings.map { try #require($0.manifest) }
        #expect(manifests[0] == manifests[1])
        #expect(manifests[0] == manifests[2])
    }

    @Test("the values are read exactly")
    func exactValues() throws {
        let manifest = try #require(Fixtures.manifestReader.read(path: Fixtures.path("manifest-v1.xml")).manifest)
        #expect(manifest.customer.name == "Northwind IT Services")
        #expect(manifest.customer.id == "northwind")
        #expect(manifest.source.platform == "thread")
        #expect(Timestamp.format(manifest.source.exportedAt) == "2026-11-02T09:30:00Z")
        #expect(manifest.source.exportMethod == .adminPanel)
        #expect(manifest.source.psaIntegration == .connectwise)
        #expect(manifest.destination.edition == .enterprise)
        #expect(manifest.destination.licenses == 12)
        #expect(manifest.destination.serviceCloudLicensed == false)
        #expect(manifest.counts[.tickets] == 38214)
        #expect(manifest.counts[.attachmentBytes] == 9_663_676_416)
        #expect(manifest.counts.totalRecords == 1840 + 1512 + 38214 + 4120 + 51877 + 6 + 3 + 5 + 4 + 7310 + 3 + 4 + 3 + 140 + 1860)
        #expect(manifest.users?.count == 6)
        #expect(manifest.users?[2].email == "Chen.Wei@Northwind.example")
        #expect(manifest.users?[3].active == false)
        #expect(manifest.teams?[1].name == "Escalations (Tier 2)")
        #expect(manifest.teams?[2].routing == [])
        #expect(manifest.tags?[4].name == "printer|scanner")
        #expect(manifest.customProperties?[0].options == ["Bronze", "Silver", "Gold"])
        #expect(manifest.automations?[3].conditions == [])
        #expect(manifest.automations?[3].active == false)
        #expect(manifest.customerSlug == "northwind")
    }

    @Test("the format comes from the extension, else from the content", arguments: [
        ("m.json", "{}", DocumentFormat.json), ("m.yml", "a: 1", .yaml), ("m.XML", "<a/>", .xml),
        ("manifest", "  {\"a\": 1}", .json), ("manifest", "\n<manifest/>", .xml), ("manifest.txt", "a: 1", .yaml),
    ])
    func formatDetection(name: String, content: String, expected: DocumentFormat) throws {
        let folder = TemporaryFolder()
        let input = try InputFile(path: folder.write(name, content))
        #expect(DocumentReader.format(of: input) == expected)
    }

    @Test("a manifest without an extension is read by its content")
    func sniffedManifest() throws {
        let folder = TemporaryFolder()
        let xml = try String(contentsOfFile: Fixtures.path("manifest-v1.xml"), encoding: .utf8)
        let reading = Fixtures.manifestReader.read(path: folder.write("export-manifest", xml))
        #expect(reading.status == .ok)
        #expect(reading.manifest?.counts[.messages] == 51877)
    }

    @Test("the bundled samples are valid", arguments: ["northwind-salesforce.json", "harbor-intercom.yaml"])
    func bundledSamples(name: String) {
        let reading = Fixtures.manifestReader.read(path: Fixtures.sample(name))
        #expect(reading.diagnostics == [])
        #expect(reading.manifest != nil)
    }

    @Test("Intercom defaults: no rate of its own (the documented limit applies), conversation-first")
    func intercomDefaults() throws {
        let folder = TemporaryFolder()
        let manifest = try #require(Fixtures.manifestReader.read(path: folder.write("m.json", ManifestText.base)).manifest)
        #expect(manifest.destination.rateLimitPerMinute == nil)
        #expect(try estimate(manifest).loadPlan.ratePerMinute == 10_000)
        #expect(manifest.destination.conversationModel == .conversationFirst)
    }
}
