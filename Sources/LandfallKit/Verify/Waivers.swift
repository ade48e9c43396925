import Foundation

/// `waivers.yaml`: the differences (verify) and failures (reconcile) an ops lead accepts, signed
/// with a reason, a name and a date until which the waiver holds. A waived difference or failure
/// is counted apart and listed, never dropped.
///
/// ```yaml
/// waivers:
///   - object: 04-Case-ticket
///     field: Status
///     reason: The org's Status picklist was simplified after the load
///     who: Dana Kim, support operations
///     until: 2027-03-31
/// ```
/// An entry names the object and the field (a difference `verify` finds), or the error code (a
/// failure `reconcile` counts, such as `DUPLICATE_VALUE`), or the source ids, or several of them.
struct Waivers {
    struct Waiver: Equatable {
        var object: String
        var field: String?
        /// The error code of the failures it waives.
        var code: String?
        var sourceIDs: Set<String>
        var reason: String
        var who: String
        var until: Date
        /// Where it stands in the file.
        var location: SourceLocation

        /// Whether it covers a difference of `field` on `sourceID` of `object`, on `day`.
        func covers(object: String, sourceID: String, field: String, on day: Date) -> Bool {
            guard self.object == object, day <= until, code == nil else { return false }
            if let waived = self.field, waived != field { return false }
            return sourceIDs.isEmpty || sourceIDs.contains(sourceID)
        }

        /// Whether it covers the failure (`code`, empty for a record unprocessed or missing) of
        /// `sourceID` of `object`, on `day`.
        func covers(object: String, sourceID: String, code failure: String, on day: Date) -> Bool {
            guard self.object == object, day <= until, field == nil else { return false }
            if let code, code != failure { return false }
            return sourceIDs.isEmpty || sourceIDs.contains(sourceID)
        }
    }

    var entries: [Waiver]

    /// The waivers in `path`, or every finding that makes the file unusable.
    static func read(path: String) -> Result<Waivers, CommandOutputFailure> {
        let root: DataNode
        do {
            root = try DocumentReader.read(path: path)
        } catch {
            return .failure(CommandOutputFailure(.failure([error.diagnostic], status: error.status)))
        }
        let decoder = NodeDecoder(file: path, root: root)
        var entries: [Waiver] = []
        if let fields = decoder.fields(root, .root) {
            entries = fields.required("waivers") { node, listPath in
                decoder.list(node, listPath) { element, elementPath -> Waiver? in
                    guard let entry = decoder.fields(element, elementPath) else { return nil }
                    let object = entry.required("object", decoder.nonEmptyString)
                    let field = entry.optional("field", decoder.nonEmptyString)
                    let code = entry.optional("code", decoder.nonEmptyString)
                    let ids = entry.optional("source_ids", decoder.stringList)
                    let reason = entry.required("reason", decoder.nonEmptyString)
                    let who = entry.required("who", decoder.nonEmptyString)
                    let until = entry.required("until") { node, untilPath -> Date? in
                        guard let text = decoder.nonEmptyString(node, untilPath) else { return nil }
                        guard let day = ProjectStart.day(text) else {
                            decoder.error("\(NodeDecoder.quoted(text)) is not a date such as 2027-03-31", at: node.position, path: untilPath)
                            return nil
                        }
                        return day
                    }
                    entry.finish()
                    if field == nil, code == nil, ids?.isEmpty ?? true {
                        decoder.error("a waiver names the field it waives, or the error code, or the source ids", at: element.position, path: elementPath)
                    }
                    if field != nil, code != nil {
                        decoder.error("a waiver names a field (a difference verify finds) or an error code (a failure reconcile counts), not both", at: element.position, path: elementPath)
                    }
                    guard let object, let reason, let who, let until else { return nil }
                    let position = element.position
                    return Waiver(object: object, field: field, code: code, sourceIDs: Set(ids ?? []), reason: reason, who: who, until: until,
                                  location: SourceLocation(file: path, line: position.line, column: position.column))
                }
            } ?? []
            fields.finish()
        }
        let findings = decoder.log.diagnostics.sorted()
        guard !findings.hasErrors else { return .failure(CommandOutputFailure(.failure(findings, status: .dataError))) }
        return .success(Waivers(entries: entries))
    }

    /// The waiver that covers a failure, if any.
    func waiver(object: String, sourceID: String, code: String, on day: Date) -> Waiver? {
        entries.first { $0.covers(object: object, sourceID: sourceID, code: code, on: day) }
    }

    /// The waiver that covers a difference, if any.
    func waiver(object: String, sourceID: String, field: String, on day: Date) -> Waiver? {
        entries.first { $0.covers(object: object, sourceID: sourceID, field: field, on: day) }
    }
}
