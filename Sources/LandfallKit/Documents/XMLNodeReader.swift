import CLibXML2

/// Reads XML (through libxml2) into a ``DataNode`` tree: one element per key, `<item>` for list
/// entries, leaf text untyped.
///
/// The parser never touches the network, never loads a DTD and never substitutes entities. A
/// document that declares any entity is refused the moment the declaration is seen, so no file or
/// URL is read through an entity and an entity-expansion bomb costs nothing; a reference to an
/// entity defined nowhere (say, in an external DTD that is never read) is refused where it stands
/// rather than dropped. Text values may be as long as the file allows; elements may nest
/// ``maximumDepth`` levels, as in JSON and YAML; a start tag may carry
/// ``XMLAttributeScan/maximumAttributes`` attributes (libxml2's check for duplicates is quadratic).
public enum XMLNodeReader {
    /// The element name that marks a list entry.
    public static let listItemName = "item"

    /// How deep elements may nest.
    public static let maximumDepth = 256

    /// Parses `input` as one XML document.
    ///
    /// - Throws: ``InputFailure`` with libxml2's line and column for the first well-formedness
    ///   error, or the position of a refused entity declaration.
    public static func read(_ input: InputFile) throws(InputFailure) -> DataNode {
        if let excess = XMLAttributeScan.firstExcess(in: input.bytes) {
            throw InputFailure.content(input.path, at: excess.position,
                                       "the element <\(excess.element)> carries more than \(XMLAttributeScan.maximumAttributes) attributes; Landfall reads elements, not attributes, and refuses a tag this wide unread")
        }
        guard let context = xmlNewParserCtxt() else {
            throw InputFailure.file(input.path, "cannot start the XML parser", status: .software)
        }
        defer { xmlFreeParserCtxt(context) }

        let refusal = EntityRefusal()
        let unmanaged = Unmanaged.passRetained(refusal)
        defer { unmanaged.release() }
        context.pointee._private = unmanaged.toOpaque()
        context.pointee.sax.pointee.entityDecl = refuseEntityDeclaration

        let options = Int32(bitPattern: XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue
            | XML_PARSE_NOWARNING.rawValue | XML_PARSE_BIG_LINES.rawValue | XML_PARSE_HUGE.rawValue)
        let document = input.bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                xmlCtxtReadMemory(context, chars.baseAddress, Int32(chars.count), input.path, "UTF-8", options)
            }
        }
        defer { if let document { xmlFreeDoc(document) } }

        if let declared = refusal.position {
            throw InputFailure.content(input.path, at: declared,
                                       "the DOCTYPE declares the entity \"\(refusal.name)\"; documents that declare entities are refused (nothing was read through it)")
        }
        guard let document, context.pointee.wellFormed != 0 else {
            throw parseFailure(context, file: input.path)
        }
        guard let root = xmlDocGetRootElement(document) else {
            throw InputFailure.file(input.path, "holds no XML element", status: .dataError)
        }
        var locator = ElementLocator(bytes: input.bytes)
        return try convert(root, depth: 0, locator: &locator, file: input.path)
    }

    private static func parseFailure(_ context: xmlParserCtxtPtr, file: String) -> InputFailure {
        guard let error = xmlCtxtGetLastError(context) else {
            return .file(file, "is not well-formed XML", status: .dataError)
        }
        var message = error.pointee.message.map { String(cString: $0) } ?? "not well-formed"
        message = message.trimmingWhitespaceAndNewlines()
        if message.contains("Premature end of data") || message.contains("EndTag") || message.contains("chunk is not well balanced")
            || error.pointee.code == XML_ERR_DOCUMENT_END.rawValue || message.contains("end of")
        {
            message += " (the file may be truncated)"
        }
        let position = TextPosition(line: Int(error.pointee.line), column: Int(error.pointee.int2))
        return .content(file, at: position, "invalid XML: \(message)")
    }

    private static func convert(_ element: xmlNodePtr, depth: Int, locator: inout ElementLocator, file: String) throws(InputFailure) -> DataNode {
        let position = locator.locate(element)
        if depth > maximumDepth {
            throw .content(file, at: position, "nesting deeper than \(maximumDepth) levels is not accepted")
        }
        var children: [xmlNodePtr] = []
        var text = ""
        var child = element.pointee.children
        while let node = child {
            switch node.pointee.type {
            case XML_ELEMENT_NODE:
                children.append(node)
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = node.pointee.content { text += String(cString: content) }
            case XML_ENTITY_REF_NODE:
                let name = elementName(node)
                throw .content(file, at: locator.locate(reference: name, after: position),
                               "the entity &\(name); is defined nowhere in this file (an external DTD is never read); write its text instead")
            default:
                break
            }
            child = node.pointee.next
        }
        guard !children.isEmpty else {
            return DataNode(.text(text), at: position)
        }
        var converted: [(name: String, node: DataNode)] = []
        for child in children {
            converted.append((elementName(child), try convert(child, depth: depth + 1, locator: &locator, file: file)))
        }
        if converted.allSatisfy({ $0.name == listItemName }) {
            return DataNode(.array(converted.map(\.node)), at: position)
        }
        let members = converted.map { DataNode.Member(key: $0.name, keyPosition: $0.node.position, value: $0.node) }
        return DataNode(.object(members), at: position)
    }

    fileprivate static func elementName(_ element: xmlNodePtr) -> String {
        element.pointee.name.map { String(cString: $0) } ?? ""
    }
}

/// Filled in by the parser callback when the document declares an entity.
private final class EntityRefusal {
    var position: TextPosition?
    var name = ""
}

/// The SAX callback for `<!ENTITY …>`: records where it stands and stops the parser at once.
private let refuseEntityDeclaration: entityDeclSAXFunc = { context, name, _, _, _, _ in
    guard let context else { return }
    let parser = context.assumingMemoryBound(to: xmlParserCtxt.self)
    if let box = parser.pointee._private {
        let refusal = Unmanaged<EntityRefusal>.fromOpaque(box).takeUnretainedValue()
        if refusal.position == nil {
            refusal.position = TextPosition(line: Int(xmlSAX2GetLineNumber(context)), column: Int(xmlSAX2GetColumnNumber(context)))
            refusal.name = name.map { String(cString: $0) } ?? ""
        }
    }
    xmlStopParser(parser)
}

/// Finds the column of each element's start tag: libxml2 keeps only the line. Elements are
/// visited in document order, so each search starts where the previous one ended.
private struct ElementLocator {
    private let bytes: [UInt8]
    private var lineStarts: [Int] = [0]
    private var cursor = 0
    /// The last offset whose column was counted, and that column: columns are counted onward from
    /// there, so a document on one long line costs one pass, not one per element.
    private var counted = (offset: 0, line: 0, column: 1)

    init(bytes: [UInt8]) {
        self.bytes = bytes
        for (offset, byte) in bytes.enumerated() where byte == 0x0A {
            lineStarts.append(offset + 1)
        }
    }

    mutating func locate(_ element: xmlNodePtr) -> TextPosition {
        let line = Int(xmlGetLineNo(element))
        guard line >= 1, line <= lineStarts.count else { return TextPosition(line: max(line, 0), column: 0) }
        var name = XMLNodeReader.elementName(element)
        if let prefix = element.pointee.ns?.pointee.prefix { name = String(cString: prefix) + ":" + name }
        let pattern = [UInt8(ascii: "<")] + Array(name.utf8)
        let lineStart = lineStarts[line - 1]
        var offset = max(cursor, lineStart)
        while offset + pattern.count <= bytes.count {
            if bytes[offset] == 0x3C, bytes[offset..<(offset + pattern.count)].elementsEqual(pattern),
               offset + pattern.count == bytes.count || Self.endsName(bytes[offset + pattern.count])
            {
                cursor = offset + 1
                return position(of: offset)
            }
            offset += 1
        }
        return TextPosition(line: line, column: 1)
    }

    /// Where `&name;` stands, searching from the element at `start`.
    func locate(reference name: String, after start: TextPosition) -> TextPosition {
        let pattern = Array("&\(name);".utf8)
        let from = min(lineStarts[max(0, min(start.line, lineStarts.count) - 1)] + max(start.column - 1, 0), bytes.count)
        var offset = from
        while offset + pattern.count <= bytes.count {
            if bytes[offset] == UInt8(ascii: "&"), bytes[offset..<(offset + pattern.count)].elementsEqual(pattern) {
                var copy = self
                return copy.position(of: offset)
            }
            offset += 1
        }
        return start
    }

    /// The line and column of the byte at `offset`, counting on from the last offset counted when
    /// it lies on the same line further on.
    private mutating func position(of offset: Int) -> TextPosition {
        let line = lineIndex(containing: offset)
        var from = lineStarts[line]
        var column = 1
        if counted.line == line, counted.offset <= offset {
            from = counted.offset
            column = counted.column
        }
        for byte in bytes[from..<offset] where byte & 0xC0 != 0x80 { column += 1 }
        counted = (offset, line, column)
        return TextPosition(line: line + 1, column: column)
    }

    private func lineIndex(containing offset: Int) -> Int {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        return low
    }

    private static func endsName(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/")
    }
}
