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
        /// `rest`, `bulk` or `file`.
        public var method: String
        /// Records moved.
        public var records: Int
        /// API requests made.
        public var requests: Int
        /// Bulk API 2.0: the ingest jobs, and the megabytes of CSV they carry in all.
        public var jobs: Int?
        /// Bulk API 2.0: the CSV the jobs carry, in MB, one decimal.
        public var csvMB: Double?
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
    /// Requests sent one record at a time (REST calls and file uploads, not bulk jobs): each
    /// waits on the destination's limit.
    public var recordByRecordRequests: Int
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
    /// Whether the load uses up Salesforce's daily allowance.
    public var dailyAllowanceExceeded: Bool
}

/// Builds the load plan from the account and the load-plan rules.
struct LoadPlanner {
    let rules: LoadPlanRules
    /// The destination's section of the rules.
    let section: LoadPlanRules.Section
    let facts: AccountFacts

    func plan() -> LoadPlan {
        switch section {
        case .allowance(let rules): salesforce(rules)
        case .rate(let rules): intercom(rules)
        }
    }

    private var attachmentMB: Double { Double(facts.manifest.counts[.attachmentBytes]) / 1e6 }

    private var exportSizeGB: Double {
        (Double(facts.records) * rules.averageRecordKB * 1e3 + Double(facts.manifest.counts[.attachmentBytes])) / 1e9
    }

    private func salesforce(_ rules: LoadPlanRules.Salesforce) -> LoadPlan {
        let system = facts.destinationSystem
        let edition = system.edition ?? .enterprise
        let licences = Double(system.licenses ?? 1)
        let allowance = rules.allowanceBase + licences * (rules.allowancePerLicense[edition] ?? 0)
        let usable = (allowance * rules.usableShare).rounded(.down)
        var minutes = attachmentMB / rules.fileTransferMBPerSecond / 60
        var oneByOne = 0
        var lines: [LoadPlan.Line] = []
        for (index, line) in rules.lines.enumerated() {
            let records = facts.value(line.figure)
            guard records > 0 else { continue }
            var entry = LoadPlan.Line(object: line.object, destination: line.destination, method: line.method.rawValue, records: Int(records),
                                      requests: 0, rule: "load-plan.\(facts.destination).lines[\(index)]")
            switch line.method {
            case .bulk:
                // Ingest jobs of at most job_csv_mb of CSV each; the records are processed in the background.
                let csvMB = records * line.csvKB / 1000
                let jobs = max(1, (csvMB / rules.jobCSVMB).rounded(.up))
                entry.jobs = Int(jobs)
                entry.csvMB = Format.tenths(csvMB)
                entry.requests = Int(jobs * rules.requestsPerJob)
                minutes += records / rules.bulkRecordsPerMinute
            case .rest, .file:
                entry.requests = Int((records * line.each).rounded(.up))
                oneByOne += entry.requests
                minutes += Double(entry.requests) / rules.restRequestsPerMinute
            }
            lines.append(entry)
        }
        let total = lines.reduce(0) { $0 + $1.requests }
        let hours = minutes / 60
        let byAllowance = usable > 0 ? (Double(total) / usable).rounded(.up) : 0
        let days = total == 0 ? 0 : Int(max(1, (hours / 24).rounded(.up), byAllowance))
        var warnings: [LoadPlan.Warning] = []
        let exceeded = Double(total) > usable
        if exceeded {
            warnings.append(.init(id: "daily_allowance", message: "The load needs \(Format.count(total)) API requests, more than the \(Format.count(Int(usable))) a day the org can spare (\(Int(rules.usableShare * 100)) % of \(Format.count(Int(allowance))) in 24 hours): it spreads over \(Format.count(days)) days, or the allowance must be raised."))
        }
        attachmentWarning(into: &warnings)
        let storageGB = rules.fileStorageBaseGB + licences * (rules.fileStoragePerLicenseGB[edition] ?? 0)
        let filesGB = Double(facts.manifest.counts[.attachmentBytes]) / 1e9
        if filesGB > storageGB {
            warnings.append(.init(id: "file_storage", message: "The files need \(Format.number(Format.tenths(filesGB))) GB of file storage; an \(edition.rawValue.capitalized) org with \(Int(licences)) licence\(licences == 1 ? "" : "s") has about \(Format.number(Format.tenths(storageGB))) GB: buy more storage before the load, or leave older files behind."))
        }
        let exportFiles = Int((exportSizeGB * 1000 / rules.dataExportFileMB).rounded(.up))
        if exportFiles > 1 {
            warnings.append(.init(id: "data_export_files", message: "A backup through Salesforce's weekly Data Export arrives in about \(Format.count(exportFiles)) files of \(Int(rules.dataExportFileMB)) MB."))
        }
        if system.serviceCloudLicensed != true {
            warnings.append(.init(id: "service_cloud_licence", message: system.serviceCloudLicensed == false
                ? "The org has no Service Cloud licence yet: Case features need one before the load."
                : "Service Cloud licensing is not confirmed: Case features need a licence before the load."))
        }
        let limit = "\(Format.count(Int(usable))) requests a day (\(Int(rules.usableShare * 100)) % of the \(edition.rawValue.capitalized) allowance of \(Format.count(Int(allowance))) in 24 hours); Bulk API 2.0 jobs of at most \(Format.number(rules.jobCSVMB)) MB of CSV; \(rules.concurrentLongRequests) long-running requests at once"
        return LoadPlan(lines: lines, totalRequests: total, limit: limit, recordByRecordRequests: oneByOne, ratePerMinute: nil, dailyAllowance: Int(usable),
                        hoursAtLimit: Format.tenths(hours), calendarDays: days, exportSizeGB: Format.tenths(exportSizeGB), warnings: warnings,
                        dailyAllowanceExceeded: exceeded)
    }

    private func intercom(_ rules: LoadPlanRules.Intercom) -> LoadPlan {
        let override = facts.destinationSystem.rateLimitPerMinute.map(Double.init)
        let rate = override ?? rules.appRatePerMinute
        var lines: [LoadPlan.Line] = []
        for (index, line) in rules.lines.enumerated() {
            let records = facts.value(line.figure)
            guard records > 0 else { continue }
            lines.append(LoadPlan.Line(object: line.object, destination: line.destination, method: "rest", records: Int(records),
                                       requests: Int((records * line.each).rounded(.up)), rule: "load-plan.\(facts.destination).lines[\(index)]"))
        }
        let total = lines.reduce(0) { $0 + $1.requests }
        let hours = Double(total) / rate / rules.utilization / 60 + attachmentMB / rules.fileTransferMBPerSecond / 3600
        let days = total == 0 ? 0 : Int(max(1, (hours / 24).rounded(.up)))
        var warnings: [LoadPlan.Warning] = []
        if let override, override < rules.appRatePerMinute {
            warnings.append(.init(id: "rate_limit", message: "The manifest sets the workspace to \(Format.count(Int(override))) requests a minute, below the \(Format.count(Int(rules.appRatePerMinute))) a minute Intercom documents for one private app: the plan uses \(Format.count(Int(override))); confirm the workspace's limit before the load."))
        }
        if rate > rules.workspaceRatePerMinute {
            warnings.append(.init(id: "workspace_rate_limit", message: "\(Format.count(Int(rate))) requests a minute is more than the \(Format.count(Int(rules.workspaceRatePerMinute))) all private apps of a workspace share: the other apps will be throttled during the load."))
        }
        attachmentWarning(into: &warnings)
        let limit = "\(Format.count(Int(rate))) requests a minute (\(Int(rules.utilization * 100)) % sustained with backoff, in 10-second windows)"
        return LoadPlan(lines: lines, totalRequests: total, limit: limit, recordByRecordRequests: total, ratePerMinute: Int(rate), dailyAllowance: nil,
                        hoursAtLimit: Format.tenths(hours), calendarDays: days, exportSizeGB: Format.tenths(exportSizeGB), warnings: warnings,
                        dailyAllowanceExceeded: false)
    }

    private func attachmentWarning(into warnings: inout [LoadPlan.Warning]) {
        let gigabytes = Double(facts.manifest.counts[.attachmentBytes]) / 1e9
        if gigabytes > rules.attachmentWarningGB {
            warnings.append(.init(id: "attachment_volume", message: "\(Format.tenths(gigabytes)) GB of attachments in \(Format.count(facts.manifest.counts[.attachments])) files: each is downloaded from Thread's CDN and uploaded again."))
        }
    }

}
