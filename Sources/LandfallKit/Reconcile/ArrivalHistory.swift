/// What earlier runs of one migration and environment brought into the destination: for each
/// object, every source id that arrived, with the destination id and the run that brought it
/// first. Read from those runs' `idmap.csv`; a run is judged against it for orphans (a parent
/// that arrived earlier is there) and duplicates across runs (a record created again).
struct ArrivalHistory: Sendable {
    /// One source record's first arrival.
    struct Arrival: Sendable, Equatable {
        /// The destination record's id.
        var destinationID: String
        /// The run that brought it.
        var runID: String
    }

    /// Arrivals by object, then by source id.
    private(set) var byObject: [String: [String: Arrival]] = [:]

    /// No earlier runs.
    static let none = ArrivalHistory()

    /// The arrivals of `object` (empty when no earlier run brought any).
    subscript(object: String) -> [String: Arrival] {
        byObject[object] ?? [:]
    }

    /// Records an arrival unless the id arrived already (the first arrival is kept).
    mutating func add(object: String, sourceID: String, _ arrival: Arrival) {
        if byObject[object, default: [:]][sourceID] == nil { byObject[object, default: [:]][sourceID] = arrival }
    }
}
