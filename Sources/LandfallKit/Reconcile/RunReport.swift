import Foundation

/// What one migration run did, per object: the figures `report.json` holds and the run page shows.
public struct RunReport: Sendable, Codable, Equatable {
    /// The schema `report.json` follows (`Docs/schemas/run-report.schema.json`).
    public static let schema = "landfall.run-report/1"

    /// Pass, warn or fail against the acceptance criteria.
    public enum Status: String, Sendable, Codable, Comparable {
        case pass
        case warn
        case fail

        public static func < (lhs: Status, rhs: Status) -> Bool {
            let order: [Status] = [.pass, .warn, .fail]
            return order.firstIndex(of: lhs)! < order.firstIndex(of: rhs)!
        }
    }

    /// One failure code of one object.
    public struct FailureCode: Sendable, Codable, Equatable {
        /// The code (`REQUIRED_FIELD_MISSING`, `parameter_invalid` …).
        public var code: String
        /// Distinct source ids that failed with it.
        public var count: Int
        /// A few of those ids.
        public var sampleIDs: [String]
        /// The first message seen with it.
        public var message: String
    }

    /// One Bulk API job (or one Intercom log file) of an object: the results it holds.
    public struct JobReport: Sendable, Codable, Equatable {
        /// The job folder's name (the job id) or the log file's name.
        public var id: String
        /// Result rows by what they say.
        public var created, updated, failed, unprocessed: Int
    }

    /// One object of the run.
    public struct ObjectReport: Sendable, Codable, Equatable {
        /// The object.
        public var object: String
        /// Distinct source records submitted.
        public var source: Int
        /// The destination object the records land in (`Case`), where the catalog says.
        public var destinationObject: String? = nil
        /// The object the created records are deleted as: the destination object, else the
        /// object's own name (what the rollback files are named after).
        var rollbackObject: String { destinationObject ?? object }
        /// The manifest's count of the object (the quoted figure), when the run names a manifest.
        public var manifestCount: Int?
        /// Source ids created in the destination.
        public var created: Int
        /// Source ids that updated an existing destination record.
        public var updated: Int
        /// Source ids that failed.
        public var failed: Int
        /// Source ids the destination did not process.
        public var unprocessed: Int
        /// In the source, in no result.
        public var missing: Int
        /// Source ids with more than one result, plus those created again after an earlier run
        /// of the migration brought them.
        public var duplicated: Int
        /// The part of ``duplicated`` across runs: created here after an earlier run brought them.
        public var duplicatedAcrossRuns: Int? = nil
        /// A few ids duplicated across runs.
        public var duplicateSamples: [String]? = nil
        /// Results whose id is not in the source.
        public var unexpected: Int
        /// Children that arrived while their parent did not.
        public var orphans: Int
        /// Distinct failed ids by code.
        public var failuresByCode: [String: Int]
        /// The codes with samples, most frequent first.
        public var failures: [FailureCode]
        /// A few orphan ids.
        public var orphanSamples: [String]
        /// Pass, warn or fail.
        public var status: Status
        /// Why the status is what it is.
        public var statusReasons: [String]
        /// The jobs the results came in, when they came in several (counted together above).
        public var jobs: [JobReport]? = nil
        /// The failed, unprocessed and missing records a signed waiver covers: counted apart,
        /// not against the acceptance criteria, each still listed in failed.csv or missing.csv.
        public var waived: [Waived]? = nil

        /// Records waived, over every waiver.
        public var waivedCount: Int { waived?.reduce(0) { $0 + $1.records } ?? 0 }

        /// In a rollback run: the records deleted (its created and updated are 0).
        public var deleted: Int? = nil

        /// Records that arrived (created or updated).
        public var arrived: Int { created + updated }

        /// What the run did to the object's records: those that arrived, or a rollback's deleted.
        public var done: Int { deleted ?? arrived }
    }

    /// The records one waiver covers.
    public struct Waived: Sendable, Codable, Equatable {
        public var records: Int
        public var reason: String
        public var who: String
        public var until: String
        /// A few of the ids.
        public var sampleIDs: [String]

        private enum CodingKeys: String, CodingKey {
            case records, reason, who, until, sampleIDs = "sample_ids"
        }
    }

    /// What changed since the previous run of the same migration.
    public struct Changes: Sendable, Codable, Equatable {
        /// The previous run's id.
        public var previousRunID: String
        /// Ids that failed or went missing now but not then.
        public var newlyFailing: Int
        /// Ids that failed or went missing then and arrived now.
        public var fixed: Int
        /// Ids that failed or went missing both times.
        public var stillFailing: Int
        /// A few newly failing ids, as `object:id`.
        public var newlyFailingSamples: [String]
        /// A few fixed ids, as `object:id`.
        public var fixedSamples: [String]? = nil
        /// The share of submitted records that failed, went unprocessed or missing, then and now (percent, one decimal).
        public var previousProblemRate: Double? = nil
        public var problemRate: Double? = nil
        /// The objects whose submitted record counts differ between the two runs, in words; empty when they match.
        public var differentRecordSets: [String]? = nil
    }

    /// An object the quote counts for the run's destination: what a migration's page lists
    /// before any run has submitted it.
    public struct QuotedObject: Sendable, Codable, Equatable {
        /// The source object.
        public var object: String
        /// The destination object its records land in.
        public var destinationObject: String
        /// The manifest's count.
        public var count: Int
    }

    /// What a run updated of one object and what of it a restore file puts back.
    public struct Restore: Sendable, Codable, Equatable {
        /// The source object.
        public var object: String
        /// The destination object its records are.
        public var destinationObject: String
        /// Records the run updated (not created).
        public var updated: Int
        /// Of those, the ones the restore file puts back.
        public var restored: Int
        /// The restore file in the run folder, when there is one.
        public var file: String?
        /// Why there is none, or what it leaves out.
        public var note: String?
    }

    /// The run's id.
    public var runID: String
    /// What kind it is.
    public var kind: RunDescription.Kind
    /// Where it loaded (reports written before environments existed read as their kind's default).
    public var environment: RunDescription.Environment
    /// The destination.
    public var destination: String
    /// The migration the run belongs to.
    public var migration: String
    /// When the run started (ISO 8601).
    public var startedAt: String
    /// When the run finished (ISO 8601).
    public var finishedAt: String
    /// A fingerprint of the inputs, to tell a re-publication from a different run with the same id.
    public var inputFingerprint: String
    /// The objects, in load order.
    public var objects: [ObjectReport]
    /// The worst object status.
    public var status: Status
    /// Filled in when published, if an earlier run of the same migration exists.
    public var changes: Changes?
    /// Warnings met reading the run (kept so the page shows them).
    public var warnings: [String]
    /// Every object the quote counts that the load creates records of, in load order, when the
    /// run names a manifest (reports written before read as none).
    public var quoted: [QuotedObject] = []
    /// Per object the run updated, what a restore puts back (reports written before read as none).
    public var restores: [Restore] = []
    /// For a run that loaded a delta export (its run folder holds the delta's `delta.json`):
    /// the moment the delta's changes start from.
    public var delta: DeltaWindow?

    /// What a delta run's records changed after: the earlier export's newest update, and
    /// `--since` when the delta was cut by it.
    public struct DeltaWindow: Sendable, Codable, Equatable {
        public var watermark: String?
        public var since: String?

        /// `after 2026-11-30T18:00:00Z`, for a table of runs.
        var short: String {
            [watermark.map { "after \($0)" }, since.map { "cut at \($0)" }].compactMap { $0 }.joined(separator: ", ")
        }

        /// What the records changed after, in a sentence's words.
        var text: String {
            [watermark.map { "changed after \($0), the earlier export's newest update" }, since.map { "cut at \($0)" }].compactMap { $0 }.joined(separator: ", ")
        }
    }

    /// Sums over the objects.
    public var totals: (source: Int, arrived: Int, failed: Int, missing: Int) {
        objects.reduce((0, 0, 0, 0)) { ($0.0 + $1.source, $0.1 + $1.arrived, $0.2 + $1.failed + $1.unprocessed, $0.3 + $1.missing) }
    }

    /// The records a rollback run deleted (0 for a run that loads).
    public var deleted: Int {
        objects.reduce(0) { $0 + ($1.deleted ?? 0) }
    }

    /// The share of the submitted records that arrived (1 when none were submitted).
    public var arrivedShare: Double {
        let totals = totals
        return totals.source == 0 ? 1 : Double(totals.arrived) / Double(totals.source)
    }
}

extension RunReport.ObjectReport {
    private enum CodingKeys: String, CodingKey {
        case object, destinationObject = "destination_object", source, manifestCount = "manifest_count", created, updated, deleted, failed, unprocessed, missing, duplicated, duplicatedAcrossRuns = "duplicated_across_runs", duplicateSamples = "duplicate_samples", unexpected, orphans
        case failuresByCode = "failures_by_code", failures, orphanSamples = "orphan_samples", status, statusReasons = "status_reasons", jobs, waived
    }
}

extension RunReport.Restore {
    private enum CodingKeys: String, CodingKey {
        case object, destinationObject = "destination_object", updated, restored, file, note
    }
}

extension RunReport.QuotedObject {
    private enum CodingKeys: String, CodingKey {
        case object, destinationObject = "destination_object", count
    }
}

extension RunReport.FailureCode {
    private enum CodingKeys: String, CodingKey {
        case code, count, sampleIDs = "sample_ids", message
    }
}

extension RunReport.Changes {
    private enum CodingKeys: String, CodingKey {
        case previousRunID = "previous_run_id", newlyFailing = "newly_failing", fixed, stillFailing = "still_failing"
        case newlyFailingSamples = "newly_failing_samples", fixedSamples = "fixed_samples", previousProblemRate = "previous_problem_rate"
        case problemRate = "problem_rate", differentRecordSets = "different_record_sets"
    }
}

extension RunReport {
    private enum CodingKeys: String, CodingKey {
        case runID = "run_id", kind, environment, destination, migration, startedAt = "started_at", finishedAt = "finished_at"
        case inputFingerprint = "input_fingerprint", objects, status, changes, warnings, quoted, restores, delta
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        runID = try container.decode(String.self, forKey: .runID)
        kind = try container.decode(RunDescription.Kind.self, forKey: .kind)
        environment = try container.decodeIfPresent(RunDescription.Environment.self, forKey: .environment) ?? .init(defaultFor: kind)
        destination = try container.decode(String.self, forKey: .destination)
        migration = try container.decode(String.self, forKey: .migration)
        startedAt = try container.decode(String.self, forKey: .startedAt)
        finishedAt = try container.decode(String.self, forKey: .finishedAt)
        inputFingerprint = try container.decode(String.self, forKey: .inputFingerprint)
        objects = try container.decode([ObjectReport].self, forKey: .objects)
        status = try container.decode(Status.self, forKey: .status)
        changes = try container.decodeIfPresent(Changes.self, forKey: .changes)
        warnings = try container.decode([String].self, forKey: .warnings)
        quoted = try container.decodeIfPresent([QuotedObject].self, forKey: .quoted) ?? []
        restores = try container.decodeIfPresent([Restore].self, forKey: .restores) ?? []
        delta = try container.decodeIfPresent(DeltaWindow.self, forKey: .delta)
    }
}
