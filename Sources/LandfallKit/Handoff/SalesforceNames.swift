import Foundation

/// Salesforce's naming rules: a DeveloperName or custom-field API name starts with a letter, holds
/// only letters, digits and single underscores, does not end with an underscore, and is short
/// enough. Names are made from people's words by folding accents and turning everything else into
/// underscores.
public enum SalesforceNames {
    /// `name` made valid, or `nil` when nothing of it survives (no letters or digits).
    ///
    /// - Parameters:
    ///   - name: the words to start from.
    ///   - maxLength: the longest name allowed.
    ///   - prefix: put in front when the name starts with a digit.
    public static func clean(_ name: String, maxLength: Int, prefix: String) -> String? {
        let folded = name.folding(options: [.diacriticInsensitive, .widthInsensitive], locale: Locale(identifier: "en_US_POSIX"))
        var result = ""
        for scalar in folded.unicodeScalars {
            if scalar.isASCII && CharacterSet.alphanumerics.contains(scalar) {
                result.unicodeScalars.append(scalar)
            } else if !result.isEmpty && !result.hasSuffix("_") {
                result.append("_")
            }
        }
        while result.hasSuffix("_") { result.removeLast() }
        guard !result.isEmpty else { return nil }
        if let first = result.unicodeScalars.first, !CharacterSet.letters.contains(first) {
            result = prefix + result
        }
        return truncate(result, to: maxLength)
    }

    /// Whether `name` is a valid DeveloperName or API name body of at most `maxLength` characters.
    public static func isValid(_ name: String, maxLength: Int) -> Bool {
        guard let first = name.unicodeScalars.first, first.isASCII, CharacterSet.letters.contains(first),
              name.count <= maxLength, !name.hasSuffix("_"), !name.contains("__")
        else { return false }
        return name.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "_") }
    }

    /// `name` cut to `length`, without a trailing underscore.
    static func truncate(_ name: String, to length: Int) -> String {
        var cut = String(name.prefix(length))
        while cut.hasSuffix("_") { cut.removeLast() }
        return cut
    }

    /// `base`, or `base_2`, `base_3` … the first that is not in `taken`, within `maxLength`.
    static func unique(_ base: String, taken: Set<String>, maxLength: Int) -> String {
        guard taken.contains(base.lowercased()) else { return base }
        var number = 2
        while true {
            let suffix = "_\(number)"
            let candidate = truncate(base, to: maxLength - suffix.count) + suffix
            if !taken.contains(candidate.lowercased()) { return candidate }
            number += 1
        }
    }
}

/// Intercom's rule for data attribute names: none of ``forbidden``, and (here) no control
/// characters or surrounding spaces.
enum IntercomNames {
    /// The characters Intercom refuses in a data attribute's name.
    static let forbidden = "~`!@#%^&*'{}|\\\"$."

    /// `key` without the characters Intercom refuses, control characters and the replacement
    /// character, trimmed; empty when nothing is left.
    static func clean(_ key: String) -> String {
        let kept = key.unicodeScalars.filter { scalar in
            !forbidden.unicodeScalars.contains(scalar) && !ControlCharacters.isControl(scalar) && scalar != "\u{FFFD}"
        }
        return String(String.UnicodeScalarView(kept)).trimmingWhitespace()
    }
}
