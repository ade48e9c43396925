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
    /// How far a value the destination returns may stray from the one the load sent before
    /// `verify` calls it different, per destination field (none: every field by its rule alone).
    public var verifyTolerances: [VerifyTolerance] = []

    /// What the quote quotes (and its number hashes): the tolerances are verify's alone.
    private enum CodingKeys: String, CodingKey {
        case version, passMaxShare, warnMaxShare, duplicatesAllowed, unexpectedAllowed, orphansAllowed, spotCheckLow, spotCheckHigh
    }
}

/// How far one destination field's value may stray from the value sent: a number by an absolute
/// amount, a time by seconds; with the reason, which the verification shows.
public struct VerifyTolerance: Equatable, Sendable, Codable {
    /// `Case.star_rating__c`.
    public var field: String
    public var absolute: Double?
    public var seconds: Double?
    public var reason: String

    /// Whether `found` is within the tolerance of `expected`.
    func allows(_ expected: String, _ found: String) -> Bool {
        if let absolute {
            guard let left = Double(expected), let right = Double(found) else { return false }
            return abs(left - right) <= absolute
        }
        if let seconds {
            guard case .instant(let left) = Timestamp.parse(expected), case .instant(let right) = Timestamp.parse(found) else { return false }
            return abs(left.timeIntervalSince(right)) <= seconds
        }
        return false
    }
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
        let tolerances = fields.optional("verify_tolerances") { node, listPath in
            decoder.list(node, listPath) { element, path -> VerifyTolerance? in
                guard let entry = decoder.fields(element, path) else { return nil }
                let field = entry.required("field", decoder.nonEmptyString)
                let absolute = entry.optional("absolute") { decoder.number($0, $1, in: 0...1e12) }
                let seconds = entry.optional("seconds") { decoder.number($0, $1, in: 0...86_400) }
                let reason = entry.required("reason", decoder.nonEmptyString)
                entry.finish()
                if (absolute == nil) == (seconds == nil) {
                    decoder.error("a tolerance gives an absolute amount (a number) or seconds (a time), one of the two", at: element.position, path: path)
                }
                if let field, !field.contains(".") {
                    decoder.error("\(NodeDecoder.quoted(field)) is not a destination field such as Case.star_rating__c", at: element.position, path: path.appending("field"))
                }
                guard let field, let reason else { return nil }
                return VerifyTolerance(field: field, absolute: absolute, seconds: seconds, reason: reason)
            }
        }
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
                               orphansAllowed: orphans, spotCheckLow: low, spotCheckHigh: high, verifyTolerances: tolerances ?? [])
    }
}
