import Foundation

/// A person who already exists in the destination, from a Salesforce User export or an Intercom
/// admins export.
public struct DestinationUser: Equatable, Sendable, Encodable {
    /// The destination's id.
    public var id: String
    /// Display name.
    public var name: String
    /// E-mail address, the matching key.
    public var email: String
    /// Salesforce `Username` (the e-mail for Intercom).
    public var username: String
    /// Whether the account is active, when the export says.
    public var active: Bool?
}

/// The people of a destination-users file, indexed by e-mail, with the findings made reading it.
public struct DestinationUsers: Sendable {
    /// Which export the file is.
    public enum Kind: String, Sendable, Encodable, CaseIterable {
        case salesforceUserExport = "salesforce-user-export"
        case intercomAdmins = "intercom-admins"

        /// The family of destination whose people such a file lists.
        var family: DestinationFamily {
            switch self {
            case .salesforceUserExport: .salesforce
            case .intercomAdmins: .intercom
            }
        }

        /// What the file looks like, for messages.
        var description: String {
            switch self {
            case .salesforceUserExport: "a Salesforce User export (CSV)"
            case .intercomAdmins: "an Intercom admins export (JSON)"
            }
        }
    }

    /// The file as named.
    public var file: String
    /// Which export it is.
    public var kind: Kind
    /// Everyone, in file order.
    public var users: [DestinationUser]
    /// Warnings made reading it (duplicate e-mails, rows without an e-mail).
    public var diagnostics: [Diagnostic]
    private var byEmail: [String: DestinationUser]

    init(file: String, kind: Kind, users: [(user: DestinationUser, position: TextPosition)]) {
        self.file = file
        self.kind = kind
        self.users = users.map(\.user)
        var index: [String: (DestinationUser, TextPosition)] = [:]
        var findings: [Diagnostic] = []
        for (user, position) in users {
            let key = EmailAddress.matchKey(user.email)
            let location = SourceLocation(file: file, line: position.line, column: position.column)
            if key.isEmpty {
                findings.append(Diagnostic(.warning, at: location, "\(user.name.isEmpty ? user.id : user.name) has no e-mail and cannot be matched"))
            } else if let (first, firstPosition) = index[key] {
                findings.append(Diagnostic(.warning, at: location,
                                           "the e-mail \(user.email) is also used by \(first.name) (line \(firstPosition.line)); matching uses the first, \(first.username)"))
            } else {
                index[key] = (user, position)
            }
        }
        byEmail = index.mapValues(\.0)
        diagnostics = findings
    }

    /// The finding when this file lists the people of another destination than `destination`.
    func mismatch(with destination: Platform) -> Diagnostic? {
        guard kind.family != destination.family else { return nil }
        let wanted = DestinationUsers.Kind.allCases.first { $0.family == destination.family }
        return Diagnostic(.error, at: SourceLocation(file: file),
                          "looks like \(kind.description), but this migration goes to \(destination.name)"
                          + (wanted.map { "; give \($0.description)" } ?? ", which takes no destination-users file"))
    }

    /// The destination user with this e-mail (trimmed, case-insensitive), if any.
    public func match(email: String) -> DestinationUser? {
        byEmail[EmailAddress.matchKey(email)]
    }

    /// Reads a Salesforce User export (CSV with `Id`, `Name`, `Email`, optional `IsActive` and
    /// `Username`) or an Intercom admins export (JSON `{"admins": [...]}`), telling them apart by
    /// extension, else by content.
    ///
    /// - Throws: ``InputFailure`` when the file is missing (66), or is in neither format, or lacks
    ///   the e-mail column, or is malformed (65, with the place).
    public static func read(path: String) throws(InputFailure) -> DestinationUsers {
        let input = try InputFile(path: path)
        let extensionName = (path as NSString).pathExtension.lowercased()
        let looksLikeJSON = DocumentFormat(sniffing: input.bytes) == .json
        if extensionName == "json" || (extensionName != "csv" && looksLikeJSON) {
            return try intercom(input)
        }
        let document: CSVDocument
        do {
            document = try CSVDocument.parse(input)
        } catch {
            throw extensionName == "csv" ? error : neither(path)
        }
        guard document.column("Email") != nil || extensionName == "csv" || document.column("Id") != nil else {
            throw neither(path)
        }
        return try salesforce(document, file: path)
    }

    private static func neither(_ path: String) -> InputFailure {
        .file(path, "is neither a Salesforce User export (CSV with Id, Name and Email columns) nor an Intercom admins export (JSON with an admins list)", status: .dataError)
    }

    private static func salesforce(_ document: CSVDocument, file: String) throws(InputFailure) -> DestinationUsers {
        let header = TextPosition(line: document.headerLine, column: 1)
        guard let email = document.column("Email") else {
            throw .content(file, at: header, "the header has no Email column, so nobody can be matched (columns: \(document.header.joined(separator: ", ")))")
        }
        guard let id = document.column("Id") else {
            throw .content(file, at: header, "the header has no Id column; this does not look like a Salesforce User export")
        }
        let name = document.column("Name")
        let username = document.column("Username")
        let active = document.column("IsActive")
        let users = document.rows.map { row -> (DestinationUser, TextPosition) in
            let text = { (index: Int?) -> String? in index.map { row.fields[$0].trimmingWhitespace() } }
            let address = text(email) ?? ""
            let flag = text(active).map { ["true", "1", "yes"].contains($0.lowercased()) }
            let user = DestinationUser(id: text(id) ?? "", name: text(name) ?? "", email: address,
                                       username: text(username).flatMap { $0.isEmpty ? nil : $0 } ?? address, active: flag)
            return (user, TextPosition(line: row.line, column: 1))
        }
        return DestinationUsers(file: file, kind: .salesforceUserExport, users: users)
    }

    private static func intercom(_ input: InputFile) throws(InputFailure) -> DestinationUsers {
        let root = try JSONNodeReader.read(input)
        guard case .object(let members) = root.value, let admins = members.first(where: { $0.key == "admins" }) else {
            throw neither(input.path)
        }
        guard case .array(let entries) = admins.value.value else {
            throw .content(input.path, at: admins.value.position, "admins must be a list [admins]")
        }
        var users: [(DestinationUser, TextPosition)] = []
        for (index, entry) in entries.enumerated() {
            guard case .object(let fields) = entry.value else {
                throw .content(input.path, at: entry.position, "each admin must be an object [admins[\(index)]]")
            }
            func text(_ key: String) -> String? {
                guard let value = fields.first(where: { $0.key == key })?.value.value else { return nil }
                switch value {
                case .string(let string): return string
                case .number(let number): return number
                default: return nil
                }
            }
            guard let email = text("email") else {
                throw .content(input.path, at: entry.position, "this admin has no email [admins[\(index)].email]")
            }
            let address = email.trimmingWhitespace()
            users.append((DestinationUser(id: text("id") ?? "", name: text("name") ?? "", email: address, username: address, active: nil), entry.position))
        }
        return DestinationUsers(file: input.path, kind: .intercomAdmins, users: users)
    }
}
