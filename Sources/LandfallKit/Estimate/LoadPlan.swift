import Foundation

/// The API work of the load: requests per object, how long they take at the destination's limit,
/// the calendar days that makes, and what to watch out for.
public struct LoadPlan: Equatable, Sendable, Encodable {
    /// One kind of request.
    public struct Line: Equatable, Sendable, Encodable {
        /// The source object (or `tag_application`).
        public var object: String
        /// What it becomes.
        public var destination: String
        /// `rest` or `bulk`.
        public var method: String
        /// Records moved.
        public var records: Int
        /// API requests made.
        public var requests: Int
        /// The rule behind the line.
        public var rule: String
    }

    /// Something the load must plan around.
    public struct Warning: Equatable, Sendable, Encodable {
        /// A stable id.
        public var id: String
        /// What it means, in plain words.
        public var message: String
    }

    /// The requests, line by line.
    public var lines: [Line]
    /// All requests.
    public var totalRequests: Int
    /// What limits the pace, in words.
    public var limit: String
    /// Intercom: requests a minute.
    public var ratePerMinute: Int?
    /// Salesforce: the usable daily allowance.
    public var dailyAllowance: Int?
    /// Hours of API work at the limit, file transfer included, one decimal.
    public var hoursAtLimit: Double
    /// Calendar days the load needs.
    public var calendarDays: Int
    /// Estimated size of the export, in GB (10^9 bytes), one decimal.
    public var exportSizeGB: Double
    /// What to plan around.
    public var warnings: [Warning]
    /// Whether a standard Intercom workspace carries more records than it comfortably takes.
    public var overStandardRate: Bool
    /// Whether the load uses up Salesforce's daily allowance.
    public var dailyAllowanceExceeded: Bool
}

/// Builds the load plan from the account and the load-plan rules.
struct LoadPlanner {
    let rules: LoadPlanRules
    let facts: AccountFacts

    func plan() -> LoadPlan {
        switch facts.destination {
        case .salesforceServiceCloud: salesforce(rules.salesforce)
        case .intercom: intercom(rules.intercom)
        }
    }

    private var attachmentMB: Double { Double(facts.manifest.counts[.attachmentBytes]) / 1e6 }

    private var exportSizeGB: Double {
        (Double(facts.records) * rules.averageRecordKB * 1e3 + Double(facts.manifest.counts[.attachmentBytes])) / 1e9
    }

    private func salesforce(_ rules: LoadPlanRules.Salesforce) -> LoadPlan {
        let system = facts.destinationSystem
        let edition = system.edition ?? .enterprise
        let allowance = rules.allowanceBase + Double(system.licenses ?? 1) * (rules.allowancePerLicense[edition] ?? 0)
        let usable = (allowance * rules.usableShare).rounded(.down)
        var restRequests = 0.0
        var bulkJobs = 0.0
        var lines: [LoadPlan.Line] = []
        for (index, line) in rules.lines.enumerated() {
            let records = facts.value(line.figure)
            guard records > 0 else { continue }
            let bulk = line.method == .bulk
            let requests: Double
            if bulk {
                let bytes = line.figure == .count(.attachments) ? attachmentMB : 0
                let jobs = max((records / rules.bulkRecordsPerJob).rounded(.up), (bytes / rules.bulkMegabytesPerJob).rounded(.up))
                bulkJobs += jobs
                requests = jobs * rules.bulkRequestsPerJob
            } else {
                requests = (records * line.each).rounded(.up)
                restRequests += requests
            }
            lines.append(LoadPlan.Line(object: line.object, destination: line.destination, method: bulk ? "bulk" : "rest", records: Int(records),
                                       requests: Int(requests), rule: "load-plan.salesforce-service-cloud.lines[\(index)]"))
        }
        let total = lines.reduce(0) { $0 + $1.requests }
        let minutes = restRequests / rules.restRequestsPerMinute + bulkJobs * rules.bulkMinutesPerJob
            + attachmentMB / rules.fileTransferMBPerSecond / 60
        let hours = minutes / 60
        let byAllowance = usable > 0 ? (Double(total) / usable).rounded(.up) : 0
        let days = total == 0 ? 0 : Int(max(1, (hours / 24).rounded(.up), byAllowance))
        var warnings: [LoadPlan.Warning] = []
        let exceeded = Double(total) > usable
        if exceeded {
            warnings.append(.init(id: "daily_allowance", message: "The load needs \(Format.count(total)) API requests, more than the \(Format.count(Int(usable))) a day the org can spare (\(Int(rules.usableShare * 100)) % of \(Format.count(Int(allowance)))): it spreads over \(days) days, or the allowance must be raised."))
        }
        attachmentWarning(into: &warnings)
        let exportFiles = Int((exportSizeGB * 1000 / rules.dataExportFileMB).rounded(.up))
        if exportFiles > 1 {
            warnings.append(.init(id: "data_export_files", message: "A backup through Salesforce's weekly Data Export arrives in about \(exportFiles) files of \(Int(rules.dataExportFileMB)) MB."))
        }
        if system.serviceCloudLicensed != true {
            warnings.append(.init(id: "service_cloud_licence", message: system.serviceCloudLicensed == false
                ? "The org has no Service Cloud licence yet: Case features need one before the load."
                : "Service Cloud licensing is not confirmed: Case features need a licence before the load."))
        }
        return LoadPlan(lines: lines, totalRequests: total, limit: "\(Format.count(Int(usable))) requests a day (\(Int(rules.usableShare * 100)) % of the \(edition.rawValue.capitalized) allowance of \(Format.count(Int(allowance))))",
                        ratePerMinute: nil, dailyAllowance: Int(usable), hoursAtLimit: Format.tenths(hours), calendarDays: days,
                        exportSizeGB: Format.tenths(exportSizeGB), warnings: warnings, overStandardRate: false, dailyAllowanceExceeded: exceeded)
    }

    private func intercom(_ rules: LoadPlanRules.Intercom) -> LoadPlan {
        let rate = Double(facts.destinationSystem.rateLimitPerMinute ?? Int(rules.standardRatePerMinute))
        var lines: [LoadPlan.Line] = []
        for (index, line) in rules.lines.enumerated() {
            let records = facts.value(line.figure)
            guard records > 0 else { continue }
            lines.append(LoadPlan.Line(object: line.object, destination: line.destination, method: "rest", records: Int(records),
                                       requests: Int((records * line.each).rounded(.up)), rule: "load-plan.intercom.lines[\(index)]"))
        }
        let total = lines.reduce(0) { $0 + $1.requests }
        let hours = Double(total) / rate / rules.utilization / 60 + attachmentMB / rules.fileTransferMBPerSecond / 3600
        let days = total == 0 ? 0 : Int(max(1, (hours / 24).rounded(.up)))
        var warnings: [LoadPlan.Warning] = []
        let overStandard = rate <= rules.standardRatePerMinute && Double(facts.records) > rules.warnOverRecords
        if overStandard {
            warnings.append(.init(id: "standard_rate", message: "\(Format.count(facts.records)) records on a workspace limited to \(Int(rate)) requests a minute: ask Intercom for a higher limit before the load."))
        }
        attachmentWarning(into: &warnings)
        return LoadPlan(lines: lines, totalRequests: total, limit: "\(Int(rate)) requests a minute (\(Int(rules.utilization * 100)) % sustained with backoff)",
                        ratePerMinute: Int(rate), dailyAllowance: nil, hoursAtLimit: Format.tenths(hours), calendarDays: days,
                        exportSizeGB: Format.tenths(exportSizeGB), warnings: warnings, overStandardRate: overStandard, dailyAllowanceExceeded: false)
    }

    private func attachmentWarning(into warnings: inout [LoadPlan.Warning]) {
        let gigabytes = Double(facts.manifest.counts[.attachmentBytes]) / 1e9
        if gigabytes > rules.attachmentWarningGB {
            warnings.append(.init(id: "attachment_volume", message: "\(Format.tenths(gigabytes)) GB of attachments in \(Format.count(facts.manifest.counts[.attachments])) files: each is downloaded from Thread's CDN and uploaded again."))
        }
    }

}
