import Foundation
@testable import LandfallKit
import LandfallTestSupport
import Testing

/// Whether Python's jsonschema package is importable here.
private let jsonSchemaAvailable: Bool = {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", "import jsonschema"]
    process.standardError = FileHandle.nullDevice
    guard (try? process.run()) != nil else { return false }
    process.waitUntilExit()
    return process.terminationStatus == 0
}()

@Suite("Data contracts: every JSON output names its schema and follows it")
struct SchemaTests {
    /// Validates each instance against its schema with Python's jsonschema (draft 2020-12, formats
    /// checked); returns the problems found, one a line.
    private func validate(_ pairs: [(schema: String, instance: String)]) throws -> String {
        let script = """
            import json, sys
            from jsonschema import Draft202012Validator, FormatChecker
            args = sys.argv[1:]
            problems = []
            for schema_path, instance_path in zip(args[::2], args[1::2]):
                schema = json.load(open(schema_path))
                Draft202012Validator.check_schema(schema)
                validator = Draft202012Validator(schema, format_checker=FormatChecker())
                for error in validator.iter_errors(json.load(open(instance_path))):
                    problems.append(f"{instance_path}: {'/'.join(map(str, error.absolute_path))}: {error.message}")
            print("\\n".join(problems))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + pairs.flatMap { [$0.schema, $0.instance] }
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private func schema(_ name: String) -> String {
        Fixtures.repositoryRoot + "/Docs/schemas/\(name).schema.json"
    }

    @Test("the demo's JSON files, estimate --format json and reconcile --format json follow Docs/schemas",
          .enabled(if: jsonSchemaAvailable, "needs Python's jsonschema (pip install jsonschema)"))
    func demoFollowsSchemas() throws {
        let folder = TemporaryFolder()
        let demo = Fixtures.demo(into: folder.path + "/demo")
        #expect(demo.status == .ok)
        var pairs: [(schema: String, instance: String)] = []
        // The manifest's contract is its manifest_version (Docs/manifest-format.md), Salesforce's project file Salesforce's own.
        // A delete job's request body follows Salesforce's Bulk API 2.0.
        let files = filesBelow(folder.path + "/demo").keys.filter {
            $0.hasSuffix(".json") && !$0.hasSuffix("sfdx-project.json") && !$0.hasSuffix("manifest.json") && !$0.hasSuffix(".job.json")
        }.sorted()
        for name in files {
            let path = folder.path + "/demo/" + name
            let stem = ((name as NSString).lastPathComponent as NSString).deletingPathExtension
            let document = stem == "report" ? "run-report" : stem
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let version = ["scope", "compare"].contains(document) ? 2 : 1
            #expect(text.contains("\n  \"schema\" : \"landfall.\(document)/\(version)\""), "\(name) names no schema")
            pairs.append((schema(document), path))
        }
        #expect(pairs.count == 17)
        for (index, manifest) in ["northwind-salesforce.json", "harbor-intercom.yaml"].enumerated() {
            let output = EstimateCommand(manifestPath: Fixtures.sample(manifest), destination: nil, format: .json, asOf: Fixtures.asOf, unmatchedUsers: nil,
                                         colour: false, estimator: Fixtures.estimator).run()
            pairs.append((schema("estimate"), folder.write("estimate-\(index).json", output.standardOutput)))
        }
        let summary = ReconcileCommand(runFolder: Fixtures.sample("runs/northwind-sandbox-1"), site: folder.path + "/site", catalog: Fixtures.catalog,
                                       acceptance: Fixtures.rules.acceptance, templates: Fixtures.templates, format: .json).run()
        pairs.append((schema("reconcile-summary"), folder.write("summary.json", summary.standardOutput)))
        // The shapes the samples do not show: no price (scoped individually), dated milestones, a stated count of people.
        var large = Fixtures.manifest()
        large.counts[.tickets] = 2_500_000
        let unpriced = try estimate(large, unmatchedUsers: 3)
        #expect(unpriced.price.total == nil)
        pairs.append((schema("estimate"), folder.write("unpriced.json", try JSONOutput.string(unpriced, schema: "landfall.estimate/1"))))
        let dated = try Fixtures.renderer.render(.scope, try estimate(Fixtures.manifest(), to: "intercom"), reading: ManifestReading(manifest: Fixtures.manifest(), diagnostics: [], status: .ok),
                                                 users: nil, calendar: WorkingCalendar(start: Fixtures.asOf), formats: [.json]).files
        pairs.append((schema("scope"), folder.write("dated.json", try #require(dated.first).text)))
        let verification = VerifyReport(runID: "r-1", destination: "intercom", verifiedOn: "2026-11-21",
                                        objects: [.init(object: "06-ticket-ticket", destinationObject: "ticket", records: 3, compared: 30, equal: 28, different: 1, waived: 1, missing: 0)],
                                        unexpected: [.init(destinationObject: "ticket", records: 1)],
                                        tolerances: [VerifyTolerance(field: "ticket.rt_rating__c", absolute: 0.5, reason: "Stars are kept to halves")],
                                        rules: ValueComparison.allCases.map { VerifyReport.Rule(rule: $0.rawValue, source: $0.source()) }, spotCheck: 25, seed: 1, verdict: .fail)
        pairs.append((schema("verify-report"), folder.write("verify.json", try JSONOutput.string(verification, schema: VerifyReport.schema))))
        for load in ["salesforce", "salesforce-later", "intercom/first", "intercom/later"] {
            pairs.append((schema("load"), Fixtures.repositoryRoot + "/Tests/LandfallKitTests/Golden/transform/\(load)/load.json"))
        }
        let delta = folder.path + "/delta"
        #expect(DeltaCommand(earlier: Fixtures.sample("export-thread"), later: Fixtures.sample("export-thread-cutover"), directory: delta).run().status == .ok)
        pairs.append((schema("delta"), delta + "/delta.json"))
        let problems = try validate(pairs)
        #expect(problems.isEmpty, "\(problems)")
    }

    @Test("a document that breaks its schema is caught: the check can fail",
          .enabled(if: jsonSchemaAvailable, "needs Python's jsonschema (pip install jsonschema)"))
    func brokenDocumentCaught() throws {
        let folder = TemporaryFolder()
        let broken = folder.write("compare.json", #"{"schema": "landfall.compare/2", "options": [{"grades": {"overall": "E"}}]}"#)
        let problems = try validate([(schema("compare"), broken)])
        #expect(problems.contains("'E' is not one of ['A', 'B', 'C', 'D', 'F']"))
        #expect(problems.contains("'customer' is a required property"))
    }
}
