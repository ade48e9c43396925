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
    var lists: [String: [Any]] = [:]

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
        guard let text = try? JSONOutput.string(manifest), let data = text.data(using: .utf8),
              var object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return "{}\n" }
        object["automations"] = lists["automations.json"]
        object["integrations"] = lists["integrations.json"]
        guard let merged = try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]) else { return "{}\n" }
        return JSONOutput.compactingEmptyContainers(String(decoding: merged, as: UTF8.self)) + "\n"
    }
}

/// Reads the export's CSV files one after the other, keeping each file's ids so that the files
/// read later can be checked against them.
struct FileReader {
    /// One finding and the status it carries when it is an error.
    struct Finding {
        var diagnostic: Diagnostic
        var status: ExitStatus
    }

    let survey: ExportSurvey
    private(set) var details = ExportDetails()
    /// The newest instant any `*_at` column holds: the export's date.
    private(set) var latestInstant: Date?
    /// The ids of each file read, by file name.
    private var ids: [String: IDHashSet] = [:]
    /// The newest canonical UTC stamp seen, as bytes.
    private var latestStamp: [UInt8] = []

    init(survey: ExportSurvey) {
        self.survey = survey
    }

    /// Reads `file`: its profile and findings.
    mutating func read(_ file: ExportLayout.File) -> (profile: ExportProfile.File, findings: [Finding]) {
        let path = survey.path(file.name)
        var findings: [Finding] = []
        func warn(_ message: String, at position: TextPosition) {
            findings.append(Finding(diagnostic: Diagnostic(.warning, at: SourceLocation(file: path, line: position.line, column: position.column), message), status: .ok))
        }
        let scanner: CSVScanner
        do {
            scanner = try CSVScanner(path: path)
        } catch {
            return (ExportProfile.File(file: file.name, rows: 0, columns: []), [Finding(diagnostic: error.diagnostic, status: error.status)])
        }
        let header = scanner.header
        var seen: [String: Int] = [:]
        for (index, name) in header.enumerated() {
            if let first = seen[name] {
                findings.append(Finding(diagnostic: Diagnostic(.error, at: SourceLocation(file: path, line: 1, column: Self.headerColumn(header, index)),
                                                               "the column \(name) appears twice (first as column \(first + 1)): which one holds the values is unclear"),
                                        status: .dataError))
            }
            seen[name] = seen[name] ?? index
        }
        for (index, name) in header.enumerated() where !file.columns.contains(name) && !(file.name == "tickets.csv" && name.hasPrefix("custom.")) {
            warn("the column \(name) is not one \(file.name) has in a Thread export; it is profiled, not used", at: TextPosition(line: 1, column: Self.headerColumn(header, index)))
        }
        var profiles = header.map { ColumnProfile(column: $0) }
        guard !findings.contains(where: { $0.diagnostic.severity == .error }) else {
            return (ExportProfile.File(file: file.name, rows: 0, columns: profiles), findings)
        }
        let idColumn = file.idColumn.flatMap(scanner.column)
        // The scanner estimates lines, not records: a file of multi-line bodies would be sized several
        // times over, so the set starts small and grows with the ids it meets.
        var table = IDHashSet(expected: idColumn == nil ? 16 : min(scanner.estimatedRows, 1 << 16))
        let references = file.references.compactMap { reference in scanner.column(reference.column).map { ($0, reference.column, reference.file) } }
        var reported: [Int: Int] = [:]
        var rows = 0
        var collector = DetailCollector(file: file.name, header: header)
        let timestampColumns = header.map { $0.hasSuffix("_at") }
        let limits = header.map { survey.limits[file.name]?[$0] }
        do throws(InputFailure) {
            try scanner.forEachRow(columns: Array(header.indices)) { line, fields throws(InputFailure) in
                rows += 1
                for (index, field) in fields.enumerated() {
                    guard Self.isASCII(field.bytes) || String(validating: field.bytes, as: UTF8.self) != nil else {
                        let bad = UTF8Validation.firstInvalidByte(in: Array(field.bytes))!
                        let place = Self.place(of: field, rowStart: scanner.rowStart!, line: line)
                        let position = TextPosition(line: place.line + bad.position.line - 1,
                                                    column: bad.position.line == 1 ? place.column + bad.position.column - 1 : bad.position.column)
                        throw .content(path, at: position,
                                       "is not valid UTF-8 (byte 0x\(String(bad.byte, radix: 16, uppercase: true)) at byte offset \(scanner.fileOffset(of: field) + bad.offset)); save it as UTF-8")
                    }
                    let kind = profiles[index].add(field.bytes, escapedQuotes: field.hasEscapedQuotes)
                    // A value's characters are no more than its bytes: only a long one is counted.
                    if let limit = limits[index], field.count > limit.maxLength,
                       case let characters = ColumnProfile.characters(in: field.bytes, escapedQuotes: field.hasEscapedQuotes), characters > limit.maxLength {
                        Self.limited(&reported, index) { warn("the value holds \(characters) characters; \(limit.field) takes \(limit.maxLength), so it is cut there", at: Self.place(of: field, rowStart: scanner.rowStart!, line: line)) }
                    }
                    guard timestampColumns[index] else { continue }
                    if kind == .datetime, field.count == 20, field.bytes[19] == UInt8(ascii: "Z") {
                        // Canonical UTC stamps (YYYY-MM-DDTHH:MM:SSZ) compare as bytes; the newest is parsed once at the end.
                        if !field.bytes.lexicographicallyPrecedes(latestStamp) { latestStamp = Array(field.bytes) }
                    } else if kind == .datetime, case .instant(let date) = Timestamp.parse(field.string) {
                        latestInstant = max(latestInstant ?? date, date)
                    }
                    if kind == .datetimeWithoutZone {
                        Self.limited(&reported, index) { warn("the timestamp \(field.string) has no zone: which instant it is cannot be told; give it Z or an offset", at: Self.place(of: field, rowStart: scanner.rowStart!, line: line)) }
                    }
                }
                if let idColumn {
                    let id = fields[idColumn]
                    if id.count > 0 {
                        if !table.insert(id.bytes) {
                            Self.limited(&reported, idColumn) { warn("the id \(id.string) appears more than once in \(file.name)", at: Self.place(of: id, rowStart: scanner.rowStart!, line: line)) }
                        }
                    }
                }
                for (column, name, target) in references {
                    let value = fields[column]
                    guard value.count > 0, let targets = ids[target], !targets.contains(value.bytes) else { continue }
                    Self.limited(&reported, column) { warn("\(name) \(value.string) points to no row of \(target)", at: Self.place(of: value, rowStart: scanner.rowStart!, line: line)) }
                }
                collector.take(fields)
            }
        } catch {
            findings.append(Finding(diagnostic: error.diagnostic, status: error.status))
        }
        for (column, count) in reported where count > ExportSurvey.findingsPerColumn {
            warn("\(count - ExportSurvey.findingsPerColumn) more findings in the column \(header[column]) are not listed", at: TextPosition(line: 1, column: Self.headerColumn(header, column)))
        }
        if idColumn != nil { ids[file.name] = table }
        if !latestStamp.isEmpty, case .instant(let date) = Timestamp.parse(String(decoding: latestStamp, as: UTF8.self)) {
            latestInstant = max(latestInstant ?? date, date)
        }
        collector.finish(into: &details, rows: rows, count: file.count)
        return (ExportProfile.File(file: file.name, rows: rows, columns: profiles), findings)
    }

    /// Whether every byte is below 0x80, read eight at a time.
    static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        var index = 0
        while index + 8 <= bytes.count {
            if raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
            index += 8
        }
        while index < bytes.count {
            if bytes[index] >= 0x80 { return false }
            index += 1
        }
        return true
    }

    /// Calls `report` while the column has listed fewer than ``ExportSurvey/findingsPerColumn`` findings; counts them all.
    private static func limited(_ reported: inout [Int: Int], _ column: Int, _ report: () -> Void) {
        reported[column, default: 0] += 1
        if reported[column]! <= ExportSurvey.findingsPerColumn { report() }
    }

    /// The column (in characters) where the header's `index`-th name starts.
    static func headerColumn(_ header: [String], _ index: Int) -> Int {
        header.prefix(index).reduce(1) { $0 + $1.unicodeScalars.count + 1 }
    }

    /// Where `field` stands: its line (the row's, plus the line breaks before it inside the row)
    /// and its column, counted from the line's start (at its opening quote, if quoted).
    static func place(of field: CSVScanner.Field, rowStart start: UnsafePointer<UInt8>, line: Int) -> TextPosition {
        var target = field.start
        if target > start, (target - 1).pointee == UInt8(ascii: "\"") { target -= 1 }
        var lineNumber = line
        var lineStart = start
        var cursor = start
        while cursor < target {
            if cursor.pointee == 0x0A {
                lineNumber += 1
                lineStart = cursor + 1
            }
            cursor += 1
        }
        let prefix = UnsafeBufferPointer(start: lineStart, count: target - lineStart)
        let column = String(decoding: prefix, as: UTF8.self).unicodeScalars.count + 1
        return TextPosition(line: lineNumber, column: column)
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

    private let platformColumn: Int?
    private let sizeColumn: Int?

    init(file: String, header: [String]) {
        self.file = file
        self.header = header
        platformColumn = header.firstIndex(of: "platform")
        sizeColumn = header.firstIndex(of: "size_bytes")
    }

    mutating func take(_ fields: UnsafeBufferPointer<CSVScanner.Field>) {
        switch file {
        case _ where Self.listed.contains(file):
            rows.append(Dictionary(zip(header, fields.map(\.string)), uniquingKeysWith: { first, _ in first }))
        case "reviews.csv":
            guard let column = platformColumn, column < fields.count else { return }
            let platform = fields[column].string.trimmingCharacters(in: .whitespaces).lowercased()
            guard !platform.isEmpty else { return }
            if let index = platforms.firstIndex(where: { $0.platform == platform }) { platforms[index].count += 1 } else { platforms.append((platform, 1)) }
        case "attachments.csv":
            guard let column = sizeColumn, column < fields.count, let size = Int(fields[column].string) else { return }
            bytes += size
        default: break
        }
    }

    func finish(into details: inout ExportDetails, rows count: Int, count key: CountKey?) {
        if let key { details.counts[key] = count }
        func list(_ text: String?) -> [String] {
            (text ?? "").split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
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
