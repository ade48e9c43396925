import Mustache

/// Escapes text for GitHub-flavoured Markdown, so that a value can never open a table cell,
/// emphasis, a link, an image, code or raw HTML: line breaks become spaces, and the characters
/// Markdown gives meaning to get a backslash (an underscore only at a word's edge, where it could
/// start emphasis; `#`, `+`, `-` and `=` only at the start of a value).
public enum MarkdownEscaping {
    /// The content type's name in templates: `{{% CONTENT_TYPE: MARKDOWN}}`.
    public static let contentTypeName = "MARKDOWN"

    private static let escaped: Set<Character> = ["\\", "`", "*", "|", "[", "]", "<", ">", "~"]

    /// The bytes that may need escaping anywhere: those above, `&`, `_`, `!`, line breaks, the
    /// first byte of U+2028 and U+2029, and that of the marks around code (``Markup``).
    private static let attention: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for byte in Array("\\`*|[]<>~&_!\r\n".utf8) + [0xE2, 0xEE] { table[Int(byte)] = true }
        return table
    }()

    /// The bytes that need escaping only at the start of a value.
    private static let startAttention = Set("+-=#".utf8)

    /// `text` made safe anywhere in a Markdown line, table cells included; its code parts
    /// (``Markup``) written as code spans.
    public static func escape(_ text: String) -> String {
        // Most values hold none of the characters that need a look: they are returned as they are.
        guard text.utf8.contains(where: { attention[Int($0)] }) || text.utf8.first.map({ startAttention.contains($0) }) == true else { return text }
        guard text.contains(Markup.open) else { return escapePlain(text) }
        var result = ""
        var rest = Substring(text)
        while let start = rest.firstIndex(of: Markup.open) {
            result += escapePlain(String(rest[..<start]))
            let body = rest[rest.index(after: start)...]
            let end = body.firstIndex(of: Markup.close) ?? body.endIndex
            result += codeSpan(String(body[..<end]))
            rest = end == body.endIndex ? "" : body[body.index(after: end)...]
        }
        return result + escapePlain(String(rest))
    }

    /// `code` as a code span that shows it as it is: a fence of more backticks than any run it
    /// holds, a space inside the fence where it starts or ends with a backtick, line breaks as
    /// spaces, and `|` as `\|`, which a GFM table needs even inside code (and reads as `|`).
    static func codeSpan(_ code: String) -> String {
        guard !code.isEmpty else { return "" }
        var content = ""
        var longest = 0
        var run = 0
        for character in code {
            if character == "`" { run += 1; longest = max(longest, run) } else { run = 0 }
            switch character {
            case "\r\n", "\n", "\r", "\u{2028}", "\u{2029}": content.append(" ")
            case "|": content += "\\|"
            default: content.append(character)
            }
        }
        let fence = String(repeating: "`", count: longest + 1)
        let padded = content.hasPrefix("`") || content.hasSuffix("`") || (content.hasPrefix(" ") && content.hasSuffix(" ") && content.contains { $0 != " " })
        return padded ? "\(fence) \(content) \(fence)" : fence + content + fence
    }

    private static func escapePlain(_ text: String) -> String {
        guard text.utf8.contains(where: { attention[Int($0)] }) || text.utf8.first.map({ startAttention.contains($0) }) == true else { return text }
        let characters = Array(text)
        var result = ""
        result.reserveCapacity(characters.count)
        for (index, character) in characters.enumerated() {
            let next = index + 1 < characters.count ? characters[index + 1] : " "
            let previous = index > 0 ? characters[index - 1] : " "
            switch character {
            case "\r\n", "\n", "\r", "\u{2028}", "\u{2029}":
                if !result.hasSuffix(" ") { result.append(" ") }
            case "&" where next.isLetter || next.isNumber || next == "#":
                result.append("\\&")
            case _ where escaped.contains(character):
                result.append("\\")
                result.append(character)
            case "_" where !(previous.isLetter || previous.isNumber) || !(next.isLetter || next.isNumber), "!" where next == "[":
                result.append("\\")
                result.append(character)
            case "+" where result.isEmpty, "-" where result.isEmpty, "=" where result.isEmpty, "#" where result.isEmpty:
                result.append("\\")
                result.append(character)
            default:
                result.append(character)
            }
        }
        return result
    }

    /// Registers the content type with Mustache (once).
    static let registered: Void = {
        MustacheContentTypes.register(MarkdownContentType(), named: contentTypeName)
    }()

    private struct MarkdownContentType: MustacheContentType {
        func escapeText(_ text: String) -> String {
            MarkdownEscaping.escape(text)
        }
    }
}
