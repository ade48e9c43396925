/// Everything the reconciler learns about one object of a run: its ids and their outcomes, the
/// destination ids it created, and the failures with their codes and messages.
struct ObjectLedger {
    let object: RunDescription.Object
    var table = IDTable(expected: 4096)
    /// For children: the parent's entry index for each entry (-1: no parent found).
    var parents: [Int32] = []
    /// Failure codes by index (index 0 unused: "no failure").
    var codes: [String] = [""]
    private var codeIndex: [String: UInt16] = [:]
    /// The first message seen for each code index.
    var codeMessages: [String] = [""]
    /// The message of each failed entry.
    var messages: [Int: String] = [:]
    /// Destination ids of created records, in result order.
    var createdIDs = ByteList()
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
        let index = UInt16(truncatingIfNeeded: codes.count)
        codes.append(code)
        codeMessages.append(message)
        codeIndex[code] = index
        return index
    }

    /// The final outcome of an entry, by precedence: created, updated, failed, unprocessed, missing.
    func outcome(_ index: Int) -> Outcome {
        let state = table.states[index]
        if state.contains(.created) { return .created }
        if state.contains(.updated) { return .updated }
        if state.contains(.failed) { return .failed }
        if state.contains(.unprocessed) { return .unprocessed }
        return .missing
    }

    /// What finally happened to a record.
    enum Outcome {
        case created, updated, failed, unprocessed, missing

        /// Whether the record is in the destination.
        var arrived: Bool { self == .created || self == .updated }
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

    /// String `index`.
    func string(_ index: Int) -> String {
        let start = index == 0 ? 0 : ends[index - 1]
        return bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[start..<ends[index]]), as: UTF8.self) }
    }
}
