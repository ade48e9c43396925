/// How a run went, for the terminal and for a pipeline: one line per object and the verdict, or
/// the same as JSON (`landfall.reconcile-summary/1`).
struct RunSummary: Encodable {
    /// One object's figures and status.
    struct Object: Encodable {
        var object: String
        var status: RunReport.Status
        var source, created, updated, failed, unprocessed, missing, duplicated, unexpected, orphans: Int
        var reasons: [String]
    }

    var schema = "landfall.reconcile-summary/1"
    var runId: String
    var status: RunReport.Status
    /// The first reason of the worst object, when the run does not pass.
    var reason: String?
    var objects: [Object]
    /// Whether this run was written to the site now (false when it was already there).
    var published: Bool
    var paths: [String]

    init(_ report: RunReport, published: Bool, paths: [String]) {
        runId = report.runID
        status = report.status
        objects = report.objects.map {
            Object(object: $0.object, status: $0.status, source: $0.source, created: $0.created, updated: $0.updated, failed: $0.failed,
                   unprocessed: $0.unprocessed, missing: $0.missing, duplicated: $0.duplicated, unexpected: $0.unexpected, orphans: $0.orphans,
                   reasons: $0.statusReasons)
        }
        let worst = report.objects.first { $0.status == report.status && report.status != .pass }
        reason = worst.flatMap { object in object.statusReasons.first.map { "\(object.object): \($0)" } }
        self.published = published
        self.paths = paths
    }

    /// `ticket: fail · source 7, created 3 …` per object, then `verdict: fail (ticket: …)`.
    var text: String {
        let lines = objects.map { object in
            "\(object.object): \(object.status.rawValue) · source \(Format.count(object.source)), created \(Format.count(object.created)), "
                + "updated \(Format.count(object.updated)), failed \(Format.count(object.failed)), unprocessed \(Format.count(object.unprocessed)), "
                + "missing \(Format.count(object.missing)), duplicated \(Format.count(object.duplicated)), unexpected \(Format.count(object.unexpected)), "
                + "orphans \(Format.count(object.orphans))"
        }
        return (lines + ["verdict: \(status.rawValue)" + (reason.map { " (\($0))" } ?? "")]).map { ControlCharacters.escapedForTerminal($0) + "\n" }.joined()
    }
}
