import ArgumentParser
import Foundation
import LandfallKit

/// What the commands that take neither `--rules` nor `--templates` share.
enum BundledInputs {
    /// `--as-of`, else `SOURCE_DATE_EPOCH`, else today; a usage error when it is no date.
    static func date(_ asOf: String?) throws -> Date {
        switch QuoteDate.resolve(asOf: asOf, environment: ProcessInfo.processInfo.environment, now: Date()) {
        case .success(let resolved): return resolved
        case .failure(let error): throw ValidationError(error.message)
        }
    }

    /// A renderer over the bundled templates and rules, or the printed reason there is none.
    static func renderer() throws -> DocumentRenderer {
        let rules = try Terminal.unwrap(DataSelection.rules(override: nil))
        return DocumentRenderer(templates: try Terminal.unwrap(DataSelection.templates(override: nil)), rules: rules.rules)
    }
}
