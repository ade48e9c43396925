import Foundation
import GRDB
@testable import LandfallKit
import LandfallTestSupport
import Testing

@Suite("Nothing stale after a failure: a migration's files are whole, or the next publish makes them whole")
struct StaleMigrationTests {
    /// Two runs of one migration, the first published.
    private func twoRuns() -> MigrationFixture {
        let fixture = MigrationFixture()
        fixture.write("acme-production-1", kind: "production", day: 20, tickets: [.init(id: "T1", destination: "500A"), .init(id: "T2", destination: "500B")])
        fixture.write("acme-production-2", kind: "production", day: 21, tickets: [.init(id: "T3", destination: "500C")], failedTickets: ["T4"])
        #expect(fixture.publish("acme-production-1").status == .ok)
        return fixture
    }

    /// The migration's files of a site rebuilt from its run folders alone (no ledger, no
    /// migration pages), to hold a repaired site to.
    private func rebuilt(from fixture: MigrationFixture) throws -> [String: Data] {
        let copy = TemporaryFolder()
        try FileManager.default.copyItem(atPath: fixture.site + "/runs", toPath: copy.path + "/runs")
        let again = ReconcileCommand(runFolder: fixture.folder.path + "/acme-production-2", site: copy.path, catalog: Fixtures.catalog,
                                     acceptance: Fixtures.rules.acceptance, templates: Fixtures.templates).run()
        #expect(again.status == .ok, "\(again.standardError)")
        return files(below: copy.path + "/migrations")
    }

    private func files(below folder: String) -> [String: Data] {
        var found: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: folder)
        while let relative = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder + "/" + relative, isDirectory: &isDirectory), !isDirectory.boolValue {
                found[relative] = FileManager.default.contents(atPath: folder + "/" + relative)
            }
        }
        return found
    }

    @Test("a migration folder that cannot be written fails the publish; the next publish writes it whole, as a rebuild from the run folders does")
    func unwritableMigrationFolder() throws {
        let fixture = twoRuns()
        // The id map's place is taken by a folder: it cannot be replaced.
        let idMap = fixture.site + "/migrations/acme-production/idmap.csv"
        try FileManager.default.removeItem(atPath: idMap)
        fixture.folder.write("site/migrations/acme-production/idmap.csv/blocker", "x")
        let failed = fixture.publish("acme-production-2")
        #expect(failed.status == .cannotCreate)
        #expect(FileManager.default.fileExists(atPath: fixture.site + "/runs/acme-production-2/report.json"))
        let stale = try DatabaseQueue(path: fixture.site + "/ledger.sqlite").read { db in try String.fetchAll(db, sql: "SELECT migration FROM stale_migrations") }
        #expect(stale == ["acme"])
        try FileManager.default.removeItem(atPath: idMap)
        let repaired = fixture.publish("acme-production-2")
        #expect(repaired.status == .ok, "\(repaired.standardError)")
        #expect(repaired.standardOutput.contains("migrations/acme-production/idmap.csv"))
        #expect(files(below: fixture.site + "/migrations") == (try rebuilt(from: fixture)))
        #expect(fixture.text("migrations/acme-production/idmap.csv").contains("T3"))
        let cleared = try DatabaseQueue(path: fixture.site + "/ledger.sqlite").read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM stale_migrations") }
        #expect(cleared == 0)
    }

    @Test("killed after the ledger took the run in, before the migration's files: the next publish of any run repairs them",
          arguments: ["after the folder, before the ledger", "after the ledger, before the migration", "while writing the migration"])
    func killed(at step: String) throws {
        let fixture = twoRuns()
        let before = files(below: fixture.site + "/migrations")
        #expect(fixture.publish("acme-production-2").status == .ok)
        let whole = files(below: fixture.site + "/migrations")
        // The state a kill at `step` leaves: the migration's files as they were before this run.
        try FileManager.default.removeItem(atPath: fixture.site + "/migrations")
        for (relative, data) in before { fixture.folder.write("site/migrations/" + relative, data) }
        try DatabaseQueue(path: fixture.site + "/ledger.sqlite").write { db in
            switch step {
            case "after the folder, before the ledger":
                try db.execute(sql: "DELETE FROM runs WHERE run_id = 'acme-production-2'; DELETE FROM stale_migrations")
            case "while writing the migration":
                try db.execute(sql: "INSERT OR IGNORE INTO stale_migrations VALUES ('acme', 'production')")
                fixture.folder.write("site/migrations/acme-production/.idmap.csv.999999.tmp", "half")
                fixture.folder.write("site/migrations/acme-production/rollback/.1-Case.csv.999999.tmp", "half")
            default:
                try db.execute(sql: "INSERT OR IGNORE INTO stale_migrations VALUES ('acme', 'production')")
            }
        }
        #expect(files(below: fixture.site + "/migrations") != whole)
        // Another migration's run is published: the stale one is made whole on the way.
        fixture.write("other-sandbox-1", kind: "sandbox", day: 22, tickets: [.init(id: "T9", destination: "500Z")], migration: "other")
        #expect(fixture.publish("other-sandbox-1").status == .ok)
        let repaired = files(below: fixture.site + "/migrations").filter { $0.key.hasPrefix("acme-production/") }
        #expect(repaired == whole.filter { $0.key.hasPrefix("acme-production/") })
        #expect(!repaired.keys.contains { $0.hasSuffix(".tmp") })
    }

    @Test("a reader holding a transaction on the ledger makes the publisher wait for it, not fail")
    func waitsForReader() throws {
        let fixture = twoRuns()
        let reader = try DatabaseQueue(path: fixture.site + "/ledger.sqlite")
        let holding = DispatchSemaphore(value: 0)
        let released = DispatchSemaphore(value: 0)
        Thread {
            try? reader.read { db in
                _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM runs")
                holding.signal()
                Thread.sleep(forTimeInterval: 1.5)
            }
            released.signal()
        }.start()
        holding.wait()
        let started = Date()
        let output = fixture.publish("acme-production-2")
        #expect(output.status == .ok, "\(output.standardError)")
        #expect(Date().timeIntervalSince(started) > 1.0)
        released.wait()
    }

    @Test("a ledger of schema version 3 or 4 is taken up to version 5: its runs kept, the verifications table and the rollbacks' columns added",
          arguments: [3, 4])
    func upgradesEarlierVersions(version earlier: Int) throws {
        let fixture = twoRuns()
        try DatabaseQueue(path: fixture.site + "/ledger.sqlite").write { db in
            try db.execute(sql: (earlier == 3 ? "DROP TABLE verifications; " : "")
                + "ALTER TABLE runs DROP COLUMN deleted; ALTER TABLE migration_objects DROP COLUMN rolled_back; PRAGMA user_version = \(earlier)")
        }
        #expect(fixture.publish("acme-production-2").status == .ok)
        let (version, runs, columns, runColumns) = try DatabaseQueue(path: fixture.site + "/ledger.sqlite").read { db in
            (try Int.fetchOne(db, sql: "PRAGMA user_version"), try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM runs"),
             try Row.fetchAll(db, sql: "PRAGMA table_info(verifications)").map { $0["name"] as String },
             try Row.fetchAll(db, sql: "PRAGMA table_info(runs)").map { $0["name"] as String })
        }
        #expect(version == 5)
        #expect(runs == 2)
        #expect(columns == ["run_id", "position", "object", "destination_object", "records", "compared", "equal", "different", "waived", "missing", "verdict", "verified_on"])
        #expect(runColumns.last == "deleted")
        #expect(try DatabaseQueue(path: fixture.site + "/ledger.sqlite").read { db in try Row.fetchAll(db, sql: "PRAGMA table_info(migration_objects)").map { $0["name"] as String }.last } == "rolled_back")
    }

    @Test("a ledger of the right version with the wrong tables is named, exit 65, and nothing is written")
    func wrongTables() throws {
        let fixture = MigrationFixture()
        fixture.write("acme-production-1", kind: "production", day: 20, tickets: [.init(id: "T1", destination: "500A")])
        try FileManager.default.createDirectory(atPath: fixture.site, withIntermediateDirectories: true)
        try DatabaseQueue(path: fixture.site + "/ledger.sqlite").write { db in
            try db.execute(sql: "CREATE TABLE runs (id TEXT); PRAGMA user_version = 2")
        }
        let error = fixture.refusal("acme-production-1", status: .dataError)
        #expect(error == "\(fixture.site)/ledger.sqlite: error: has schema version 2 but the table runs with the columns id; move it aside and publish again: the ledger is rebuilt from the run folders\n")
    }
}
