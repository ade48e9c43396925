/// The destination's results for one object, parsed (on their own thread, while the source is
/// read) but not yet joined to the source ids.
struct ParsedResults: Sendable {
    /// What a result says happened.
    enum Kind: UInt8, Sendable {
        case created, updated, failed, unprocessed
    }

    /// The source ids the results name, in file order.
    var ids = ByteList()
    /// Each id's ``IDTable/hash(_:)``, computed on the results' own thread.
    private(set) var hashes: [UInt32] = []
    /// What each result says.
    var kinds: [Kind] = []
    /// The destination id of each created or updated result, in order (empty when the result
    /// names none).
    var destinationIDs = ByteList()
    /// For each of ``destinationIDs``: whether it was created, and its result's index in ``ids``.
    private(set) var arrivalCreated: [Bool] = []
    private(set) var arrivalResults: [Int32] = []
    /// For each failed result, in order: its code, its message and the destination id it names
    /// (an upsert that failed on a record the destination holds; empty when none).
    var failures: [(code: String, message: String, destination: String)] = []
    /// Warnings met reading the files.
    var warnings: [String] = []
    /// Each file read, relative to the run folder, with its digest.
    var inputs: [String: InputDigest] = [:]
    /// Each job's results: its id and the range of ``kinds`` it filled.
    private(set) var jobs: [(id: String, results: Range<Int>)] = []
    /// The distinct failure codes met so far.
    private var codes: Set<String> = []

    /// The most distinct failure codes one object's results may hold (each id keeps its code's
    /// index in 16 bits; index 0 means none).
    static let maximumFailureCodes = Int(UInt16.max)

    /// Makes room for about `count` more created or updated results, so that the lists do not
    /// copy themselves as they grow.
    mutating func reserveArrivals(_ count: Int) {
        let total = kinds.count + count
        ids.reserveCapacity(total, length: 12)
        hashes.reserveCapacity(total)
        kinds.reserveCapacity(total)
        destinationIDs.reserveCapacity(destinationIDs.count + count, length: 18)
        arrivalCreated.reserveCapacity(arrivalCreated.count + count)
        arrivalResults.reserveCapacity(arrivalResults.count + count)
    }

    /// Marks the results added since `start` (a count of ``kinds``) as the job `id`'s.
    mutating func endJob(_ id: String, startedAt start: Int) {
        jobs.append((id, start..<kinds.count))
    }

    /// Each job's figures, by what its results say.
    var jobReports: [RunReport.JobReport] {
        jobs.map { job in
            var report = RunReport.JobReport(id: job.id, created: 0, updated: 0, failed: 0, unprocessed: 0)
            for kind in kinds[job.results] {
                switch kind {
                case .created: report.created += 1
                case .updated: report.updated += 1
                case .failed: report.failed += 1
                case .unprocessed: report.unprocessed += 1
                }
            }
            return report
        }
    }

    /// Records one result.
    mutating func add(_ id: UnsafeBufferPointer<UInt8>, _ kind: Kind) {
        ids.append(id)
        hashes.append(IDTable.hash(id))
        kinds.append(kind)
    }

    /// Records one created or updated result with the destination id it names.
    mutating func addArrival(_ id: UnsafeBufferPointer<UInt8>, created: Bool, destination: UnsafeBufferPointer<UInt8>) {
        arrivalCreated.append(created)
        arrivalResults.append(Int32(ids.count))
        add(id, created ? .created : .updated)
        destinationIDs.append(destination)
    }

    /// Records one failed result with its code, its message and the destination id it names
    /// (empty when none).
    ///
    /// - Throws: ``InputFailure`` at `file`:`line` when the code would be one more than
    ///   ``maximumFailureCodes`` distinct codes.
    mutating func addFailure(_ id: UnsafeBufferPointer<UInt8>, code: String, message: String, destination: String = "", file: String, line: Int) throws(InputFailure) {
        if codes.insert(code).inserted, codes.count > Self.maximumFailureCodes {
            throw .content(file, at: TextPosition(line: line, column: 1),
                           "more than \(Format.count(Self.maximumFailureCodes)) distinct failure codes for one object; a failure code is the text before the first colon of the error, so these results cannot be grouped by reason")
        }
        add(id, .failed)
        failures.append((code, message, destination))
    }
}

/// Carries a value from a worker thread back to the thread that waits for it.
final class WorkerResult<Value: Sendable>: @unchecked Sendable {
    private var value: Result<Value, InputFailure>?

    /// Stores the worker's outcome (before the waiting thread reads it).
    func store(_ result: Result<Value, InputFailure>) {
        value = result
    }

    /// The worker's outcome (after waiting for it).
    func get() throws(InputFailure) -> Value {
        switch value! {
        case .success(let value): return value
        case .failure(let error): throw error
        }
    }
}
