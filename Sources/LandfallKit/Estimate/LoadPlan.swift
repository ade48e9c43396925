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
        /// How the records reach the destination, from the field map (`insert`, `upsert`, `match` …).
        public var operation: String?
        /// The field map's destination object whose records the line counts (`Case`, `ticket`).
        public var record: String?
        /// Records moved.
        public var records: Int
        /// API requests made.
        public var requests: Int
        /// Bulk API 2.0: the ingest jobs, and the megabytes of CSV they carry in all.
        public var jobs: Int?
        /// Bulk API 2.0: the CSV the jobs carry, in MB, one decimal.
        public var csvMB: Double?
        /// The rule behind the line; nil in the client's copy of the plan.
        public var rule: String?
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
    /// How the load keeps the destination from assigning records and notifying people, and what
    /// a re-run does with records that cannot be updated.
    public var settings: [String] = []
}

/// Builds the load plan from the account and the load-plan rules.
struct LoadPlanner {
    let rules: LoadPlanRules
    /// The destination's section of the rules.
    let section: LoadPlanRules.Section
    let facts: AccountFacts
    /// The field map: what each object's rows become, and how many.
    let map: FieldMap
    /// The destination's settings for a load, from its platform file.
    var loadSettings: [String] = []

    func plan() -> LoadPlan {
        var plan = switch section {
        case .allowance(let rules): salesforce(rules)
        case .rate(let rules): intercom(rules)
        }
        plan.settings = loadSettings + insertOnly()
        return plan
    }

    /// The records a line counts: the rows the map's rules send to its record (the figure where
    /// the map cannot count them), or the figure for what the map does not hold.
    private func records(_ line: LoadPlanRules.Line) -> (count: Double, operation: String?) {
        if let record = line.record {
            guard let object = map.objects.first(where: { $0.object == line.object }) else {
                return (line.figure.map(facts.value) ?? 0, nil)
            }
            let rules = object.records.filter { $0.destination == record }
            guard !rules.isEmpty else { return (0, nil) }
            let known = rules.compactMap(\.rows)
            let count = known.count == rules.count ? Double(known.reduce(0, +)) : line.figure.map(facts.value) ?? Double(known.reduce(0, +))
            return (count, rules.map(\.operation.rawValue).uniqued(caseInsensitive: false).joined(separator: ", "))
        }
        return (line.figure.map(facts.value) ?? 0, nil)
    }

    /// The values of `object`'s fields sent to `record` that one field of a bulk job cannot take.
    private func overBulkLimit(_ object: String, _ record: String) -> Int {
        map.fields.filter { $0.object == object && $0.destinationObject == record }.compactMap(\.overBulkLimit).max() ?? 0
    }

    /// What a re-run does with the objects loaded insert-only.
    private func insertOnly() -> [String] {
        var seen: Set<String> = []
        return map.objects.flatMap { object in
            object.records.filter { $0.operation == .insert && $0.destination != nil && $0.rows != 0 }.compactMap { rule -> String? in
                guard let destination = rule.destination, seen.insert(destination).inserted else { return nil }
                return "\(destination) records are loaded insert-only (they cannot be upserted): a re-run sends only the records the migration's id map does not hold yet."
            }
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
            let counted = self.records(line)
            let long = line.method == .bulk ? Double(min(overBulkLimit(line.object, line.record ?? ""), Int(counted.count))) : 0
            let records = counted.count - long
            if long > 0 {
                // A value longer than one field of a bulk job takes goes through the REST API, one record a request.
                let requests = Int(long)
                lines.append(LoadPlan.Line(object: line.object, destination: "\(line.destination) with a value over 32,000 characters", method: "rest",
                                           operation: counted.operation, record: line.record, records: requests, requests: requests, rule: "load-plan.\(facts.destination).lines[\(index)]"))
                oneByOne += requests
                minutes += long / rules.restRequestsPerMinute
            }
            guard records > 0 else { continue }
            var entry = LoadPlan.Line(object: line.object, destination: line.destination, method: line.method.rawValue, operation: counted.operation,
                                      record: line.record, records: Int(records), requests: 0, rule: "load-plan.\(facts.destination).lines[\(index)]")
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
            let counted = self.records(line)
            let records = counted.count
            guard records > 0 else { continue }
            lines.append(LoadPlan.Line(object: line.object, destination: line.destination, method: "rest", operation: counted.operation, record: line.record,
                                       records: Int(records),
                                       requests: Int((records * line.each).rounded(.up)), rule: "load-plan.\(facts.destination).lines[\(index)]"))
            if line.record == "ticket", let states = stateUpdates(of: line.object) {
                lines.append(LoadPlan.Line(object: line.object, destination: "Ticket state, set by a second request", method: "rest", operation: "update",
                                           records: states, requests: states, rule: "load-plan.\(facts.destination).lines[\(index)]"))
            }
        }
        let total = lines.reduce(0) { $0 + $1.requests }
        let hours = Double(total) / rate / rules.utilization / 60 + attachmentMB / rules.fileTransferMBPerSecond / 3600
        let days = total == 0 ? 0 : Int(max(1, (hours / 24).rounded(.up)))
        var warnings: [LoadPlan.Warning] = []
        if let override, override < rules.appRatePerMinute {
            warnings.append(.init(id: "rate_limit", message: "The workspace is set to \(Format.count(Int(override))) requests a minute, below the \(Format.count(Int(rules.appRatePerMinute))) a minute Intercom documents for one private app: the plan uses \(Format.count(Int(override))); confirm the workspace's limit before the load."))
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

    /// Intercom: the tickets of `object` whose state is not the one a ticket is created in, each
    /// set by a second request (all of them where the map does not count the values).
    private func stateUpdates(of object: String) -> Int? {
        guard let field = map.fields.first(where: { $0.object == object && $0.destination == "ticket.ticket_state_id" }) else { return nil }
        let created = field.picklist?.first ?? "submitted"
        let rows = map.objects.first { $0.object == object }?.rows ?? 0
        guard field.values.allSatisfy({ $0.rows != nil }), !field.values.isEmpty else { return rows }
        return field.values.filter { $0.to != nil && $0.to != created }.reduce(0) { $0 + ($1.rows ?? 0) }
    }

    private func attachmentWarning(into warnings: inout [LoadPlan.Warning]) {
        let gigabytes = Double(facts.manifest.counts[.attachmentBytes]) / 1e9
        if gigabytes > rules.attachmentWarningGB {
            warnings.append(.init(id: "attachment_volume", message: "\(Format.tenths(gigabytes)) GB of attachments in \(Format.count(facts.manifest.counts[.attachments])) files: each is downloaded from Thread's CDN and uploaded again."))
        }
    }

}
