/// A 64-bit hash of a run of bytes, for the survey's in-memory tables.
enum ByteHash {
    /// The bytes eight at a time (each word mixed in by a multiply and a shift), then a 64-bit
    /// avalanche; never 0 (tables use 0 to mark an empty slot).
    static func of(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let count = bytes.count
        var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(truncatingIfNeeded: count)
        if let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            var index = 0
            while index + 8 <= count {
                hash = (hash ^ raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
                hash ^= hash >> 31
                index += 8
            }
            if index < count {
                var word: UInt64 = 0
                var shift: UInt64 = 0
                while index < count {
                    word |= UInt64(base[index]) << shift
                    shift += 8
                    index += 1
                }
                hash = (hash ^ word) &* 0xBF58_476D_1CE4_E5B9
                hash ^= hash >> 31
            }
        }
        hash ^= hash >> 33
        hash &*= 0xFF51_AFD7_ED55_8CCD
        hash ^= hash >> 33
        hash &*= 0xC4CE_B9FE_1A85_EC53
        hash ^= hash >> 33
        return hash == 0 ? 1 : hash
    }
}
