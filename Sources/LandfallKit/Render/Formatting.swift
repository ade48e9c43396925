import Foundation

/// Number and text formats shared by every rendered document.
enum Format {
    /// `38,214`.
    static func count(_ value: Int) -> String {
        NodeDecoder.grouped(value)
    }

    /// `2.5`, `3`, `1,200`.
    static func number(_ value: Double) -> String {
        TimelinePlanner.number(value)
    }

    /// `USD 9,850`.
    static func money(_ amount: Int, _ currency: String) -> String {
        "\(currency) \(count(amount))"
    }

    /// `1 record`, `2 records`: a count with its noun.
    static func count(_ value: Int, _ noun: String) -> String {
        "\(count(value)) \(noun)\(value == 1 ? "" : "s")"
    }

    /// `0.1 %`.
    static func percent(_ share: Double) -> String {
        "\(number((share * 1000).rounded() / 10)) %"
    }

    /// `9.7 GB`.
    static func gigabytes(_ bytes: Int) -> String {
        "\(number((Double(bytes) / 1e8).rounded() / 10)) GB"
    }

    /// `High`, `Medium`, `Low`.
    static func severity(_ severity: RiskSeverity) -> String {
        severity.rawValue.prefix(1).uppercased() + severity.rawValue.dropFirst()
    }

    /// `one-to-one`, `one-to-many`, `lossy`.
    static func cardinality(_ cardinality: Cardinality) -> String {
        switch cardinality {
        case .oneToOne: "1:1"
        case .oneToMany: "1:many"
        case .lossy: "lossy"
        }
    }

    /// `full`, `mapping required`, `manual`.
    static func support(_ support: MappingSupport) -> String {
        switch support {
        case .full: "full"
        case .mappingRequired: "mapping required"
        case .manual: "manual"
        }
    }

    /// `2–3 weeks`, `1 week`.
    static func weeks(_ low: Int, _ high: Int) -> String {
        low == high ? "\(low) week\(low == 1 ? "" : "s")" : "\(low)–\(high) weeks"
    }

    /// `2–3`, `2`.
    static func range(_ low: Double, _ high: Double) -> String {
        low == high ? number(low) : "\(number(low))–\(number(high))"
    }
}
