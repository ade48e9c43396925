import Foundation

/// Reads the id maps a site keeps (`runs/RUN_ID/idmap.csv`): object, source id, destination id
/// and outcome of every record a run brought.
enum IDMapFile {
    /// Calls `body` with each row's object, source id, destination id and outcome; not at all
    /// when there is no such file (a run published before runs kept their id map).
    ///
    /// - Throws: ``RunFailure`` 65 naming the file and line when the file is not an id map.
    static func forEachRow(_ path: String, _ body: (String, String, String, String) -> Void) throws(RunFailure) {
        guard FileManager.default.fileExists(atPath: path) else { return }
        do throws(InputFailure) {
            let scanner = try CSVScanner(path: path)
            var columns: [Int] = []
            for name in RunFiles.idMapHeader {
                guard let column = scanner.column(name) else {
                    throw .content(path, at: TextPosition(line: 1, column: 1), "is not an id map: the header has no \(name) column")
                }
                columns.append(column)
            }
            try scanner.forEachRow(columns: columns) { _, fields in
                body(fields[0].string, CSVWriter.original(fields[1].string), CSVWriter.original(fields[2].string), fields[3].string)
            }
        } catch {
            throw RunFailure([error.diagnostic], status: error.status == .noInput ? .dataError : error.status)
        }
    }
}
