/// A set of ids kept as 64-bit hashes of their bytes: 8 bytes an id, where the reconciliation's
/// table keeps the ids themselves. Two ids that share a hash (about one chance in 10^7 for a
/// million ids) read as one: the survey's findings on duplicates and references may then miss or
/// name one id among millions.
struct IDHashSet {
    private var slots: [UInt64]
    private var mask: Int
    private(set) var count = 0

    init(expected: Int = 1024) {
        var capacity = 16
        while capacity * 3 < expected * 4 { capacity <<= 1 }
        slots = [UInt64](repeating: 0, count: capacity)
        mask = capacity - 1
    }

    /// Adds the id; whether it was new.
    mutating func insert(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if (count + 1) * 4 > slots.count * 3 { grow() }
        let hash = Self.hash(bytes)
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] != 0 {
            if slots[slot] == hash { return false }
            slot = (slot + 1) & mask
        }
        slots[slot] = hash
        count += 1
        return true
    }

    /// Whether the id is in the set.
    func contains(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let hash = Self.hash(bytes)
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] != 0 {
            if slots[slot] == hash { return true }
            slot = (slot + 1) & mask
        }
        return false
    }

    private mutating func grow() {
        let old = slots
        slots = [UInt64](repeating: 0, count: old.count * 2)
        mask = slots.count - 1
        for hash in old where hash != 0 {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = hash
        }
    }

    /// FNV-1a over the bytes, then a 64-bit avalanche; never 0 (0 marks an empty slot).
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        hash ^= hash >> 33
        hash &*= 0xFF51_AFD7_ED55_8CCD
        hash ^= hash >> 33
        hash &*= 0xC4CE_B9FE_1A85_EC53
        hash ^= hash >> 33
        return hash == 0 ? 1 : hash
    }
}
