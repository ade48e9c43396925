import Foundation

/// What a person wrote into a manifest that survey wrote before: the customer and the destination
/// (edition, licences, rate limit: what the export does not say) are kept when survey writes the
/// manifest again, and every count that changed is said.
enum ManifestEdits {
    /// `json` (the manifest survey just made) with the customer and destination of the manifest
    /// at `path`, when there is one, and what changed in words; a failure when that manifest
    /// cannot be read (it is then left as it is).
    static func keeping(_ json: String, from path: String) -> Result<(json: String, changes: [String]), InputFailure> {
        guard FileManager.default.fileExists(atPath: path) else { return .success((json, [])) }
        let earlier: [DataNode.Member]
        do {
            guard case .object(let members) = try DocumentReader.read(path: path).value else {
                return .failure(.unreadableManifest(path, at: TextPosition(line: 1, column: 1), "does not hold an object"))
            }
            earlier = members
        } catch {
            guard error.status == .dataError else { return .failure(error) }
            let place = error.diagnostic.location
            return .failure(.unreadableManifest(path, at: TextPosition(line: place.line, column: place.column), error.diagnostic.message))
        }
        guard case .object(var fresh)? = try? JSONNodeReader.read(Array(json.utf8), file: path, firstLine: 1).value else { return .success((json, [])) }
        var changes: [String] = []
        let sameDestination = earlier.value("destination")?.member("platform")?.sameContent(as: fresh.value("destination")?.member("platform")) ?? false
        for key in ["customer", "destination"] where key != "destination" || sameDestination {
            guard let kept = earlier.value(key), let index = fresh.firstIndex(where: { $0.key == key }), !kept.sameContent(as: fresh[index].value) else { continue }
            fresh[index].value = kept
            changes.append("kept the manifest's \(key) as it was edited")
        }
        let before = earlier.value("counts")?.members ?? []
        for member in (fresh.value("counts")?.members ?? []).sorted(by: { $0.key < $1.key }) {
            if let old = before.value(member.key)?.integer, let new = member.value.integer, old != new {
                changes.append("counts.\(member.key): \(old), now \(new)")
            }
        }
        return .success((JSONNodeWriter.string(DataNode(.object(fresh), at: TextPosition(line: 1, column: 1))), changes))
    }
}

private extension [DataNode.Member] {
    func value(_ key: String) -> DataNode? {
        first { $0.key == key }?.value
    }
}

private extension DataNode {
    var members: [Member]? {
        if case .object(let members) = value { members } else { nil }
    }

    func member(_ key: String) -> DataNode? {
        members?.value(key)
    }

    var integer: Int? {
        switch value {
        case .number(let literal), .text(let literal): Int(literal)
        default: nil
        }
    }

    /// The same value, wherever each was read: keys compared as a set, lists in order, numbers by
    /// their literal, XML's text as a string.
    func sameContent(as other: DataNode?) -> Bool {
        guard let other else { return false }
        switch (value, other.value) {
        case (.object(let mine), .object(let theirs)):
            return mine.count == theirs.count && mine.allSatisfy { member in member.value.sameContent(as: theirs.value(member.key)) }
        case (.array(let mine), .array(let theirs)):
            return mine.count == theirs.count && zip(mine, theirs).allSatisfy { $0.sameContent(as: $1) }
        case (.string(let mine), .string(let theirs)), (.text(let mine), .text(let theirs)),
             (.string(let mine), .text(let theirs)), (.text(let mine), .string(let theirs)):
            return mine == theirs
        case (.number(let mine), .number(let theirs)):
            return mine == theirs || (Double(mine) != nil && Double(mine) == Double(theirs))
        case (.bool(let mine), .bool(let theirs)):
            return mine == theirs
        case (.null, .null):
            return true
        default:
            return false
        }
    }
}

extension InputFailure {
    /// A manifest survey would write over that cannot be read: left as it is.
    static func unreadableManifest(_ path: String, at position: TextPosition, _ problem: String) -> InputFailure {
        .content(path, at: position, "\(problem): survey keeps the edits of the manifest it writes over, and cannot read this one; it is left as it is: correct it, or move it aside, and survey again")
    }
}
