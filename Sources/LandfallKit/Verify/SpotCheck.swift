/// The support-ops lead's spot check: a few records of each object, drawn by a seed (the same
/// seed draws the same records), each field shown as the load sent it and as the destination
/// holds it, side by side.
struct SpotCheck {
    struct Record {
        var key: String
        var fields: [(name: String, sent: String, found: String)]
    }

    let size: Int
    private var random: SeededRandom
    /// Per object, in the order first offered: the records drawn so far and how many were offered.
    private var drawn: [(object: String, records: [Record], offered: Int)] = []

    init(size: Int, seed: UInt64) {
        self.size = size
        random = SeededRandom(seed: seed)
    }

    /// Offers one matched record; keeps it with the chance that leaves every record of the object
    /// equally likely to be among the `size` drawn (reservoir sampling). `fields` is asked for
    /// only when the record is kept.
    mutating func offer(_ object: String, key: @autoclosure () -> String, fields: () -> [(String, String, String)]) {
        guard size > 0 else { return }
        if drawn.last?.object != object, !drawn.contains(where: { $0.object == object }) { drawn.append((object, [], 0)) }
        guard let at = drawn.firstIndex(where: { $0.object == object }) else { return }
        drawn[at].offered += 1
        if drawn[at].records.count < size {
            drawn[at].records.append(Record(key: key(), fields: fields().map { (name: $0.0, sent: $0.1, found: $0.2) }))
        } else {
            let slot = random.below(drawn[at].offered)
            if slot < size { drawn[at].records[slot] = Record(key: key(), fields: fields().map { (name: $0.0, sent: $0.1, found: $0.2) }) }
        }
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
