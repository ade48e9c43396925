import ArgumentParser
import Foundation
import LandfallKit

/// Prints a command's output and turns its status into the process's exit code.
enum Terminal {
    /// Whether text may be coloured: standard output is a terminal and `NO_COLOR` is unset.
    static var colourAllowed: Bool {
        isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    }

    /// Where a progress line goes: standard error when it is a terminal and `--quiet` was not
    /// given; nowhere otherwise (a pipe or a log file gets no carriage returns).
    static func progress(quiet: Bool) -> (@Sendable (String) -> Void)? {
        guard !quiet, isatty(STDERR_FILENO) == 1 else { return nil }
        return { text in FileHandle.standardError.write(Data(text.utf8)) }
    }

    /// Prints `output`; throws the exit code when it is not 0.
    static func finish(_ output: CommandOutput) throws {
        if !output.standardOutput.isEmpty {
            FileHandle.standardOutput.write(Data(output.standardOutput.utf8))
        }
        if !output.standardError.isEmpty {
            FileHandle.standardError.write(Data(output.standardError.utf8))
        }
        if output.status != .ok {
            throw ExitCode(output.status.rawValue)
        }
    }

    /// Exits 73 unless the folder `path` lies in exists: a mistyped folder is not created afresh
    /// somewhere else.
    static func requireParent(of path: String, option: String) throws {
        let parent = (path as NSString).deletingLastPathComponent
        var isDirectory: ObjCBool = false
        guard parent.isEmpty || (FileManager.default.fileExists(atPath: parent, isDirectory: &isDirectory) && isDirectory.boolValue) else {
            try finish(CommandOutput.error("\(option) \(path): the folder \(parent) does not exist; create it first, or name a folder inside one that exists", status: .cannotCreate))
            return
        }
    }

    /// The value, or the printed failure and its exit code.
    static func unwrap<T>(_ result: Result<T, CommandOutputFailure>) throws -> T {
        switch result {
        case .success(let value):
            return value
        case .failure(let failure):
            try finish(failure.output)
            throw ExitCode(failure.output.status.rawValue)
        }
    }
}

/// `--catalog DIR`, shared by every command that reads the catalog.
struct CatalogOption: ParsableArguments {
    @Option(name: .customLong("catalog"), help: ArgumentHelp("Read the catalog from this folder instead of the bundled one.", valueName: "DIR"))
    var directory: String?

    /// The catalog, or the printed reason there is none.
    func load() throws -> Catalog {
        try Terminal.unwrap(DataSelection.catalog(override: directory))
    }
}

extension TerminalFormat: ExpressibleByArgument {}
