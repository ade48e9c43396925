/// The rules that turn counts into API requests, load time and warnings.
public struct LoadPlanRules: Equatable, Sendable {
    /// How requests are sent.
    public enum Method: String, Equatable, Sendable, Encodable, CaseIterable {
        /// One REST call per record (with backoff).
        case rest
        /// Salesforce Bulk API 2.0 ingest jobs of CSV.
        case bulk
        /// One REST multipart call per file (Salesforce ContentVersion).
        case file
    }

    /// One kind of request the load makes.
    public struct Line: Equatable, Sendable {
        /// The source object (or `tag_application`).
        public var object: String
        /// What it becomes, for people.
        public var destination: String
        /// The destination object of the field map's record rules whose rows the line counts
        /// (`Case`, `ticket`), for an object the map has.
        public var record: String?
        /// The figure that counts the records where the map does not (set-up requests, or rows
        /// the map cannot count without a survey).
        public var figure: AccountFigure?
        /// REST, bulk or file (Salesforce; Intercom is always REST).
        public var method: Method
        /// Requests per record (REST and files).
        public var each: Double
        /// Kilobytes of CSV per record (bulk jobs).
        public var csvKB: Double
    }

    /// Salesforce's 24-hour allowance, REST throughput, Bulk API 2.0 jobs and file storage.
    public struct Salesforce: Equatable, Sendable {
        /// Requests a day before licences.
        public var allowanceBase: Double
        /// Requests a day per licence, by edition.
        public var allowancePerLicense: [SalesforceEdition: Double]
        /// The share of the allowance a migration may use.
        public var usableShare: Double
        /// Effective REST requests a minute.
        public var restRequestsPerMinute: Double
        /// Megabytes of CSV one ingest job carries.
        public var jobCSVMB: Double
        /// API requests one ingest job costs (create, upload, close, polls, result files).
        public var requestsPerJob: Double
        /// Records Bulk API 2.0 processes a minute.
        public var bulkRecordsPerMinute: Double
        /// Long-running requests the org allows at once.
        public var concurrentLongRequests: Int
        /// File download and upload speed.
        public var fileTransferMBPerSecond: Double
        /// File storage every org has, in GB.
        public var fileStorageBaseGB: Double
        /// File storage per licence, in GB, by edition.
        public var fileStoragePerLicenseGB: [SalesforceEdition: Double]
        /// Size of one weekly Data Export file.
        public var dataExportFileMB: Double
        /// The most characters of one picklist value (a tag).
        public var tagMaxLength: Int
        /// The requests the load makes.
        public var lines: [Line]
    }

    /// Intercom's documented rate limits.
    public struct Intercom: Equatable, Sendable {
        /// The share of the rate a load sustains.
        public var utilization: Double
        /// Requests a minute one private app may make.
        public var appRatePerMinute: Double
        /// Requests a minute all private apps of a workspace share.
        public var workspaceRatePerMinute: Double
        /// File download and upload speed.
        public var fileTransferMBPerSecond: Double
        /// The longest tag name.
        public var tagMaxLength: Int
        /// The requests the load makes.
        public var lines: [Line]
    }

    /// How one destination's load is paced.
    public enum Section: Equatable, Sendable {
        /// A 24-hour request allowance with bulk jobs and files (Salesforce's shape).
        case allowance(Salesforce)
        /// A per-minute request rate (Intercom's shape).
        case rate(Intercom)

        /// The longest tag the destination takes.
        var tagMaxLength: Int {
            switch self {
            case .allowance(let rules): rules.tagMaxLength
            case .rate(let rules): rules.tagMaxLength
            }
        }
    }

    /// The rules file's version.
    public var version: String
    /// Export size of one record without files.
    public var averageRecordKB: Double
    /// Above this much attachment volume, warn.
    public var attachmentWarningGB: Double
    /// Each destination's section, by platform id.
    public var destinations: [String: Section]

    /// The longest tag `destination` takes (255 when the rules have no section for it).
    public func tagMaxLength(for destination: String) -> Int {
        destinations[destination]?.tagMaxLength ?? 255
    }
}

extension LoadPlanRules {
    static func decode(_ root: DataNode, decoder: NodeDecoder) -> LoadPlanRules? {
        guard let fields = decoder.fields(root, .root) else { return nil }
        let version = fields.required("version", decoder.nonEmptyString)
        let recordKB = fields.required("average_record_kb") { decoder.number($0, $1, in: 0...1e6) }
        let warningGB = fields.required("attachment_warning_gb") { decoder.number($0, $1, in: 0...1e9) }
        // Every other key is a destination's section, shaped by how its load is paced.
        var destinations: [String: Section] = [:]
        var complete = true
        for key in fields.unreadKeys {
            let section = fields.required(key) { node, path -> Section? in
                guard case .object(let members) = node.value else { return decoder.fields(node, path).flatMap { _ in nil } }
                if members.contains(where: { $0.key == "daily_allowance" }) { return salesforceRules(node, path, decoder).map(Section.allowance) }
                if members.contains(where: { $0.key == "app_rate_per_minute" }) { return intercomRules(node, path, decoder).map(Section.rate) }
                decoder.error("a destination's section needs daily_allowance (a 24-hour allowance, as Salesforce has) or app_rate_per_minute (a rate a minute, as Intercom has)",
                              at: node.position, path: path)
                return nil
            }
            if let section { destinations[key] = section } else { complete = false }
        }
        fields.finish()
        guard let version, let recordKB, let warningGB, complete else { return nil }
        return LoadPlanRules(version: version, averageRecordKB: recordKB, attachmentWarningGB: warningGB, destinations: destinations)
    }

    private static func positive(_ decoder: NodeDecoder) -> (DataNode, KeyPath) -> Double? {
        { decoder.number($0, $1, in: 1e-9...1e15) }
    }

    private static func salesforceRules(_ node: DataNode, _ path: KeyPath, _ decoder: NodeDecoder) -> Salesforce? {
        guard let fields = decoder.fields(node, path) else { return nil }
        var allowance: (base: Double, perLicense: [SalesforceEdition: Double], share: Double)?
        _ = fields.required("daily_allowance") { node, path -> Bool? in
            guard let fields = decoder.fields(node, path) else { return nil }
            let base = fields.required("base", positive(decoder))
            let perLicense: [SalesforceEdition: Double]? = fields.required("per_license") { decoder.pointTable($0, $1, maximum: 1e9) }
            let share = fields.required("usable_share") { decoder.number($0, $1, in: 0.01...1) }
            fields.finish()
            if let base, let perLicense, let share { allowance = (base, perLicense, share) }
            return true
        }
        let rest = fields.required("rest_requests_per_minute", positive(decoder))
        var bulk: (csv: Double, requests: Double, rate: Double, concurrent: Int)?
        _ = fields.required("bulk") { node, path -> Bool? in
            guard let fields = decoder.fields(node, path) else { return nil }
            let csv = fields.required("job_csv_mb") { decoder.number($0, $1, in: 1...150) }
            let requests = fields.required("requests_per_job", positive(decoder))
            let rate = fields.required("records_per_minute", positive(decoder))
            let concurrent = fields.required("concurrent_long_requests") { decoder.integer($0, $1, in: 1...10_000) }
            fields.finish()
            if let csv, let requests, let rate, let concurrent { bulk = (csv, requests, rate, concurrent) }
            return true
        }
        var storage: (base: Double, perLicense: [SalesforceEdition: Double])?
        _ = fields.required("file_storage") { node, path -> Bool? in
            guard let fields = decoder.fields(node, path) else { return nil }
            let base = fields.required("base_gb") { decoder.number($0, $1, in: 0...1e9) }
            let perLicense: [SalesforceEdition: Double]? = fields.required("per_license_gb") { decoder.pointTable($0, $1, maximum: 1e6) }
            fields.finish()
            if let base, let perLicense { storage = (base, perLicense) }
            return true
        }
        let transfer = fields.required("file_transfer_mb_per_second", positive(decoder))
        let exportFile = fields.required("data_export_file_mb", positive(decoder))
        let tagLength = fields.required("tag_max_length") { decoder.integer($0, $1, in: 1...1_000_000) }
        let lines = fields.required("lines") { decoder.list($0, $1, of: line(decoder, methods: true)) }
        fields.finish()
        guard let allowance, let rest, let bulk, let storage, let transfer, let exportFile, let tagLength, let lines else { return nil }
        return Salesforce(allowanceBase: allowance.base, allowancePerLicense: allowance.perLicense, usableShare: allowance.share,
                          restRequestsPerMinute: rest, jobCSVMB: bulk.csv, requestsPerJob: bulk.requests, bulkRecordsPerMinute: bulk.rate,
                          concurrentLongRequests: bulk.concurrent, fileTransferMBPerSecond: transfer, fileStorageBaseGB: storage.base,
                          fileStoragePerLicenseGB: storage.perLicense, dataExportFileMB: exportFile, tagMaxLength: tagLength, lines: lines)
    }

    private static func intercomRules(_ node: DataNode, _ path: KeyPath, _ decoder: NodeDecoder) -> Intercom? {
        guard let fields = decoder.fields(node, path) else { return nil }
        let utilization = fields.required("utilization") { decoder.number($0, $1, in: 0.01...1) }
        let app = fields.required("app_rate_per_minute", positive(decoder))
        let workspace = fields.required("workspace_rate_per_minute", positive(decoder))
        let transfer = fields.required("file_transfer_mb_per_second", positive(decoder))
        let tagLength = fields.required("tag_max_length") { decoder.integer($0, $1, in: 1...1_000_000) }
        let lines = fields.required("lines") { decoder.list($0, $1, of: line(decoder, methods: false)) }
        fields.finish()
        guard let utilization, let app, let workspace, let transfer, let tagLength, let lines else { return nil }
        return Intercom(utilization: utilization, appRatePerMinute: app, workspaceRatePerMinute: workspace, fileTransferMBPerSecond: transfer,
                        tagMaxLength: tagLength, lines: lines)
    }

    private static func line(_ decoder: NodeDecoder, methods: Bool) -> (DataNode, KeyPath) -> Line? {
        { node, path in
            guard let fields = decoder.fields(node, path) else { return nil }
            let object = fields.required("object", decoder.nonEmptyString)
            let destination = fields.required("destination", decoder.nonEmptyString)
            let record = fields.optional("record", decoder.nonEmptyString)
            let figure: AccountFigure? = fields.optional("figure") { decoder.oneOf($0, $1, "figure") }
            if record == nil && figure == nil && !fields.has("figure") {
                decoder.error("a line names the field map's record it counts (record) or the figure that counts it (figure)", at: node.position, path: path)
            }
            let method: Method? = methods ? fields.required("method") { decoder.oneOf($0, $1, "load method") } : .rest
            // A bulk line is sized by its CSV; the others count requests per record.
            let each = method == .bulk ? 0 : fields.required("each") { decoder.number($0, $1, in: 0...1000) }
            let csvKB = method == .bulk ? fields.required("csv_kb") { decoder.number($0, $1, in: 0.001...32_000) } : 0
            fields.finish()
            guard let object, let destination, record != nil || figure != nil, let method, let each, let csvKB else { return nil }
            return Line(object: object, destination: destination, record: record, figure: figure, method: method, each: each, csvKB: csvKB)
        }
    }
}
