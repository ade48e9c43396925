import Foundation

/// What one `verify` found, as `verify/report.json` holds it (`Docs/schemas/verify-report.schema.json`):
/// per object of the run, the records and fields compared and how they came out; per destination
/// object, the records the export holds that the run did not send; the rules the values were
/// compared by; the verdict.
public struct VerifyReport: Codable, Equatable, Sendable {
    /// The schema `report.json` follows.
    static let schema = "landfall.verify-report/1"

    /// One object of the run.
    public struct Object: Codable, Equatable, Sendable {
        public var object: String
        public var destinationObject: String
        public var records: Int
        public var compared: Int
        public var equal: Int
        public var different: Int
        public var waived: Int
        public var missing: Int
    }

    /// The records of a destination object the run did not send.
    public struct Unexpected: Codable, Equatable, Sendable {
        public var destinationObject: String
        public var records: Int
    }

    /// A comparison rule and where the platform documents it.
    public struct Rule: Codable, Equatable, Sendable {
        public var rule: String
        public var source: String?
    }

    /// `pass`: every record found and every field equal (or waived); else `fail`.
    public enum Verdict: String, Codable, Sendable {
        case pass, fail
    }

    private enum CodingKeys: String, CodingKey {
        case runID = "runId"
        case destination, verifiedOn, objects, unexpected, tolerances, rules, spotCheck, seed, verdict
    }

    public var runID: String
    public var destination: String
    /// The day it was judged on (`--as-of`): waivers hold until their day.
    public var verifiedOn: String
    public var objects: [Object]
    public var unexpected: [Unexpected]
    /// The tolerances the rules give the run's fields: a value within one is equal.
    public var tolerances: [VerifyTolerance]
    public var rules: [Rule]
    /// How many records of each object the spot check shows, and the seed that drew them.
    public var spotCheck: Int
    public var seed: UInt64
    public var verdict: Verdict

    /// Fields different, not waived, over every object.
    public var different: Int { objects.reduce(0) { $0 + $1.different } }
    /// Records missing over every object.
    public var missing: Int { objects.reduce(0) { $0 + $1.missing } }
    /// Fields waived over every object.
    public var waived: Int { objects.reduce(0) { $0 + $1.waived } }
    /// Fields compared over every object.
    public var compared: Int { objects.reduce(0) { $0 + $1.compared } }

    /// The verification published in a run's folder (`RUN/verify/report.json`), if there is one.
    static func read(runFolder: String) -> VerifyReport? {
        guard let data = FileManager.default.contents(atPath: (runFolder as NSString).appendingPathComponent("verify/report.json")) else { return nil }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try? decoder.decode(VerifyReport.self, from: data)
    }

    /// The verdict in a line: `pass: 12,345 fields equal` or `fail: 2 fields different, 1 record missing`.
    public var summary: String {
        "\(verdict.rawValue): \(figures)"
    }

    /// What was found, in a line: `12,345 fields equal` or `2 fields different, 1 record missing`.
    public var figures: String {
        Self.figures(compared: compared, different: different, missing: missing, waived: waived, notSent: unexpected.reduce(0) { $0 + $1.records })
    }

    /// Figures in a line: what differs, is missing, waived or not sent, else how many fields are equal.
    static func figures(compared: Int, different: Int, missing: Int, waived: Int, notSent: Int) -> String {
        let parts = [different > 0 ? Format.count(different, "field") + " different" : nil,
                     missing > 0 ? Format.count(missing, "record") + " missing" : nil,
                     waived > 0 ? Format.count(waived, "field") + " waived" : nil,
                     notSent > 0 ? Format.count(notSent, "record") + " not sent by the run" : nil].compactMap { $0 }
        return parts.isEmpty ? "\(Format.count(compared, "field")) equal" : parts.joined(separator: ", ")
    }
}
