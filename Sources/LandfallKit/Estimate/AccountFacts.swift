import Foundation

/// The account as the estimate sees it: the manifest's figures, the destination (with stated
/// assumptions where the manifest leaves something out), and the figures derived from them.
public struct AccountFacts: Sendable {
    /// The manifest.
    public let manifest: Manifest
    /// The destination platform's id (from `--to`, else the manifest's).
    public let destination: String
    /// The destination's family, when its platform file names one.
    public let family: DestinationFamily?
    /// The destination's facts, with defaults filled in.
    public let destinationSystem: DestinationSystem
    /// What is known of the people in the destination.
    public let userMatching: UserMatching
    /// Source users with no destination user yet (0 when not known).
    public var unmatchedUsers: Int { userMatching.unmatched ?? 0 }
    /// The counts that make up "records" (from the pricing rules).
    let recordFigures: [CountKey]
    /// What was assumed because the manifest did not say.
    public let assumptions: [String]

    /// Builds the facts, filling in what the manifest does not say for `destination`.
    init(manifest: Manifest, destination: String, family: DestinationFamily?, userMatching: UserMatching, recordFigures: [CountKey]) {
        self.manifest = manifest
        self.destination = destination
        self.family = family
        self.recordFigures = recordFigures
        self.userMatching = userMatching
        var assumptions: [String] = []
        var system = manifest.destination.platform == destination ? manifest.destination : DestinationSystem(platform: destination)
        switch family {
        case .salesforce:
            if system.edition == nil {
                system.edition = .enterprise
                assumptions.append("The Salesforce edition is not given; Enterprise is assumed.")
            }
            if system.licenses == nil {
                let licences = max(1, manifest.users?.filter(\.active).count ?? manifest.counts[.users])
                system.licenses = licences
                assumptions.append("The number of Salesforce licences is not given; \(licences), one per active agent, is assumed.")
            }
            if system.serviceCloudLicensed != true {
                assumptions.append("Service Cloud licences are the customer's to buy and are not in the price.")
            }
        case .intercom:
            if system.rateLimitPerMinute == nil {
                assumptions.append("The workspace's rate limit is not given; the limit Intercom documents for one private app is assumed.")
            }
            if system.conversationModel == nil { system.conversationModel = .conversationFirst }
        case nil:
            break
        }
        if !manifest.counts.isGiven(.companies) || !manifest.counts.isGiven(.contacts) {
            assumptions.append("The manifest does not count the customers' companies and contacts: they are neither planned nor priced here.")
        }
        assumptions.append(userMatching.statement(userWord: family?.personWord ?? "user"))
        if manifest.tags == nil && manifest.counts[.tags] > 0 {
            assumptions.append("The tags are not listed, so tag applications are not counted in the load plan.")
        }
        destinationSystem = system
        self.assumptions = assumptions
    }

    /// The value of a figure the rules name.
    public func value(_ figure: AccountFigure) -> Double {
        switch figure {
        case .count(let key): Double(manifest.counts[key])
        case .records: Double(records)
        case .attachmentGB: Double(manifest.counts[.attachmentBytes]) / 1e9
        case .reviewPlatforms: Double(reviewPlatforms)
        case .tagUsage: Double((manifest.tags ?? []).reduce(0) { $0 + ($1.usage ?? 0) })
        case .unmatchedUsers: Double(unmatchedUsers)
        }
    }

    /// The records the pricing rules count.
    public var records: Int {
        recordFigures.reduce(0) { $0 + manifest.counts[$1] }
    }

    /// The review platforms with reviews (one when reviews exist but are not broken down).
    public var reviewPlatforms: Int {
        if let sources = manifest.reviewSources {
            return Set(sources.filter { $0.count > 0 }.map { $0.platform.lowercased() }).count
        }
        return manifest.counts[.reviews] > 0 ? 1 : 0
    }

    /// Whether the account holds any record of `object` (a source-object id), directly or
    /// carried inside another.
    func has(_ object: String, in platform: Platform) -> Bool {
        guard let key = platform.object(object)?.countKey else { return false }
        return manifest.counts[key] > 0
    }
}
