import Foundation

/// `delta.json`, beside the files of a delta export (`landfall.delta/1`): where the earlier
/// export ended (its watermark), what each file of the later export brings, and the records the
/// later export no longer holds, per object.
public struct DeltaReport: Codable, Equatable, Sendable {
    /// The contract `delta.json` follows.
    public static let schema = "landfall.delta/1"
    /// The file's name in a delta export.
    public static let fileName = "delta.json"

    /// One file of records, compared.
    public struct FileDelta: Codable, Equatable, Sendable {
        /// `tickets.csv`.
        public var file: String
        /// The object its rows are (`ticket`).
        public var object: String
        /// Rows in the earlier and in the later export.
        public var earlier: Int
        public var later: Int
        /// Rows of the later export not in the earlier one, and rows whose content changed.
        public var new: Int
        public var changed: Int
        /// Rows the same in both.
        public var unchanged: Int
        /// New or changed rows left out because they changed before `--since`.
        public var beforeSince: Int
        /// Rows of the earlier export the later one no longer holds.
        public var removed: Int
    }

    /// The earlier export's newest `updated_at`: the delta holds what changed after the earlier
    /// load's export (nil when no row of it has one).
    public var watermark: String?
    /// The later export's newest `updated_at`.
    public var laterNewest: String?
    /// `--since`, when given: only what changed after it is in the delta.
    public var since: String?
    /// The files of records, in the export's order.
    public var files: [FileDelta]
    /// The ids of the records the later export no longer holds, per object, in the earlier
    /// export's order.
    public var removed: [String: [String]]
    /// The files that describe the account (users, teams, team members, tags, custom
    /// properties, response templates, automations, integrations), copied whole from the later
    /// export.
    public var copied: [String]

    /// Reads `delta.json` in `folder`, when there is one.
    ///
    /// - Throws: ``InputFailure`` 65 naming the file when it is not a delta report.
    static func read(in folder: String) throws(InputFailure) -> DeltaReport? {
        let path = (folder as NSString).appendingPathComponent(fileName)
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        guard let report = try? decoder.decode(DeltaReport.self, from: data) else {
            throw .file(path, "is not the delta.json landfall delta writes (\(schema))", status: .dataError)
        }
        return report
    }
}

extension DeltaReport {
    /// The ids the later export no longer holds, by the file of their object (`tickets.csv`).
    var removedByFile: [String: Set<String>] {
        Dictionary(removed.compactMap { object, ids in ExportLayout.file(of: object).map { ($0, Set(ids)) } }, uniquingKeysWith: { first, _ in first })
    }
}
