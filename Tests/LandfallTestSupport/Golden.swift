import Foundation

/// Golden files: expected outputs kept in `Tests/LandfallKitTests/Golden/`. Set
/// `LANDFALL_RECORD_GOLDEN=1` to write the current output as the new expectation.
public enum Golden {
    /// The environment variable that re-records golden files.
    public static let recordVariable = "LANDFALL_RECORD_GOLDEN"

    /// The golden file `name`.
    public static func path(_ name: String) -> String {
        Fixtures.repositoryRoot + "/Tests/LandfallKitTests/Golden/" + name
    }

    /// Compares `actual` with the golden file `name`; `nil` when equal, else what differs.
    /// When recording, writes `actual` and returns `nil`.
    public static func mismatch(_ actual: String, _ name: String) -> String? {
        let file = path(name)
        if ProcessInfo.processInfo.environment[recordVariable] == "1" {
            try? FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try! actual.write(toFile: file, atomically: true, encoding: .utf8)
            return nil
        }
        guard let expected = try? String(contentsOfFile: file, encoding: .utf8) else {
            return "no golden file \(name); run the tests with \(recordVariable)=1 to record it"
        }
        guard expected != actual else { return nil }
        let expectedLines = expected.components(separatedBy: "\n")
        let actualLines = actual.components(separatedBy: "\n")
        let index = zip(expectedLines, actualLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(expectedLines.count, actualLines.count)
        let want = index < expectedLines.count ? expectedLines[index] : "(end of file)"
        let got = index < actualLines.count ? actualLines[index] : "(end of file)"
        return "\(name) differs at line \(index + 1):\n  expected: \(want)\n  actual:   \(got)\n(re-record with \(recordVariable)=1 if the change is intended)"
    }
}
