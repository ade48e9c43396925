import Foundation
import LandfallKit
import LandfallTestSupport
import Testing

@Suite("Files that cannot be read as a manifest")
struct BadFileTests {
    /// The one finding for the file, printed.
    private func finding(_ path: String) -> (line: String, status: LandfallKit.ExitStatus) {
        let reading = Fixtures.manifestReader.read(path: path)
        #expect(reading.diagnostics.count == 1)
        #expect(reading.manifest == nil)
        return (reading.diagnostics.map(\.description).joined(separator: "\n"), reading.status)
    }

    @Test("a missing file: 66")
    func missing() {
        let folder = TemporaryFolder()
        let result = finding(folder.path + "/absent.json")
        #expect(result.line == "\(folder.path)/absent.json: error: does not exist")
        #expect(result.status == .noInput)
    }

    @Test("a folder given as a file: 66")
    func folderAsFile() {
        let folder = TemporaryFolder()
        let result = finding(folder.path)
        #expect(result.line == "\(folder.path): error: is a folder, not a file")
        #expect(result.status == .noInput)
    }

    @Test("an unreadable file: 66", .enabled(if: getuid() != 0, "root reads every file"))
    func unreadable() {
        let folder = TemporaryFolder()
        let path = folder.write("locked.json", ManifestText.base)
        chmod(path, 0)
        #expect(finding(path).status == .noInput)
    }

    @Test("an empty file and a blank file: 65", arguments: ["", " \n\t\n"])
    func empty(content: String) {
        let folder = TemporaryFolder()
        let path = folder.write("empty.yaml", content)
        let result = finding(path)
        #expect(result.line == "\(path): error: is empty")
        #expect(result.status == .dataError)
    }

    @Test("invalid UTF-8: 65, at the first bad byte")
    func invalidUTF8() {
        let folder = TemporaryFolder()
        var bytes = Array("{\n  \"customer\": \"Caf".utf8)
        bytes += [0xE9, 0x22, 0x7D]
        let path = folder.write("latin1.json", Data(bytes))
        let result = finding(path)
        #expect(result.line == "\(path):2:19: error: is not valid UTF-8 (byte 0xE9)")
        #expect(result.status == .dataError)
    }

    @Test("a file over 64 MiB: 65")
    func tooLarge() throws {
        let folder = TemporaryFolder()
        let path = folder.path + "/huge.json"
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.truncate(atOffset: UInt64(InputFile.maximumSize + 1))
        try handle.close()
        let result = finding(path)
        #expect(result.line == "\(path): error: is larger than 64 MiB, the most Landfall reads")
        #expect(result.status == .dataError)
    }

    @Test("a byte-order mark is accepted")
    func byteOrderMark() {
        let folder = TemporaryFolder()
        let path = folder.write("bom.json", Data([0xEF, 0xBB, 0xBF] + Array(ManifestText.base.utf8)))
        #expect(Fixtures.manifestReader.read(path: path).diagnostics == [])
    }

    @Test("truncated JSON: 65, with the place", arguments: [
        ("{\n  \"counts\": { \"reviews\": 1", "2:27", "unexpected end of file: an object opened at line 2, column 13 is not closed (the file looks truncated)"),
        ("{\"a\": [1, 2", "1:12", "unexpected end of file: a list opened at line 1, column 7 is not closed (the file looks truncated)"),
        ("{\"name\": \"Acme", "1:10", "unexpected end of file: the string that starts here is not closed"),
        ("{\"a\": tru", "1:10", "unexpected end of file inside \"true\""),
        ("{\"a\": 1,}", "1:9", "a trailing comma before } is not allowed in JSON"),
        ("{\"a\" 1}", "1:6", "unexpected character '1': a colon was expected after the key \"a\""),
        ("{\"a\": 01}", "1:8", "a number may not start with a leading zero"),
        ("{\"a\": 1} x", "1:10", "unexpected character 'x' after the end of the document"),
    ])
    func truncatedJSON(text: String, place: String, message: String) {
        let folder = TemporaryFolder()
        let path = folder.write("t.json", text)
        let result = finding(path)
        #expect(result.line == "\(path):\(place): error: \(message)")
        #expect(result.status == .dataError)
    }

    @Test("truncated YAML: 65, with the place")
    func truncatedYAML() {
        let folder = TemporaryFolder()
        let path = folder.write("t.yaml", "manifest_version: 1\ncustomer:\n  name: \"Acme\ncounts: [1, 2\n")
        let result = finding(path)
        #expect(result.line.hasPrefix("\(path):5:1: error: invalid YAML: found unexpected end of stream"))
        #expect(result.status == .dataError)
    }

    @Test("truncated XML: 65, with the place")
    func truncatedXML() {
        let folder = TemporaryFolder()
        let path = folder.write("t.xml", "<manifest>\n  <customer>\n    <name>Acme</na")
        let result = finding(path)
        #expect(result.line.hasPrefix("\(path):3:"))
        #expect(result.line.contains("error: invalid XML: "))
        #expect(result.line.hasSuffix("(the file may be truncated)"))
        #expect(result.status == .dataError)
    }

    @Test("a YAML document that is not a mapping")
    func yamlScalarDocument() {
        let folder = TemporaryFolder()
        let path = folder.write("t.yaml", "just words\n")
        #expect(finding(path).line == "\(path):1:1: error: expected an object (keys and values), found a string")
    }

    @Test("JSON nested deeper than 256 levels is refused, not a crash")
    func deepJSON() {
        let folder = TemporaryFolder()
        let path = folder.write("deep.json", String(repeating: "[", count: 100_000))
        #expect(finding(path).line == "\(path):1:257: error: nesting deeper than 256 levels is not accepted")
    }

    @Test("YAML nested deeper than 256 levels is refused, not a crash")
    func deepYAML() {
        let folder = TemporaryFolder()
        let path = folder.write("deep.yaml", "a: " + String(repeating: "[", count: 100_000))
        #expect(finding(path).line == "\(path):1:260: error: nesting deeper than 256 levels is not accepted")
    }

    @Test("XML nested deeper than libxml2's limit is refused, not a crash")
    func deepXML() {
        let folder = TemporaryFolder()
        let path = folder.write("deep.xml", String(repeating: "<a>", count: 100_000))
        let result = finding(path)
        #expect(result.line.contains("error: invalid XML: "))
        #expect(result.status == .dataError)
    }

    @Test("a YAML alias bomb is refused")
    func yamlAliasBomb() {
        var yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            let previous = "*a\(level - 1)"
            yaml += "a\(level): &a\(level) [\(Array(repeating: previous, count: 10).joined(separator: ", "))]\n"
        }
        let folder = TemporaryFolder()
        let path = folder.write("bomb.yaml", yaml)
        let result = finding(path)
        #expect(result.line.contains("error: aliases expand to more than 100000 values; such a document is refused"))
        #expect(result.status == .dataError)
    }
}

@Suite("XML is read without entities, DTDs or the network")
struct XMLSafetyTests {
    @Test("an external entity pointing at a local file is refused, and the file is never read")
    func externalFileEntity() {
        let folder = TemporaryFolder()
        let secret = folder.write("secret.txt", "TOP-SECRET-VALUE")
        let path = folder.write("xxe.xml", """
        <?xml version="1.0"?>
        <!DOCTYPE manifest [
          <!ENTITY xxe SYSTEM "file://\(secret)">
        ]>
        <manifest><customer><name>&xxe;</name></customer></manifest>
        """)
        let reading = Fixtures.manifestReader.read(path: path)
        #expect(reading.diagnostics.count == 1)
        let line = reading.diagnostics.first?.description ?? ""
        #expect(line.hasPrefix("\(path):3:"))
        #expect(line.contains("error: the DOCTYPE declares the entity \"xxe\"; documents that declare entities are refused (nothing was read through it)"))
        #expect(!line.contains("TOP-SECRET"))
        #expect(reading.status == .dataError)
    }

    @Test("an external entity pointing at a URL is refused")
    func externalURLEntity() {
        let folder = TemporaryFolder()
        let path = folder.write("xxe-url.xml", """
        <?xml version="1.0"?>
        <!DOCTYPE manifest [ <!ENTITY remote SYSTEM "http://127.0.0.1:9/landfall.dtd"> ]>
        <manifest><customer><name>&remote;</name></customer></manifest>
        """)
        let line = Fixtures.manifestReader.read(path: path).diagnostics.map(\.description)
        #expect(line.count == 1)
        #expect(line.first?.contains("the DOCTYPE declares the entity \"remote\"") == true)
    }

    @Test("an entity-expansion bomb is refused at its first declaration")
    func billionLaughs() {
        var declarations = "<!ENTITY lol \"lol\">\n"
        for level in 1...9 {
            let previous = level == 1 ? "lol" : "lol\(level - 1)"
            declarations += "<!ENTITY lol\(level) \"\(String(repeating: "&\(previous);", count: 10))\">\n"
        }
        let folder = TemporaryFolder()
        let path = folder.write("bomb.xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE manifest [\n\(declarations)]>\n<manifest><customer><name>&lol9;</name></customer></manifest>\n")
        let reading = Fixtures.manifestReader.read(path: path)
        #expect(reading.diagnostics.map(\.description) == [
            "\(path):3:19: error: the DOCTYPE declares the entity \"lol\"; documents that declare entities are refused (nothing was read through it)",
        ])
    }

    @Test("an external DTD is not loaded")
    func externalDTDNotLoaded() {
        let folder = TemporaryFolder()
        let dtd = folder.write("evil.dtd", "<!ENTITY planted \"PLANTED-BY-DTD\">")
        let path = folder.write("dtd.xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE manifest SYSTEM \"file://\(dtd)\">\n<manifest><customer><name>&planted;</name></customer></manifest>\n")
        let reading = Fixtures.manifestReader.read(path: path)
        #expect(!reading.diagnostics.map(\.description).joined().contains("PLANTED"))
        #expect(reading.status == .dataError)
    }
}
