import Foundation

/// Per file and column, what an export holds (`profile.json`).
public struct ExportProfile: Sendable, Codable {
    /// One file.
    public struct File: Sendable, Codable {
        public var file: String
        public var rows: Int
        public var columns: [ColumnProfile]
        /// The file's first record, each value cut to ``ExportProfile/sampleLength`` characters:
        /// what the signed field map shows before and after the map.
        public var firstRecord: [ColumnValue]?

        /// The first record as values by column.
        public var sample: [String: String]? {
            firstRecord.map { Dictionary($0.map { ($0.column, $0.value) }, uniquingKeysWith: { first, _ in first }) }
        }
    }

    /// One column's value in a record.
    public struct ColumnValue: Sendable, Codable, Equatable {
        public var column: String
        public var value: String
    }

    /// The most characters of a value a sample record keeps.
    public static let sampleLength = 500

    public var files: [File]

    /// The profile of `column` in the file that holds `object`'s rows, when the export had it.
    public func column(_ column: String, of object: String) -> ColumnProfile? {
        guard let file = ExportLayout.file(of: object) else { return nil }
        return files.first { $0.file == file }?.columns.first { $0.column == column }
    }

    /// Reads a `profile.json` that survey wrote.
    ///
    /// - Throws: ``InputFailure``: missing (66) or not a profile (65).
    public static func read(path: String) throws(InputFailure) -> ExportProfile {
        let input = try InputFile(path: path)
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        guard let profile = try? decoder.decode(ExportProfile.self, from: Data(input.bytes)) else {
            throw InputFailure(Diagnostic(.error, at: SourceLocation(file: path, line: 1, column: 1), "is not a profile.json that landfall survey wrote"),
                               status: .dataError)
        }
        return profile
    }
}

/// Reads a raw export folder once, file by file, into the manifest it amounts to, the profile of
/// its columns and the findings on its integrity (each with its file, line and column).
public struct ExportSurvey {
    /// What a survey found.
    public struct Outcome: Sendable {
        /// The manifest as JSON text, unless a finding is an error.
        public var manifest: String?
        /// Per file and column, what the export holds.
        public var profile: ExportProfile
        /// Every finding, errors first within a file.
        public var diagnostics: [Diagnostic]
        /// 0, or the status of the worst error (65 malformed, 66 missing).
        public var status: ExitStatus
        /// In how many parts each CSV file read was read (1: whole, from its start).
        public var parts: [String: Int] = [:]
    }

    /// The export folder.
    public let folder: String
    /// The customer's name for the manifest.
    public let customer: String
    /// The destination's platform id.
    public let destination: String
    /// The family of that destination.
    public let family: DestinationFamily?
    /// The destination's length limits by export file and column, from the catalog's field map.
    public let limits: [String: [String: (field: String, maxLength: Int)]]
    /// Used as the export's date when no row carries a timestamp.
    public let asOf: Date
    /// A file is read in parts at the same time when each part gets at least this many bytes.
    public var partBytes = 16 << 20
    /// At most this many parts of one file are read at the same time: one a processor core, up to four.
    public var maxParts = min(ProcessInfo.processInfo.activeProcessorCount, 4)
    /// Told of every byte of the export read.
    public var progress: ProgressMeter?

    /// Creates a survey of `folder`.
    public init(folder: String, customer: String, destination: String, family: DestinationFamily?, fieldMap: [FieldMapping] = [], asOf: Date) {
        var limits: [String: [String: (field: String, maxLength: Int)]] = [:]
        for mapping in fieldMap {
            if let maxLength = mapping.maxLength, let column = mapping.source, let file = ExportLayout.file(of: mapping.object),
               limits[file]?[column].map({ $0.maxLength > maxLength || ($0.maxLength == maxLength && mapping.when == nil) }) ?? true {
                limits[file, default: [:]][column] = (mapping.destination, maxLength)
            }
        }
        self.limits = limits
        self.folder = folder
        self.customer = customer
        self.destination = destination
        self.family = family
        self.asOf = asOf
    }

    /// How many findings of one kind are listed per column before the rest are counted.
    static let findingsPerColumn = 5

    /// Surveys the folder.
    public func run() -> Outcome {
        var findings: [Diagnostic] = []
        var status = ExitStatus.ok
        func fail(_ diagnostic: Diagnostic, _ code: ExitStatus) {
            findings.append(diagnostic)
            if status == .ok || code == .noInput { status = code }
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            let problem = FileManager.default.fileExists(atPath: folder) ? "is a file, not a folder: give the folder the export was unpacked into" : "does not exist"
            fail(Diagnostic(.error, at: SourceLocation(file: folder), problem), .noInput)
            return Outcome(manifest: nil, profile: ExportProfile(files: []), diagnostics: findings, status: status)
        }
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
        for name in names where !ExportLayout.knownNames.contains(name) && name != DeltaReport.fileName {
            findings.append(Diagnostic(.warning, at: SourceLocation(file: path(name)), "is not a file of a Thread export; it was not read"))
        }
        guard names.contains(where: ExportLayout.knownNames.contains) else {
            let known = ExportLayout.files.prefix(4).map(\.name).joined(separator: ", ")
            fail(Diagnostic(.error, at: SourceLocation(file: folder), names.isEmpty ? "is empty: it holds none of the export's files (\(known) …)"
                                                                                 : "holds none of the export's files (\(known) …)"), .dataError)
            return Outcome(manifest: nil, profile: ExportProfile(files: []), diagnostics: findings, status: status)
        }
        // Every file read lies inside the export folder: a link out of it, or a FIFO, is refused unread.
        let boundary = InputFolder(path: folder, noun: "export folder")
        for name in names where ExportLayout.knownNames.contains(name) {
            do {
                _ = try boundary.input(name)
            } catch {
                fail(error.diagnostic, error.status)
            }
        }
        guard !findings.hasErrors else { return Outcome(manifest: nil, profile: ExportProfile(files: []), diagnostics: findings, status: status) }
        var reader = FileReader(survey: self)
        // A delta export (landfall delta) holds what changed; the rest is the earlier load's.
        if names.contains(DeltaReport.fileName) {
            do {
                reader.removedSinceEarlier = try DeltaReport.read(in: folder)?.removedByFile
            } catch {
                fail(error.diagnostic, error.status)
                return Outcome(manifest: nil, profile: ExportProfile(files: []), diagnostics: findings, status: status)
            }
        }
        var profiles: [ExportProfile.File] = []
        var parts: [String: Int] = [:]
        for file in ExportLayout.files where names.contains(file.name) {
            let read = reader.read(file)
            profiles.append(read.profile)
            parts[file.name] = read.parts
            for finding in read.findings {
                if finding.diagnostic.severity == .error { fail(finding.diagnostic, finding.status) } else { findings.append(finding.diagnostic) }
            }
        }
        var details = reader.details
        // How many conversations stand alone and how many messages are internal: what the field
        // map and the load plan count records by.
        if let conversations = profiles.first(where: { $0.file == "conversations.csv" }),
           let standalone = RowCount(file: conversations).rows(meeting: RecordCondition([.isEmpty("ticket_id"), .isEmpty("review_id")])) {
            details.counts[.standaloneConversations] = standalone
        }
        if let messages = profiles.first(where: { $0.file == "messages.csv" }),
           let internalCount = RowCount(file: messages).rows(meeting: RecordCondition([.equals("internal", "true")])) {
            details.counts[.internalMessages] = internalCount
        }
        for (name, key) in ExportLayout.jsonFiles where names.contains(name) {
            switch JSONList.read(path(name)) {
            case .success(let list):
                details.lists[name] = list
                details.counts[key] = list.count
            case .failure(let failure): fail(failure.diagnostic, failure.status)
            }
        }
        let profile = ExportProfile(files: profiles)
        guard !findings.hasErrors else { return Outcome(manifest: nil, profile: profile, diagnostics: findings, status: status, parts: parts) }
        let manifest = details.manifestJSON(customer: customer, destination: destination, family: family, exportedAt: reader.latestInstant ?? asOf)
        if family == .salesforce {
            findings.append(Diagnostic(.warning, at: SourceLocation(file: folder),
                                       "the export does not say the Salesforce edition or the number of licences: the manifest says enterprise and one licence per active user; correct them there"))
        }
        return Outcome(manifest: manifest, profile: profile, diagnostics: findings, status: status, parts: parts)
    }

    /// A file of the export, by name.
    func path(_ name: String) -> String {
        (folder as NSString).appendingPathComponent(name)
    }
}

/// A JSON detail list (`automations.json`, `integrations.json`): an array of objects.
enum JSONList {
    static func read(_ path: String) -> Result<[DataNode], InputFailure> {
        let node: DataNode
        do {
            node = try JSONNodeReader.read(try InputFile(path: path))
        } catch {
            return .failure(error)
        }
        guard case .array(let list) = node.value else {
            return .failure(.content(path, at: node.position, "is \(node.kindDescription), not a JSON array of objects shaped like the manifest's list"))
        }
        if let entry = list.first(where: { if case .object = $0.value { false } else { true } }) {
            return .failure(.content(path, at: entry.position, "holds \(entry.kindDescription) where each entry is an object shaped like the manifest's list"))
        }
        return .success(list)
    }
}
