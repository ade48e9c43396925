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
    /// Destination ids of created records, in result order.
    var createdIDs = ByteList()
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

    /// Finds the records that arrived while their parent (in `parent`'s ledger) did not, or was
    /// never submitted, and keeps their entries in ``orphans``.
    mutating func findOrphans(parent: ObjectLedger) {
        orphans = entries([.created, .updated]).compactMap { entry, _ in
            guard let slot = parentSlot(ofEntry: entry) else { return entry }
            return parent.outcome(slot: slot).arrived ? nil : entry
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

    /// Every submitted id whose outcome is one of `outcomes`, in source order, with its slot.
    func entries(_ outcomes: Set<Outcome>) -> [(entry: Int, slot: Int)] {
        var found: [(entry: Int, slot: Int)] = []
        table.forEachSlot { slot, value in
            if value.state.contains(.inSource) && outcomes.contains(Outcome(value.state)) {
                found.append((Int(value.meta & 0xFFFF_FFFF) - 1, slot))
            }
        }
        return found.sorted { $0.entry < $1.entry }
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

    /// How many strings.
    var count: Int { ends.count }

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
