import Foundation

/// Number and text formats shared by every rendered document.
enum Format {
    /// `38,214`: a whole number with thousands separators.
    static func count(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (offset, character) in digits.enumerated() {
            if offset > 0 && (digits.count - offset) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return value < 0 ? "-" + out : out
    }

    /// `2.5`, `3`, `1,200`: a figure without a needless `.0`, with thousands separators when whole.
    static func number(_ value: Double) -> String {
        value.rounded() == value && value.magnitude < 1e15 ? count(Int(value)) : String(value)
    }

    /// `value` rounded to one decimal.
    static func tenths(_ value: Double) -> Double {
        (value * 10).rounded() / 10
    }

    /// `USD 9,850`.
    static func money(_ amount: Int, _ currency: String) -> String {
        "\(currency) \(count(amount))"
    }

    /// `1 record`, `2 records`: a count with its noun.
    static func count(_ value: Int, _ noun: String) -> String {
        "\(count(value)) \(noun)\(value == 1 ? "" : "s")"
    }

    /// `text` as a CSS string literal, quotes included (`"Acme \22 Best\22 "`): quotes,
    /// backslashes and control characters escaped, so it ends where it should wherever it is put.
    static func cssString(_ text: String) -> String {
        var literal = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"", "\\": literal += "\\" + String(scalar.value, radix: 16, uppercase: true) + " "
            case _ where scalar.value < 0x20 || scalar.value == 0x7F: literal += " "
            default: literal.unicodeScalars.append(scalar)
            }
        }
        return literal + "\""
    }

    /// `0.1 %`, to a tenth; never 100 % while a share falls short of it (99.9 %), nor 0 % while
    /// any is left (< 0.1 %), so that a page does not read complete while records fail.
    static func percent(_ share: Double) -> String {
        let tenths = (share * 1000).rounded() / 10
        if share < 1, tenths >= 100 { return "99.9 %" }
        if share > 0, tenths <= 0 { return "< 0.1 %" }
        return "\(number(tenths)) %"
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
