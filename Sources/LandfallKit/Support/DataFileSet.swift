import Foundation

/// Reads a folder of YAML data files (the catalog, the rules), gathering every file's findings and
/// the worst exit status in one place.
struct DataFileSet {
    /// The folder.
    let directory: String
    /// Every finding so far.
    private(set) var diagnostics: [Diagnostic] = []
    /// The worst status so far.
    private(set) var status = ExitStatus.ok

    /// Starts reading `directory`, or returns the finding that it does not exist (66).
    static func open(_ directory: String, what: String) -> Result<DataFileSet, InputFailure> {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            let problem = FileManager.default.fileExists(atPath: directory) ? "is a file, not a \(what) folder" : "does not exist: it should be a \(what) folder"
            return .failure(.file(directory, problem, status: .noInput))
        }
        return .success(DataFileSet(directory: directory))
    }

    /// The path of `name` inside the folder.
    func path(_ name: String) -> String {
        (directory as NSString).appendingPathComponent(name)
    }

    /// The YAML files in `subfolder`, sorted by name.
    func yamlFiles(in subfolder: String) -> [String] {
        let folder = path(subfolder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted().map { (folder as NSString).appendingPathComponent($0) }
    }

    /// Parses the file at `path`, or records why it cannot be read.
    mutating func parse(_ path: String) -> (root: DataNode, decoder: NodeDecoder)? {
        do {
            let root = try DocumentReader.read(path: path)
            return (root, NodeDecoder(file: path, root: root))
        } catch {
            record([error.diagnostic], status: error.status)
            return nil
        }
    }

    /// Takes in a decoder's findings.
    mutating func absorb(_ decoder: NodeDecoder) {
        record(decoder.log.diagnostics, status: decoder.log.hasErrors ? .dataError : .ok)
    }

    /// Records findings with the status they imply.
    mutating func record(_ findings: [Diagnostic], status: ExitStatus) {
        diagnostics += findings
        self.status = max(self.status, status)
    }

    /// The findings sorted, and the final status (65 when any finding is an error).
    var result: (diagnostics: [Diagnostic], status: ExitStatus) {
        (diagnostics.sorted(), diagnostics.hasErrors ? max(status, .dataError) : status)
    }
}
