import Foundation
import LandfallKit
import LandfallTestSupport
import Testing

@Suite("XML that once was slow, lost text or failed as an internal error")
struct HostileXMLTests {
    private let probe = ReaderProbe.xml

    private func failure(_ text: String) -> String? { probe.failure(text) }

    @Test("columns on one long line are counted exactly, element after element")
    func columnsOnOneLine() {
        let items = (0..<3).map { "<item><name>n\($0)</name></item>" }.joined()
        let members = probe.members("<manifest><users>\(items)</users></manifest>")
        guard case .array(let users)? = members.first?.value.value else {
            Issue.record("not read as a list")
            return
        }
        #expect(users.map(\.position.column) == [18, 46, 74])
        #expect(users.map(\.position.line) == [1, 1, 1])
    }

    @Test("a reference to an entity defined only in an external DTD is refused where it stands")
    func undefinedEntity() {
        let text = "<?xml version=\"1.0\"?>\n<!DOCTYPE manifest SYSTEM \"x.dtd\">\n<manifest><customer><name>Acme &foo; Ltd</name></customer></manifest>\n"
        #expect(failure(text) == "3:32: the entity &foo; is defined nowhere in this file (an external DTD is never read); write its text instead")
    }

    @Test("predefined entities and character references still read as text")
    func predefinedEntities() {
        #expect(probe.members("<manifest><name>A &amp; B &#233;</name></manifest>").first?.value.value == .text("A & B é"))
    }

    @Test("a text value over libxml2's 10 MB default is read, not an internal error")
    func hugeText() {
        let long = String(repeating: "a", count: 10_500_000)
        #expect(probe.members("<manifest><name>\(long)</name></manifest>").first?.value.value == .text(long))
    }

    @Test("a start tag with more than 64 attributes is refused at the tag before libxml2 compares them pairwise; 64 are read, and attributes in comments, CDATA and quoted values do not count")
    func manyAttributes() {
        let attributes = { (count: Int) in (0..<count).map { "a\($0)=\"v\"" }.joined(separator: " ") }
        #expect(failure("<?xml version=\"1.0\"?>\n<manifest>\n  <users \(attributes(65))/></manifest>") == "3:3: the element <users> carries more than 64 attributes; Landfall reads elements, not attributes, and refuses a tag this wide unread")
        #expect(failure("<manifest \(attributes(64))><name>x</name></manifest>") == nil)
        let hidden = "<!-- \(attributes(100)) --><manifest note=\"\(String(repeating: "=", count: 100))\"><name><![CDATA[\(attributes(100))]]></name></manifest>"
        #expect(failure(hidden) == nil)
    }

    @Test("elements nested past 256 levels are refused at the element, as in JSON and YAML")
    func deepElements() {
        let text = String(repeating: "<a>", count: 300) + String(repeating: "</a>", count: 300)
        #expect(failure(text) == "1:772: nesting deeper than 256 levels is not accepted")
    }
}
