import Foundation

/// What is known of the account's people in the destination: the one account of it that the
/// estimate, the quote and the crosswalk all state.
public enum UserMatching: Sendable, Equatable, Encodable {
    /// Nobody matched the people: every source user is assumed to exist in the destination.
    case notDone
    /// The number of people with no destination user was given (`--unmatched-users`).
    case counted(unmatched: Int)
    /// The people were matched by e-mail against a destination-users file.
    case matched(file: String, people: Int, unmatched: Int)

    /// Matches `people` by e-mail against `users`, as the crosswalk does person by person; not
    /// done when the manifest does not list its people.
    public static func matching(_ people: [User]?, against users: DestinationUsers) -> UserMatching {
        guard let people else { return .notDone }
        let unmatched = people.filter { users.match(email: $0.email) == nil }.count
        return .matched(file: (users.file as NSString).lastPathComponent, people: people.count, unmatched: unmatched)
    }

    private enum CodingKeys: String, CodingKey {
        case method, file, people, unmatched
    }

    /// `{"method": "matched_by_email", "file": "users.csv", "people": 6, "unmatched": 3}`;
    /// the method is `not_done` or `stated` otherwise. The client's documents write
    /// ``forClient`` instead, which names no file.
    public func encode(to encoder: Encoder) throws {
        try encode(to: encoder, naming: true)
    }

    /// The method and the figures, and the file matched against when `naming` says so.
    fileprivate func encode(to encoder: Encoder, naming file: Bool) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .notDone:
            try container.encode("not_done", forKey: .method)
        case .counted(let unmatched):
            try container.encode("stated", forKey: .method)
            try container.encode(unmatched, forKey: .unmatched)
        case .matched(let name, let people, let unmatched):
            try container.encode("matched_by_email", forKey: .method)
            if file { try container.encode(name, forKey: .file) }
            try container.encode(people, forKey: .people)
            try container.encode(unmatched, forKey: .unmatched)
        }
    }

    /// The same without the name of the file the people were matched against: what the
    /// customer's documents say.
    var forClient: ClientUserMatching {
        ClientUserMatching(matching: self)
    }

    /// The people with no destination user yet, when known.
    public var unmatched: Int? {
        switch self {
        case .notDone: nil
        case .counted(let unmatched), .matched(_, _, let unmatched): unmatched
        }
    }

    /// The short form, for a summary: the figure (`3 of 6 to provision`) and where it comes from
    /// (`before the load, matched by e-mail against the destination's users`).
    func summary(destination: String) -> (figure: String, note: String) {
        switch self {
        case .notDone: ("not matched yet", "every source user is assumed to exist in \(destination)")
        case .counted(let unmatched): ("\(Format.count(unmatched)) to provision", "before the load, as stated for this quote")
        case .matched(_, 0, _): ("nobody to match", "the account lists no users to match against \(destination)'s")
        case .matched(_, let people, let unmatched):
            ("\(Format.count(unmatched)) of \(Format.count(people)) to provision", "before the load, matched by e-mail against \(destination)'s users")
        }
    }

    /// One sentence on it for a reader of the quote, naming the destination's word for a user.
    func statement(userWord: String) -> String {
        switch self {
        case .notDone:
            "User matching was not done: every source user is assumed to exist in the destination as a \(userWord) already. Each one who does not adds owner-reconciliation time and cost, so the quote changes once the people are matched."
        case .counted(let unmatched):
            unmatched == 0
                ? "Every source user has a \(userWord) in the destination already (as stated for this quote)."
                : "\(unmatched) source user\(unmatched == 1 ? " has" : "s have") no \(userWord) in the destination yet (as stated for this quote): owner reconciliation is planned and priced for \(unmatched == 1 ? "that person" : "them")."
        case .matched(_, 0, _):
            "The account lists no users, so there was nobody to match against the destination's \(userWord)s."
        case .matched(_, let people, let unmatched):
            unmatched == 0
                ? "All \(people) source users were matched by e-mail to a \(userWord) in the destination."
                : "\(unmatched) of \(people) source users \(unmatched == 1 ? "has" : "have") no \(userWord) in the destination (matched by e-mail against its \(userWord)s): they are provisioned before the load, and owner reconciliation is planned and priced for them."
        }
    }
}

/// How the people were matched, as the customer's documents write it: the method and the
/// figures, without the file they were matched against.
public struct ClientUserMatching: Sendable, Encodable {
    let matching: UserMatching

    public func encode(to encoder: Encoder) throws {
        try matching.encode(to: encoder, naming: false)
    }
}
