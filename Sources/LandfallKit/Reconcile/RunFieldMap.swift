import Foundation

/// The field map a run's load was written from, kept in its run folder (`fieldmap.yaml`, which
/// `transform` puts there): what the load creates records of, for the migration's pages.
enum RunFieldMap {
    /// Its name in a run folder.
    static let fileName = "fieldmap.yaml"

    /// The run folder's field map with its bytes' hash, when it holds one.
    ///
    /// - Throws: ``RunFailure`` 65 at its place when it is not a field map, or lies outside the
    ///   run folder.
    static func read(in runFolder: String) throws(RunFailure) -> (map: FieldMap, digest: String)? {
        let path: String
        let read: (map: FieldMap?, diagnostics: [Diagnostic])
        do throws(InputFailure) {
            guard let found = try InputFolder(path: runFolder).input(fileName) else { return nil }
            path = found
            read = try FieldMapReader.read(path: path)
        } catch {
            throw RunFailure([error.diagnostic], status: error.status == .noInput ? .dataError : error.status)
        }
        guard let map = read.map, !read.diagnostics.hasErrors else {
            throw RunFailure(read.diagnostics.hasErrors ? read.diagnostics : [Diagnostic(.error, at: SourceLocation(file: path), "is not a field map")], status: .dataError)
        }
        let bytes = FileManager.default.contents(atPath: path).map { [UInt8]($0) } ?? []
        return (map, StableHash.hex(bytes))
    }
}
