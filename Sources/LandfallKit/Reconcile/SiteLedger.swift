import Foundation
import GRDB
import GRDBSQLite

/// The site's ledger, `SITE/ledger.sqlite`: every published run, its per-object figures and the
/// ids of its records that failed, went unprocessed or missing, for queries across runs (the index
/// pages, the migration pages, the changes since the previous run), and for anyone who wants to
/// ask their own questions with `sqlite3`.
///
/// The run folders stay the record: the ledger holds nothing that `runs/RUN_ID/report.json`,
/// `failed.csv` and `missing.csv` do not, and each time it is opened it takes in the run folders
/// it lacks and drops the runs whose folder is gone. Deleting it loses nothing.
final class SiteLedger {
    /// The ledger's file name in the site folder.
    static let fileName = "ledger.sqlite"
    /// The schema this version writes, kept in `PRAGMA user_version`.
    static let schemaVersion = 5
    /// How long a publish waits for a reader (someone's `sqlite3` holding a transaction) to let
    /// go of the ledger before it gives up.
    static let busyTimeout: TimeInterval = 15

    /// The ledger file.
    let path: String
    private let runsFolder: String
    private let database: DatabaseQueue

    /// What opening the ledger found to take in or drop.
    private(set) var changedMigrations: Set<MigrationKey> = []

    /// Opens (or creates) the ledger of `site` and brings it in line with the site's run folders.
    ///
    /// - Throws: ``RunFailure`` 65 when the file is not SQLite or has another schema, 73 when it
    ///   cannot be written.
    init(site: String) throws(RunFailure) {
        path = (site as NSString).appendingPathComponent(Self.fileName)
        runsFolder = (site as NSString).appendingPathComponent("runs")
        do {
            var configuration = Configuration()
            configuration.foreignKeysEnabled = true
            // A run of many problems fits the page cache whole, so that its transaction is not
            // spilled to the file and read back before it commits.
            configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA cache_size = -65536") }
            // A reader holding a transaction makes the publisher wait a while, not fail at once.
            configuration.busyMode = .timeout(Self.busyTimeout)
            database = try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw Self.failure(error, path: path)
        }
        try migrate()
        try catchUp()
    }

    // MARK: Schema

    private func migrate() throws(RunFailure) {
        let path = path
        do {
            try database.write { db in
                let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
                switch version {
                case Self.schemaVersion:
                    try Self.checkTables(db, expected: Self.tables)
                case 4:
                    // Version 4 knew no rollback runs, so every run deleted none.
                    try Self.checkTables(db, expected: Self.tablesBefore5)
                    try db.execute(sql: Self.rollbackColumns)
                    try db.execute(sql: "PRAGMA user_version = \(Self.schemaVersion)")
                case 3:
                    // Version 3 kept no verifications (none were published then).
                    try Self.checkTables(db, expected: Self.tablesBefore5.filter { $0.name != "verifications" })
                    try db.execute(sql: Self.verificationsTable + Self.rollbackColumns)
                    try db.execute(sql: "PRAGMA user_version = \(Self.schemaVersion)")
                case 1, 2:
                    // Version 1 kept no mark of the migrations whose files are behind the ledger, and
                    // neither version kept each migration's figures: each migration is written once
                    // again, which fills them in.
                    try Self.checkTables(db, expected: Self.tablesBefore5.filter {
                        $0.name != "migration_objects" && $0.name != "verifications" && (version == 2 || $0.name != "stale_migrations")
                    })
                    if version == 1 { try db.execute(sql: Self.staleMigrationsTable) }
                    try db.execute(sql: Self.migrationObjectsTable + Self.verificationsTable + "ALTER TABLE runs ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0;")
                    try db.execute(sql: "INSERT OR IGNORE INTO stale_migrations SELECT DISTINCT migration, environment FROM runs")
                    try db.execute(sql: "PRAGMA user_version = \(Self.schemaVersion)")
                case 0:
                    let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
                    guard tables.isEmpty else {
                        throw LedgerProblem("is a SQLite database of something else (tables: \(tables.prefix(5).joined(separator: ", "))); move it aside and publish again")
                    }
                    try db.execute(sql: Self.schema + Self.staleMigrationsTable + Self.migrationObjectsTable + Self.verificationsTable)
                    try db.execute(sql: "PRAGMA user_version = \(Self.schemaVersion)")
                default:
                    throw LedgerProblem("has schema version \(version); this landfall reads and writes version \(Self.schemaVersion). Move it aside and publish again: the ledger is rebuilt from the run folders")
                }
            }
        } catch let problem as LedgerProblem {
            throw RunFailure([Diagnostic(.error, at: SourceLocation(file: path), problem.message)], status: .dataError)
        } catch {
            throw Self.failure(error, path: path)
        }
    }

    /// The tables and columns a ledger of this version holds.
    static let tables: [(name: String, columns: [String])] = [
        ("runs", ["run_id", "migration", "environment", "kind", "destination", "started_at", "finished_at", "input_fingerprint", "status", "source",
                  "arrived", "failed", "missing", "deleted"]),
        ("run_objects", ["run_id", "position", "object", "destination_object", "quoted", "source", "created", "updated", "failed", "unprocessed",
                         "missing", "duplicated", "duplicated_across_runs", "unexpected", "orphans", "status"]),
        ("problems", ["run_id", "object", "source_id", "outcome", "code"]),
        ("stale_migrations", ["migration", "environment"]),
        ("migration_objects", ["migration", "environment", "position", "object", "destination_object", "quoted", "seen", "arrived", "still_failing",
                               "duplicated_across_runs", "rolled_back"]),
        ("verifications", ["run_id", "position", "object", "destination_object", "records", "compared", "equal", "different", "waived", "missing",
                           "verdict", "verified_on"]),
    ]

    /// The tables of versions 1 to 4: without the columns of rollbacks, `runs.deleted` and
    /// `migration_objects.rolled_back`.
    static var tablesBefore5: [(name: String, columns: [String])] {
        tables.map { table in (table.name, table.columns.filter { $0 != "deleted" && $0 != "rolled_back" }) }
    }

    /// What version 5 added to the tables of version 4: the records each run deleted (a rollback
    /// run's), and per object of a migration those a rollback deleted and no run loaded again.
    static let rollbackColumns = """
        ALTER TABLE runs ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE migration_objects ADD COLUMN rolled_back INTEGER NOT NULL DEFAULT 0;
        """

    /// Refuses a ledger of the right version whose tables are not the ones it must hold.
    private static func checkTables(_ db: Database, expected: [(name: String, columns: [String])]) throws {
        for table in expected {
            let columns = try Row.fetchAll(db, sql: "PRAGMA table_info(\(table.name))").map { $0["name"] as String }
            guard columns == table.columns else {
                let found = columns.isEmpty ? "no table \(table.name)" : "the table \(table.name) with the columns \(columns.joined(separator: ", "))"
                let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
                throw LedgerProblem("has schema version \(version) but \(found); move it aside and publish again: the ledger is rebuilt from the run folders")
            }
        }
    }

    /// The migrations (and environments) whose pages, id map and rollback files may be behind the
    /// ledger: a run is taken in with its migration marked here, and the mark is cleared once the
    /// migration's files are written. A publish cut short between the two leaves the mark, and the
    /// next publish writes the files again.
    static let staleMigrationsTable = """
        CREATE TABLE stale_migrations (
            migration TEXT NOT NULL,
            environment TEXT NOT NULL,
            PRIMARY KEY (migration, environment)
        ) WITHOUT ROWID;
        """

    /// Each migration's objects across its runs, as its page shows them: distinct source ids
    /// seen, arrived (a record updated in three runs counts once) and still failing. Written with
    /// the migration's files, in the transaction that clears its stale mark.
    static let migrationObjectsTable = """
        CREATE TABLE migration_objects (
            migration TEXT NOT NULL,
            environment TEXT NOT NULL,
            position INTEGER NOT NULL,
            object TEXT NOT NULL,
            destination_object TEXT,
            quoted INTEGER,
            seen INTEGER NOT NULL,
            arrived INTEGER NOT NULL,
            still_failing INTEGER NOT NULL,
            duplicated_across_runs INTEGER NOT NULL,
            rolled_back INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (migration, environment, object)
        ) WITHOUT ROWID;
        """

    /// What `verify` found for a run, an object a row (`runs/RUN_ID/verify/report.json`): its
    /// records and fields compared, equal, different, waived, missing, and the run's verdict.
    static let verificationsTable = """
        CREATE TABLE verifications (
            run_id TEXT NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            object TEXT NOT NULL,
            destination_object TEXT NOT NULL,
            records INTEGER NOT NULL,
            compared INTEGER NOT NULL,
            equal INTEGER NOT NULL,
            different INTEGER NOT NULL,
            waived INTEGER NOT NULL,
            missing INTEGER NOT NULL,
            verdict TEXT NOT NULL CHECK (verdict IN ('pass', 'fail')),
            verified_on TEXT NOT NULL,
            PRIMARY KEY (run_id, object)
        ) WITHOUT ROWID;
        """

    /// The tables (documented in Docs/ledger.md).
    static let schema = """
        CREATE TABLE runs (
            run_id TEXT PRIMARY KEY NOT NULL,
            migration TEXT NOT NULL,
            environment TEXT NOT NULL,
            kind TEXT NOT NULL,
            destination TEXT NOT NULL,
            started_at TEXT NOT NULL,
            finished_at TEXT NOT NULL,
            input_fingerprint TEXT NOT NULL,
            status TEXT NOT NULL,
            source INTEGER NOT NULL,
            arrived INTEGER NOT NULL,
            failed INTEGER NOT NULL,
            missing INTEGER NOT NULL,
            deleted INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX runs_by_migration ON runs (migration, environment, started_at, run_id);
        CREATE INDEX runs_by_start ON runs (started_at, run_id);
        CREATE TABLE run_objects (
            run_id TEXT NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            object TEXT NOT NULL,
            destination_object TEXT,
            quoted INTEGER,
            source INTEGER NOT NULL,
            created INTEGER NOT NULL,
            updated INTEGER NOT NULL,
            failed INTEGER NOT NULL,
            unprocessed INTEGER NOT NULL,
            missing INTEGER NOT NULL,
            duplicated INTEGER NOT NULL,
            duplicated_across_runs INTEGER NOT NULL,
            unexpected INTEGER NOT NULL,
            orphans INTEGER NOT NULL,
            status TEXT NOT NULL,
            PRIMARY KEY (run_id, object)
        ) WITHOUT ROWID;
        CREATE TABLE problems (
            run_id TEXT NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
            object TEXT NOT NULL,
            source_id TEXT NOT NULL,
            outcome TEXT NOT NULL CHECK (outcome IN ('failed', 'unprocessed', 'missing')),
            code TEXT,
            PRIMARY KEY (run_id, object, source_id)
        ) WITHOUT ROWID;
        """

    // MARK: Keeping in line with the run folders

    /// Takes in every run folder the ledger lacks and drops every run whose folder is gone.
    private func catchUp() throws(RunFailure) {
        let names = Set(((try? FileManager.default.contentsOfDirectory(atPath: runsFolder)) ?? []).filter { !$0.hasPrefix(".") })
        let known = try read { db in
            try Row.fetchAll(db, sql: "SELECT run_id, migration, environment FROM runs").map { row -> (String, MigrationKey) in
                (row[0], MigrationKey(migration: row[1], environment: RunDescription.Environment(rawValue: row[2]) ?? .sandbox))
            }
        }
        let knownIDs = Set(known.map(\.0))
        for (runID, key) in known where !names.contains(runID) {
            try write { db in
                try db.execute(sql: "DELETE FROM runs WHERE run_id = ?", arguments: [runID])
                try db.execute(sql: "INSERT OR IGNORE INTO stale_migrations (migration, environment) VALUES (?, ?)", arguments: [key.migration, key.environment.rawValue])
            }
            changedMigrations.insert(key)
        }
        var found: [(RunReport, String)] = []
        for name in names.subtracting(knownIDs).sorted() {
            let folder = (runsFolder as NSString).appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: (folder as NSString).appendingPathComponent("report.json")),
                  let report = try? JSONDecoder().decode(RunReport.self, from: data), report.runID == name
            else { continue }
            found.append((report, folder))
            changedMigrations.insert(PublishedRun(report).key)
        }
        try add(found)
    }

    // MARK: Writing

    /// The migrations whose files may be behind the ledger.
    func staleMigrations() throws(RunFailure) -> Set<MigrationKey> {
        try read { db in
            Set(try Row.fetchAll(db, sql: "SELECT migration, environment FROM stale_migrations").map { row in
                MigrationKey(migration: row[0], environment: RunDescription.Environment(rawValue: row[1]) ?? .sandbox)
            })
        }
    }

    /// Records a migration's figures across its runs (`objects`, empty when it has no run left)
    /// and clears its mark, in one transaction, once its files have been written.
    func markCurrent(_ key: MigrationKey, objects: [MigrationProgress.Object]) throws(RunFailure) {
        let arguments: StatementArguments = [key.migration, key.environment.rawValue]
        let rows: [[DatabaseValue]] = objects.enumerated().map { position, object in
            [key.migration.databaseValue, key.environment.rawValue.databaseValue, position.databaseValue, object.object.databaseValue,
             object.destinationObject.databaseValue, object.quoted.databaseValue, object.seen.databaseValue, object.arrived.databaseValue,
             object.stillFailing.databaseValue, object.duplicatedAcrossRuns.databaseValue, object.rolledBack.databaseValue]
        }
        // Nothing changed, nothing written: publishing the same run again leaves the file as it was.
        let (current, marked) = try read { db in
            (try Row.fetchAll(db, sql: "SELECT * FROM migration_objects WHERE migration = ? AND environment = ? ORDER BY position", arguments: arguments)
                .map { Array($0.databaseValues) },
             try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM stale_migrations WHERE migration = ? AND environment = ?)", arguments: arguments) ?? false)
        }
        guard current != rows || marked else { return }
        try write { db in
            try db.execute(sql: "DELETE FROM migration_objects WHERE migration = ? AND environment = ?", arguments: arguments)
            for row in rows {
                try db.execute(sql: """
                    INSERT INTO migration_objects (migration, environment, position, object, destination_object, quoted, seen, arrived, still_failing,
                                                   duplicated_across_runs, rolled_back) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: StatementArguments(row))
            }
            try db.execute(sql: "DELETE FROM stale_migrations WHERE migration = ? AND environment = ?", arguments: arguments)
        }
    }

    /// Records `report` and its `problems` in one transaction, and keeps them only if `keep`
    /// (called once they are in, and waited for) says so: the run's folder is written meanwhile.
    ///
    /// - Returns: whether they were kept.
    func add(_ report: RunReport, problems: [Problem], keepingIf keep: () -> Bool) throws(RunFailure) -> Bool {
        struct NotKept: Error {}
        do {
            try database.write { db in
                try Self.insert(report, problems: problems, into: db)
                guard keep() else { throw NotKept() }
            }
            return true
        } catch is NotKept {
            return false
        } catch {
            throw Self.failure(error, path: path)
        }
    }

    /// Records runs published into their folders, in one transaction.
    private func add(_ runs: [(report: RunReport, folder: String)]) throws(RunFailure) {
        guard !runs.isEmpty else { return }
        try write { db in
            for (report, folder) in runs {
                try Self.insert(report, problems: Self.problems(in: folder), into: db)
                if let verification = VerifyReport.read(runFolder: folder), verification.runID == report.runID { try Self.insert(verification, into: db) }
            }
        }
    }

    /// Records what `verify` found for a published run (replacing an earlier verification) and
    /// marks its migration for its pages to be written again.
    func record(_ verification: VerifyReport, of key: MigrationKey) throws(RunFailure) {
        try write { db in
            try Self.insert(verification, into: db)
            try db.execute(sql: "INSERT OR IGNORE INTO stale_migrations (migration, environment) VALUES (?, ?)", arguments: [key.migration, key.environment.rawValue])
        }
    }

    /// Inserts a verification's rows, in place of the run's earlier ones.
    private static func insert(_ verification: VerifyReport, into db: Database) throws {
        try db.execute(sql: "DELETE FROM verifications WHERE run_id = ?", arguments: [verification.runID])
        for (position, object) in verification.objects.enumerated() {
            try db.execute(sql: """
                INSERT INTO verifications (run_id, position, object, destination_object, records, compared, equal, different, waived, missing, verdict, verified_on)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [verification.runID, position + 1, object.object, object.destinationObject, object.records, object.compared, object.equal,
                                 object.different, object.waived, object.missing, verification.verdict.rawValue, verification.verifiedOn])
        }
    }

    /// Each verified run of a migration: its verdict and figures in a line.
    func verifications(of key: MigrationKey) throws(RunFailure) -> [String: String] {
        try read { db in
            var lines: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT v.run_id, v.verdict, SUM(v.compared), SUM(v.different), SUM(v.missing), SUM(v.waived) FROM verifications v JOIN runs r ON r.run_id = v.run_id
                WHERE r.migration = ? AND r.environment = ? GROUP BY v.run_id
                """, arguments: [key.migration, key.environment.rawValue]) {
                lines[row[0]] = (row[1] as String).uppercased() + ": "
                    + VerifyReport.figures(compared: row[2], different: row[3], missing: row[4], waived: row[5], notSent: 0)
            }
            return lines
        }
    }

    /// Inserts one run's rows.
    private static func insert(_ report: RunReport, problems: [Problem], into db: Database) throws {
        let run = PublishedRun(report)
        try db.execute(sql: """
            INSERT OR REPLACE INTO runs (run_id, migration, environment, kind, destination, started_at, finished_at, input_fingerprint, status,
                                         source, arrived, failed, missing, deleted)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [run.runID, run.migration, run.environment.rawValue, run.kind.rawValue, run.destination, run.startedAt, run.finishedAt,
                             report.inputFingerprint, run.status.rawValue, run.source, run.arrived, run.failed, run.missing, run.deleted])
        let object = try db.makeStatement(sql: """
            INSERT INTO run_objects (run_id, position, object, destination_object, quoted, source, created, updated, failed, unprocessed, missing,
                                     duplicated, duplicated_across_runs, unexpected, orphans, status)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for (position, entry) in report.objects.enumerated() {
            let values: [(any DatabaseValueConvertible)?] = [
                report.runID, position + 1, entry.object, entry.destinationObject, entry.manifestCount, entry.source, entry.created, entry.updated,
                entry.failed, entry.unprocessed, entry.missing, entry.duplicated, entry.duplicatedAcrossRuns ?? 0, entry.unexpected, entry.orphans,
                entry.status.rawValue,
            ]
            try object.execute(arguments: StatementArguments(values))
        }
        try insert(problems, of: report.runID, into: db)
        try db.execute(sql: "INSERT OR IGNORE INTO stale_migrations (migration, environment) VALUES (?, ?)", arguments: [run.migration, run.environment.rawValue])
    }

    /// Inserts a run's problems: tens of thousands of rows, bound and stepped through SQLite's
    /// own calls (a statement's arguments built per row would cost more than the insert).
    private static func insert(_ problems: [Problem], of runID: String, into db: Database) throws {
        let statement = try db.makeStatement(sql: "INSERT OR IGNORE INTO problems (run_id, object, source_id, outcome, code) VALUES (?, ?, ?, ?, ?)")
        let handle = statement.sqliteStatement
        // SQLITE_TRANSIENT: SQLite copies each value as it is bound.
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        func bind(_ index: Int32, _ text: String?) {
            guard var text else {
                sqlite3_bind_null(handle, index)
                return
            }
            text.withUTF8 { bytes in
                bytes.withMemoryRebound(to: CChar.self) { characters in
                    if let start = characters.baseAddress {
                        _ = sqlite3_bind_text(handle, index, start, Int32(characters.count), transient)
                    } else {
                        _ = sqlite3_bind_text(handle, index, "", 0, transient)
                    }
                }
            }
        }
        bind(1, runID)
        for entry in problems {
            bind(2, entry.object)
            bind(3, entry.sourceID)
            bind(4, entry.outcome)
            bind(5, entry.code)
            let code = sqlite3_step(handle)
            sqlite3_reset(handle)
            guard code == SQLITE_DONE else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)),
                                    sql: "INSERT INTO problems")
            }
        }
    }

    private func write(_ body: (Database) throws -> Void) throws(RunFailure) {
        do {
            try database.write(body)
        } catch {
            throw Self.failure(error, path: path)
        }
    }

    /// One failed, unprocessed or missing record of a run.
    struct Problem: Hashable {
        var object: String
        var sourceID: String
        var outcome: String
        var code: String?
    }

    /// The problems a run folder lists in `failed.csv` (code `UNPROCESSED` for unprocessed) and
    /// `missing.csv`.
    static func problems(in folder: String) -> [Problem] {
        var found: [Problem] = []
        for name in ["failed.csv", "missing.csv"] {
            guard let scanner = try? CSVScanner(path: (folder as NSString).appendingPathComponent(name)),
                  let id = scanner.column("id"), let object = scanner.column("object")
            else { continue }
            let code = scanner.column("code")
            try? scanner.forEachRow(columns: [id, object] + (code.map { [$0] } ?? [])) { _, fields in
                let codeText = fields.count > 2 ? fields[2].string : nil
                let outcome = codeText == nil ? "missing" : codeText == "UNPROCESSED" ? "unprocessed" : "failed"
                found.append(Problem(object: fields[1].string, sourceID: CSVWriter.original(fields[0].string), outcome: outcome,
                                     code: outcome == "failed" ? codeText : nil))
            }
        }
        return found
    }

    // MARK: Reading

    /// The run `runID`, when published.
    func run(_ runID: String) throws(RunFailure) -> PublishedRun? {
        try read { db in try PublishedRun.fetchAll(db, where: "run_id = ?", [runID]).first }
    }

    /// Every run, newest first.
    func runs() throws(RunFailure) -> [PublishedRun] {
        try read { db in try PublishedRun.fetchAll(db, where: "1", order: "started_at DESC, run_id DESC") }
    }

    /// The runs of one migration and environment, oldest first.
    func runs(of key: MigrationKey) throws(RunFailure) -> [PublishedRun] {
        try read { db in
            try PublishedRun.fetchAll(db, where: "migration = ? AND environment = ?", [key.migration, key.environment.rawValue], order: "started_at, run_id")
        }
    }

    /// Every run of `migration`, in either environment, oldest first.
    func runs(ofMigration migration: String) throws(RunFailure) -> [PublishedRun] {
        try read { db in try PublishedRun.fetchAll(db, where: "migration = ?", [migration], order: "started_at, run_id") }
    }

    /// The objects of a run, in load order.
    func objects(of runID: String) throws(RunFailure) -> [PublishedObject] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM run_objects WHERE run_id = ? ORDER BY position", arguments: [runID]).map(PublishedObject.init)
        }
    }

    /// For each of `runIDs` whose verdict is not a pass, the first reason for it: the first object
    /// (in load order) with the run's own status, and what gave it that status.
    func verdictReasons(of runIDs: [String]) throws(RunFailure) -> [String: String] {
        guard !runIDs.isEmpty else { return [:] }
        return try read { db in
            var reasons: [String: String] = [:]
            let rows = try Row.fetchAll(db, sql: """
                SELECT o.run_id, o.object, o.source, o.failed + o.unprocessed + o.missing AS problems, o.duplicated, o.unexpected, o.orphans
                FROM run_objects o JOIN runs r ON r.run_id = o.run_id
                WHERE o.run_id IN (\(Array(repeating: "?", count: runIDs.count).joined(separator: ", "))) AND o.status = r.status AND r.status != 'pass'
                ORDER BY o.run_id, o.position
                """, arguments: StatementArguments(runIDs))
            for row in rows where reasons[row["run_id"] as String] == nil {
                reasons[row["run_id"]] = Self.reason(object: row["object"], source: row["source"], problems: row["problems"], duplicated: row["duplicated"],
                                                     unexpected: row["unexpected"], orphans: row["orphans"])
            }
            return reasons
        }
    }

    /// `ticket: 2 of 7 failed, unprocessed or missing (28.6 %)`: what set an object's status, the
    /// gravest first (orphans, then the share that did not arrive, duplicates, unexpected records).
    static func reason(object: String, source: Int, problems: Int, duplicated: Int, unexpected: Int, orphans: Int) -> String {
        if orphans > 0 { return "\(object): \(Format.count(orphans, "record")) arrived without the parent" }
        if problems > 0 {
            return "\(object): \(Format.count(problems)) of \(Format.count(source)) failed, unprocessed or missing (\(Format.percent(Double(problems) / Double(max(source, 1)))))"
        }
        if duplicated > 0 { return "\(object): \(Format.count(duplicated, "source id")) duplicated" }
        if unexpected > 0 { return "\(object): \(Format.count(unexpected, "result")) naming ids that were not submitted" }
        return object
    }

    /// The problems of a run as `object:id`.
    func problemKeys(of runID: String) throws(RunFailure) -> Set<String> {
        try read { db in
            Set(try Row.fetchAll(db, sql: "SELECT object, source_id FROM problems WHERE run_id = ?", arguments: [runID]).map { row in
                "\(row["object"] as String):\(row["source_id"] as String)"
            })
        }
    }

    /// The problems of every run of a migration and environment, by object then source id, with
    /// the newest run's code.
    func problems(of key: MigrationKey) throws(RunFailure) -> [String: [String: String]] {
        try read { db in
            var found: [String: [String: String]] = [:]
            let rows = try Row.fetchAll(db, sql: """
                SELECT p.object, p.source_id, COALESCE(p.code, UPPER(p.outcome)) AS code FROM problems p JOIN runs r ON r.run_id = p.run_id
                WHERE r.migration = ? AND r.environment = ? ORDER BY r.started_at, r.run_id
                """, arguments: [key.migration, key.environment.rawValue])
            for row in rows { found[row["object"], default: [:]][row["source_id"]] = row["code"] as String }
            return found
        }
    }

    private func read<T>(_ body: (Database) throws -> T) throws(RunFailure) -> T {
        do {
            return try database.read(body)
        } catch {
            throw Self.failure(error, path: path)
        }
    }

    /// The ledger's error as the command reports it: 65 for a file that is not a ledger, 73 for
    /// one that cannot be written.
    private static func failure(_ error: any Error, path: String) -> RunFailure {
        if let error = error as? DatabaseError {
            switch error.resultCode {
            case .SQLITE_NOTADB, .SQLITE_CORRUPT:
                return RunFailure([Diagnostic(.error, at: SourceLocation(file: path),
                                              "is not a SQLite database (\(error.message ?? "file is not a database")); move it aside and publish again: the ledger is rebuilt from the run folders")],
                                  status: .dataError)
            default:
                return RunFailure([Diagnostic(.error, at: SourceLocation(file: path), "cannot be written: \(error.message ?? "\(error.resultCode)")")],
                                  status: .cannotCreate)
            }
        }
        return RunFailure([Diagnostic(.error, at: SourceLocation(file: path), "cannot be written: \(SystemError.reason(error))")], status: .cannotCreate)
    }
}

/// A migration in one environment: the runs that are judged together.
struct MigrationKey: Hashable, Comparable, Sendable {
    var migration: String
    var environment: RunDescription.Environment

    /// `MIGRATION-ENVIRONMENT`, the migration page's folder name.
    var folderName: String { "\(migration)-\(environment.rawValue)" }

    static func < (lhs: MigrationKey, rhs: MigrationKey) -> Bool {
        (lhs.migration, lhs.environment.rawValue) < (rhs.migration, rhs.environment.rawValue)
    }
}

/// One published run as the ledger's `runs` table holds it.
struct PublishedRun: Equatable, Sendable {
    var runID: String
    var migration: String
    var environment: RunDescription.Environment
    var kind: RunDescription.Kind
    var destination: String
    var startedAt: String
    var finishedAt: String
    var inputFingerprint: String
    var status: RunReport.Status
    var source, arrived, failed, missing: Int
    /// The records a rollback run deleted (0 for a run that loads).
    var deleted = 0

    /// What the run brought, for the tables of runs: how many arrived, or a rollback's `N deleted`.
    var arrivedText: String { kind == .rollback ? "\(Format.count(deleted)) deleted" : Format.count(arrived) }

    /// The migration and environment.
    var key: MigrationKey { MigrationKey(migration: migration, environment: environment) }

    /// The share of the submitted records that arrived (1 when none were submitted).
    var arrivedShare: Double { source == 0 ? 1 : Double(arrived) / Double(source) }

    /// Failed, unprocessed and missing records as a share of the submitted ones, in percent.
    var problemRate: Double { source == 0 ? 0 : Format.tenths(Double(failed + missing) / Double(source) * 100) }

    init(_ report: RunReport) {
        let totals = report.totals
        self.init(runID: report.runID, migration: report.migration, environment: report.environment, kind: report.kind, destination: report.destination,
                  startedAt: report.startedAt, finishedAt: report.finishedAt, inputFingerprint: report.inputFingerprint, status: report.status,
                  source: totals.source, arrived: totals.arrived, failed: totals.failed, missing: totals.missing)
        deleted = report.deleted
    }

    init(runID: String, migration: String, environment: RunDescription.Environment, kind: RunDescription.Kind, destination: String, startedAt: String,
         finishedAt: String, inputFingerprint: String, status: RunReport.Status, source: Int, arrived: Int, failed: Int, missing: Int) {
        (self.runID, self.migration, self.environment, self.kind, self.destination) = (runID, migration, environment, kind, destination)
        (self.startedAt, self.finishedAt, self.inputFingerprint, self.status) = (startedAt, finishedAt, inputFingerprint, status)
        (self.source, self.arrived, self.failed, self.missing) = (source, arrived, failed, missing)
    }

    fileprivate static func fetchAll(_ db: Database, where condition: String, _ arguments: StatementArguments = [], order: String = "run_id") throws -> [PublishedRun] {
        // Columns by position: thousands of rows are read for every index page.
        let sql = """
            SELECT run_id, migration, environment, kind, destination, started_at, finished_at, input_fingerprint, status, source, arrived, failed, missing,
                   deleted
            FROM runs WHERE \(condition) ORDER BY \(order)
            """
        return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
            var run = PublishedRun(runID: row[0], migration: row[1], environment: RunDescription.Environment(rawValue: row[2]) ?? .sandbox,
                         kind: RunDescription.Kind(rawValue: row[3]) ?? .sandbox, destination: row[4], startedAt: row[5], finishedAt: row[6],
                         inputFingerprint: row[7], status: RunReport.Status(rawValue: row[8]) ?? .fail, source: row[9], arrived: row[10], failed: row[11],
                         missing: row[12])
            run.deleted = row[13]
            return run
        }
    }
}

/// One object of a published run as the ledger's `run_objects` table holds it.
struct PublishedObject: Equatable, Sendable {
    var object: String
    var destinationObject: String?
    var quoted: Int?
    var source, created, updated, failed, unprocessed, missing, duplicatedAcrossRuns: Int

    fileprivate init(_ row: Row) {
        (object, destinationObject, quoted) = (row["object"], row["destination_object"], row["quoted"])
        (source, created, updated, failed, unprocessed, missing) = (row["source"], row["created"], row["updated"], row["failed"], row["unprocessed"], row["missing"])
        duplicatedAcrossRuns = row["duplicated_across_runs"]
    }
}

/// A ledger file that is not this version's ledger.
private struct LedgerProblem: Error {
    let message: String
    init(_ message: String) { self.message = message }
}
