/// Finds the known name a misspelt one most likely meant, for "did you mean …?" hints.
public enum NameSuggestion {
    /// The candidate nearest to `input`, or `nil` when none is close enough to be a useful hint.
    ///
    /// A candidate that starts with, or contains, the input wins (so `salesforce` suggests
    /// `salesforce-service-cloud`); otherwise the smallest edit distance within about a third of
    /// the name's length.
    public static func nearest(to input: String, among candidates: [String]) -> String? {
        let needle = normalized(input)
        guard !needle.isEmpty else { return nil }
        let sorted = candidates.sorted()
        if let prefixed = sorted.first(where: { normalized($0).hasPrefix(needle) || needle.hasPrefix(normalized($0)) }) {
            return prefixed
        }
        if needle.count >= 3, let containing = sorted.first(where: { normalized($0).contains(needle) }) {
            return containing
        }
        var best: (name: String, distance: Int)?
        for candidate in sorted {
            let distance = editDistance(needle, normalized(candidate))
            if distance < (best?.distance ?? Int.max) { best = (candidate, distance) }
        }
        guard let best else { return nil }
        let allowed = max(2, max(needle.count, best.name.count) / 3)
        return best.distance <= allowed ? best.name : nil
    }

    /// " (did you mean `x`?)" or an empty string.
    static func hint(for input: String, among candidates: [String]) -> String {
        nearest(to: input, among: candidates).map { "; did you mean \"\($0)\"?" } ?? ""
    }

    private static func normalized(_ name: String) -> String {
        String(name.lowercased().unicodeScalars.filter { $0 != "_" && $0 != "-" && $0 != " " })
    }

    /// Levenshtein distance between two strings, by Unicode scalar.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let left = Array(a.unicodeScalars)
        let right = Array(b.unicodeScalars)
        if left.isEmpty { return right.count }
        if right.isEmpty { return left.count }
        var previous = Array(0...right.count)
        var current = [Int](repeating: 0, count: right.count + 1)
        for i in 1...left.count {
            current[0] = i
            for j in 1...right.count {
                let cost = left[i - 1] == right[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[right.count]
    }
}
