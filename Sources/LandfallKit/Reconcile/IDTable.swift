import Foundation

/// A hash table of record ids (their bytes) with a few bits of state each: the reconciler's only
/// per-record memory. Open addressing with linear probing; keys live in one byte arena, so an id
/// costs its length plus about 24 bytes.
struct IDTable {
    /// What happened to an id.
    struct State: OptionSet {
        let rawValue: UInt8
        static let inSource = State(rawValue: 1)
        static let created = State(rawValue: 2)
        static let updated = State(rawValue: 4)
        static let failed = State(rawValue: 8)
        static let unprocessed = State(rawValue: 16)
    }

    private var slots: [Int32]
    private var mask: Int
    private var arena: [UInt8] = []
    private(set) var keyStart: [Int] = []
    private var keyLength: [UInt16] = []
    private var hashes: [UInt32] = []
    /// State by entry.
    var states: [State] = []
    /// How many results named each entry (saturating).
    var results: [UInt8] = []
    /// The last failure code index recorded for each entry (0 = none).
    var failCodes: [UInt16] = []

    init(expected: Int = 1024) {
        var capacity = 16
        while capacity < expected * 2 { capacity <<= 1 }
        slots = [Int32](repeating: -1, count: capacity)
        mask = capacity - 1
    }

    /// How many ids the table holds.
    var count: Int { states.count }

    /// The entry of `key`, inserting it (with empty state) when new.
    mutating func insert(_ key: UnsafeBufferPointer<UInt8>) -> (index: Int, inserted: Bool) {
        let hash = Self.hash(key)
        var slot = Int(hash) & mask
        while true {
            let entry = slots[slot]
            if entry < 0 { break }
            if hashes[Int(entry)] == hash && equals(Int(entry), key) { return (Int(entry), false) }
            slot = (slot + 1) & mask
        }
        let index = states.count
        slots[slot] = Int32(index)
        keyStart.append(arena.count)
        keyLength.append(UInt16(truncatingIfNeeded: min(key.count, Int(UInt16.max))))
        arena.append(contentsOf: key.prefix(Int(UInt16.max)))
        hashes.append(hash)
        states.append([])
        results.append(0)
        failCodes.append(0)
        if states.count * 5 > slots.count * 3 { grow() }
        return (index, true)
    }

    /// The entry of `key`, if present.
    func find(_ key: UnsafeBufferPointer<UInt8>) -> Int? {
        let hash = Self.hash(key)
        var slot = Int(hash) & mask
        while true {
            let entry = slots[slot]
            if entry < 0 { return nil }
            if hashes[Int(entry)] == hash && equals(Int(entry), key) { return Int(entry) }
            slot = (slot + 1) & mask
        }
    }

    /// The id of entry `index` as a string.
    func key(_ index: Int) -> String {
        let start = keyStart[index]
        return arena.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[start..<(start + Int(keyLength[index]))]), as: UTF8.self) }
    }

    private func equals(_ index: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        let length = Int(keyLength[index])
        guard length == key.count else { return false }
        let start = keyStart[index]
        return arena.withUnsafeBufferPointer { arena in
            memcmp(arena.baseAddress! + start, key.baseAddress!, length) == 0
        }
    }

    private mutating func grow() {
        let capacity = slots.count * 2
        slots = [Int32](repeating: -1, count: capacity)
        mask = capacity - 1
        for index in hashes.indices {
            var slot = Int(hashes[index]) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(index)
        }
    }

    /// A fast 32-bit hash of a short byte string (FNV-1a over 64 bits, folded).
    @inline(__always)
    static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in key {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return UInt32(truncatingIfNeeded: hash ^ (hash >> 32))
    }
}
