import Mustache

/// A view turned, once, into the dictionaries and lists a template looks names up in.
///
/// Mustache finds a name in a Swift value by reflecting on the value at every lookup, so a
/// document with a hundred thousand rows reflected millions of times. Here each struct is
/// reflected once, into a dictionary of its stored properties; lookups are then a hash away.
/// What a template sees is unchanged: the same names, a nil property absent (so the name is
/// looked for further out, as before), and every value a template writes as text (a string, a
/// number, an enum, anything with a description of its own) left as it is.
enum TemplateContext {
    /// `view` with its structs and lists made into dictionaries and arrays.
    static func prepared(_ view: Any) -> Any {
        convert(view) ?? view
    }

    /// `value` converted; `nil` for an optional that holds nothing.
    private static func convert(_ value: Any) -> Any? {
        if let optional = value as? OptionalValue {
            return optional.wrapped.flatMap(convert)
        }
        // A list before the plain values: it has a description too.
        if let list = value as? [Any] {
            return list.map { convert($0) ?? Optional<Any>.none as Any }
        }
        // Only a Markup marks code: the same characters in any other text are taken out.
        if let text = value as? String { return Markup.unmarked(text) }
        if let text = value as? Substring { return Markup.unmarked(String(text)) }
        switch value {
        case is Int, is Double, is Bool, is MustacheLambda, is MustacheParent,
             is MustacheCustomRenderable, is MustacheCustomRepresentation, is CustomStringConvertible:
            return value
        default:
            break
        }
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .struct:
            var fields: [String: Any] = [:]
            fields.reserveCapacity(Int(mirror.children.count))
            for child in mirror.children {
                guard let label = child.label, let converted = convert(child.value) else { continue }
                fields[label] = converted
            }
            return fields
        default:
            return value
        }
    }
}

/// An optional of any type, seen through `Any`.
private protocol OptionalValue {
    var wrapped: Any? { get }
}

extension Optional: OptionalValue {
    fileprivate var wrapped: Any? { map { $0 as Any } }
}
