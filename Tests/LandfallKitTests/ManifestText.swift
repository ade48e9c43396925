import Foundation
import LandfallKit
import LandfallTestSupport
import Testing

/// A small valid manifest to inject problems into, and helpers to read the result.
enum ManifestText {
    static let base = """
    {
      "manifest_version": 1,
      "customer": { "name": "Acme Support", "id": "acme" },
      "source": { "platform": "thread", "exported_at": "2026-11-02T09:30:00Z", "export_method": "admin-panel" },
      "destination": { "platform": "intercom" },
      "counts": {
        "reviews": 10, "review_responses": 5, "tickets": 100, "conversations": 20, "messages": 80,
        "users": 2, "teams": 1, "tags": 0, "custom_properties": 1, "attachments": 0, "attachment_bytes": 0,
        "response_templates": 1, "automations": 1, "integrations": 0, "knowledge_base_articles": 0,
        "companies": 2, "contacts": 3
      },
      "users": [
        { "id": "u1", "name": "Ana", "email": "ana@acme.example", "role": "admin", "active": true },
        { "id": "u2", "name": "Ben", "email": "ben@acme.example", "role": "agent", "active": false }
      ],
      "teams": [ { "id": "t1", "name": "Desk", "members": ["u1", "u2"] } ],
      "custom_properties": [ { "key": "tier", "type": "picklist", "options": ["A", "B"] } ],
      "response_templates": [ { "id": "r1", "name": "Hello", "shortcut": "/hi", "body": "Hi {{customer_name}}" } ],
      "automations": [ { "id": "a1", "name": "Route", "kind": "routing_rule", "actions": ["assign team Desk"] } ]
    }
    """

    /// The base manifest with `original` replaced by `replacement` (which may hold markers).
    static func with(_ original: String, _ replacement: String) -> String {
        precondition(base.contains(original), "the base manifest has no \(original)")
        return base.replacingOccurrences(of: original, with: replacement)
    }

    /// Reads marked manifest text written to a file named `name`; returns the findings and the
    /// marker positions.
    static func read(_ marked: String, name: String = "manifest.json") -> (reading: ManifestReading, marks: MarkedText, file: String) {
        let folder = TemporaryFolder()
        let marks = MarkedText(marked)
        let file = folder.write(name, marks.text)
        return (Fixtures.manifestReader.read(path: file), marks, file)
    }

    /// Asserts that the marked text yields exactly one finding, at the marker, with `severity`,
    /// `path` and a message containing `message`.
    static func expectOne(_ marked: String, _ severity: Severity, path: String, message: String, name: String = "manifest.json",
                          sourceLocation: Testing.SourceLocation = #_sourceLocation)
    {
        let (reading, marks, file) = read(marked, name: name)
        #expect(reading.diagnostics.count == 1, "\(reading.diagnostics)", sourceLocation: sourceLocation)
        guard let diagnostic = reading.diagnostics.first else { return }
        #expect(diagnostic.severity == severity, sourceLocation: sourceLocation)
        #expect(diagnostic.path == path, sourceLocation: sourceLocation)
        #expect(diagnostic.message.contains(message), "\(diagnostic.message)", sourceLocation: sourceLocation)
        #expect(diagnostic.location == LandfallKit.SourceLocation(file: file, line: marks.position.line, column: marks.position.column),
                sourceLocation: sourceLocation)
        #expect(reading.status == (severity == .error ? .dataError : .ok), sourceLocation: sourceLocation)
    }
}

@Suite("The base test manifest")
struct ManifestTextTests {
    @Test("is valid with no findings")
    func baseIsValid() {
        let (reading, _, _) = ManifestText.read(ManifestText.base)
        #expect(reading.diagnostics == [])
        #expect(reading.manifest?.customer.name == "Acme Support")
    }
}
