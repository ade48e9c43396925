import Foundation
import LandfallKit
import LandfallTestSupport
import Testing

@Suite("YAML that once crashed the reader")
struct HostileYAMLTests {
    private let probe = ReaderProbe.yaml

    private func failure(_ text: String) -> String? { probe.failure(text) }

    @Test("a YAML 1.1 base-60 integer too large for Int is text, not a crash")
    func sexagesimalOverflow() {
        let members = probe.members("a: 153722867280912931:0\nb: 1:30\n")
        #expect(members.map(\.value.value) == [.string("153722867280912931:0"), .string("1:30")])
    }

    @Test("plain scalars follow the YAML 1.2 core schema")
    func coreSchema() {
        let members = probe.members("a: yes\nb: 0o17\nc: 0xFFFFFFFFFFFFFFFFFF\nd: -1.5e3\ne: .5\nf: 1_000\ng: NULL\nh: !!str 12\n")
        #expect(members.map(\.value.value) == [
            .string("yes"), .number("15"), .string("0xFFFFFFFFFFFFFFFFFF"), .number("-1.5e3"), .number(".5"),
            .string("1_000"), .null, .string("12"),
        ])
    }

    @Test("aliases nested past the limit as values are refused at the alias")
    func aliasChainAsValues() {
        var lines = ["a0: &a0 []"]
        for level in 1..<6_500 { lines.append("a\(level): &a\(level) [*a\(level - 1)]") }
        #expect(failure(lines.joined(separator: "\n")) == "257:14: nesting deeper than 256 levels is not accepted (the alias *a255 expands to 256 levels)")
    }

    @Test("aliases of mappings used as keys are refused where the key stands")
    func aliasChainAsKeys() {
        var lines = ["- &a0 x"]
        for level in 1..<6_500 { lines.append("- &a\(level) {? *a\(level - 1) : 1}") }
        #expect(failure(lines.joined(separator: "\n")) == "3:10: a key must be a single value, not a list or mapping")
    }

    @Test("a mapping as a key is refused")
    func mappingKey() {
        #expect(failure("? {a: 1}\n: x\n") == "1:3: a key must be a single value, not a list or mapping")
    }

    @Test("a duplicate key names both places")
    func duplicateKey() {
        #expect(failure("a: 1\nb: 2\na: 3\n") == "3:1: duplicate key \"a\" in one mapping (first at line 1, column 1)")
    }

    @Test("an undefined alias and a second document are located errors")
    func undefinedAliasAndSecondDocument() {
        #expect(failure("a: *nowhere\n") == "1:4: invalid YAML: the alias *nowhere names no anchor defined before it")
        #expect(failure("a: 1\n---\nb: 2\n") == "3:1: invalid YAML: expected a single document, found another")
    }

    @Test("a deep block mapping is refused where it passes the limit")
    func deepBlock() {
        var text = "a:\n"
        for level in 1..<400 { text += String(repeating: "  ", count: level) + "b:\n" }
        #expect(failure(text) == "258:515: nesting deeper than 256 levels is not accepted")
    }
}
