/// The acceptance criteria a migration run must meet, per object.
public struct AcceptanceRules: Equatable, Sendable, Encodable {
    /// The rules file's version.
    public var version: String
    /// An object passes when failed, unprocessed and missing records stay within this share of its source records.
    public var passMaxShare: Double
    /// Up to this share it warns; beyond, it fails.
    public var warnMaxShare: Double
    /// Source ids with more than one result allowed.
    public var duplicatesAllowed: Int
    /// Results with no source record allowed.
    public var unexpectedAllowed: Int
    /// Children that arrived without their parent allowed.
    public var orphansAllowed: Int
    /// Records checked by hand after the sandbox run, low.
    public var spotCheckLow: Int
    /// Records checked by hand after the sandbox run, high.
    public var spotCheckHigh: Int
}

extension AcceptanceRules {
    static func decode(_ root: DataNode, decoder: NodeDecoder) -> AcceptanceRules? {
        guard let fields = decoder.fields(root, .root) else { return nil }
        let count: (DataNode, KeyPath) -> Int? = { decoder.integer($0, $1, in: 0...1_000_000_000) }
        let version = fields.required("version", decoder.nonEmptyString)
        let pass = fields.required("pass_max_share") { decoder.number($0, $1, in: 0...1) }
        let warn = fields.required("warn_max_share") { decoder.number($0, $1, in: 0...1) }
        let duplicates = fields.required("duplicates_allowed", count)
        let unexpected = fields.required("unexpected_allowed", count)
        let orphans = fields.required("orphans_allowed", count)
        let low = fields.required("spot_check_low", count)
        let high = fields.required("spot_check_high", count)
        fields.finish()
        guard let version, let pass, let warn, let duplicates, let unexpected, let orphans, let low, let high else { return nil }
        if warn < pass {
            decoder.error("warn_max_share must not be below pass_max_share", at: decoder.position(of: "warn_max_share"), path: "warn_max_share")
            return nil
        }
        if high < low {
            decoder.error("spot_check_high must not be below spot_check_low", at: decoder.position(of: "spot_check_high"), path: "spot_check_high")
            return nil
        }
        return AcceptanceRules(version: version, passMaxShare: pass, warnMaxShare: warn, duplicatesAllowed: duplicates, unexpectedAllowed: unexpected,
                               orphansAllowed: orphans, spotCheckLow: low, spotCheckHigh: high)
    }
}
