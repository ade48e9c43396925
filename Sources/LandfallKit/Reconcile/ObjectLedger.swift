/// Everything the reconciler learns about one object of a run: its ids and their outcomes, the
/// destination ids it created, and the failures with their codes and messages.
struct ObjectLedger {
    /// What finally happened to a record.
    enum Outcome: Hashable {
        case created, updated, failed, unprocessed, missing

        /// The outcome of a state, by precedence: created, updated, failed, unprocessed, missing.
        init(_ state: IDTable.State) {
            if state.contains(.created) {
                self = .created
            } else if state.contains(.updated) {
                self = .updated
            } else if state.contains(.failed) {
                self = .failed
            } else if state.contains(.unprocessed) {
                self = .unprocessed
            } else {
                self = .missing
            }
        }

        /// Whether the record is in the destination.
        var arrived: Bool { self == .created || self == .updated }

        /// The outcome's place in precedence order, 0 to 4.
        var index: Int {
            switch self {
            case .created: 0
            case .updated: 1
            case .failed: 2
            case .unprocessed: 3
            case .missing: 4
            }
        }
    }

    let object: RunDescription.Object
    var table = IDTable(expected: 4096)
    /// For children: the parent's slot in the parent's table, by entry (-1: no parent found).
    var parents: [Int32] = []
    /// Failure codes by index (index 0 unused: "no failure").
    var codes: [String] = [""]
    private var codeIndex: [String: UInt16] = [:]
    /// The first message seen for each code index.
    var codeMessages: [String] = [""]
    /// The message of each failed id, by entry number.
    var messages: [Int: String] = [:]
    /// The destination id a failed result named (an upsert that failed on a record the
    /// destination holds), by entry number: kept in the id map, marked failed.
    var failedDestinations: [Int: String] = [:]
    /// The destination ids the created and updated results name, in result order.
    private(set) var destinationIDs = ByteList()
    /// Whether each of ``destinationIDs`` was created (not updated).
    private(set) var destinationCreated: [Bool] = []
    /// The source ids of all results, in result order.
    private var resultIDs = ByteList()
    /// For each of ``destinationIDs``: its result's index in ``resultIDs``.
    private var arrivalResults: [Int32] = []
    /// Whether each of ``destinationIDs`` is the one its record is known by (a submitted record's
    /// first created result, else its first updated one): the arrivals the id map lists.
    private var arrivalListed: [Bool] = []
    /// For each entry: its index in ``destinationIDs`` (the first created result's, else the
    /// first updated one's), or -1 when it did not arrive.
    private var destinationOfEntry: [Int32] = []
    /// For children whose parent id is not among this run's parent records: the parent id, by
    /// entry, so that it can be looked for in earlier runs.
    var parentIDsOutsideRun: [Int: String] = [:]
    /// Records this run created that an earlier run of the migration had already brought, by
    /// entry, with that earlier arrival (set by ``findDuplicatesAcrossRuns(in:)``).
    private(set) var duplicatesAcrossRuns: [(entry: Int, earlier: ArrivalHistory.Arrival)] = []
    /// The entries, in source order, of the records that arrived without their parent (set by
    /// ``findOrphans(parent:)`` once the parent's results are in).
    private(set) var orphans: [Int] = []
    /// The jobs the results came in, when they came in several.
    var jobs: [RunReport.JobReport] = []
    /// Source ids that appear twice in the source file.
    var sourceDuplicates = 0
    var sourceDuplicateSamples: [String] = []
    /// Source rows without an id.
    var rowsWithoutID = 0

    init(object: RunDescription.Object) {
        self.object = object
    }

    /// The index of a failure code, registering it when new.
    mutating func code(_ code: String, message: String) -> UInt16 {
        if let index = codeIndex[code] { return index }
        // ParsedResults refuses more codes than fit, so the index never wraps.
        let index = UInt16(codes.count)
        codes.append(code)
        codeMessages.append(message)
        codeIndex[code] = index
        return index
    }

    /// Takes the destination ids of `parsed`'s created and updated results, to be joined to the
    /// records one by one (``recordArrival(entry:submitted:destination:)``).
    mutating func takeArrivals(of parsed: ParsedResults) {
        destinationIDs = parsed.destinationIDs
        destinationCreated = parsed.arrivalCreated
        resultIDs = parsed.ids
        arrivalResults = parsed.arrivalResults
        arrivalListed = [Bool](repeating: false, count: destinationIDs.count)
        destinationOfEntry = [Int32](repeating: -1, count: table.count)
    }

    /// Notes that the result at `destination` (an index of ``destinationIDs``) brought the record
    /// at `entry`, which was submitted or not.
    mutating func recordArrival(entry: Int, submitted: Bool, destination: Int) {
        if destinationOfEntry.count <= entry {
            destinationOfEntry.append(contentsOf: repeatElement(-1, count: entry + 1 - destinationOfEntry.count))
        }
        let current = Int(destinationOfEntry[entry])
        if current < 0 || (destinationCreated[destination] && !destinationCreated[current]) {
            if current >= 0 { arrivalListed[current] = false }
            destinationOfEntry[entry] = Int32(destination)
            arrivalListed[destination] = submitted
        }
    }

    /// Calls `body` with the source id and destination id of every submitted record that
    /// arrived, and whether it was created, in the order the destination reported them (what
    /// the id map lists).
    func forEachArrival(_ body: (_ sourceID: UnsafeBufferPointer<UInt8>, _ destinationID: UnsafeBufferPointer<UInt8>, _ created: Bool) -> Void) {
        for index in 0..<destinationIDs.count where arrivalListed[index] {
            resultIDs.withItem(Int(arrivalResults[index])) { sourceID in destinationIDs.withItem(index) { body(sourceID, $0, destinationCreated[index]) } }
        }
    }

    /// Calls `body` with the destination id that brought the record at `entry`, and whether it
    /// was created; not at all when the record did not arrive.
    func withDestination(ofEntry entry: Int, _ body: (UnsafeBufferPointer<UInt8>, Bool) -> Void) {
        guard entry < destinationOfEntry.count, destinationOfEntry[entry] >= 0 else { return }
        let index = Int(destinationOfEntry[entry])
        destinationIDs.withItem(index) { body($0, destinationCreated[index]) }
    }

    /// Finds the records that arrived while their parent did not arrive, neither in this run (in
    /// `parent`'s ledger) nor in an earlier run of the migration (`earlier`, the parent object's
    /// arrivals), and keeps their entries in ``orphans``.
    mutating func findOrphans(parent: ObjectLedger, earlier: ArrivalHistory.Arrivals? = nil) {
        orphans = entries([.created, .updated]).compactMap { entry, _ in
            if let slot = parentSlot(ofEntry: entry) {
                if parent.outcome(slot: slot).arrived { return nil }
                let arrivedEarlier = earlier.map { earlier in parent.table.withKey(slot: slot) { earlier.contains($0) } } ?? false
                return arrivedEarlier ? nil : entry
            }
            guard let id = parentIDsOutsideRun[entry] else { return entry }
            return earlier?.contains(id) == true ? nil : entry
        }
    }

    /// Finds the records this run created although an earlier run of the migration had brought
    /// them already (among `history`'s arrivals of this object), and keeps them in ``duplicatesAcrossRuns``.
    mutating func findDuplicatesAcrossRuns(in history: ArrivalHistory) {
        guard let earlier = history[object.object] else { return }
        duplicatesAcrossRuns = entries([.created]).compactMap { entry, slot in
            table.withKey(slot: slot) { history.arrival(of: $0, in: earlier) }.map { (entry, $0) }
        }
    }

    /// The parent's slot in the parent's table for the record at `entry`, when it has one.
    func parentSlot(ofEntry entry: Int) -> Int? {
        entry < parents.count && parents[entry] >= 0 ? Int(parents[entry]) : nil
    }

    /// The final outcome of the id in `slot`.
    func outcome(slot: Int) -> Outcome {
        Outcome(table[slot].state)
    }

    /// What one pass over the table counts once every result is in (see ``takeCensus()``).
    struct Census {
        /// Submitted ids by outcome, in ``Outcome/index`` order.
        var byOutcome = [0, 0, 0, 0, 0]
        /// Distinct submitted ids.
        var source = 0
        /// Submitted ids that more than one result named.
        var duplicated = 0
        /// Ids results named that were not submitted.
        var unexpected = 0
        /// Failed ids by failure code index.
        var byCode: [Int] = []
    }

    /// The counts, set by ``takeCensus()``.
    private(set) var census = Census()

    /// The submitted records that failed, went unprocessed or missing, in source order, once
    /// ``takeCensus()`` has found them: the lists read them several times.
    private var problemEntries: [(entry: Int, slot: Int)]?

    /// Counts the outcomes and finds the records that failed, went unprocessed or missing, in
    /// one pass over the table, once every result is in.
    mutating func takeCensus() {
        var census = Census(byCode: [Int](repeating: 0, count: codes.count))
        var problems: [(entry: Int, slot: Int)] = []
        table.forEachSlot { slot, value in
            guard value.state.contains(.inSource) else {
                if value.results > 0 { census.unexpected += 1 }
                return
            }
            census.source += 1
            if value.results > 1 { census.duplicated += 1 }
            let outcome = Outcome(value.state)
            census.byOutcome[outcome.index] += 1
            if outcome == .failed { census.byCode[Int(value.failCode)] += 1 }
            if !outcome.arrived { problems.append((Int(value.meta & 0xFFFF_FFFF) - 1, slot)) }
        }
        problems.sort { $0.entry < $1.entry }
        self.census = census
        problemEntries = problems
    }

    /// Every submitted id whose outcome is one of `outcomes`, in source order, with its slot.
    func entries(_ outcomes: Set<Outcome>) -> [(entry: Int, slot: Int)] {
        if let problemEntries, outcomes.isSubset(of: [.failed, .unprocessed, .missing]) {
            return problemEntries.filter { outcomes.contains(outcome(slot: $0.slot)) }
        }
        let wanted = outcomes.reduce(into: [false, false, false, false, false]) { $0[$1.index] = true }
        // The slots are scanned in memory order and each match put at its entry's place, so
        // neither a sort nor a random walk over the table is needed.
        var slotOfEntry = [Int32](repeating: -1, count: table.count)
        var found = 0
        table.forEachSlot { slot, value in
            if value.state.contains(.inSource) && wanted[Outcome(value.state).index] {
                slotOfEntry[Int(value.meta & 0xFFFF_FFFF) - 1] = Int32(slot)
                found += 1
            }
        }
        var result: [(entry: Int, slot: Int)] = []
        result.reserveCapacity(found)
        for (entry, slot) in slotOfEntry.enumerated() where slot >= 0 { result.append((entry, Int(slot))) }
        return result
    }
}

/// Short byte strings stored end to end, for lists of millions of ids.
struct ByteList {
    private(set) var bytes: [UInt8] = []
    private(set) var ends: [Int] = []

    /// Appends one string.
    mutating func append(_ item: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: item)
        ends.append(bytes.count)
    }

    /// Makes room for `count` strings of about `length` bytes each.
    mutating func reserveCapacity(_ count: Int, length: Int) {
        bytes.reserveCapacity(count * length)
        ends.reserveCapacity(count)
    }

    /// How many strings.
    var count: Int { ends.count }

    /// The bytes of all strings together.
    var byteCount: Int { bytes.count }

    /// Empties the list, keeping its memory for reuse.
    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
    }

    /// Calls `body` with the bytes of string `index`.
    func withItem<T>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        let start = index == 0 ? 0 : ends[index - 1]
        return bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[start..<ends[index]])) }
    }
}
