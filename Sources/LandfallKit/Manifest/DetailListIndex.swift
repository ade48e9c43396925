/// The identifying values of a manifest's detail lists as written in the document, whether or
/// not each entry decoded, so that duplicate and reference checks see every entry.
struct DetailListIndex {
    /// One list entry's text values by key, with the entry's index.
    struct Entry {
        var index: Int
        var values: [String: String]
        var listValues: [String: [String]]
    }

    private var lists: [String: [Entry]] = [:]

    /// Indexes the top-level lists of `root`.
    init(root: DataNode) {
        guard case .object(let members) = root.value else { return }
        for member in members where lists[member.key] == nil {
            guard case .array(let elements) = member.value.value else { continue }
            lists[member.key] = elements.enumerated().map { index, element in
                var entry = Entry(index: index, values: [:], listValues: [:])
                guard case .object(let fields) = element.value else { return entry }
                for field in fields where entry.values[field.key] == nil && entry.listValues[field.key] == nil {
                    switch field.value.value {
                    case .string(let text), .text(let text):
                        entry.values[field.key] = text
                    case .array(let items):
                        entry.listValues[field.key] = items.compactMap {
                            switch $0.value {
                            case .string(let text), .text(let text): text
                            default: nil
                            }
                        }
                    default:
                        break
                    }
                }
                return entry
            }
        }
    }

    /// The entries of the top-level list `name`, or `nil` when the document has no such list.
    func entries(_ name: String) -> [Entry]? {
        lists[name]
    }
}
