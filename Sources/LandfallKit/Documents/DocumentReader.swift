/// Reads a structured input file in whichever of the three forms it is written.
public enum DocumentReader {
    /// The format of `input`: from its extension when it has a known one, else from its content.
    public static func format(of input: InputFile) -> DocumentFormat {
        let name = input.path.split(separator: "/").last.map(String.init) ?? input.path
        if let dot = name.lastIndex(of: "."), let format = DocumentFormat(fileExtension: String(name[name.index(after: dot)...])) {
            return format
        }
        return DocumentFormat(sniffing: input.bytes)
    }

    /// Parses `input` into a ``DataNode`` tree.
    ///
    /// - Throws: ``InputFailure`` when the file is not well-formed in its format.
    public static func read(_ input: InputFile) throws(InputFailure) -> DataNode {
        switch format(of: input) {
        case .json: try JSONNodeReader.read(input)
        case .yaml: try YAMLNodeReader.read(input)
        case .xml: try XMLNodeReader.read(input)
        }
    }

    /// Reads and parses the file at `path`.
    ///
    /// - Throws: ``InputFailure`` when the file is missing, unreadable or malformed.
    public static func read(path: String) throws(InputFailure) -> DataNode {
        try read(InputFile(path: path))
    }
}
