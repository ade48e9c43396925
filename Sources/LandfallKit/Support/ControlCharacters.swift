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

    /// `text` with every control character (line breaks and tabs too) written as a visible
    /// escape such as `\u{1B}`, for one line of terminal output.
    public static func escapedForTerminal(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            if isControl(scalar) {
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
