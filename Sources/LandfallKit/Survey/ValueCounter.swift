import Foundation

/// Distinct byte strings and how often each came, up to a limit: a small open-addressing table
/// keyed by the bytes themselves, so counting a value that came before makes no string.
struct ValueCounter: Sendable {
    /// Each distinct value's bytes, in order of first arrival.
    private(set) var keys: [[UInt8]] = []
    /// How often each came.
    private(set) var counts: [Int] = []
    private var hashes: [UInt64] = []
    /// The key counted last: a column often holds the same value row after row.
    private var last = -1
    /// Slot → key index + 1 (0: empty).
    private var slots: [Int32]
    private let mask: Int

    /// A counter for at most `limit` distinct values.
    init(limit: Int) {
        var capacity = 16
        while capacity < limit * 2 + 2 { capacity <<= 1 }
        slots = [Int32](repeating: 0, count: capacity)
        mask = capacity - 1
    }

    /// Counts `bytes` `times` more; the number of distinct values afterwards.
    @discardableResult
    mutating func add(_ bytes: UnsafeBufferPointer<UInt8>, times: Int = 1) -> Int {
        if last >= 0, keys[last].count == bytes.count,
           bytes.isEmpty || keys[last].withUnsafeBufferPointer({ memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 }) {
            counts[last] += times
            return keys.count
        }
        let hash = ByteHash.of(bytes)
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] != 0 {
            let index = Int(slots[slot]) - 1
            if hashes[index] == hash, keys[index].count == bytes.count,
               bytes.isEmpty || keys[index].withUnsafeBufferPointer({ memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 }) {
                counts[index] += times
                last = index
                return keys.count
            }
            slot = (slot + 1) & mask
        }
        // A full table takes no more: the caller stops counting past its limit.
        guard keys.count * 2 + 2 <= slots.count else { return keys.count + 1 }
        keys.append(Array(bytes))
        counts.append(times)
        hashes.append(hash)
        slots[slot] = Int32(keys.count)
        last = keys.count - 1
        return keys.count
    }

    /// Counts every value of `other`; the number of distinct values afterwards (past the limit,
    /// more than the limit).
    mutating func merge(_ other: ValueCounter) -> Int {
        var distinct = keys.count
        for (key, count) in zip(other.keys, other.counts) {
            distinct = key.withUnsafeBufferPointer { add($0, times: count) }
        }
        return distinct
    }
}
