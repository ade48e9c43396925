/// The lists a run page offers for download, written from the reconciler's ledgers.
enum RunFiles {
    /// `failed.csv`: every record that failed or was left unprocessed, with its code and message.
    static func failed(_ ledgers: [ObjectLedger]) -> String {
        var rows: [[String]] = []
        for ledger in ledgers {
            for index in 0..<ledger.table.count where ledger.table.states[index].contains(.inSource) {
                switch ledger.outcome(index) {
                case .failed:
                    let code = ledger.codes[Int(ledger.table.failCodes[index])]
                    rows.append([ledger.table.key(index), ledger.object.object, code, ledger.messages[index] ?? ""])
                case .unprocessed:
                    rows.append([ledger.table.key(index), ledger.object.object, "UNPROCESSED", "the destination did not process this record"])
                default:
                    break
                }
            }
        }
        return CSVWriter.document(header: ["id", "object", "code", "message"], rows: rows)
    }

    /// `missing.csv`: every submitted record with no result at all.
    static func missing(_ ledgers: [ObjectLedger]) -> String {
        var rows: [[String]] = []
        for ledger in ledgers {
            for index in 0..<ledger.table.count where ledger.table.states[index].contains(.inSource) && ledger.outcome(index) == .missing {
                rows.append([ledger.table.key(index), ledger.object.object])
            }
        }
        return CSVWriter.document(header: ["id", "object"], rows: rows)
    }

    /// `rollback.csv`: the destination ids this run created, objects in reverse load order, ready
    /// for a delete job.
    static func rollback(_ ledgers: [ObjectLedger]) -> String {
        var rows: [[String]] = []
        for ledger in ledgers.reversed() {
            for index in stride(from: ledger.createdIDs.count - 1, through: 0, by: -1) {
                rows.append([ledger.createdIDs.string(index), ledger.object.object])
            }
        }
        return CSVWriter.document(header: ["Id", "object"], rows: rows)
    }

    /// The `object:id` of every record that failed, went unprocessed or missing.
    static func problems(_ ledgers: [ObjectLedger]) -> Set<String> {
        var keys: Set<String> = []
        for ledger in ledgers {
            for index in 0..<ledger.table.count where ledger.table.states[index].contains(.inSource) && !ledger.outcome(index).arrived {
                keys.insert("\(ledger.object.object):\(ledger.table.key(index))")
            }
        }
        return keys
    }
}
