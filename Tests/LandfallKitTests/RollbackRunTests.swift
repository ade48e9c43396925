import Foundation
import GRDB
@testable import LandfallKit
import LandfallTestSupport
import Testing

extension MigrationFixture {
    /// Writes the Salesforce rollback run `runID`: `deleted` sent to a Case delete job and
    /// deleted, `failed` sent and refused.
    @discardableResult
    func writeRollback(_ runID: String, day: Int, deleted: [String], failed: [String] = [], migration: String? = nil) -> String {
        folder.write("\(runID)/run.json", """
            { "run_id": "\(runID)", "kind": "rollback", \(migration.map { #""migration": "\#($0)", "# } ?? "")"destination": "salesforce-service-cloud",
              "started_at": "2026-11-\(day)T09:00:00Z", "finished_at": "2026-11-\(day)T09:05:00Z",
              "objects": [{ "object": "Case", "source_file": "source/Case.csv", "id_column": "Id" }] }
            """)
        folder.write("\(runID)/source/Case.csv", "Id\n" + (deleted + failed).map { "\($0)\n" }.joined())
        folder.write("\(runID)/results/Case/successfulResults.csv", "\"sf__Id\",\"sf__Created\",\"Id\"\n" + deleted.map { "\"\($0)\",\"false\",\"\($0)\"\n" }.joined())
        folder.write("\(runID)/results/Case/failedResults.csv",
                     "\"sf__Id\",\"sf__Error\",\"Id\"\n" + failed.map { "\"\($0)\",\"ENTITY_IS_LOCKED:the record is locked --\",\"\($0)\"\n" }.joined())
        return folder.path + "/" + runID
    }
}

@Suite("A rollback is part of the migration's history")
struct RollbackRunTests {
    /// A production load that created T1 and T2 and updated the customer's own Case 500OWN (T9).
    static func loaded() -> MigrationFixture {
        let fixture = MigrationFixture()
        fixture.write("acme-production-1", kind: "production", day: 20,
                      tickets: [.init(id: "T1", destination: "500A"), .init(id: "T2", destination: "500B"), .init(id: "T9", destination: "500OWN", created: false)])
        #expect(fixture.publish("acme-production-1").status == .ok)
        return fixture
    }

    @Test("a failed upsert that names a destination record keeps its id in the id map, marked failed; no reader takes it for an arrival")
    func failedUpsertKept() throws {
        let fixture = MigrationFixture()
        let run = fixture.write("acme-production-1", kind: "production", day: 20, tickets: [.init(id: "T1", destination: "500A")])
        try "ticket_id\nT1\nT2\nT3\n".write(toFile: run + "/source/tickets.csv", atomically: true, encoding: .utf8)
        fixture.folder.write("acme-production-1/results/ticket/failedResults.csv", """
            "sf__Id","sf__Error","ticket_id"
            "500EXISTING","FIELD_CUSTOM_VALIDATION_EXCEPTION:Subject is locked --","T2"
            "","REQUIRED_FIELD_MISSING:Subject --","T3"

            """)
        #expect(fixture.publish("acme-production-1").status == .ok)
        #expect(fixture.text("runs/acme-production-1/idmap.csv") == """
            object,source_id,destination_id,outcome,run_id\r
            ticket,T1,500A,created,acme-production-1\r
            ticket,T2,500EXISTING,failed,acme-production-1\r

            """)
        // The load's next run sends T2 again: the id map gives no id for it.
        let ids = try DestinationIDs(paths: [fixture.site + "/migrations/acme-production/idmap.csv"])
        #expect(ids.id(of: "ticket", "T1") == "500A")
        #expect(ids.id(of: "ticket", "T2") == nil)
        // A later run that creates T2 is not a duplicate, and T2 still fails until then.
        #expect(fixture.text("migrations/acme-production/index.md").contains("Still failing, ticket: T2 (FIELD_CUSTOM_VALIDATION_EXCEPTION), T3 (REQUIRED_FIELD_MISSING)"))
        fixture.write("acme-production-2", kind: "production", day: 21, tickets: [.init(id: "T2", destination: "500N")])
        #expect(fixture.publish("acme-production-2").status == .ok)
        #expect(try fixture.report("acme-production-2").objects.first?.duplicatedAcrossRuns == 0)
    }

    @Test("a rollback run is published: its deletions in its id map, the ledger and the migration page; a reload of the same records is no duplicate")
    func rollbackThenReload() throws {
        let fixture = Self.loaded()
        fixture.writeRollback("acme-rollback-2", day: 21, deleted: ["500B", "500A"])
        let output = fixture.publish("acme-rollback-2")
        #expect(output.status == .ok, "\(output.standardError)")
        let report = try fixture.report("acme-rollback-2")
        #expect(report.kind == .rollback && report.environment == .production)
        #expect(report.objects.map { [$0.source, $0.deleted ?? -1, $0.created, $0.failed] } == [[2, 2, 0, 0]])
        #expect(fixture.text("runs/acme-rollback-2/idmap.csv") == """
            object,source_id,destination_id,outcome,run_id\r
            ticket,T2,500B,deleted,acme-rollback-2\r
            ticket,T1,500A,deleted,acme-rollback-2\r

            """)
        #expect(!FileManager.default.fileExists(atPath: fixture.site + "/runs/acme-rollback-2/rollback.csv"))
        let run = fixture.text("runs/acme-rollback-2/report.md")
        #expect(run.contains("- Deleted: 2\n"))
        #expect(run.contains("| Object | Submitted | Deleted | Updated |"))
        let page = fixture.text("migrations/acme-production/index.md")
        #expect(page.contains("- Deleted by a rollback: 2\n"))
        #expect(page.contains("| ticket | Case | 3 | 1 | 2 | 33.3 % | 0 | 0 |"), "\(page)")
        #expect(page.contains("| [acme-rollback-2](../../runs/acme-rollback-2/index.html) | rollback | 2026-11-21 | 2 | 2 deleted | 0 | 0 | **PASS** |"))
        #expect(page.contains("- [acme-rollback-2](../../runs/acme-rollback-2/index.html), 2026-11-21: 2 records deleted of 2 ids sent for deletion"))
        // Nothing created is left to delete; the customer's updated record is listed apart still.
        #expect(!FileManager.default.fileExists(atPath: fixture.site + "/migrations/acme-production/rollback/1-Case.csv"))
        #expect(fixture.text("migrations/acme-production/rollback/updated.csv").contains("ticket,T9,500OWN,acme-production-1"))
        // The ledger keeps the deletions.
        let ledger = try SiteLedger(site: fixture.site)
        #expect(try ledger.run("acme-rollback-2")?.deleted == 2)
        let figures = try DatabaseQueue(path: fixture.site + "/ledger.sqlite").read { db in
            try Row.fetchOne(db, sql: "SELECT seen, arrived, still_failing, rolled_back FROM migration_objects WHERE migration = 'acme' AND object = 'ticket'")
        }
        #expect(figures.map { [$0[0], $0[1], $0[2], $0[3]] as [Int] } == [3, 1, 0, 2])
        // The migration's map gives no id for T1 and T2: a later load sends them again.
        let ids = try DestinationIDs(paths: [fixture.site + "/migrations/acme-production/idmap.csv"])
        #expect(ids.id(of: "ticket", "T1") == nil && ids.id(of: "ticket", "T9") == "500OWN")
        // Reloaded: created again, and not a duplicate across runs.
        fixture.write("acme-production-3", kind: "production", day: 22, tickets: [.init(id: "T1", destination: "500C"), .init(id: "T2", destination: "500D")])
        #expect(fixture.publish("acme-production-3").status == .ok)
        let reload = try #require(try fixture.report("acme-production-3").objects.first)
        #expect([reload.created, reload.duplicated, reload.duplicatedAcrossRuns ?? -1] as [Int] == [2, 0, 0])
        #expect(reload.status == .pass)
        #expect(fixture.text("migrations/acme-production/index.md").contains("| ticket | Case | 3 | 3 | 0 | 100 % | 0 | 0 |"))
        #expect(fixture.text("migrations/acme-production/rollback/1-Case.csv") == "Id\r\n500D\r\n500C\r\n")
        let again = try DestinationIDs(paths: [fixture.site + "/migrations/acme-production/idmap.csv"])
        #expect(again.id(of: "ticket", "T1") == "500C")
    }

    @Test("a rollback that deletes part of the load leaves the rest in the migration's rollback file")
    func partialRollback() throws {
        let fixture = Self.loaded()
        fixture.writeRollback("acme-rollback-2", day: 21, deleted: ["500B"], failed: ["500A"])
        #expect(fixture.publish("acme-rollback-2").status == .ok)
        #expect(fixture.text("migrations/acme-production/rollback/1-Case.csv") == "Id\r\n500A\r\n")
        #expect(fixture.text("runs/acme-rollback-2/failed.csv").contains("500A,Case,ENTITY_IS_LOCKED,the record is locked"))
        #expect(fixture.text("migrations/acme-production/index.md").contains("1 record deleted of 2 ids sent for deletion (1 failed or unprocessed, 0 without a result)"))
    }

    @Test("a rollback of ids the migration never created, only updated, or deleted already: 65 at the id's line, nothing published", arguments: [
        (["500B", "500X"], "source/Case.csv:3:1: error: Case 500X is not a record the migration acme (production) created: a rollback deletes only what its runs created; nothing was published"),
        (["500OWN"], "source/Case.csv:2:1: error: Case 500OWN existed before the migration acme (production): its runs updated ticket T9 into it, not created it, and a delete would lose the customer's own record (the run's restore file puts back what the update changed); nothing was published"),
    ])
    func refused(ids: [String], message: String) throws {
        let fixture = Self.loaded()
        let run = fixture.writeRollback("acme-rollback-2", day: 21, deleted: ids)
        #expect(fixture.refusal("acme-rollback-2", status: .dataError) == "\(run)/\(message)\n")
    }

    @Test("a second rollback of ids already deleted is refused, naming the rollback that deleted them")
    func deletedTwice() throws {
        let fixture = Self.loaded()
        fixture.writeRollback("acme-rollback-2", day: 21, deleted: ["500A"])
        #expect(fixture.publish("acme-rollback-2").status == .ok)
        let run = fixture.writeRollback("acme-rollback-3", day: 22, deleted: ["500A"])
        #expect(fixture.refusal("acme-rollback-3", status: .dataError)
            == "\(run)/source/Case.csv:2:1: error: Case 500A was deleted already, by the rollback run acme-rollback-2: a rollback deletes what the migration still holds; nothing was published\n")
    }

    @Test("a rollback into a site without its migration is refused, and leaves no site")
    func noMigration() throws {
        let fixture = MigrationFixture()
        let run = fixture.writeRollback("acme-rollback-1", day: 21, deleted: ["500A"])
        let output = fixture.publish("acme-rollback-1")
        #expect(output.status == .dataError)
        #expect(output.standardError == "\(run)/source/Case.csv:2:1: error: Case 500A is not a record the migration acme (production) created: a rollback deletes only what its runs created; nothing was published\n")
        #expect(!FileManager.default.fileExists(atPath: fixture.site))
    }
}

@Suite("An Intercom rollback run")
struct IntercomRollbackRunTests {
    /// The Harbor sample's first run, published, and a rollback run of `lines` for tickets.
    private func rollback(_ lines: String, ids: [String]) -> (fixture: MigrationFixture, output: CommandOutput, run: String) {
        let fixture = MigrationFixture()
        let load = ReconcileCommand(runFolder: Fixtures.sample("runs/harbor-sandbox-1"), site: fixture.site, catalog: Fixtures.catalog,
                                    acceptance: Fixtures.rules.acceptance, templates: Fixtures.templates).run()
        #expect(load.status == .ok || load.status == .verdict, "\(load.standardError)")
        fixture.folder.write("harbor-rollback-2/run.json", """
            { "run_id": "harbor-rollback-2", "kind": "rollback", "environment": "sandbox", "destination": "intercom",
              "started_at": "2026-11-20T09:00:00Z", "finished_at": "2026-11-20T09:01:00Z",
              "objects": [{ "object": "ticket", "source_file": "source/tickets.csv", "id_column": "Id" }] }
            """)
        fixture.folder.write("harbor-rollback-2/source/tickets.csv", "Id\n" + ids.map { "\($0)\n" }.joined())
        fixture.folder.write("harbor-rollback-2/results/ticket.jsonl", lines)
        return (fixture, fixture.publish("harbor-rollback-2"), fixture.folder.path + "/harbor-rollback-2")
    }

    @Test("Intercom's deleted lines, known by destination_id, mark the review deleted in the sandbox migration")
    func deletedLines() throws {
        let (fixture, output, _) = rollback(#"{"destination_id": "215468112", "status": "deleted", "at": "2026-11-20T09:00:10Z"}"# + "\n", ids: ["215468112"])
        #expect(output.status == .ok, "\(output.standardError)")
        #expect(fixture.text("runs/harbor-rollback-2/idmap.csv") == "object,source_id,destination_id,outcome,run_id\r\nreview,R-1,215468112,deleted,harbor-rollback-2\r\n")
        #expect(fixture.text("migrations/harbor-sandbox/index.md").contains("- Deleted by a rollback: 1\n"))
    }

    @Test("a rollback's results that say created are refused at their line, 65")
    func createdInRollback() throws {
        let (_, output, run) = rollback(#"{"destination_id": "215468112", "status": "created"}"# + "\n", ids: ["215468112"])
        #expect(output.status == .dataError)
        #expect(output.standardError == "\(run)/results/ticket.jsonl:1:1: error: a rollback run deletes records; its results say deleted, failed or skipped, not created\n")
    }
}
