import Foundation

/// Compares the records one step of a run sent (`source/STEP.csv`, as the load wrote them) with
/// what the destination holds, field by field, streaming the records sent: each is found in the
/// destination's index by its key and each field it sent compared by its rule
/// (``ValueComparison``), the common forms on their bytes.
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

    /// What comparing one object found.
    struct Result {
        var records = 0
        var compared = 0
        var equal = 0
        var different = 0
        var waived = 0
        var missing = 0
    }

    /// Compares every record; appends each difference, waived difference and missing record to
    /// `differences` and offers each matched record to `spotCheck`.
    ///
    /// - Throws: ``InputFailure`` when the records sent cannot be read, or a value the destination
    ///   returns is not UTF-8 (65, at its line in the export).
    func run(differences: inout [[String]], spotCheck: inout SpotCheck) throws(InputFailure) -> Result {
        let scanner = try CSVScanner(path: sentPath)
        var result = Result()
        guard let keyColumn = scanner.header.firstIndex(of: key) else { return result }
        let columns = scanner.header.enumerated().compactMap { index, name in
            index == keyColumn ? nil : destination.header.firstIndex(of: name).map { (sent: index, found: $0, name: name) }
        }
        let idColumn = destination.idColumn
        try scanner.forEachRow(columns: Array(scanner.header.indices)) { _, fields throws(InputFailure) in
            result.records += 1
            let keyField = fields[keyColumn]
            let slot = keyField.hasEscapedQuotes ? Array(keyField.string.utf8).withUnsafeBufferPointer { destination.find($0) } : destination.find(keyField.bytes)
            guard let slot else {
                result.missing += 1
                differences.append([object, keyField.string, "", "", "missing", "", ""])
                return
            }
            destination.markMatched(slot)
            let cells = destination.record(slot: slot)
            spotCheck.offer(object, key: keyField.string) { columns.map { ($0.name, fields[$0.sent].string, cells[$0.found].string) } }
            for column in columns {
                result.compared += 1
                let sent = fields[column.sent]
                let found = cells[column.found]
                if !sent.hasEscapedQuotes, !found.quoted, ValueComparison.equalBytes(sent.bytes, found.bytes) == true {
                    result.equal += 1
                    continue
                }
                guard String(validating: found.bytes, as: UTF8.self) != nil else {
                    throw .content(destination.path, at: TextPosition(line: destination.line(ofSlot: slot), column: column.found + 1),
                                   "the value of \(column.name) is not UTF-8: export the records as UTF-8, as a Bulk API 2.0 query returns them")
                }
                let expected = sent.string
                let value = found.string
                if ValueComparison.rule(for: expected).equal(expected, value) {
                    result.equal += 1
                } else if let waiver = waivers.waiver(object: object, sourceID: keyField.string, field: column.name, on: day) {
                    result.waived += 1
                    differences.append([object, keyField.string, idColumn.map { cells[$0].string } ?? "", column.name,
                                        "waived: \(waiver.reason) (\(waiver.who), until \(Calendar.day(waiver.until)))", expected, value])
                } else {
                    result.different += 1
                    differences.append([object, keyField.string, idColumn.map { cells[$0].string } ?? "", column.name, "different", expected, value])
                }
            }
        }
        return result
    }
}
