/// The support-ops lead's spot check: a few records of each object, drawn by a seed (the same
/// seed draws the same records), each field shown as the load sent it and as the destination
/// holds it, side by side.
///
/// A record is drawn when its key's hash under the seed is among the `size` smallest of its
/// object's (bottom-k sampling): every record is equally likely to be drawn, and the draw does not
/// depend on the order the records are read in, so that parts read at the same time draw, put
/// together, what one reading draws.
struct SpotCheck {
    struct Record {
        var key: String
        var rank: UInt64
        var fields: [(name: String, sent: String, found: String)]
    }

    let size: Int
    let seed: UInt64
    /// Per object, in the order first offered: the records drawn so far (by rank) and how many
    /// were offered.
    private var drawn: [(object: String, records: [Record], offered: Int)] = []

    init(size: Int, seed: UInt64) {
        self.size = size
        self.seed = seed
    }

    /// Offers one matched record; `key` and `fields` are asked for only when it is drawn.
    mutating func offer(_ object: String, key: UnsafeBufferPointer<UInt8>, string: () -> String, fields: () -> [(String, String, String)]) {
        guard size > 0 else { return }
        if drawn.last?.object != object, !drawn.contains(where: { $0.object == object }) { drawn.append((object, [], 0)) }
        guard let at = drawn.lastIndex(where: { $0.object == object }) else { return }
        drawn[at].offered += 1
        let rank = Self.rank(key, seed: seed)
        guard drawn[at].records.count < size || rank < drawn[at].records[drawn[at].records.count - 1].rank else { return }
        let record = Record(key: string(), rank: rank, fields: fields().map { (name: $0.0, sent: $0.1, found: $0.2) })
        insert(record, at: at)
    }

    /// Puts `other`'s draw together with this one, as if one reading had drawn both.
    mutating func merge(_ other: SpotCheck) {
        for (object, records, offered) in other.drawn {
            if !drawn.contains(where: { $0.object == object }) { drawn.append((object, [], 0)) }
            guard let at = drawn.lastIndex(where: { $0.object == object }) else { continue }
            drawn[at].offered += offered
            for record in records { insert(record, at: at) }
        }
    }

    private mutating func insert(_ record: Record, at object: Int) {
        var records = drawn[object].records
        let place = records.firstIndex { ($0.rank, $0.key) > (record.rank, record.key) } ?? records.count
        records.insert(record, at: place)
        if records.count > size { records.removeLast() }
        drawn[object].records = records
    }

    /// The rank of a key under `seed`: a 64-bit FNV-1a of the seed's bytes and the key's.
    private static func rank(_ key: UnsafeBufferPointer<UInt8>, seed: UInt64) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325 ^ seed
        for byte in key {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        // A final mix, so that keys that differ in their last byte spread over the whole range.
        hash ^= hash >> 33
        hash = hash &* 0xFF51_AFD7_ED55_8CCD
        hash ^= hash >> 33
        return hash
    }

    /// The spot check as GitHub-flavoured Markdown, every value escaped for a table cell.
    func markdown(run: String) -> String {
        var text = "# Spot check: \(MarkdownEscaping.escape(run))\n\nRecords drawn by a seed; each field as the load sent it and as the destination holds it.\n"
        for (object, records, offered) in drawn {
            text += "\n## \(MarkdownEscaping.escape(object)): \(records.count) of \(Format.count(offered)) records\n"
            for record in records.sorted(by: { $0.key < $1.key }) {
                text += "\n### \(MarkdownEscaping.escape(record.key))\n\n| field | sent | found | same |\n|---|---|---|---|\n"
                for field in record.fields {
                    let same = ValueComparison.rule(for: field.sent).equal(field.sent, field.found)
                    text += "| \(MarkdownEscaping.escape(field.name)) | \(MarkdownEscaping.escape(field.sent)) | \(MarkdownEscaping.escape(field.found)) | \(same ? "yes" : "**no**") |\n"
                }
            }
        }
        return text
    }
}
