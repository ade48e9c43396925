import Foundation
import Yams

/// What a person wrote into a manifest that survey wrote before: the customer and the destination
/// (edition, licences, rate limit: what the export does not say) are kept when survey writes the
/// manifest again, and every count that changed is said.
enum ManifestEdits {
    /// `json` (the manifest survey just made) with the customer and destination of the manifest
    /// at `path`, when there is one, and what changed in words; a failure when that manifest
    /// cannot be read (it is then left as it is).
    static func keeping(_ json: String, from path: String) -> Result<(json: String, changes: [String]), InputFailure> {
        guard FileManager.default.fileExists(atPath: path) else { return .success((json, [])) }
        let earlier: [String: Any]
        do {
            let input = try InputFile(path: path)
            guard let object = try Yams.load(yaml: String(decoding: input.bytes, as: UTF8.self)) as? [String: Any] else { throw InputFailure.unreadableManifest(path) }
            earlier = object
        } catch let failure as InputFailure {
            return .failure(failure)
        } catch {
            return .failure(.unreadableManifest(path))
        }
        guard var fresh = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any] else { return .success((json, [])) }
        var changes: [String] = []
        let sameDestination = (earlier["destination"] as? [String: Any])?["platform"] as? String == (fresh["destination"] as? [String: Any])?["platform"] as? String
        for key in ["customer", "destination"] where key != "destination" || sameDestination {
            guard let kept = earlier[key], !NSDictionary(dictionary: [key: kept]).isEqual(to: [key: fresh[key] as Any]) else { continue }
            fresh[key] = SurveyCommand.native(kept)
            changes.append("kept the manifest's \(key) as it was edited")
        }
        let before = earlier["counts"] as? [String: Any] ?? [:]
        let after = fresh["counts"] as? [String: Any] ?? [:]
        for key in after.keys.sorted() {
            let old = (before[key] as? NSNumber)?.intValue
            let new = (after[key] as? NSNumber)?.intValue
            if let old, let new, old != new { changes.append("counts.\(key): \(old), now \(new)") }
        }
        guard let data = try? JSONSerialization.data(withJSONObject: fresh, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]) else {
            return .success((json, changes))
        }
        return .success((JSONOutput.compactingEmptyContainers(String(decoding: data, as: UTF8.self)) + "\n", changes))
    }
}

extension InputFailure {
    /// A manifest survey would write over that cannot be read: left as it is.
    static func unreadableManifest(_ path: String) -> InputFailure {
        InputFailure(Diagnostic(.error, at: SourceLocation(file: path, line: 1, column: 1),
                                "is not a manifest survey can keep the edits of; it is left as it is: correct it, or move it aside, and survey again"),
                     status: .dataError)
    }
}
