import Foundation

/// Compares the records one step of a run sent (`source/STEP.csv`, as the load wrote them) with
/// what the destination holds, field by field, streaming the records sent: each is found in the
/// destination's index by its key and each field it sent compared by its rule
/// (``ValueComparison``), the common forms on their bytes. A large file is compared in parts at
/// the same time, whose findings are put together in the file's order.
struct RecordComparison {
    /// The run object and the destination object it landed in.
    let object: String
    let destinationObject: String
    /// The records sent, and the column of the key they are found again by.
    let sentPath: String
    let key: String
    let destination: DestinationIndex
    let waivers: Waivers
    let day: Date
    /// The tolerances of the destination object's fields, by field name (`star_rating__c`).
    var tolerances: [String: VerifyTolerance] = [:]
    /// How many bytes make the records sent worth comparing in parts.
    var partBytes = DestinationIndex.partBytes

    /// What comparing one object (or a part of it) found.
    struct Result {
        var records = 0
        var compared = 0
        var equal = 0
        var different = 0
        var waived = 0
        var missing = 0
        /// Each difference, waived difference and missing record, in the file's order.
        var differences: [[String]] = []
        var spotCheck: SpotCheck
        var matches: DestinationIndex.Matches

        /// `other` (the part after this one) added to these.
        mutating func append(_ other: Result) {
            records += other.records
            compared += other.compared
            equal += other.equal
            different += other.different
            waived += other.waived
            missing += other.missing
            differences += other.differences
            spotCheck.merge(other.spotCheck)
            matches.merge(other.matches)
        }
    }

    /// Compares every record, drawing the spot check with `spotCheck`'s size and seed.
    ///
    /// - Throws: ``InputFailure`` when the records sent cannot be read, or a value the destination
    ///   returns is not UTF-8 (65, at its line in the export).
    func run(spotCheck: SpotCheck) throws(InputFailure) -> Result {
        let scanner = try CSVScanner(path: sentPath)
        let empty = Result(spotCheck: SpotCheck(size: spotCheck.size, seed: spotCheck.seed), matches: destination.noMatches())
        guard let keyColumn = scanner.header.firstIndex(of: key) else { return empty }
        let first = scanner.offset
        var status = stat()
        let size = stat(sentPath, &status) == 0 ? Int(status.st_size) : 0
        let count = min(DestinationIndex.maxParts, (size - first) / max(partBytes, 1))
        if count > 1 {
            let starts = (0..<count).map { first + (size - first) * $0 / count }
            let parts = Concurrently.each(count) { index -> (result: Result, start: Int, end: Int, failure: InputFailure?)? in
                var begin = first
                if index > 0 {
                    guard let found = try? CSVSplit.likelyRecordStart(in: sentPath, atOrAfter: starts[index], fields: scanner.header.count) else { return nil }
                    begin = found
                }
                var result = empty
                do throws(InputFailure) {
                    let reader = index == 0 ? scanner : try CSVScanner(path: sentPath, from: begin, line: 1, header: scanner.header)
                    try compare(reader, keyColumn: keyColumn, until: index + 1 < count ? starts[index + 1] : .max, into: &result)
                    return (result, begin, reader.offset, nil)
                } catch {
                    return (result, begin, 0, error)
                }
            }
            if parts.allSatisfy({ $0 != nil }), zip(parts, parts.dropFirst()).allSatisfy({ $0!.failure != nil || $0!.end == $1!.start }) {
                if let failure = parts.first(where: { $0!.failure != nil })??.failure { throw failure }
                var whole = parts[0]!.result
                for part in parts.dropFirst() { whole.append(part!.result) }
                return whole
            }
        }
        var whole = empty
        try compare(scanner.offset == first ? scanner : try CSVScanner(path: sentPath), keyColumn: keyColumn, until: .max, into: &whole)
        return whole
    }

    /// Compares the records `scanner` reads up to `stop`.
    private func compare(_ scanner: CSVScanner, keyColumn: Int, until stop: Int, into result: inout Result) throws(InputFailure) {
        let columns = scanner.header.enumerated().compactMap { index, name in
            index == keyColumn ? nil : destination.header.firstIndex(of: name).map { (sent: index, found: $0, name: name) }
        }
        // The hot loop reads plain integers: a tuple with a name would retain it on every field.
        let sentColumns = columns.map(\.sent)
        let foundColumns = columns.map(\.found)
        let idColumn = destination.idColumn
        var cells: [DestinationIndex.Cell] = []
        try scanner.forEachRow(columns: Array(scanner.header.indices), until: stop) { _, fields throws(InputFailure) in
            result.records += 1
            let keyField = fields[keyColumn]
            let handle = keyField.hasEscapedQuotes ? Array(keyField.string.utf8).withUnsafeBufferPointer { destination.find($0) } : destination.find(keyField.bytes)
            guard let handle else {
                result.missing += 1
                result.differences.append([object, keyField.string, "", "", "missing", "", ""])
                return
            }
            result.matches.insert(handle, of: destination)
            destination.record(handle, into: &cells)
            result.spotCheck.offer(object, key: keyField.bytes, string: { keyField.string }) {
                columns.map { ($0.name, fields[$0.sent].string, cells[$0.found].string) }
            }
            for at in sentColumns.indices {
                result.compared += 1
                let sent = fields[sentColumns[at]]
                let found = cells[foundColumns[at]]
                // Quotes are doubled the one way: the same raw bytes are the same value.
                if sent.hasEscapedQuotes == found.quoted, ValueComparison.equalBytes(sent.bytes, found.bytes) == true {
                    result.equal += 1
                    continue
                }
                let column = columns[at]
                guard String(validating: found.bytes, as: UTF8.self) != nil else {
                    throw .content(destination.path, at: TextPosition(line: destination.absoluteLine(of: handle), column: column.found + 1),
                                   "the value of \(column.name) is not UTF-8: export the records as UTF-8, as a Bulk API 2.0 query returns them")
                }
                let expected = sent.string
                let value = found.string
                if ValueComparison.rule(for: expected).equal(expected, value) || tolerances[column.name]?.allows(expected, value) == true {
                    result.equal += 1
                } else if let waiver = waivers.waiver(object: object, sourceID: keyField.string, field: column.name, on: day) {
                    result.waived += 1
                    result.differences.append([object, keyField.string, idColumn.map { cells[$0].string } ?? "", column.name,
                                               "waived: \(waiver.reason) (\(waiver.who), until \(Calendar.day(waiver.until)))", expected, value])
                } else {
                    result.different += 1
                    result.differences.append([object, keyField.string, idColumn.map { cells[$0].string } ?? "", column.name, "different", expected, value])
                }
            }
        }
    }
}
