import Dispatch

/// What earlier runs of one migration and environment brought into the destination: for each
/// object, every source id that arrived, with the destination id and the run that brought it
/// first, less what a rollback run deleted since (a record that arrives again after its deletion
/// is known by its new arrival). Read from those runs' `idmap.csv` (millions of rows: the ids stay bytes in a table);
/// a run is judged against it for orphans (a parent that arrived earlier is there) and duplicates
/// across runs (a record created again), and a migration's page counts its distinct arrivals in it.
struct ArrivalHistory: @unchecked Sendable {
    /// One source record's first arrival.
    struct Arrival: Sendable, Equatable {
        /// The destination record's id.
        var destinationID: String
        /// The run that brought it.
        var runID: String
    }

    /// One object's arrivals: the source ids in a table, and by entry the destination id and the
    /// run (an index of ``ArrivalHistory/runIDs``).
    struct Arrivals {
        private(set) var table: IDTable
        private var destinations = ByteList()
        private var runs: [UInt32] = []
        /// The entries a rollback deleted and that have not arrived again.
        private var deleted: Set<Int> = []
        /// The arrivals after a deletion, by entry: they replace the first one.
        private var arrivalsAfterDeletion: [Int: (destinationID: String, run: Int)] = [:]

        /// An empty set, with room for about `expected` ids.
        init(expected: Int = 4096) {
            table = IDTable(expected: expected)
            destinations.reserveCapacity(expected, length: 18)
            runs.reserveCapacity(expected)
        }

        /// How many distinct source ids arrived and are in the destination.
        var count: Int { table.count - deleted.count }

        /// How many arrived and were deleted since by a rollback, and have not arrived again.
        var deletedCount: Int { deleted.count }

        /// Whether `sourceID` arrived and is in the destination.
        func contains(_ sourceID: UnsafeBufferPointer<UInt8>) -> Bool {
            guard let slot = table.find(sourceID) else { return false }
            return deleted.isEmpty || !deleted.contains(table.entry(ofSlot: slot))
        }

        /// Whether `sourceID` arrived and is in the destination.
        func contains(_ sourceID: String) -> Bool {
            var copy = sourceID
            return copy.withUTF8 { contains($0) }
        }

        /// Whether `sourceID` arrived in some run, whether or not a rollback deleted it since.
        func everArrived(_ sourceID: String) -> Bool {
            var copy = sourceID
            return copy.withUTF8 { table.find($0) != nil }
        }

        /// The destination id and run index of `sourceID`'s first arrival (since its last
        /// deletion), when it is in the destination.
        func first(_ sourceID: UnsafeBufferPointer<UInt8>) -> (destinationID: String, run: Int)? {
            guard let slot = table.find(sourceID) else { return nil }
            let entry = table.entry(ofSlot: slot)
            if deleted.contains(entry) { return nil }
            if let again = arrivalsAfterDeletion[entry] { return again }
            return (destinations.withItem(entry) { String(decoding: $0, as: UTF8.self) }, Int(runs[entry]))
        }

        /// Records that a rollback deleted `sourceID`'s record.
        mutating func delete(_ sourceID: UnsafeBufferPointer<UInt8>) {
            guard let slot = table.find(sourceID) else { return }
            deleted.insert(table.entry(ofSlot: slot))
        }

        /// Records an arrival unless the id arrived already (the first arrival is kept).
        mutating func add(_ sourceID: UnsafeBufferPointer<UInt8>, destinationID: UnsafeBufferPointer<UInt8>, run: Int) {
            add(sourceID, hash: IDTable.hash(sourceID), destinationID: destinationID, run: run)
        }

        private mutating func add(_ sourceID: UnsafeBufferPointer<UInt8>, hash: UInt32, destinationID: UnsafeBufferPointer<UInt8>, run: Int) {
            let before = table.count
            let slot = table.insert(sourceID, hash: hash)
            guard table.count > before else {
                if !deleted.isEmpty, let entry = deleted.remove(table.entry(ofSlot: slot)) {
                    arrivalsAfterDeletion[entry] = (String(decoding: destinationID, as: UTF8.self), run)
                }
                return
            }
            destinations.append(destinationID)
            runs.append(UInt32(run))
        }

        /// Records the arrivals of `batch` of the run `run`, sixty-four at a time: their slots are
        /// loaded together, so that their cache misses overlap.
        mutating func add(_ batch: Batch, run: Int) {
            // The batch's lists are taken once, not looked up through the batch per row.
            let (sourceIDs, destinationIDs) = (batch.sourceIDs, batch.destinationIDs)
            var hashes = (0..<64).map { _ in UInt32(0) }
            for window in stride(from: 0, to: sourceIDs.count, by: hashes.count) {
                let indices = window..<min(window + hashes.count, sourceIDs.count)
                for index in indices {
                    hashes[index - window] = sourceIDs.withItem(index) { IDTable.hash($0) }
                    table.prefetch(hash: hashes[index - window])
                }
                for index in indices {
                    sourceIDs.withItem(index) { sourceID in
                        if batch.deletions[index] { return delete(sourceID) }
                        destinationIDs.withItem(index) { add(sourceID, hash: hashes[index - window], destinationID: $0, run: run) }
                    }
                }
            }
        }
    }

    /// Arrivals (and a rollback's deletions) of one object read from an id map, to be added together.
    final class Batch: @unchecked Sendable {
        /// How many arrivals a batch holds.
        static let size = 4096
        fileprivate var object = ""
        fileprivate var sourceIDs = ByteList()
        fileprivate var destinationIDs = ByteList()
        /// Whether each row is a deletion rather than an arrival.
        fileprivate var deletions: [Bool] = []
        /// Whether the file ends after this batch.
        fileprivate var isLast = false

        var isFull: Bool { sourceIDs.count == Self.size }
        var isEmpty: Bool { sourceIDs.count == 0 }

        func append(_ sourceID: UnsafeBufferPointer<UInt8>, _ destinationID: UnsafeBufferPointer<UInt8>, deletion: Bool) {
            sourceIDs.append(sourceID)
            destinationIDs.append(destinationID)
            deletions.append(deletion)
        }

        func removeAll() {
            sourceIDs.removeAll()
            destinationIDs.removeAll()
            deletions.removeAll(keepingCapacity: true)
            isLast = false
        }
    }

    /// Hands batches from the thread that reads an id map to the thread that files its rows,
    /// through a ring of a few batches: each side waits only when the other is behind.
    private final class BatchPipe: @unchecked Sendable {
        private let batches = (0..<4).map { _ in Batch() }
        private let free = DispatchSemaphore(value: 4)
        private let filled = DispatchSemaphore(value: 0)
        private var sent = 0
        private var received = 0

        /// The next empty batch (waiting until one is free).
        func batchToFill() -> Batch {
            free.wait()
            return batches[sent % batches.count]
        }

        /// Hands over the batch last given by ``batchToFill()``.
        func send() {
            sent += 1
            filled.signal()
        }

        /// The next filled batch (waiting until one is sent).
        func receive() -> Batch {
            filled.wait()
            return batches[received % batches.count]
        }

        /// Gives back the batch last given by ``receive()``, emptied.
        func giveBack() {
            batches[received % batches.count].removeAll()
            received += 1
            free.signal()
        }
    }

    /// The runs the arrivals came in, oldest first.
    private(set) var runIDs: [String] = []
    /// The id maps read, oldest run first.
    private(set) var idMaps: [(runID: String, path: String)] = []
    /// Arrivals by object.
    private var byObject: [String: Arrivals] = [:]

    /// No earlier runs.
    static let none = ArrivalHistory()

    /// The arrivals of `object`, if any run brought one.
    subscript(object: String) -> Arrivals? {
        byObject[object]
    }

    /// The first arrival of `sourceID` among `object`'s arrivals.
    func arrival(of sourceID: UnsafeBufferPointer<UInt8>, in arrivals: Arrivals) -> Arrival? {
        arrivals.first(sourceID).map { Arrival(destinationID: $0.destinationID, runID: runIDs[$0.run]) }
    }

    /// Adds the arrivals the run `runID` lists in its id map at `path`, and takes away the records
    /// it lists as deleted (a rollback run's); rows of records that failed are passed over.
    ///
    /// - Throws: ``RunFailure`` 65 naming the file when it is not an id map.
    mutating func add(run runID: String, idMap path: String) throws(RunFailure) {
        let run = runIDs.count
        runIDs.append(runID)
        idMaps.append((runID, path))
        let expected = IDMapFile.estimatedRows(path)
        // This thread reads the file while a second one files its rows.
        let pipe = BatchPipe()
        // The tables move to the second thread and back, so that none is ever copied.
        var tables = byObject
        byObject = [:]
        var failure: RunFailure?
        _ = Concurrently.both({
            // A run's rows come grouped by object: the current object's name is kept as bytes.
            var currentName: [UInt8] = []
            var batch = pipe.batchToFill()
            do throws(RunFailure) {
                try IDMapFile.forEachRow(path) { row in
                    let deletion = row.deleted
                    guard deletion || row.arrived else { return }
                    if !row.object.elementsEqual(currentName) {
                        if !batch.isEmpty {
                            pipe.send()
                            batch = pipe.batchToFill()
                        }
                        currentName = Array(row.object)
                        batch.object = String(decoding: row.object, as: UTF8.self)
                    }
                    batch.append(row.sourceID, row.destinationID, deletion: deletion)
                    if batch.isFull {
                        let object = batch.object
                        pipe.send()
                        batch = pipe.batchToFill()
                        batch.object = object
                    }
                }
            } catch {
                failure = error
            }
            batch.isLast = true
            pipe.send()
        }, {
            while true {
                let batch = pipe.receive()
                if !batch.isEmpty { tables[batch.object, default: Arrivals(expected: expected)].add(batch, run: run) }
                let last = batch.isLast
                pipe.giveBack()
                if last { return }
            }
        })
        byObject = tables
        if let failure { throw failure }
    }

    /// Adds arrivals of the run `runID` from memory: `body` is handed a function to call with
    /// each object, source id and destination id.
    mutating func add(run runID: String, _ body: ((String, UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) -> Void) -> Void) {
        let run = runIDs.count
        runIDs.append(runID)
        body { object, sourceID, destinationID in
            byObject[object, default: Arrivals()].add(sourceID, destinationID: destinationID, run: run)
        }
    }
}
