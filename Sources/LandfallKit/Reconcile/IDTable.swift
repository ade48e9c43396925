import CPrefetch
import Foundation

/// A hash table of record ids (their bytes) with a few bits of state each: the reconciler's only
/// per-record memory. Open addressing with linear probing; each slot holds the id's first 16
/// bytes and the state, so a lookup usually touches one cache line. Longer ids keep the rest in a
/// byte arena. Entries are numbered in insertion order (source order), which lists and samples
/// follow.
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

    /// The longest id the table keeps, in bytes.
    static let maximumKeyLength = Int(UInt32.max)

    /// One slot: 32 bytes.
    struct Slot {
        /// `hash << 32 | (entry + 1)`; 0 when empty.
        var meta: UInt64 = 0
        /// The first 8 bytes of the id.
        var head: UInt64 = 0
        /// Bytes 8 to 15 of the id, or (for ids over 16 bytes) the arena offset of the rest.
        var tail: UInt64 = 0
        var length: UInt32 = 0
        var state: State = []
        /// How many results named the id (saturating at 255).
        var results: UInt8 = 0
        /// The failure code index of the last failure (0: none).
        var failCode: UInt16 = 0
    }

    private var storage: SlotStorage
    private var mask: Int
    /// The slot of each entry, in insertion order.
    private var order: [Int32] = []
    private var arena: [UInt8] = []

    init(expected: Int = 1024) {
        var capacity = 16
        while capacity * 3 < expected * 5 { capacity <<= 1 }
        storage = SlotStorage(capacity: capacity)
        mask = capacity - 1
        order.reserveCapacity(expected)
    }

    /// How many ids the table holds.
    var count: Int { order.count }

    /// The slot of `key`, inserting it (with empty state) when new.
    @inline(__always)
    mutating func insert(_ key: UnsafeBufferPointer<UInt8>) -> Int {
        insert(key, hash: Self.hash(key))
    }

    /// Starts loading the slot a key with `hash` probes first (see ``insert(_:hash:)``).
    @inline(__always)
    func prefetch(hash: UInt32) {
        landfall_prefetch(storage.slots + (Int(hash) & mask))
    }

    /// The slot of `key`, whose ``hash(_:)`` is `hash`, inserting it when new.
    @inline(__always)
    mutating func insert(_ key: UnsafeBufferPointer<UInt8>, hash: UInt32) -> Int {
        let (head, tail) = Self.split(key)
        var slot = Int(hash) & mask
        while true {
            let meta = storage.slots[slot].meta
            if meta == 0 { break }
            if UInt32(truncatingIfNeeded: meta >> 32) == hash && matches(slot, key, head, tail) { return slot }
            slot = (slot + 1) & mask
        }
        if order.count * 5 >= storage.capacity * 3 {
            grow()
            return insert(key, hash: hash)
        }
        var entry = Slot()
        entry.meta = UInt64(hash) << 32 | UInt64(order.count + 1)
        entry.head = head
        entry.length = UInt32(key.count)
        if key.count > 16 {
            entry.tail = UInt64(arena.count)
            arena.append(contentsOf: key)
        } else {
            entry.tail = tail
        }
        storage.slots[slot] = entry
        order.append(Int32(slot))
        return slot
    }

    /// The slot of `key`, if present.
    func find(_ key: UnsafeBufferPointer<UInt8>) -> Int? {
        find(key, hash: Self.hash(key))
    }

    /// The slot of `key`, whose ``hash(_:)`` is `hash`, if present.
    func find(_ key: UnsafeBufferPointer<UInt8>, hash: UInt32) -> Int? {
        let (head, tail) = Self.split(key)
        var slot = Int(hash) & mask
        while true {
            let meta = storage.slots[slot].meta
            if meta == 0 { return nil }
            if UInt32(truncatingIfNeeded: meta >> 32) == hash && matches(slot, key, head, tail) { return slot }
            slot = (slot + 1) & mask
        }
    }

    /// The slot of entry `index` (insertion order).
    func slot(ofEntry index: Int) -> Int { Int(order[index]) }

    /// The entry number of a slot.
    func entry(ofSlot slot: Int) -> Int { Int(storage.slots[slot].meta & 0xFFFF_FFFF) - 1 }

    /// The slot's state, readable and writable.
    subscript(slot: Int) -> Slot {
        get { storage.slots[slot] }
        nonmutating _modify { yield &storage.slots[slot] }
    }

    /// Calls `body` for every used slot, in slot order (fast; not insertion order).
    func forEachSlot(_ body: (Int, Slot) -> Void) {
        let slots = storage.slots
        for index in 0..<storage.capacity where slots[index].meta != 0 { body(index, slots[index]) }
    }

    /// Calls `body` with the bytes of the id in `slot`.
    func withKey<T>(slot: Int, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        let entry = storage.slots[slot]
        let length = Int(entry.length)
        if length > 16 {
            let start = Int(entry.tail)
            return arena.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[start..<(start + length)])) }
        }
        var words = (entry.head, entry.tail)
        return withUnsafeBytes(of: &words) { raw in body(UnsafeBufferPointer(rebasing: raw.bindMemory(to: UInt8.self)[0..<length])) }
    }

    /// The id in `slot` as a string.
    func key(slot: Int) -> String {
        withKey(slot: slot) { String(decoding: $0, as: UTF8.self) }
    }

    @inline(__always)
    private func matches(_ slot: Int, _ key: UnsafeBufferPointer<UInt8>, _ head: UInt64, _ tail: UInt64) -> Bool {
        let entry = storage.slots[slot]
        guard Int(entry.length) == key.count, entry.head == head else { return false }
        if key.count <= 16 { return entry.tail == tail }
        let start = Int(entry.tail)
        return arena.withUnsafeBufferPointer { arena in memcmp(arena.baseAddress! + start, key.baseAddress!, key.count) == 0 }
    }

    /// The first 16 bytes of `key` as two words (zero-padded).
    @inline(__always)
    private static func split(_ key: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64) {
        var words: (UInt64, UInt64) = (0, 0)
        withUnsafeMutableBytes(of: &words) { raw in
            raw.copyMemory(from: UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(key)[0..<min(key.count, 16)]))
        }
        return words
    }

    private mutating func grow() {
        let old = storage
        storage = SlotStorage(capacity: old.capacity * 2)
        mask = storage.capacity - 1
        for index in 0..<old.capacity where old.slots[index].meta != 0 {
            let entry = old.slots[index]
            var slot = Int(UInt32(truncatingIfNeeded: entry.meta >> 32)) & mask
            while storage.slots[slot].meta != 0 { slot = (slot + 1) & mask }
            storage.slots[slot] = entry
            order[Int(entry.meta & 0xFFFF_FFFF) - 1] = Int32(slot)
        }
    }

    /// A fast 32-bit hash of a short byte string: FNV-1a over 64 bits, then a final avalanche so
    /// that ids differing only in their last digit spread over the whole table.
    @inline(__always)
    static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in key {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        hash ^= hash >> 33
        hash &*= 0xFF51_AFD7_ED55_8CCD
        hash ^= hash >> 33
        return UInt32(truncatingIfNeeded: hash)
    }
}

/// The slots of an ``IDTable``, in memory mapped with transparent huge pages where the system
/// allows: a table of millions of slots is probed at random, and 2 MiB pages spare most TLB misses.
final class SlotStorage {
    let slots: UnsafeMutablePointer<IDTable.Slot>
    let capacity: Int
    private let bytes: Int

    init(capacity: Int) {
        self.capacity = capacity
        let huge = 2 << 20
        bytes = (capacity * MemoryLayout<IDTable.Slot>.stride + huge - 1) / huge * huge
        let address = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        guard let address, address != MAP_FAILED else { fatalError("cannot map \(bytes) bytes for the id table") }
        _ = madvise(address, bytes, MADV_HUGEPAGE)
        slots = address.bindMemory(to: IDTable.Slot.self, capacity: capacity)
    }

    deinit {
        munmap(UnsafeMutableRawPointer(slots), bytes)
    }
}
