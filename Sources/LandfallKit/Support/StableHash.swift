/// A short, stable fingerprint of some bytes (FNV-1a, 64 bits): the same input gives the same
/// value on every machine and every run, unlike Swift's seeded `Hasher`.
public enum StableHash {
    /// The 64-bit FNV-1a hash of `bytes`.
    public static func fnv1a(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return hash
    }

    /// The hash as 16 upper-case hexadecimal digits.
    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let value = String(fnv1a(bytes), radix: 16, uppercase: true)
        return String(repeating: "0", count: 16 - value.count) + value
    }
}
