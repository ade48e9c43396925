/// The rules that turn an account into five grades and an overall one.
public struct GradingRules: Equatable, Sendable {
    /// A letter and its label, easiest first.
    public struct Letter: Equatable, Sendable, Encodable {
        /// A, B, C, D or F.
        public var grade: String
        /// Such as "Moderate".
        public var label: String
    }

    /// How objects' cardinality and support add points.
    public struct ObjectCompatibility: Equatable, Sendable {
        /// The weight of this grade in the overall one.
        public var weight: Double
        /// Cardinality points.
        public var cardinalityPoints: [Cardinality: Double]
        /// Support points.
        public var supportPoints: [MappingSupport: Double]
        /// The upper bounds of A, B, C and D.
        public var thresholds: [Double]
    }

    /// What makes a field mapping unclear.
    public struct FieldMappingClarity: Equatable, Sendable {
        /// The weight of this grade in the overall one.
        public var weight: Double
        /// Per mapping required object.
        public var perMappingRequiredObject: Double
        /// Per property approximate.
        public var perPropertyApproximate: Double
        /// Per property without equivalent.
        public var perPropertyWithoutEquivalent: Double
        /// Per overlong tag.
        public var perOverlongTag: Double
        /// Per variable without equivalent.
        public var perVariableWithoutEquivalent: Double
        /// The upper bounds of A, B, C and D.
        public var thresholds: [Double]
    }

    /// Grades the timeline by its high end in weeks.
    public struct TimelineComplexity: Equatable, Sendable {
        /// The weight of this grade in the overall one.
        public var weight: Double
        /// The upper bounds of A, B, C and D.
        public var thresholds: [Double]
    }

    /// What strains the APIs on either side.
    public struct APIConstraints: Equatable, Sendable {
        /// The weight of this grade in the overall one.
        public var weight: Double
        /// Screen scrape points.
        public var screenScrapePoints: Double
        /// The least points when the source publishes no API (its data leaves only through an
        /// export): a floor, not an addition.
        public var sourceWithoutAPIMinPoints: Double
        /// Points by the requests sent one record at a time (REST, no bulk job).
        public var recordByRecordRequestsPoints: [PointStep]
        /// Daily allowance exceeded points.
        public var dailyAllowanceExceededPoints: Double
        /// Load days points.
        public var loadDaysPoints: [PointStep]
        /// The upper bounds of A, B, C and D.
        public var thresholds: [Double]
    }

    /// How sensitive the migration is to volume.
    public struct DataVolumeSensitivity: Equatable, Sendable {
        /// The weight of this grade in the overall one.
        public var weight: Double
        /// Record points.
        public var recordPoints: [PointStep]
        /// Attachment gbpoints.
        public var attachmentGBPoints: [PointStep]
        /// Load hours points.
        public var loadHoursPoints: [PointStep]
        /// The upper bounds of A, B, C and D.
        public var thresholds: [Double]
    }

    /// The rules file's version.
    public var version: String
    /// The five letters, easiest first.
    public var letters: [Letter]
    /// Object compatibility.
    public var objectCompatibility: ObjectCompatibility
    /// Field mapping clarity.
    public var fieldMappingClarity: FieldMappingClarity
    /// Timeline complexity.
    public var timelineComplexity: TimelineComplexity
    /// What strains the APIs.
    public var apiConstraints: APIConstraints
    /// Data volume sensitivity.
    public var dataVolumeSensitivity: DataVolumeSensitivity

    /// The letter for `points` against `thresholds`: the first whose bound is not passed, else the last.
    func letter(for points: Double, thresholds: [Double]) -> Int {
        thresholds.firstIndex { points <= $0 + 1e-9 } ?? (letters.count - 1)
    }
}

extension GradingRules {
    static func decode(_ root: DataNode, decoder: NodeDecoder) -> GradingRules? {
        guard let fields = decoder.fields(root, .root) else { return nil }
        let version = fields.required("version", decoder.nonEmptyString)
        let letters = fields.required("letters") { node, path -> [Letter]? in
            let letters = decoder.list(node, path) { element, elementPath -> Letter? in
                guard let fields = decoder.fields(element, elementPath) else { return nil }
                let grade = fields.required("grade", decoder.nonEmptyString)
                let label = fields.required("label", decoder.nonEmptyString)
                fields.finish()
                guard let grade, let label else { return nil }
                return Letter(grade: grade, label: label)
            }
            if let letters, letters.count != 5 {
                decoder.error("expected five letters (four thresholds separate them), found \(letters.count)", at: node.position, path: path)
                return nil
            }
            return letters
        }
        let object = fields.required("object_compatibility") { node, path -> ObjectCompatibility? in
            guard let fields = decoder.fields(node, path) else { return nil }
            let weight = fields.required("weight", decoder.weight)
            let cardinality: [Cardinality: Double]? = fields.required("cardinality_points") { decoder.pointTable($0, $1) }
            let support: [MappingSupport: Double]? = fields.required("support_points") { decoder.pointTable($0, $1) }
            let thresholds = fields.required("thresholds", decoder.thresholds)
            fields.finish()
            guard let weight, let cardinality, let support, let thresholds else { return nil }
            return ObjectCompatibility(weight: weight, cardinalityPoints: cardinality, supportPoints: support, thresholds: thresholds)
        }
        let field = fields.required("field_mapping_clarity") { node, path -> FieldMappingClarity? in
            guard let fields = decoder.fields(node, path) else { return nil }
            let weight = fields.required("weight", decoder.weight)
            let perObject = fields.required("per_mapping_required_object", decoder.weight)
            let approximate = fields.required("per_property_approximate", decoder.weight)
            let none = fields.required("per_property_without_equivalent", decoder.weight)
            let tag = fields.required("per_overlong_tag", decoder.weight)
            let variable = fields.required("per_variable_without_equivalent", decoder.weight)
            let thresholds = fields.required("thresholds", decoder.thresholds)
            fields.finish()
            guard let weight, let perObject, let approximate, let none, let tag, let variable, let thresholds else { return nil }
            return FieldMappingClarity(weight: weight, perMappingRequiredObject: perObject, perPropertyApproximate: approximate,
                                       perPropertyWithoutEquivalent: none, perOverlongTag: tag, perVariableWithoutEquivalent: variable,
                                       thresholds: thresholds)
        }
        let timeline = fields.required("timeline_complexity") { node, path -> TimelineComplexity? in
            guard let fields = decoder.fields(node, path) else { return nil }
            let weight = fields.required("weight", decoder.weight)
            let thresholds = fields.required("thresholds", decoder.thresholds)
            fields.finish()
            guard let weight, let thresholds else { return nil }
            return TimelineComplexity(weight: weight, thresholds: thresholds)
        }
        let api = fields.required("api_constraints") { node, path -> APIConstraints? in
            guard let fields = decoder.fields(node, path) else { return nil }
            let weight = fields.required("weight", decoder.weight)
            let scrape = fields.required("screen_scrape_points", decoder.weight)
            let noAPI = fields.required("source_without_api_min_points", decoder.weight)
            let rate = fields.required("record_by_record_requests_points", decoder.pointSteps)
            let allowance = fields.required("daily_allowance_exceeded_points", decoder.weight)
            let days = fields.required("load_days_points", decoder.pointSteps)
            let thresholds = fields.required("thresholds", decoder.thresholds)
            fields.finish()
            guard let weight, let scrape, let noAPI, let rate, let allowance, let days, let thresholds else { return nil }
            return APIConstraints(weight: weight, screenScrapePoints: scrape, sourceWithoutAPIMinPoints: noAPI, recordByRecordRequestsPoints: rate,
                                  dailyAllowanceExceededPoints: allowance, loadDaysPoints: days, thresholds: thresholds)
        }
        let volume = fields.required("data_volume_sensitivity") { node, path -> DataVolumeSensitivity? in
            guard let fields = decoder.fields(node, path) else { return nil }
            let weight = fields.required("weight", decoder.weight)
            let records = fields.required("record_points", decoder.pointSteps)
            let attachments = fields.required("attachment_gb_points", decoder.pointSteps)
            let hours = fields.required("load_hours_points", decoder.pointSteps)
            let thresholds = fields.required("thresholds", decoder.thresholds)
            fields.finish()
            guard let weight, let records, let attachments, let hours, let thresholds else { return nil }
            return DataVolumeSensitivity(weight: weight, recordPoints: records, attachmentGBPoints: attachments, loadHoursPoints: hours,
                                         thresholds: thresholds)
        }
        fields.finish()
        guard let version, let letters, let object, let field, let timeline, let api, let volume else { return nil }
        return GradingRules(version: version, letters: letters, objectCompatibility: object, fieldMappingClarity: field,
                            timelineComplexity: timeline, apiConstraints: api, dataVolumeSensitivity: volume)
    }
}

extension NodeDecoder {
    /// A table of points keyed by every case of `Key` (`"1:1": 0`, `lossy: 3` …).
    func pointTable<Key: RawRepresentable & CaseIterable & Hashable>(_ node: DataNode, _ path: KeyPath, maximum: Double = 1000) -> [Key: Double]?
    where Key.RawValue == String {
        guard let fields = fields(node, path) else { return nil }
        var table: [Key: Double] = [:]
        for key in Key.allCases {
            if let points = fields.required(key.rawValue, { self.number($0, $1, in: 0...maximum) }) { table[key] = points }
        }
        fields.finish()
        return table.count == Key.allCases.count ? table : nil
    }
}
