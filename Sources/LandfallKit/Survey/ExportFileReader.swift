import Foundation

/// What the survey keeps of the export for the manifest: counts and the detail lists.
struct ExportDetails {
    var counts: [CountKey: Int] = [:]
    var users: [User] = []
    var teams: [Team] = []
    var tags: [Tag] = []
    var customProperties: [CustomProperty] = []
    var responseTemplates: [ResponseTemplate] = []
    /// Reviews by platform, in order of first appearance.
    var reviewPlatforms: [(platform: String, count: Int)] = []
    var attachmentBytes = 0
    /// The JSON detail lists, by file name.
    var lists: [String: [DataNode]] = [:]

    /// The manifest as JSON text (sorted keys, a final newline).
    func manifestJSON(customer: String, destination: String, family: DestinationFamily?, exportedAt: Date) -> String {
        var counts = ObjectCounts(self.counts)
        counts[.attachmentBytes] = attachmentBytes
        for key in CountKey.allCases where !key.isOptional && !counts.isGiven(key) { counts[key] = 0 }
        // A person or template listed twice (a finding already) is listed once.
        var seenUsers: Set<String> = []
        let users = self.users.filter { seenUsers.insert($0.id).inserted }
        var seenTemplates: Set<String> = []
        let templates = responseTemplates.filter { seenTemplates.insert($0.id).inserted }
        var system = DestinationSystem(platform: destination)
        if family == .salesforce {
            // The export does not say; the estimate's own assumptions, written out for the reader to correct.
            system.edition = .enterprise
            system.licenses = max(1, users.filter(\.active).count)
        }
        let manifest = Manifest(manifestVersion: 1, customer: Customer(name: customer, id: nil),
                                source: SourceSystem(platform: "thread", exportedAt: exportedAt, exportMethod: .adminPanel, psaIntegration: nil),
                                destination: system, counts: counts,
                                reviewSources: reviewPlatforms.map { ReviewSource(platform: $0.platform, count: $0.count) },
                                users: users, teams: teams, tags: tags, customProperties: customProperties, responseTemplates: templates,
                                automations: nil, integrations: nil)
        guard let text = try? JSONOutput.string(manifest),
              case .object(var members)? = try? JSONNodeReader.read(Array(text.utf8), file: "manifest.json", firstLine: 1).value
        else { return "{}\n" }
        // The detail lists go in as the export has them, each entry whole.
        for (key, file) in [("automations", "automations.json"), ("integrations", "integrations.json")] {
            guard let list = lists[file] else { continue }
            members.append(DataNode.Member(key: key, keyPosition: TextPosition(line: 1, column: 1), value: DataNode(.array(list), at: TextPosition(line: 1, column: 1))))
        }
        return JSONNodeWriter.string(DataNode(.object(members), at: TextPosition(line: 1, column: 1)))
    }
}

/// Reads the export's CSV files one after the other, keeping each file's ids so that the files
/// read later can be checked against them. A large file is read in parts at the same time, one
/// a processor core, and the parts are put together into what reading it whole gives.
struct FileReader {
    typealias Finding = ExportPartReader.Finding

    let survey: ExportSurvey
    private(set) var details = ExportDetails()
    /// The newest instant any `*_at` column holds: the export's date.
    private(set) var latestInstant: Date?
    /// The ids of each file read, by file name.
    private var ids: [String: IDSet] = [:]

    /// For a delta export: the ids the later export no longer holds, by file (see
    /// ``ExportPartReader/Plan/removedSinceEarlier``).
    var removedSinceEarlier: [String: Set<String>]?

    init(survey: ExportSurvey) {
        self.survey = survey
    }

    /// Reads `file`: its profile, its findings, and in how many parts it was read.
    mutating func read(_ file: ExportLayout.File) -> (profile: ExportProfile.File, findings: [Finding], parts: Int) {
        let path = survey.path(file.name)
        var findings: [Finding] = []
        let scanner: CSVScanner
        do {
            scanner = try CSVScanner(path: path)
            scanner.progress = survey.progress
        } catch {
            return (ExportProfile.File(file: file.name, rows: 0, columns: []), [Finding(diagnostic: error.diagnostic, status: error.status)], 1)
        }
        let header = scanner.header
        let headerColumns = ExportPartReader.headerColumns(header)
        if header.count > ExportLayout.maximumColumns {
            // A file this wide is not an export's: refused at the first column past the limit, unread.
            let diagnostic = Diagnostic(.error, at: SourceLocation(file: path, line: 1, column: headerColumns[ExportLayout.maximumColumns]),
                                        "the header names \(Format.count(header.count)) columns; a file of a Thread export has at most \(Format.count(ExportLayout.maximumColumns)) (its own and one a custom property), so this is not one")
            return (ExportProfile.File(file: file.name, rows: 0, columns: []), [Finding(diagnostic: diagnostic, status: .dataError)], 1)
        }
        var seen: [String: Int] = [:]
        for (index, name) in header.enumerated() {
            if let first = seen[name] {
                findings.append(Finding(diagnostic: Diagnostic(.error, at: SourceLocation(file: path, line: 1, column: headerColumns[index]),
                                                               "the column \(name) appears twice (first as column \(first + 1)): which one holds the values is unclear"),
                                        status: .dataError))
            }
            seen[name] = seen[name] ?? index
        }
        for (index, name) in header.enumerated() where !file.columns.contains(name) && !(file.name == "tickets.csv" && name.hasPrefix("custom.")) {
            findings.append(ExportPartReader.warning("the column \(name) is not one \(file.name) has in a Thread export; it is profiled, not used",
                                                     in: path, at: TextPosition(line: 1, column: headerColumns[index])))
        }
        guard !findings.contains(where: { $0.diagnostic.severity == .error }) else {
            return (ExportProfile.File(file: file.name, rows: 0, columns: header.map { ColumnProfile(column: $0) }), findings, 1)
        }
        var plan = ExportPartReader.Plan(
            file: file, path: path, header: header,
            limits: header.map { survey.limits[file.name]?[$0] },
            idColumn: file.idColumn.flatMap(scanner.column),
            references: file.references.compactMap { reference in
                scanner.column(reference.column).flatMap { column in ids[reference.file].map { (column, reference.column, reference.file, $0) } }
            },
            timestampColumns: header.map { $0.hasSuffix("_at") })
        plan.removedSinceEarlier = removedSinceEarlier
        let whole = readInParts(plan, from: scanner.offset, line: scanner.line) ?? {
            var whole = ExportPartReader(plan: plan)
            whole.read(scanner)
            return (whole, 1)
        }()
        let (read, parts) = whole
        findings += Self.namingFirstCopies(read.fileFindings(), of: read.duplicateIDs, in: plan)
        if plan.idColumn != nil { ids[file.name] = read.ids }
        latestInstant = [latestInstant, read.latestInstant].compactMap { $0 }.max()
        read.collector.finish(into: &details, rows: read.rows, count: file.count)
        let sample = read.firstRecord.map { zip(header, $0).map { ExportProfile.ColumnValue(column: $0.0, value: $0.1) } }
        return (ExportProfile.File(file: file.name, rows: read.rows, columns: read.profiles, firstRecord: sample), findings, parts)
    }

    /// `findings` with each duplicate id's finding naming the line of the id's first row, found by
    /// reading the id column again (only when a duplicate was listed).
    static func namingFirstCopies(_ findings: [Finding], of duplicates: Set<String>, in plan: ExportPartReader.Plan) -> [Finding] {
        guard !duplicates.isEmpty, let column = plan.idColumn, let scanner = try? CSVScanner(path: plan.path) else { return findings }
        var firstLines: [String: Int] = [:]
        try? scanner.forEachRow(columns: [column]) { line, fields throws(InputFailure) in
            let id = fields[0].string
            if duplicates.contains(id), firstLines[id] == nil { firstLines[id] = line }
        }
        let messages = Dictionary(uniqueKeysWithValues: firstLines.map { (ExportPartReader.duplicateMessage($0.key, in: plan.file.name), $0.value) })
        return findings.map { finding in
            guard let line = messages[finding.diagnostic.message] else { return finding }
            var named = finding
            named.diagnostic.message += " (first on line \(line))"
            return named
        }
    }

    /// Reads the rows of `plan`'s file from `start` on in parts at the same time, when the file
    /// holds ``ExportSurvey/partBytes`` for each of two parts or more and ``ExportSurvey/maxParts``
    /// allows; nil when it is to be read whole instead: too small, no place to cut found, or parts
    /// that do not fit together (a part that stops at an error, a cut inside a record, an id in
    /// two parts), whose findings only a reading from the start tells in their order. The parts
    /// after the first count their lines from 1, and are moved to their place when put together.
    func readInParts(_ plan: ExportPartReader.Plan, from start: Int, line: Int) -> (ExportPartReader, parts: Int)? {
        var status = stat()
        guard !DetailCollector.keepsRows(plan.file.name), stat(plan.path, &status) == 0 else { return nil }
        let size = Int(status.st_size)
        let count = min(survey.maxParts, (size - start) / max(survey.partBytes, 1))
        guard count > 1 else { return nil }
        let starts = (0..<count).map { start + (size - start) * $0 / count }
        let parts = Concurrently.each(count) { index -> ExportPartReader? in
            var begin = (offset: start, line: line)
            if index > 0 {
                guard let found = try? CSVSplit.likelyRecordStart(in: plan.path, atOrAfter: starts[index], fields: plan.header.count) else { return nil }
                begin = (found, 1)
            }
            guard let scanner = try? CSVScanner(path: plan.path, from: begin.offset, line: begin.line, header: plan.header) else { return nil }
            scanner.progress = survey.progress
            var part = ExportPartReader(plan: plan)
            part.read(scanner, until: index + 1 < count ? starts[index + 1] : .max)
            return part
        }
        guard var whole = parts[0], whole.failure == nil, whole.ids.isExact else { return nil }
        for part in parts.dropFirst() {
            guard let part, part.failure == nil, part.ids.isExact, part.range.lowerBound == whole.range.upperBound, !whole.ids.intersects(part.ids) else { return nil }
            whole.append(part)
        }
        return (whole, count)
    }
}

/// Turns a file's rows into the manifest's counts and detail lists.
struct DetailCollector {
    let file: String
    let header: [String]
    private var rows: [[String: String]] = []
    private var platforms: [(platform: String, count: Int)] = []
    private var bytes = 0
    /// Files whose rows become detail lists (small files: kept whole until the end).
    private static let listed: Set<String> = ["users.csv", "teams.csv", "team_members.csv", "tags.csv", "custom_properties.csv", "response_templates.csv"]

    /// What the collector keeps of each row.
    private enum Kind {
        case listed, reviews, attachments, counted
    }

    private let kind: Kind
    private let platformColumn: Int?
    private let sizeColumn: Int?

    init(file: String, header: [String]) {
        self.file = file
        self.header = header
        kind = Self.listed.contains(file) ? .listed : file == "reviews.csv" ? .reviews : file == "attachments.csv" ? .attachments : .counted
        platformColumn = header.firstIndex(of: "platform")
        sizeColumn = header.firstIndex(of: "size_bytes")
    }

    /// Whether the collector keeps `file`'s rows whole (a small file, read in one part).
    static func keepsRows(_ file: String) -> Bool {
        listed.contains(file)
    }

    /// Takes in what the collector of the rows that follow found.
    mutating func append(_ next: DetailCollector) {
        rows += next.rows
        bytes += next.bytes
        for (platform, times) in next.platforms { count(platform, times) }
    }

    /// Counts `times` more reviews of `platform`, keeping the platforms in order of first appearance.
    private mutating func count(_ platform: String, _ times: Int) {
        if let index = platforms.firstIndex(where: { $0.platform == platform }) { platforms[index].count += times } else { platforms.append((platform, times)) }
    }

    mutating func take(_ fields: UnsafeBufferPointer<CSVScanner.Field>) {
        switch kind {
        case .listed:
            rows.append(Dictionary(zip(header, fields.map(\.string)), uniquingKeysWith: { first, _ in first }))
        case .reviews:
            guard let column = platformColumn, column < fields.count else { return }
            let platform = fields[column].string.trimmingWhitespace().lowercased()
            guard !platform.isEmpty else { return }
            count(platform, 1)
        case .attachments:
            guard let column = sizeColumn, column < fields.count, let size = Int(fields[column].string) else { return }
            bytes += size
        case .counted: break
        }
    }

    func finish(into details: inout ExportDetails, rows count: Int, count key: CountKey?) {
        if let key { details.counts[key] = count }
        func list(_ text: String?) -> [String] {
            (text ?? "").split(separator: ";").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
        }
        switch file {
        case "users.csv":
            details.users = rows.map { row in
                User(id: row["id"] ?? "", name: row["name"] ?? "", email: row["email"] ?? "", role: UserRole(rawValue: (row["role"] ?? "").lowercased()) ?? .agent,
                     active: (row["active"] ?? "true").lowercased() != "false")
            }
        case "teams.csv":
            details.teams = rows.map { Team(id: $0["id"] ?? "", name: $0["name"] ?? "", members: [], routing: []) }
        case "team_members.csv":
            for row in rows {
                guard let team = details.teams.firstIndex(where: { $0.id == row["team_id"] }), let user = row["user_id"], !user.isEmpty else { continue }
                details.teams[team].members.append(user)
            }
        case "tags.csv":
            details.tags = rows.map { Tag(name: $0["name"] ?? "", usage: Int($0["usage"] ?? "")) }
        case "custom_properties.csv":
            details.customProperties = rows.map { row in
                CustomProperty(key: row["key"] ?? "", label: row["label"].flatMap { $0.isEmpty ? nil : $0 }, type: PropertyType(rawValue: row["type"] ?? "") ?? .text,
                               options: list(row["options"]).isEmpty ? nil : list(row["options"]),
                               appliesTo: list(row["applies_to"]).isEmpty ? nil : list(row["applies_to"]))
            }
        case "response_templates.csv":
            details.responseTemplates = rows.map { ResponseTemplate(id: $0["id"] ?? "", name: $0["name"] ?? "", shortcut: $0["shortcut"].flatMap { $0.isEmpty ? nil : $0 }, body: $0["body"] ?? "") }
        case "reviews.csv":
            details.reviewPlatforms = platforms
        case "attachments.csv":
            details.attachmentBytes = bytes
        default: break
        }
    }
}
