import Foundation

/// Distinct byte strings and how often each came, up to a limit: a small open-addressing table
/// keyed by the bytes themselves, which lie one after the other in one array, so counting a
/// value that came before makes no string and follows no pointer but the table's.
struct ValueCounter: Sendable {
    /// The distinct values' bytes, one after the other, in order of first arrival.
    private var bytes: [UInt8] = []
    /// Where each value starts in `bytes`, and one more: the end of the last.
    private var starts: [Int] = [0]
    /// How often each came.
    private(set) var counts: [Int] = []
    private var hashes: [UInt64] = []
    /// The value counted last: a column often holds the same value row after row.
    private var last = -1
    /// Slot → value index + 1 (0: empty).
    private var slots = [Int32](repeating: 0, count: 16)
    private var mask = 15
    /// The most slots the table grows to: twice the limit, rounded up to a power of two.
    private let maximumSlots: Int

    /// A counter for at most `limit` distinct values. Its table starts small and doubles as
    /// values come, so a file of many columns with few values each costs little memory.
    init(limit: Int) {
        var capacity = 16
        while capacity < limit * 2 + 2 { capacity <<= 1 }
        maximumSlots = capacity
    }

    /// The distinct values' bytes, in order of first arrival.
    var keys: [ArraySlice<UInt8>] {
        counts.indices.map { bytes[starts[$0]..<starts[$0 + 1]] }
    }

    /// Counts `value` `times` more; the number of distinct values afterwards.
    @discardableResult
    mutating func add(_ value: UnsafeBufferPointer<UInt8>, times: Int = 1) -> Int {
        if last >= 0, holds(last, value) {
            counts[last] += times
            return counts.count
        }
        let hash = ByteHash.of(value)
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] != 0 {
            let index = Int(slots[slot]) - 1
            if hashes[index] == hash, holds(index, value) {
                counts[index] += times
                last = index
                return counts.count
            }
            slot = (slot + 1) & mask
        }
        if counts.count * 2 + 2 > slots.count {
            // A full table takes no more: the caller stops counting past its limit.
            guard slots.count < maximumSlots else { return counts.count + 1 }
            grow()
            slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
        }
        bytes.append(contentsOf: value)
        starts.append(bytes.count)
        counts.append(times)
        hashes.append(hash)
        slots[slot] = Int32(counts.count)
        last = counts.count - 1
        return counts.count
    }

    /// Doubles the table and places every value again.
    private mutating func grow() {
        slots = [Int32](repeating: 0, count: slots.count * 2)
        mask = slots.count - 1
        for (index, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(index + 1)
        }
    }

    /// Counts every value of `other`; the number of distinct values afterwards (past the limit,
    /// more than the limit).
    mutating func merge(_ other: ValueCounter) -> Int {
        var distinct = counts.count
        other.bytes.withUnsafeBufferPointer { theirs in
            for index in other.counts.indices {
                distinct = add(UnsafeBufferPointer(rebasing: theirs[other.starts[index]..<other.starts[index + 1]]), times: other.counts[index])
            }
        }
        return distinct
    }

    /// Whether value `index` is `value`, compared eight bytes at a time.
    @inline(__always)
    private func holds(_ index: Int, _ value: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = starts[index]
        let count = starts[index + 1] - start
        guard count == value.count else { return false }
        guard count > 0 else { return true }
        return bytes.withUnsafeBytes { stored in
            let mine = stored.baseAddress! + start
            let theirs = UnsafeRawPointer(value.baseAddress!)
            var offset = 0
            while offset + 8 <= count {
                if mine.loadUnaligned(fromByteOffset: offset, as: UInt64.self) != theirs.loadUnaligned(fromByteOffset: offset, as: UInt64.self) { return false }
                offset += 8
            }
            while offset < count {
                if mine.load(fromByteOffset: offset, as: UInt8.self) != theirs.load(fromByteOffset: offset, as: UInt8.self) { return false }
                offset += 1
            }
            return true
        }
    }
}
