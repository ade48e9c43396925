import CCSVBlocks
@testable import LandfallKit
import Testing

@Suite("the survey's id sets: numbered ids as bits, others as hashes, compared and joined")
struct IDSetTests {
    private func insert(_ set: IDSet, _ id: String) -> Bool {
        Array(id.utf8).withUnsafeBufferPointer { set.insert($0) }
    }

    private func contains(_ set: IDSet, _ id: String) -> Bool {
        Array(id.utf8).withUnsafeBufferPointer { set.contains($0) }
    }

    @Test("numbered ids, ids with leading zeros and ids of other shapes are told apart exactly")
    func shapes() {
        let set = IDSet()
        for id in ["T-100158", "T-7", "u5", "0", "42", "CV-0", "T-007", "9f1c2e4a-uuid", "T-1234567890"] { #expect(insert(set, id), "\(id) is new") }
        for id in ["T-100158", "T-7", "T-007", "9f1c2e4a-uuid", "T-1234567890", "u5", "0"] { #expect(!insert(set, id), "\(id) again") }
        for id in ["T-07", "T-70", "U5", "u05", "1", "CV-1", "T-100159", "T-123456789"] { #expect(!contains(set, id), "\(id) was never added") }
        #expect(set.isExact)
    }

    @Test("two sets share an id or do not; joined, one holds both; past eight prefixes ids turn to hashes and the set is no longer exact")
    func compareAndJoin() {
        let first = IDSet(), second = IDSet()
        for number in 0..<70_000 { _ = insert(first, "M-\(number)") }
        for number in 70_000..<140_000 { _ = insert(second, "M-\(number)") }
        _ = insert(second, "other-id-x")
        #expect(!first.intersects(second))
        _ = insert(second, "M-69999")
        #expect(first.intersects(second))
        first.formUnion(second)
        #expect(contains(first, "M-139999") && contains(first, "M-0") && contains(first, "other-id-x"))
        let many = IDSet()
        for prefix in "abcdefghi" { _ = insert(many, "\(prefix)-1") }
        #expect(!many.isExact)
        #expect(contains(many, "i-1") && !contains(many, "i-2"))
    }

    @Test("a column's type does not hang on the order of its values")
    func typeOrder() {
        for values in [["12", "3.5", "<b>bold</b>"], ["<b>bold</b>", "12", "3.5"], ["3.5", "<b>bold</b>", "12"]] {
            var profile = ColumnProfile(column: "body")
            for value in values { Array(value.utf8).withUnsafeBufferPointer { _ = profile.add($0, escapedQuotes: false) } }
            #expect(profile.type == .html, "\(values)")
        }
    }
}

@Suite("the survey's UTF-8 check agrees with Swift's own")
struct UTF8CheckTests {
    @Test("random texts up to 200 bytes and every sequence at every place around a block's end, valid and broken, read as Swift reads them")
    func agrees() {
        var random = SeededRandom(seed: 20_261_130)
        let pieces: [[UInt8]] = [Array("a".utf8), Array("é".utf8), Array("€".utf8), Array("😀".utf8), [0x80], [0xC0, 0x80], [0xED, 0xA0, 0x80],
                                 [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0xF0, 0x9F], [0xFF], Array(" plain ASCII text, ".utf8)]
        for round in 0..<4000 {
            var bytes: [UInt8] = []
            let target = round % 200
            while bytes.count < target { bytes += pieces[random.below(round % 3 == 0 ? pieces.count : 4)] }
            let expected = String(validating: bytes, as: UTF8.self) != nil
            let found = bytes.withUnsafeBufferPointer { landfall_utf8_valid($0.baseAddress, $0.count) != 0 }
            #expect(found == expected, "\(bytes)")
        }
        // Every piece at every place around the 32-byte blocks: ending the text, or across a block's end.
        for piece in pieces {
            for length in 28...100 where length >= piece.count {
                for bytes in [Array(repeating: UInt8(ascii: "a"), count: length - piece.count) + piece,
                              Array(repeating: UInt8(ascii: "a"), count: length - piece.count) + piece + Array(" tail".utf8)] {
                    let expected = String(validating: bytes, as: UTF8.self) != nil
                    let found = bytes.withUnsafeBufferPointer { landfall_utf8_valid($0.baseAddress, $0.count) != 0 }
                    #expect(found == expected, "\(bytes.count) bytes ending \(bytes.suffix(8))")
                }
            }
        }
    }
}
