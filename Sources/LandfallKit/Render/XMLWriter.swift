import CLibXML2

/// Writes an XML document through libxml2's text writer, which escapes every value: indented,
/// UTF-8, with a declaration.
final class XMLWriter {
    private let buffer: xmlBufferPtr
    private let writer: xmlTextWriterPtr

    /// Starts a document whose root element is `root` in `namespace`.
    init(root: String, namespace: String) {
        buffer = xmlBufferCreate()
        writer = xmlNewTextWriterMemory(buffer, 0)
        xmlTextWriterSetIndent(writer, 1)
        xmlTextWriterSetIndentString(writer, "    ")
        xmlTextWriterStartDocument(writer, "1.0", "UTF-8", nil)
        xmlTextWriterStartElement(writer, root)
        xmlTextWriterWriteAttribute(writer, "xmlns", namespace)
    }

    deinit {
        xmlFreeTextWriter(writer)
        xmlBufferFree(buffer)
    }

    /// `<name>text</name>`, the text escaped.
    func element(_ name: String, _ text: String) {
        xmlTextWriterWriteElement(writer, name, XMLWriter.clean(text))
    }

    /// `<name>` … `</name>` around what `body` writes.
    func element(_ name: String, _ body: () -> Void) {
        xmlTextWriterStartElement(writer, name)
        body()
        xmlTextWriterEndElement(writer)
    }

    /// Closes the document and returns its text.
    func finish() -> String {
        xmlTextWriterEndDocument(writer)
        xmlTextWriterFlush(writer)
        guard let content = buffer.pointee.content else { return "" }
        return String(cString: content)
    }

    /// Removes the characters XML 1.0 cannot hold at all (control characters other than tab,
    /// line feed and carriage return).
    static func clean(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter { $0.value >= 0x20 || $0 == "\t" || $0 == "\n" || $0 == "\r" }))
    }
}
