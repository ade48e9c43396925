import CCSVBlocks
import Foundation

/// Reads the rows of one CSV file of the export, or of a stretch of them, into what the survey
/// keeps: the columns' profiles, the ids, the detail lists and the findings. Parts of one file
/// read apart are put back together with ``append(_:)``, in file order, into what reading the
/// whole file would have given.
struct ExportPartReader {
    /// One finding and the status it carries when it is an error.
    struct Finding {
        var diagnostic: Diagnostic
        var status: ExitStatus
    }

    /// What every part of a file reads with: the file, its columns, and the ids of the files it
    /// points into.
    struct Plan {
        let file: ExportLayout.File
        let path: String
        let header: [String]
        /// The destination's length limit per column, if any.
        let limits: [(field: String, maxLength: Int)?]
        let idColumn: Int?
        /// Column, name, the file it points into and that file's ids.
        let references: [(column: Int, name: String, target: String, ids: IDSet)]
        let timestampColumns: [Bool]
        /// For a delta export (it holds `delta.json`): the ids the later export no longer holds,
        /// by file. A reference to a row outside the delta is then the earlier load's record,
        /// unless it is one of these.
        var removedSinceEarlier: [String: Set<String>]? = nil

        /// What each row is checked against, in plain values: read once a part, not once a row.
        fileprivate var checks: RowChecks {
            RowChecks(maxLengths: limits.map { $0?.maxLength ?? .max }, timestampColumns: timestampColumns, idColumn: idColumn ?? -1,
                      referenceColumns: references.map(\.column), referenceSets: references.map { Unmanaged.passUnretained($0.ids) })
        }
    }

    /// The per-column checks of a ``Plan`` as plain values.
    fileprivate struct RowChecks {
        let maxLengths: [Int]
        let timestampColumns: [Bool]
        /// -1: none.
        let idColumn: Int
        let referenceColumns: [Int]
        /// Unretained: the plan holds them for as long as the checks are used.
        let referenceSets: [Unmanaged<IDSet>]
    }

    let plan: Plan
    private(set) var profiles: [ColumnProfile]
    private(set) var ids = IDSet()
    private(set) var rows = 0
    private(set) var collector: DetailCollector
    /// The listed findings (at most ``ExportSurvey/findingsPerColumn`` a column) with the column
    /// each is about, in the order met.
    private(set) var findings: [(column: Int, finding: Finding)] = []
    /// Per column, how many findings there were, listed or not.
    private(set) var reported: [Int: Int] = [:]
    /// The error that stopped the reading, if one did.
    private(set) var failure: InputFailure?
    /// The newest instant any `*_at` column holds.
    private(set) var latestInstant: Date?
    /// The newest canonical UTC stamp seen, as bytes.
    private var latestStamp: [UInt8] = []
    /// Where the rows read start and end in the file.
    private(set) var range: Range<Int> = 0..<0
    /// The line where reading stopped, counted as the scanner counted.
    private var endLine = 1
    /// The first record read, each value cut to ``ExportProfile/sampleLength`` characters.
    private(set) var firstRecord: [String]?
    /// The ids listed as appearing more than once: where each first appears is looked up once the
    /// file is read (``FileReader``).
    private(set) var duplicateIDs: Set<String> = []

    /// A value longer than this many bytes (1 MiB) is reported, whatever its destination takes.
    static let longValueBytes = 1 << 20

    init(plan: Plan) {
        self.plan = plan
        profiles = plan.header.map { ColumnProfile(column: $0) }
        collector = DetailCollector(file: plan.file.name, header: plan.header)
    }

    /// Reads the rows `scanner` hands over, up to the first record that starts at or after `stop`.
    mutating func read(_ scanner: CSVScanner, until stop: Int = .max) {
        let start = scanner.offset
        let checks = plan.checks
        do throws(InputFailure) {
            try scanner.forEachRow(columns: Array(plan.header.indices), until: stop) { _, fields throws(InputFailure) in
                try take(fields, scanner: scanner, checks: checks)
            }
        } catch {
            failure = error
        }
        range = start..<scanner.offset
        endLine = scanner.line
        if !latestStamp.isEmpty, case .instant(let date) = Timestamp.parse(String(decoding: latestStamp, as: UTF8.self)) {
            latestInstant = max(latestInstant ?? date, date)
            latestStamp = []
        }
    }

    /// Takes in the part that follows this one in the file, whose lines were counted from 1.
    /// Neither part stopped at an error: such a file is read again whole instead.
    mutating func append(_ next: ExportPartReader) {
        precondition(failure == nil && next.failure == nil, "a part that stopped at an error is not put together with another")
        let shift = endLine - 1
        rows += next.rows
        for index in profiles.indices { profiles[index].merge(next.profiles[index]) }
        ids.formUnion(next.ids)
        collector.append(next.collector)
        var listed: [Int: Int] = [:]
        for (column, finding) in next.findings {
            // The part's n-th finding on a column is the file's (earlier count + n)-th.
            let order = listed[column, default: 0]
            listed[column] = order + 1
            var placed = finding
            placed.diagnostic.location.line += shift
            if reported[column, default: 0] + order < ExportSurvey.findingsPerColumn { findings.append((column, placed)) }
        }
        for (column, count) in next.reported { reported[column, default: 0] += count }
        duplicateIDs.formUnion(next.duplicateIDs)
        latestInstant = [latestInstant, next.latestInstant].compactMap { $0 }.max()
        range = range.lowerBound..<next.range.upperBound
        endLine = next.endLine + shift
    }

    /// The finding on a row whose id an earlier row has.
    static func duplicateMessage(_ id: String, in file: String) -> String {
        "the id \(id) appears more than once in \(file)"
    }

    /// The findings for a whole file: the listed ones, then a count per column of those not listed.
    func fileFindings() -> [Finding] {
        var all = findings.map(\.finding)
        if let failure { all.append(Finding(diagnostic: failure.diagnostic, status: failure.status)) }
        let headerColumns = Self.headerColumns(plan.header)
        for (column, count) in reported.sorted(by: { $0.key < $1.key }) where count > ExportSurvey.findingsPerColumn {
            all.append(Self.warning("\(count - ExportSurvey.findingsPerColumn) more findings in the column \(plan.header[column]) are not listed",
                                    in: plan.path, at: TextPosition(line: 1, column: headerColumns[column])))
        }
        return all
    }

    private mutating func take(_ fields: UnsafeBufferPointer<CSVScanner.Field>, scanner: CSVScanner, checks: RowChecks) throws(InputFailure) {
        rows += 1
        if firstRecord == nil {
            firstRecord = fields.map { field in
                let text = String(decoding: field.bytes.prefix(ExportProfile.sampleLength * 4), as: UTF8.self)
                let undoubled = field.hasEscapedQuotes ? text.replacingOccurrences(of: "\"\"", with: "\"") : text
                return String(String.UnicodeScalarView(undoubled.unicodeScalars.prefix(ExportProfile.sampleLength)))
            }
        }
        for (index, field) in fields.enumerated() {
            guard landfall_utf8_valid(field.start, field.count) != 0 else {
                let bad = UTF8Validation.firstInvalidByte(in: Array(field.bytes))!
                let place = scanner.place(of: field)
                let position = TextPosition(line: place.line + bad.position.line - 1,
                                            column: bad.position.line == 1 ? place.column + bad.position.column - 1 : bad.position.column)
                throw .content(plan.path, at: position,
                               "is not valid UTF-8 (byte 0x\(String(bad.byte, radix: 16, uppercase: true)) at byte offset \(scanner.fileOffset(of: field) + bad.offset)); save it as UTF-8")
            }
            let kind = profiles[index].add(field.bytes, escapedQuotes: field.hasEscapedQuotes)
            // A value's characters are no more than its bytes: only a long one is counted.
            if field.count > checks.maxLengths[index], let limit = plan.limits[index],
               case let characters = ColumnProfile.characters(in: field.bytes, escapedQuotes: field.hasEscapedQuotes), characters > limit.maxLength {
                report(index, "the value holds \(characters) characters; \(limit.field) takes \(limit.maxLength), so it is cut there", at: field, scanner: scanner)
            }
            if field.count > Self.longValueBytes {
                report(index, "the value runs on for \(Format.count(field.count)) bytes: a help-desk value this long is most often a quote left open before it or a file pasted in; check it before it is loaded", at: field, scanner: scanner)
            }
            guard checks.timestampColumns[index] else { continue }
            if kind == .datetime, field.count == 20, field.bytes[19] == UInt8(ascii: "Z") {
                // Canonical UTC stamps (YYYY-MM-DDTHH:MM:SSZ) compare as bytes; the newest is parsed once at the end.
                if latestStamp.isEmpty || latestStamp.withUnsafeBufferPointer({ memcmp(field.start, $0.baseAddress!, 20) > 0 }) {
                    latestStamp = Array(field.bytes)
                }
            } else if kind == .datetime, case .instant(let date) = Timestamp.parse(field.string) {
                latestInstant = max(latestInstant ?? date, date)
            }
            if kind == .datetimeWithoutZone {
                report(index, "the timestamp \(field.string) has no zone: which instant it is cannot be told; give it Z or an offset", at: field, scanner: scanner)
            }
        }
        if checks.idColumn >= 0 {
            let id = fields[checks.idColumn]
            if id.count > 0, !ids.insert(id.bytes) {
                report(checks.idColumn, Self.duplicateMessage(id.string, in: plan.file.name), at: id, scanner: scanner)
                if reported[checks.idColumn, default: 0] <= ExportSurvey.findingsPerColumn { duplicateIDs.insert(id.string) }
            }
        }
        for (slot, column) in checks.referenceColumns.enumerated() {
            let value = fields[column]
            guard value.count > 0, !checks.referenceSets[slot]._withUnsafeGuaranteedRef({ $0.contains(value.bytes) }) else { continue }
            let reference = plan.references[slot]
            if let removed = plan.removedSinceEarlier {
                guard removed[reference.target]?.contains(value.string) == true else { continue }
                report(column, "\(reference.name) \(value.string) points to a row of \(reference.target) that the later export no longer holds (removed since the earlier export, delta.json)",
                       at: value, scanner: scanner)
                continue
            }
            report(column, "\(reference.name) \(value.string) points to no row of \(reference.target)", at: value, scanner: scanner)
        }
        collector.take(fields)
    }

    /// Lists a warning on `field` while its column has listed fewer than
    /// ``ExportSurvey/findingsPerColumn``; counts them all.
    private mutating func report(_ column: Int, _ message: String, at field: CSVScanner.Field, scanner: CSVScanner) {
        reported[column, default: 0] += 1
        guard reported[column]! <= ExportSurvey.findingsPerColumn else { return }
        findings.append((column, Self.warning(message, in: plan.path, at: scanner.place(of: field))))
    }

    static func warning(_ message: String, in path: String, at position: TextPosition) -> Finding {
        Finding(diagnostic: Diagnostic(.warning, at: SourceLocation(file: path, line: position.line, column: position.column), message), status: .ok)
    }

    /// The column where each of `header`'s names starts on the header line, all at once (one
    /// pass, where asking name by name would cost a pass each).
    static func headerColumns(_ header: [String]) -> [Int] {
        var columns: [Int] = []
        columns.reserveCapacity(header.count)
        var column = 1
        for name in header {
            columns.append(column)
            column += name.unicodeScalars.count + 1
        }
        return columns
    }
}
