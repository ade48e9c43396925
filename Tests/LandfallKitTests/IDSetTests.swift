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
