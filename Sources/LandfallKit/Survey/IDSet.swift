/// The ids of one export file, for the checks on duplicates and on references into the file,
/// in memory that barely grows with the file.
///
/// Exports number their rows: an id of the shape *prefix + number* (`T-100158`, `CV-12`, `u5`:
/// at most nine digits, no leading zero, a prefix of at most 16 bytes) is kept as one bit in a
/// page of 65,536 numbers, 8 KiB a page, so a million such ids take about 128 KiB. Any other id
/// (a UUID, say) is kept as a 64-bit hash of its bytes: two such ids that share a hash (about one
/// chance in 10^7 for a million of them) read as one. So do the ids past ``pageLimit`` pages or
/// with a ninth prefix; ``isExact`` then turns false.
final class IDSet: @unchecked Sendable {
    /// At most this many pages (32 MiB, 268 million numbered ids) are kept as bits.
    static let pageLimit = 4096
    /// At most this many prefixes have pages.
    static let prefixLimit = 8
    private static let wordsPerPage = 1024
    private static let numbersPerPage = 65_536
    /// Pages a prefix can have: nine digits make numbers below 10^9.
    private static let pagesPerPrefix = 1_000_000_000 / numbersPerPage + 1

    /// A prefix as two words (zero-padded) and its length.
    private typealias Prefix = (low: UInt64, high: UInt64, count: Int)
    /// The prefixes with pages (the first `prefixCount`).
    private let prefixes = UnsafeMutablePointer<Prefix>.allocate(capacity: IDSet.prefixLimit)
    private var prefixCount = 0
    /// Per prefix, its page table: `pagesPerPrefix` slots, a page or nil.
    private let tables = UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<UInt64>?>>.allocate(capacity: IDSet.prefixLimit)
    private var pageCount = 0
    /// The ids that are kept as hashes.
    private var hashes = HashSlots()
    /// False once a numbered id had to be kept as a hash (page or prefix limit reached): then
    /// the same id may be bits in one set and a hash in another, and sets cannot be compared.
    private(set) var isExact = true

    deinit {
        for slot in 0..<prefixCount {
            for index in 0..<Self.pagesPerPrefix { tables[slot][index]?.deallocate() }
            tables[slot].deallocate()
        }
        prefixes.deallocate()
        tables.deallocate()
    }

    /// Adds the id; whether it was new.
    func insert(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if let (prefix, number) = Self.split(bytes) {
            if let page = page(Self.words(prefix), index: number >> 16, creating: true) {
                let (word, bit) = Self.place(number)
                guard page[word] & bit == 0 else { return false }
                page[word] |= bit
                return true
            }
            isExact = false
        }
        return hashes.insert(ByteHash.of(bytes))
    }

    /// Whether the id is in the set.
    func contains(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if let (prefix, number) = Self.split(bytes), let page = page(Self.words(prefix), index: number >> 16, creating: false) {
            let (word, bit) = Self.place(number)
            return page[word] & bit != 0
        }
        return hashes.contains(ByteHash.of(bytes))
    }

    /// Whether the two sets share an id. Only sets that are both ``isExact`` can be compared.
    func intersects(_ other: IDSet) -> Bool {
        precondition(isExact && other.isExact, "sets that keep numbered ids as hashes cannot be compared")
        var shared = false
        other.forEachPage { prefix, index, theirs in
            guard let mine = page(prefix, index: index, creating: false) else { return }
            for word in 0..<Self.wordsPerPage where mine[word] & theirs[word] != 0 { shared = true }
        }
        return shared || other.hashes.contains(where: hashes.contains)
    }

    /// Adds every id of `other`.
    func formUnion(_ other: IDSet) {
        other.forEachPage { prefix, index, theirs in
            if let mine = page(prefix, index: index, creating: true) {
                for word in 0..<Self.wordsPerPage { mine[word] |= theirs[word] }
                return
            }
            // No page left here: the numbers become hashes of their ids' bytes.
            isExact = false
            let bytes = Self.bytes(prefix)
            for word in 0..<Self.wordsPerPage where theirs[word] != 0 {
                for bit in 0..<64 where theirs[word] & (1 << UInt64(bit)) != 0 {
                    let id = bytes + Array(String(index * Self.numbersPerPage + word * 64 + bit).utf8)
                    _ = id.withUnsafeBufferPointer { hashes.insert(ByteHash.of($0)) }
                }
            }
        }
        other.hashes.forEach { _ = hashes.insert($0) }
        isExact = isExact && other.isExact
    }

    /// The prefix and the number of an id of the numbered shape.
    private static func split(_ bytes: UnsafeBufferPointer<UInt8>) -> (prefix: UnsafeBufferPointer<UInt8>, number: Int)? {
        var start = bytes.count
        while start > 0, bytes[start - 1] &- UInt8(ascii: "0") < 10 { start -= 1 }
        let digits = bytes.count - start
        guard digits > 0, digits <= 9, start <= 16, digits == 1 || bytes[start] != UInt8(ascii: "0") else { return nil }
        var number = 0
        for index in start..<bytes.count { number = number * 10 + Int(bytes[index] &- UInt8(ascii: "0")) }
        return (UnsafeBufferPointer(rebasing: bytes[0..<start]), number)
    }

    /// Page `index` (the numbers from `index` × 65,536) of the prefix `key`: made when
    /// `creating` and the limits allow.
    private func page(_ key: Prefix, index: Int, creating: Bool) -> UnsafeMutablePointer<UInt64>? {
        let known = prefixCount
        var slot = 0
        while slot < known, prefixes[slot] != key { slot += 1 }
        if slot < known, let page = tables[slot][index] { return page }
        guard creating, pageCount < Self.pageLimit else { return nil }
        if slot == known {
            guard known < Self.prefixLimit else { return nil }
            let table = UnsafeMutablePointer<UnsafeMutablePointer<UInt64>?>.allocate(capacity: Self.pagesPerPrefix)
            table.initialize(repeating: nil, count: Self.pagesPerPrefix)
            (prefixes + slot).initialize(to: key)
            (tables + slot).initialize(to: table)
            prefixCount += 1
        }
        let page = UnsafeMutablePointer<UInt64>.allocate(capacity: Self.wordsPerPage)
        page.initialize(repeating: 0, count: Self.wordsPerPage)
        tables[slot][index] = page
        pageCount += 1
        return page
    }

    /// A prefix of at most 16 bytes as two little-endian words and its length.
    private static func words(_ prefix: UnsafeBufferPointer<UInt8>) -> Prefix {
        var low: UInt64 = 0, high: UInt64 = 0
        for index in 0..<prefix.count {
            if index < 8 { low |= UInt64(prefix[index]) << UInt64(index * 8) } else { high |= UInt64(prefix[index]) << UInt64((index - 8) * 8) }
        }
        return (low, high, prefix.count)
    }

    /// The bytes of a prefix kept as words.
    private static func bytes(_ key: Prefix) -> [UInt8] {
        (0..<key.count).map { index -> UInt8 in
            let word = index < 8 ? key.low : key.high
            return UInt8(truncatingIfNeeded: word >> UInt64((index % 8) * 8))
        }
    }

    /// Where a number's bit stands in its page: the word and the bit in it.
    private static func place(_ number: Int) -> (word: Int, bit: UInt64) {
        ((number & 0xFFFF) >> 6, 1 << UInt64(number & 63))
    }

    private func forEachPage(_ body: (_ prefix: Prefix, _ index: Int, _ page: UnsafeMutablePointer<UInt64>) -> Void) {
        for slot in 0..<prefixCount {
            for index in 0..<Self.pagesPerPrefix {
                if let page = tables[slot][index] { body(prefixes[slot], index, page) }
            }
        }
    }
}

/// 64-bit hashes in an open-addressed table (0 marks an empty slot).
private struct HashSlots {
    private var slots = [UInt64](repeating: 0, count: 16)
    private var count = 0

    /// Adds the hash; whether it was new.
    mutating func insert(_ hash: UInt64) -> Bool {
        if (count + 1) * 4 > slots.count * 3 { grow() }
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] != 0 {
            if slots[slot] == hash { return false }
            slot = (slot + 1) & mask
        }
        slots[slot] = hash
        count += 1
        return true
    }

    func contains(_ hash: UInt64) -> Bool {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] != 0 {
            if slots[slot] == hash { return true }
            slot = (slot + 1) & mask
        }
        return false
    }

    func forEach(_ body: (UInt64) -> Void) {
        for hash in slots where hash != 0 { body(hash) }
    }

    func contains(where predicate: (UInt64) -> Bool) -> Bool {
        slots.contains { $0 != 0 && predicate($0) }
    }

    private mutating func grow() {
        let old = slots
        slots = [UInt64](repeating: 0, count: old.count * 2)
        count = 0
        for hash in old where hash != 0 { _ = insert(hash) }
    }
}
