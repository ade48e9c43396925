/// Puts a newly proposed field map together with the one a person has edited and confirmed,
/// so that re-running survey or fieldmap never loses what the person wrote: every entry of the
/// earlier map stays as written, counts are brought up to date, and only what is new is added.
/// A confirmed entry that would change (the data now holds a value its value map does not list)
/// is a conflict: it changes only when forced, and is then no longer confirmed.
struct FieldMapMerge {
    /// The merged map, what changed in words, and the conflicts that stop a merge not forced.
    struct Outcome {
        var map: FieldMap
        var changes: [String]
        var conflicts: [String]
    }

    let existing: FieldMap
    let proposed: FieldMap
    let force: Bool

    func merge() -> Outcome {
        var changes: [String] = []
        var conflicts: [String] = []
        var map = existing
        map.keyLocations = [:]
        // Objects: the export's own counts; the rules as the person left them.
        for object in proposed.objects {
            if let index = map.objects.firstIndex(where: { $0.object == object.object }) {
                if map.objects[index].rows != object.rows {
                    changes.append("\(object.file): \(map.objects[index].rows.map(String.init) ?? "no count") rows, now \(object.rows.map(String.init) ?? "no count")")
                    map.objects[index].rows = object.rows
                }
                for (offset, rule) in map.objects[index].records.enumerated() {
                    if let fresh = object.records.first(where: { $0.when == rule.when && $0.destination == rule.destination && $0.joins == rule.joins }) {
                        map.objects[index].records[offset].rows = fresh.rows
                    }
                }
            } else {
                map.objects.append(object)
                changes.append("added \(object.file) to objects")
            }
        }
        for field in proposed.customFields where !map.customFields.contains(where: { $0.field == field.field }) {
            map.customFields.append(field)
            changes.append("added the custom field \(field.field)")
        }
        var confirmedKept = 0
        for fresh in proposed.fields {
            guard let index = map.fields.firstIndex(where: { $0.identity == fresh.identity && $0.source == fresh.source }) else {
                let column = fresh.source ?? ""
                if map.notCarried.contains(where: { $0.object == fresh.object && $0.source == column }) { continue }
                map.fields.append(fresh)
                changes.append("added \(fresh.object).\(fresh.source ?? fresh.value ?? "") → \(fresh.destination), to confirm")
                continue
            }
            var entry = map.fields[index]
            if Self.sameProposal(entry, fresh) {
                // Left as proposed: the proposal's own words on where it came from still hold.
                entry.origin = fresh.origin
                for (at, value) in entry.values.enumerated() {
                    if let proposed = fresh.values.first(where: { Array($0.from.utf8) == Array(value.from.utf8) && $0.to == value.to }) {
                        entry.values[at].origin = proposed.origin
                    }
                }
            }
            entry.rows = fresh.rows ?? entry.rows
            entry.overBulkLimit = fresh.overBulkLimit ?? entry.overBulkLimit
            var added: [FieldMap.ValueMapping] = []
            for value in fresh.values {
                if let at = entry.values.firstIndex(where: { Array($0.from.utf8) == Array(value.from.utf8) }) {
                    entry.values[at].rows = value.rows ?? entry.values[at].rows
                } else {
                    added.append(value)
                }
            }
            let name = "\(entry.object).\(entry.source ?? "") → \(entry.destination)"
            if !added.isEmpty {
                let listed = added.map { "\(NodeDecoder.quoted($0.from))" + ($0.rows.map { " (\(Format.count($0, "row")))" } ?? "") }.joined(separator: ", ")
                if entry.confirmed && !force {
                    conflicts.append("\(name) is confirmed, and the data now holds \(listed), which its value map does not list")
                } else {
                    entry.values += added
                    if entry.confirmed {
                        entry.confirmed = false
                        changes.append("\(name): the data now holds \(listed); added to its value map, and the entry is no longer confirmed")
                    } else {
                        changes.append("\(name): the data now holds \(listed); added to its value map")
                    }
                }
            }
            if entry.confirmed { confirmedKept += 1 }
            map.fields[index] = entry
        }
        for field in proposed.notCarried {
            let carried = map.fields.contains { $0.object == field.object && [$0.source, $0.fallback].contains(field.source) }
            if !carried && !map.notCarried.contains(where: { $0.object == field.object && $0.source == field.source }) {
                map.notCarried.append(field)
                changes.append("added \(field.object).\(field.source) to not_carried")
            }
        }
        if confirmedKept > 0 { changes.insert("kept \(Format.count(confirmedKept, "confirmed field")) as written", at: 0) }
        return Outcome(map: map, changes: changes, conflicts: conflicts)
    }

    /// Whether a person left `entry` as `proposed` proposed it (its confirmation, counts and
    /// values' destinations aside).
    static func sameProposal(_ entry: FieldMap.Field, _ proposed: FieldMap.Field) -> Bool {
        entry.destination == proposed.destination && entry.transform == proposed.transform && entry.fallback == proposed.fallback
            && entry.value == proposed.value && entry.references == proposed.references && entry.referencesColumn == proposed.referencesColumn
            && entry.required == proposed.required && entry.maxLength == proposed.maxLength && entry.maxBytes == proposed.maxBytes
            && entry.picklist == proposed.picklist && entry.isList == proposed.isList && entry.note == proposed.note
    }
}
