/// XXH64 (xxHash, 64 bits, seed 0), fed in pieces as a file is read, so that a run's fingerprint
/// covers every byte of its inputs without a second pass over them. Not for security: it tells a
/// changed input from the same one.
struct ContentHash {
    private static let prime1: UInt64 = 0x9E37_79B1_85EB_CA87
    private static let prime2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    private static let prime3: UInt64 = 0x1656_67B1_9E37_79F9
    private static let prime4: UInt64 = 0x85EB_CA77_C2B2_AE63
    private static let prime5: UInt64 = 0x27D4_EB2F_1656_67C5

    private var lanes: (UInt64, UInt64, UInt64, UInt64) = (prime1 &+ prime2, prime2, 0, 0 &- prime1)
    /// Bytes of an unfinished 32-byte stripe.
    private var pending: [UInt8] = []
    /// Every byte fed so far.
    private(set) var length: UInt64 = 0

    init() {
        pending.reserveCapacity(32)
    }

    /// Feeds the next bytes.
    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard var start = bytes.baseAddress, bytes.count > 0 else { return }
        var count = bytes.count
        length &+= UInt64(count)
        if !pending.isEmpty {
            let taken = min(32 - pending.count, count)
            pending.append(contentsOf: UnsafeRawBufferPointer(start: start, count: taken))
            start += taken
            count -= taken
            guard pending.count == 32 else { return }
            pending.withUnsafeBytes { stripe($0.baseAddress!) }
            pending.removeAll(keepingCapacity: true)
        }
        while count >= 32 {
            stripe(start)
            start += 32
            count -= 32
        }
        if count > 0 { pending.append(contentsOf: UnsafeRawBufferPointer(start: start, count: count)) }
    }

    /// The hash of every byte fed so far.
    var digest: UInt64 {
        var hash: UInt64
        if length >= 32 {
            let (v1, v2, v3, v4) = lanes
            hash = Self.rotate(v1, 1) &+ Self.rotate(v2, 7) &+ Self.rotate(v3, 12) &+ Self.rotate(v4, 18)
            for lane in [v1, v2, v3, v4] {
                hash ^= Self.round(0, lane)
                hash = hash &* Self.prime1 &+ Self.prime4
            }
        } else {
            hash = Self.prime5
        }
        hash &+= length
        pending.withUnsafeBytes { tail in
            var offset = 0
            while offset + 8 <= tail.count {
                hash ^= Self.round(0, UInt64(littleEndian: tail.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
                hash = Self.rotate(hash, 27) &* Self.prime1 &+ Self.prime4
                offset += 8
            }
            if offset + 4 <= tail.count {
                hash ^= UInt64(UInt32(littleEndian: tail.loadUnaligned(fromByteOffset: offset, as: UInt32.self))) &* Self.prime1
                hash = Self.rotate(hash, 23) &* Self.prime2 &+ Self.prime3
                offset += 4
            }
            while offset < tail.count {
                hash ^= UInt64(tail[offset]) &* Self.prime5
                hash = Self.rotate(hash, 11) &* Self.prime1
                offset += 1
            }
        }
        hash ^= hash >> 33
        hash = hash &* Self.prime2
        hash ^= hash >> 29
        hash = hash &* Self.prime3
        hash ^= hash >> 32
        return hash
    }

    /// The hash of `bytes` alone.
    static func of(_ bytes: [UInt8]) -> UInt64 {
        var hash = ContentHash()
        bytes.withUnsafeBytes { hash.update($0) }
        return hash.digest
    }

    private mutating func stripe(_ start: UnsafeRawPointer) {
        lanes.0 = Self.round(lanes.0, UInt64(littleEndian: start.loadUnaligned(as: UInt64.self)))
        lanes.1 = Self.round(lanes.1, UInt64(littleEndian: start.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
        lanes.2 = Self.round(lanes.2, UInt64(littleEndian: start.loadUnaligned(fromByteOffset: 16, as: UInt64.self)))
        lanes.3 = Self.round(lanes.3, UInt64(littleEndian: start.loadUnaligned(fromByteOffset: 24, as: UInt64.self)))
    }

    @inline(__always)
    private static func round(_ accumulator: UInt64, _ input: UInt64) -> UInt64 {
        rotate(accumulator &+ input &* prime2, 31) &* prime1
    }

    @inline(__always)
    private static func rotate(_ value: UInt64, _ bits: UInt64) -> UInt64 {
        (value << bits) | (value >> (64 - bits))
    }
}

/// A file's size and the hash of its bytes, as a run's fingerprint records them.
struct InputDigest: Equatable, Sendable {
    var size: UInt64
    var hash: UInt64

    /// The digest of `bytes`.
    init(of bytes: [UInt8]) {
        self.init(size: UInt64(bytes.count), hash: ContentHash.of(bytes))
    }

    init(size: UInt64, hash: UInt64) {
        (self.size, self.hash) = (size, hash)
    }

    /// `SIZE:HASH` (the hash in 16 hexadecimal digits).
    var text: String {
        let hex = String(hash, radix: 16, uppercase: true)
        return "\(size):" + String(repeating: "0", count: 16 - hex.count) + hex
    }
}
