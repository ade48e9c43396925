import Foundation
@testable import LandfallKit
import LandfallTestSupport
import Testing
import Yams

@Suite("Rollback files a person hands to the destination as they are")
struct RollbackScriptsTests {
    /// The sample migrations' folders, published by the demo into `folder`.
    private func demo(in folder: TemporaryFolder) -> String {
        #expect(Fixtures.demo(into: folder.path + "/demo").status == .ok)
        return folder.path + "/demo/site/migrations"
    }

    /// A migration's created ids of one destination object, in a run's id list.
    private func file(_ object: String, ids: [String], in folder: TemporaryFolder) -> MigrationProgress.RollbackFile {
        let part = folder.write("\(object).csv", "Id\r\n" + ids.map { $0 + "\r\n" }.joined())
        return MigrationProgress.RollbackFile(number: 1, destinationObject: object, count: ids.count,
                                              contents: FileConcatenation(header: Array("Id\r\n".utf8), parts: [part]))
    }

    private func text(_ script: RollbackScripts.Script) -> String {
        guard case .bytes(let bytes) = script.body else { return "" }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test("Intercom: one DELETE a line for what its API deletes, each a path and method of Intercom's OpenAPI 2.16; notes listed apart with the reason")
    func intercom() throws {
        let temporary = TemporaryFolder()
        let folder = demo(in: temporary)
        let requests = try String(contentsOfFile: folder + "/harbor-sandbox/rollback/2-ticket.requests.jsonl", encoding: .utf8)
        #expect(requests == "{\"method\":\"DELETE\",\"path\":\"/tickets/215468201\"}\n{\"method\":\"DELETE\",\"path\":\"/tickets/215468114\"}\n{\"method\":\"DELETE\",\"path\":\"/tickets/215468112\"}\n")
        let spec = try #require(try Yams.load(yaml: String(contentsOfFile: Fixtures.repositoryRoot + "/../shared/intercom/api.intercom.io-2.16.yaml", encoding: .utf8)) as? [String: Any])
        let paths = try #require(spec["paths"] as? [String: [String: Any]])
        // Each request the catalog names is an operation of the contract: its method on a path of the same shape.
        let platform = try #require(Fixtures.catalog.platform("intercom"))
        for rule in try #require(platform.rollback).rules {
            guard case .request(let method, let path) = rule.way else { continue }
            let shape = path.split(separator: "/").map { $0.hasPrefix("{") ? "{}" : String($0) }
            let found = paths.first { key, operations in
                key.split(separator: "/").map { $0.hasPrefix("{") ? "{}" : String($0) } == shape && operations[method.lowercased()] != nil
            }
            #expect(found != nil, "\(method) \(path) is no operation of Intercom's OpenAPI")
        }
        let notDeletable = try String(contentsOfFile: folder + "/harbor-sandbox/rollback/not-deletable.csv", encoding: .utf8)
        #expect(notDeletable.hasPrefix("object,Id,reason\r\nnote,part-99102,Intercom's API deletes no single part of a conversation or ticket: a note goes only when its ticket or conversation is deleted.\r\n"))
        let page = try String(contentsOfFile: folder + "/harbor-sandbox/index.md", encoding: .utf8)
        #expect(page.contains("- [2-ticket.requests.jsonl](rollback/2-ticket.requests.jsonl): 3 ticket ids created, newest first: one DELETE request a line, each for good"))
        #expect(page.contains("- [not-deletable.csv](rollback/not-deletable.csv): 3 ids the destination cannot delete one by one, each with the reason"))
    }

    @Test("the records a migration updated but did not create are listed apart, once, at the first run that changed them")
    func updatedApart() throws {
        let temporary = TemporaryFolder()
        let folder = demo(in: temporary)
        // T-1001 and T-1002 were created by run 1 (their delete takes them back); T-1005 existed before and was updated twice.
        #expect(try String(contentsOfFile: folder + "/northwind-sandbox/rollback/updated.csv", encoding: .utf8)
            == "object,source_id,destination_id,run_id\r\nticket,T-1005,5008d00000B2y00AAA,northwind-sandbox-1\r\n")
        let page = try String(contentsOfFile: folder + "/northwind-sandbox/index.md", encoding: .utf8)
        #expect(page.contains("- [updated.csv](rollback/updated.csv): 1 record that existed before the migration and that its runs updated: no delete takes an update back"))
    }

    @Test("Salesforce: each object's Id CSV with the Bulk API 2.0 request body of its delete job")
    func salesforce() throws {
        let temporary = TemporaryFolder()
        let folder = demo(in: temporary)
        #expect(try String(contentsOfFile: folder + "/northwind-sandbox/rollback/1-Case.job.json", encoding: .utf8)
            == "{\"contentType\":\"CSV\",\"lineEnding\":\"CRLF\",\"object\":\"Case\",\"operation\":\"delete\"}\n")
        #expect(try String(contentsOfFile: folder + "/northwind-sandbox/rollback/1-Case.csv", encoding: .utf8).hasPrefix("Id\r\n"))
    }

    @Test("a file is taken back through its ContentDocument: queries of at most 2,000 ids, then a delete job of ContentDocument")
    func files() throws {
        let folder = TemporaryFolder()
        let ids = (1...2_001).map { String(format: "068000000000%06d", $0) }
        let scripts = try RollbackScripts.make([file("ContentVersion", ids: ids, in: folder)], destination: "salesforce-service-cloud",
                                               platforms: PlatformDirectory(Fixtures.catalog))
        #expect(scripts.map(\.name) == ["1-ContentDocument.soql", "1-ContentDocument.job.json"])
        let queries = text(scripts[0]).split(separator: "\n")
        #expect(queries.count == 2)
        #expect(queries[0].hasPrefix("SELECT ContentDocumentId FROM ContentVersion WHERE Id IN ('068000000000000001', '068000000000000002', "))
        #expect(queries[1] == "SELECT ContentDocumentId FROM ContentVersion WHERE Id IN ('068000000000002001')")
        #expect(queries.allSatisfy { $0.count < 100_000 })
        #expect(text(scripts[1]) == "{\"contentType\":\"CSV\",\"lineEnding\":\"CRLF\",\"object\":\"ContentDocument\",\"operation\":\"delete\"}\n")
        #expect(scripts[0].note.hasPrefix("2 queries for the ContentDocument ids of 2,001 ContentVersion ids created (a ContentVersion cannot be deleted; its ContentDocument can)"))
    }

    @Test("an id is quoted for SOQL and escaped in a path")
    func escaping() throws {
        #expect(RollbackScripts.soqlString("a'b\\c") == "'a\\'b\\\\c'")
        let folder = TemporaryFolder()
        let scripts = try RollbackScripts.make([file("ticket", ids: ["12/34", "\"5,6\""], in: folder)], destination: "intercom", platforms: PlatformDirectory(Fixtures.catalog))
        #expect(text(scripts[0]) == "{\"method\":\"DELETE\",\"path\":\"/tickets/12%2F34\"}\n{\"method\":\"DELETE\",\"path\":\"/tickets/5%2C6\"}\n")
    }

    @Test("a rollback rule with two ways, or a query without its ids, is refused at its place in the catalog")
    func badRules() {
        let folder = TemporaryFolder()
        let (copy, marks, path) = folder.copy(folder: Fixtures.catalogDirectory, as: "catalog", in: "platforms/intercom.yaml",
                                              replacing: "    - { object: ticket, request: \"DELETE /tickets/{id}\",",
                                              with: "    - ‸{ object: ticket, delete_job: true, request: \"DELETE /tickets/{id}\",")
        let loading = CatalogLoader.load(directory: copy)
        #expect(loading.diagnostics.map(\.description).contains(
            "\(path):\(marks.position.line):\(marks.position.column): error: expected one way to delete: delete_job: true, delete: OBJECT with its query, request: METHOD /path/{id}, or not_deletable: WHY [rollback.objects[0]]"))
        let (queryCopy, _, queryPath) = folder.copy(folder: Fixtures.catalogDirectory, as: "catalog2", in: "platforms/salesforce-service-cloud.yaml",
                                                    replacing: "WHERE Id IN ({ids})", with: "WHERE Id IN (ids)")
        let queryLoading = CatalogLoader.load(directory: queryCopy)
        #expect(queryLoading.diagnostics.contains { $0.location.file == queryPath && $0.message == "the query must hold {ids}, where the created ids go" })
    }
}
