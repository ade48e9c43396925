import Foundation
import LandfallKit
import LandfallTestSupport
import Testing

/// One document reader tried on text: the text is written to a temporary file with the reader's
/// extension and read back.
struct ReaderProbe: Sendable {
    /// The file name the text is written as (its extension picks nothing: `read` is called directly).
    let name: String
    let reader: @Sendable (InputFile) throws(InputFailure) -> DataNode

    static let yaml = ReaderProbe(name: "m.yaml") { input throws(InputFailure) in try YAMLNodeReader.read(input) }
    static let xml = ReaderProbe(name: "m.xml") { input throws(InputFailure) in try XMLNodeReader.read(input) }

    /// The tree, or the failure.
    func read(_ text: String) -> Result<DataNode, InputFailure> {
        let folder = TemporaryFolder()
        let path = folder.write(name, text)
        do throws(InputFailure) {
            return .success(try reader(InputFile(path: path)))
        } catch {
            return .failure(error)
        }
    }

    /// `LINE:COL: message` of the failure, or `nil` when the text reads.
    func failure(_ text: String) -> String? {
        guard case .failure(let failure) = read(text) else { return nil }
        let location = failure.diagnostic.location
        return "\(location.line):\(location.column): \(failure.diagnostic.message)"
    }

    /// The root mapping's entries; an issue is recorded when the text does not read as a mapping.
    func members(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> [DataNode.Member] {
        guard case .success(let node) = read(text), case .object(let members) = node.value else {
            Issue.record("not read as a mapping", sourceLocation: sourceLocation)
            return []
        }
        return members
    }
}
