/// The destination's results for one object, parsed (on their own thread, while the source is
/// read) but not yet joined to the source ids.
struct ParsedResults: Sendable {
    /// What a result says happened.
    enum Kind: UInt8, Sendable {
        case created, updated, failed, unprocessed
    }

    /// The source ids the results name, in file order.
    var ids = ByteList()
    /// What each result says.
    var kinds: [Kind] = []
    /// The destination id of each created result, in order.
    var createdIDs = ByteList()
    /// For each failed result, in order: its code and message.
    var failures: [(code: String, message: String)] = []
    /// Warnings met reading the files.
    var warnings: [String] = []

    /// Records one result.
    mutating func add(_ id: UnsafeBufferPointer<UInt8>, _ kind: Kind) {
        ids.append(id)
        kinds.append(kind)
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
