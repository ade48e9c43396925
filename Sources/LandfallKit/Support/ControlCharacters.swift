/// Control characters that came from input, made harmless for where they go: no document shows
/// NUL, an escape sequence or a C1 control, and a terminal must never run one.
public enum ControlCharacters {
    /// Whether `scalar` is a control character no document shows: C0 controls other than tab,
    /// line feed and carriage return, DEL, and the C1 controls.
    public static func isHidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: false
        case 0x00...0x1F, 0x7F...0x9F: true
        default: false
        }
    }

    /// Whether `scalar` is any control character, line breaks and tabs included (Unicode's Cc).
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    /// `text` with each hidden control character replaced by U+FFFD, for documents (HTML,
    /// Markdown, CSV); the same string when there is none.
    public static func replaced(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isHidden) else { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            scalars.append(isHidden(scalar) ? "\u{FFFD}" : scalar)
        }
        return String(scalars)
    }

    /// Whether `scalar` changes the order text is shown in: the bidirectional marks, embeddings,
    /// overrides and isolates (U+061C, U+200E, U+200F, U+202A to U+202E, U+2066 to U+2069). In
    /// a terminal line, one from input could make a file name or a message read backwards.
    public static func isReordering(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// `text` with every control character (line breaks and tabs too) and every character that
    /// reorders text written as a visible escape such as `\u{1B}` or `\u{202E}`, for one line of
    /// terminal output.
    public static func escapedForTerminal(_ text: String) -> String {
        let escaped = { (scalar: Unicode.Scalar) in isControl(scalar) || isReordering(scalar) }
        guard text.unicodeScalars.contains(where: escaped) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            if escaped(scalar) {
                result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// The first hidden control character in `text`, if any.
    static func firstHidden(in text: String) -> Unicode.Scalar? {
        text.unicodeScalars.first(where: isHidden)
    }
}
