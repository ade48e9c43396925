import Foundation

/// `../shared/tools/check-vendor-contracts`: holds files to Intercom's OpenAPI description and
/// Salesforce's source registry.
public enum VendorContracts {
    /// Where the checker lies beside the repository.
    public static let checker = Fixtures.repositoryRoot + "/../shared/tools/check-vendor-contracts"

    /// Whether the checker is there to run.
    public static var available: Bool { FileManager.default.isExecutableFile(atPath: checker) }

    /// Runs the checker on `folder`: its exit status and what it printed.
    public static func check(_ folder: String) throws -> (status: Int32, output: String) {
        try run(checker, [folder])
    }

    /// Runs `executable` with `arguments`: its exit status and what it printed on either stream.
    public static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
