import ArgumentParser
import Foundation
import LandfallKit

/// Better words than the parser's for two mistakes: a mistyped subcommand (the parser only says
/// the arguments are unexpected) and an option the command does not have (the parser suggests
/// by spelling alone, so `--out` on a command that writes nothing suggests `--to`).
enum ArgumentHints {
    /// The subcommands by name.
    static var subcommands: [String: ParsableCommand.Type] {
        Dictionary(Landfall.configuration.subcommands.map { ($0._commandName, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Options that name where output goes, and what each command calls it.
    private static let outputOptions: Set<String> = ["-o", "--out", "--output", "--output-dir", "--dir", "--site"]

    /// The message for a first argument that is no subcommand, or `nil` when it is one (or an
    /// option, or absent).
    static func unknownSubcommand(_ arguments: [String]) -> String? {
        guard let first = arguments.first, !first.hasPrefix("-"), first != "help", subcommands[first] == nil else { return nil }
        let names = subcommands.keys.sorted()
        let hint = NameSuggestion.nearest(to: first, among: names).map { " (did you mean `\($0)`?)" } ?? ""
        return "landfall: error: '\(first)' is not a landfall command\(hint); the commands are \(names.joined(separator: ", "))"
    }

    /// The first line of the parser's message for `error`, rewritten when it is about an option
    /// the subcommand in `arguments` does not have.
    static func unknownOption(_ message: String, arguments: [String]) -> String? {
        guard message.hasPrefix("Unknown option '"), let end = message.dropFirst("Unknown option '".count).firstIndex(of: "'"),
              let name = arguments.first, let command = subcommands[name]
        else { return nil }
        let typed = String(message[message.index(message.startIndex, offsetBy: "Unknown option '".count)..<end])
        let options = self.options(of: command)
        let suggestion: String?
        if outputOptions.contains(typed) {
            suggestion = ["--out", "--site"].first(where: options.contains)
            if suggestion == nil {
                return "landfall: error: \(name) writes no files (it prints to the terminal), so it takes no \(typed)"
            }
        } else {
            suggestion = NameSuggestion.nearest(to: typed, among: options.filter { $0.hasPrefix("--") })
        }
        return "landfall: error: \(name) has no option \(typed)" + (suggestion.map { " (did you mean \($0)?)" } ?? "")
    }

    /// The option names `command`'s help lists.
    private static func options(of command: ParsableCommand.Type) -> [String] {
        let help = Landfall.helpMessage(for: command)
        var names: [String] = []
        for word in help.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\n" || $0 == "[" || $0 == "]" || $0 == "(" || $0 == ")" }) {
            let token = String(word)
            guard token.hasPrefix("-"), token.count > 1, token.dropFirst(token.hasPrefix("--") ? 2 : 1).allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }),
                  !names.contains(token)
            else { continue }
            names.append(token)
        }
        return names
    }
}
