/// The rules that turn counts into API requests, load time and warnings.
public struct LoadPlanRules: Equatable, Sendable {
    /// How requests are sent.
    public enum Method: String, Equatable, Sendable, Encodable, CaseIterable {
        /// One REST call per record (with backoff).
        case rest
        /// Salesforce Bulk API 2.0 jobs.
        case bulk
    }

    /// One kind of request the load makes.
    public struct Line: Equatable, Sendable {
        /// The source object (or `tag_application`).
        public var object: String
        /// What it becomes, for people.
        public var destination: String
        /// The figure that counts the records.
        public var figure: AccountFigure
        /// REST or bulk (Salesforce; Intercom is always REST).
        public var method: Method
        /// Requests per record (REST).
        public var each: Double
    }

    /// Salesforce's daily allowance, REST throughput and Bulk API 2.0 jobs.
    public struct Salesforce: Equatable, Sendable {
        /// Requests a day before licences.
        public var allowanceBase: Double
        /// Requests a day per licence, by edition.
        public var allowancePerLicense: [SalesforceEdition: Double]
        /// The share of the allowance a migration may use.
        public var usableShare: Double
        /// Effective REST requests a minute.
        public var restRequestsPerMinute: Double
        /// Records in one bulk job.
        public var bulkRecordsPerJob: Double
        /// Megabytes in one bulk job.
        public var bulkMegabytesPerJob: Double
        /// API requests one bulk job costs.
        public var bulkRequestsPerJob: Double
        /// Minutes one bulk job takes.
        public var bulkMinutesPerJob: Double
        /// File download and upload speed.
        public var fileTransferMBPerSecond: Double
        /// Size of one weekly Data Export file.
        public var dataExportFileMB: Double
        /// The most characters of tags one Case can hold.
        public var tagMaxLength: Int
        /// The requests the load makes.
        public var lines: [Line]
    }

    /// Intercom's per-minute rate.
    public struct Intercom: Equatable, Sendable {
        /// The share of the rate a load sustains.
        public var utilization: Double
        /// A standard workspace's rate.
        public var standardRatePerMinute: Double
        /// Above this many records on a standard workspace, warn.
        public var warnOverRecords: Double
        /// File download and upload speed.
        public var fileTransferMBPerSecond: Double
        /// The longest tag name.
        public var tagMaxLength: Int
        /// The requests the load makes.
        public var lines: [Line]
    }

    /// The rules file's version.
    public var version: String
    /// Export size of one record without files.
    public var averageRecordKB: Double
    /// Above this much attachment volume, warn.
    public var attachmentWarningGB: Double
    /// Salesforce's rules.
    public var salesforce: Salesforce
    /// Intercom's rules.
    public var intercom: Intercom

    /// The longest tag the destination takes.
    public func tagMaxLength(for destination: DestinationPlatform) -> Int {
        switch destination {
        case .salesforceServiceCloud: salesforce.tagMaxLength
        case .intercom: intercom.tagMaxLength
        }
    }
}

extension LoadPlanRules {
    static func decode(_ root: DataNode, decoder: NodeDecoder) -> LoadPlanRules? {
        guard let fields = decoder.fields(root, .root) else { return nil }
        let version = fields.required("version", decoder.nonEmptyString)
        let recordKB = fields.required("average_record_kb") { decoder.number($0, $1, in: 0...1e6) }
        let warningGB = fields.required("attachment_warning_gb") { decoder.number($0, $1, in: 0...1e9) }
        let salesforce = fields.required(DestinationPlatform.salesforceServiceCloud.rawValue) { salesforceRules($0, $1, decoder) }
        let intercom = fields.required(DestinationPlatform.intercom.rawValue) { intercomRules($0, $1, decoder) }
        fields.finish()
        guard let version, let recordKB, let warningGB, let salesforce, let intercom else { return nil }
        return LoadPlanRules(version: version, averageRecordKB: recordKB, attachmentWarningGB: warningGB, salesforce: salesforce, intercom: intercom)
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
        var bulk: [Double]?
        _ = fields.required("bulk") { node, path -> Bool? in
            guard let fields = decoder.fields(node, path) else { return nil }
            let values = ["records_per_job", "megabytes_per_job", "requests_per_job", "minutes_per_job"].map { fields.required($0, positive(decoder)) }
            fields.finish()
            if values.allSatisfy({ $0 != nil }) { bulk = values.compactMap { $0 } }
            return true
        }
        let transfer = fields.required("file_transfer_mb_per_second", positive(decoder))
        let exportFile = fields.required("data_export_file_mb", positive(decoder))
        let tagLength = fields.required("tag_max_length") { decoder.integer($0, $1, in: 1...1_000_000) }
        let lines = fields.required("lines") { decoder.list($0, $1, of: line(decoder, methods: true)) }
        fields.finish()
        guard let allowance, let rest, let bulk, let transfer, let exportFile, let tagLength, let lines else { return nil }
        return Salesforce(allowanceBase: allowance.base, allowancePerLicense: allowance.perLicense, usableShare: allowance.share,
                          restRequestsPerMinute: rest, bulkRecordsPerJob: bulk[0], bulkMegabytesPerJob: bulk[1], bulkRequestsPerJob: bulk[2],
                          bulkMinutesPerJob: bulk[3], fileTransferMBPerSecond: transfer, dataExportFileMB: exportFile, tagMaxLength: tagLength,
                          lines: lines)
    }

    private static func intercomRules(_ node: DataNode, _ path: KeyPath, _ decoder: NodeDecoder) -> Intercom? {
        guard let fields = decoder.fields(node, path) else { return nil }
        let utilization = fields.required("utilization") { decoder.number($0, $1, in: 0.01...1) }
        let standard = fields.required("standard_rate_per_minute", positive(decoder))
        let warn = fields.required("warn_over_records") { decoder.number($0, $1, in: 0...1e15) }
        let transfer = fields.required("file_transfer_mb_per_second", positive(decoder))
        let tagLength = fields.required("tag_max_length") { decoder.integer($0, $1, in: 1...1_000_000) }
        let lines = fields.required("lines") { decoder.list($0, $1, of: line(decoder, methods: false)) }
        fields.finish()
        guard let utilization, let standard, let warn, let transfer, let tagLength, let lines else { return nil }
        return Intercom(utilization: utilization, standardRatePerMinute: standard, warnOverRecords: warn, fileTransferMBPerSecond: transfer,
                        tagMaxLength: tagLength, lines: lines)
    }

    private static func line(_ decoder: NodeDecoder, methods: Bool) -> (DataNode, KeyPath) -> Line? {
        { node, path in
            guard let fields = decoder.fields(node, path) else { return nil }
            let object = fields.required("object", decoder.nonEmptyString)
            let destination = fields.required("destination", decoder.nonEmptyString)
            let figure: AccountFigure? = fields.required("figure") { decoder.oneOf($0, $1, "figure") }
            let method: Method? = methods ? fields.required("method") { decoder.oneOf($0, $1, "load method") } : .rest
            let each = fields.required("each") { decoder.number($0, $1, in: 0...1000) }
            fields.finish()
            guard let object, let destination, let figure, let method, let each else { return nil }
            return Line(object: object, destination: destination, figure: figure, method: method, each: each)
        }
    }
}
