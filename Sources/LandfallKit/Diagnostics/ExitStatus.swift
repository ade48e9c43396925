/// The exit statuses Landfall uses, from BSD's sysexits.h.
public enum ExitStatus: Int32, Sendable, Comparable {
    /// Done.
    case ok = 0
    /// Done, but the run's verdict reached the `--fail-on` level.
    case verdict = 1
    /// The command line was wrong.
    case usage = 64
    /// An input was read but is not valid.
    case dataError = 65
    /// An input is missing or cannot be read.
    case noInput = 66
    /// An internal error.
    case software = 70
    /// An output cannot be written.
    case cannotCreate = 73

    /// Orders statuses by how much they tell the user: a missing input outranks an invalid one.
    private var rank: Int {
        switch self {
        case .ok: 0
        case .verdict: 1
        case .dataError: 1
        case .noInput: 2
        case .usage: 3
        case .cannotCreate: 4
        case .software: 5
        }
    }

    public static func < (lhs: ExitStatus, rhs: ExitStatus) -> Bool { lhs.rank < rhs.rank }
}
