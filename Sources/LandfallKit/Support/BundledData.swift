import Foundation

/// Finds the folder that holds Landfall's editable data (`Catalog/`, `Rules/`, `Samples/`): read at run
/// time so that the business can edit it without a rebuild.
public enum BundledData {
    /// The environment variable that names the folder explicitly.
    public static let environmentVariable = "LANDFALL_HOME"

    /// The data folder: `LANDFALL_HOME` when set, else the nearest folder holding `Catalog/`
    /// above the executable, else above the current directory.
    ///
    /// - Parameters:
    ///   - environment: the process environment.
    ///   - executablePath: the running executable (symbolic links are followed).
    ///   - currentDirectory: the working directory.
    /// - Returns: the folder, or `nil` when none is found.
    public static func root(environment: [String: String] = ProcessInfo.processInfo.environment,
                            executablePath: String = BundledData.runningExecutable,
                            currentDirectory: String = FileManager.default.currentDirectoryPath) -> String?
    {
        if let home = environment[environmentVariable], !home.isEmpty { return home }
        let executable = URL(fileURLWithPath: executablePath, relativeTo: URL(fileURLWithPath: currentDirectory, isDirectory: true))
            .resolvingSymlinksInPath()
        for start in [executable.deletingLastPathComponent(), URL(fileURLWithPath: currentDirectory, isDirectory: true)] {
            var folder = start.standardizedFileURL
            while true {
                if isDataRoot(folder) { return folder.path }
                let parent = folder.deletingLastPathComponent()
                if parent.path == folder.path { break }
                folder = parent
            }
        }
        return nil
    }

    /// The running executable's path: what the system says it is (so that `landfall` found on
    /// the PATH, or a link to it, finds its data), else the name it was started by.
    public static var runningExecutable: String {
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return resolved }
        return CommandLine.arguments.first ?? ""
    }

    private static func isDataRoot(_ folder: URL) -> Bool {
        var isDirectory: ObjCBool = false
        let platforms = folder.appendingPathComponent("Catalog/platforms").path
        return FileManager.default.fileExists(atPath: platforms, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
