/// Text a template writes with parts marked as code: the API names, paths and values an admin
/// copies. Markdown writes each part as a code span (nothing escaped inside it, so what is copied
/// is what the platform takes), HTML as `<code>`. The parts are delimited by two private-use
/// characters that ``TemplateContext`` removes from every other value, so input cannot open or
/// close one.
struct Markup: CustomStringConvertible, Equatable {
    /// Opens a code part.
    static let open: Character = "\u{E000}"
    /// Closes it.
    static let close: Character = "\u{E001}"

    /// The text with its code parts delimited.
    let description: String

    /// `text` as plain text.
    init(_ text: String) {
        description = Self.unmarked(text)
    }

    private init(marked: String) {
        description = marked
    }

    /// `text` as one code part (nothing when it is empty).
    static func code(_ text: String) -> Markup {
        let plain = unmarked(text)
        return Markup(marked: plain.isEmpty ? "" : "\(open)\(plain)\(close)")
    }

    /// Each of `values` as a code part, joined by `separator`.
    static func code(_ values: [String], separator: String = ", ") -> Markup {
        values.map(code).joined(separator: separator)
    }

    static func + (lhs: Markup, rhs: Markup) -> Markup {
        Markup(marked: lhs.description + rhs.description)
    }

    static func + (lhs: Markup, rhs: String) -> Markup {
        lhs + Markup(rhs)
    }

    static func + (lhs: String, rhs: Markup) -> Markup {
        Markup(lhs) + rhs
    }

    /// `text` without the characters that delimit code parts.
    static func unmarked(_ text: String) -> String {
        // Both start with the byte 0xEE; most text holds none.
        guard text.utf8.contains(0xEE) else { return text }
        return String(text.filter { $0 != open && $0 != close })
    }

    /// The HTML Mustache wrote (its text escaped) with each code part as `<code>`.
    static func html(_ rendered: String) -> String {
        guard rendered.utf8.contains(0xEE) else { return rendered }
        var result = ""
        for character in rendered {
            switch character {
            case open: result += "<code>"
            case close: result += "</code>"
            default: result.append(character)
            }
        }
        return result
    }
}

extension Sequence where Element == Markup {
    /// The parts one after the other, `separator` between them.
    func joined(separator: String) -> Markup {
        var result = Markup("")
        for (index, part) in enumerated() {
            result = index == 0 ? part : result + separator + part
        }
        return result
    }
}
