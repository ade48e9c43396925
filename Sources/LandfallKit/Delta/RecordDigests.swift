/// The earlier export's rows of one file, as a delta holds them: each row's key in an
/// ``IDTable`` with the 64-bit hash of its content, and whether the later export has it.
struct RecordDigests {
    private var table: IDTable
    private var hashes: [UInt64] = []
    private var marked: [Bool] = []

    /// What the later export's row is against the earlier one.
    enum Match {
        /// The earlier export has no row of its key.
        case absent
        /// The same content.
        case same
        /// Another content.
        case different
        /// The later export had a row of this key already.
        case seenAlready
    }

    init(expected: Int) {
        table = IDTable(expected: expected)
        hashes.reserveCapacity(expected)
        marked.reserveCapacity(expected)
    }

    /// How many rows.
    var count: Int { table.count }

    /// Adds a row of the earlier export; false when its key was there already.
    mutating func insert(_ key: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Bool {
        let before = table.count
        _ = table.insert(key)
        guard table.count > before else { return false }
        hashes.append(hash)
        marked.append(false)
        return true
    }

    /// Finds the later export's row of `key` among the earlier rows and marks it found.
    mutating func mark(_ key: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Match {
        guard let slot = table.find(key) else { return .absent }
        let entry = table.entry(ofSlot: slot)
        if marked[entry] { return .seenAlready }
        marked[entry] = true
        return hashes[entry] == hash ? .same : .different
    }

    /// The keys of the earlier rows the later export did not have, in the earlier export's order.
    func unmarkedKeys() -> [String] {
        marked.indices.filter { !marked[$0] }.map { table.key(slot: table.slot(ofEntry: $0)) }
    }
}

/// A 64-bit hash of a row's content, fed field by field: eight bytes at a time, each field's
/// length mixed in so that `ab|c` and `a|bc` differ. Not for security: two rows of one key with
/// the same hash and different contents are a chance of about one in 2⁶⁴.
enum ContentDigest {
    @inline(__always)
    static func mix(_ seed: UInt64, _ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash = (seed ^ UInt64(bytes.count)) &* 0xFF51_AFD7_ED55_8CCD
        guard let base = bytes.baseAddress, bytes.count > 0 else { return hash ^ (hash >> 29) }
        let raw = UnsafeRawPointer(base)
        var offset = 0
        while offset + 8 <= bytes.count {
            hash = (hash ^ raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* 0x9E37_79B9_7F4A_7C15
            hash ^= hash >> 32
            offset += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while offset < bytes.count {
            tail |= UInt64(base[offset]) << shift
            shift += 8
            offset += 1
        }
        hash = (hash ^ tail) &* 0xC2B2_AE3D_27D4_EB4F
        return hash ^ (hash >> 29)
    }
}
