import Foundation
@testable import LandfallKit
import LandfallTestSupport
import Testing

/// Runs the built `landfall` executable, as a user would.
struct LandfallProcess {
    /// The executable beside the test bundle (both are built by `swift build` / `swift test`).
    static let executable: String = {
        let folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let beside = folder.appendingPathComponent("landfall").path
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        return Fixtures.repositoryRoot + "/.build/debug/landfall"
    }()

    struct Result {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: Fixtures.repositoryRoot)
        var merged = ProcessInfo.processInfo.environment
        merged["SOURCE_DATE_EPOCH"] = nil
        for (key, value) in environment { merged[key] = value }
        process.environment = merged
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let outData = output.fileHandleForReading.readDataToEndOfFile()
        let errData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, standardOutput: String(decoding: outData, as: UTF8.self),
                      standardError: String(decoding: errData, as: UTF8.self))
    }
}

@Suite("The command line behaves like its peers")
struct CommandLineTests {
    private static let northwind = "Samples/northwind-salesforce.json"
    private static let harbor = "Samples/harbor-intercom.yaml"

    /// Invocations that fail, with the status each must end with.
    static let failures: [([String], Int32)] = [
        (["frobnicate"], 64),
        (["estimate", harbor, "--as-of", "yesterday"], 64),
        (["estimate", harbor, "--unmatched-users", "-3"], 64),
        (["estimate", harbor, "--unmatched-users", "9223372036854775807"], 64),
        (["estimate", harbor, "--to", "zendesk"], 64),
        (["estimate", harbor, "--format", "xml"], 64),
        (["scope", harbor, "--format", "csv"], 64),
        (["scope", harbor, "--format", ","], 64),
        (["catalog", "intercom", "thread"], 64),
        (["catalog", "--catalog", "/nonexistent"], 66),
        (["validate", "Samples/does-not-exist.json"], 66),
        (["validate", "Catalog/README.md"], 65),
        (["crosswalk", northwind, "--destination-users", "Samples/destination-users/harbor-pine.json", "--out", "/tmp/landfall-never-written"], 65),
        (["scope", northwind, "--destination-users", "Samples/destination-users/harbor-pine.json", "--out", "/tmp/landfall-never-written"], 65),
        (["estimate", northwind, "--destination-users", "Samples/destination-users/none.csv"], 66),
        (["estimate", northwind, "--destination-users", "Samples/destination-users/northwind.csv", "--unmatched-users", "2"], 64),
        (["scope", northwind, "--start", "next week"], 64),
        (["scope", northwind, "--holidays", "Samples/holidays.txt"], 64),
        (["scope", northwind, "--start", "2027-01-11", "--holidays", "Catalog/README.md", "--out", "/tmp/landfall-never-written"], 65),
        (["scope", northwind, "--start", "2027-01-11", "--holidays", "Samples/no-such-holidays.txt", "--out", "/tmp/landfall-never-written"], 66),
        (["reconcile", "Samples/runs/no-such-run", "--site", "/tmp/landfall-never-written"], 66),
        (["reconcile", "Samples/runs/harbor-sandbox-1", "--site", "/tmp/landfall-no-such-folder/site"], 73),
        (["surevy", "Samples/export-thread"], 64),
        (["transform", "Samples/export-thread", "--fieldmap", "x.yaml", "--kind", "rollback"], 64),
        (["verify", "Samples/runs/northwind-sandbox-3-rollback", "--queries"], 65),
        (["delta", "Samples/export-thread", "Samples/export-thread-cutover", "--since", "last week", "--out", "/tmp/landfall-never-written"], 64),
        (["delta", "Samples/export-thread", "Samples/no-such-export", "--out", "/tmp/landfall-never-written"], 66),
        (["reconcile", "Samples/runs/northwind-sandbox-3-rollback", "--before", "Samples", "--site", "/tmp/landfall-never-written"], 64),
        (["estimate", northwind, "--out", "/tmp/landfall-never-written"], 64),
        (["survey", "Samples/export-thread", "-o", "/tmp/landfall-never-written/manifest.json"], 64),
        (["estimate", northwind, "--as-of", "9999-12-31"], 64),
        (["scope", northwind, "--start", "9999-12-01", "--out", "/tmp/landfall-never-written"], 64),
    ]

    @Test("every error starts with `landfall: error:` or names its file and place, and ends with its status", arguments: failures)
    func onePrefix(arguments: [String], status: Int32) throws {
        let result = try LandfallProcess.run(arguments)
        #expect(result.status == status, "\(arguments): \(result.standardError)")
        let errors = (result.standardOutput + result.standardError).split(separator: "\n").filter { $0.contains("error:") || $0.hasPrefix("Error") }
        #expect(!errors.isEmpty)
        let located = try Regex(#"^[^:]+(:\d+(:\d+)?)?: (error|warning): "#)
        for line in errors {
            #expect(line.hasPrefix("landfall: error: ") || line.firstMatch(of: located) != nil, "\(line)")
            #expect(!line.contains("NSCocoaErrorDomain") && !line.contains(".tmp") && !line.hasPrefix("Error:"), "\(line)")
        }
    }

    @Test("a mistyped command or option is answered with the one meant, and the usage")
    func suggestions() throws {
        let command = try LandfallProcess.run(["surevy", "Samples/export-thread"])
        #expect(command.standardError.hasPrefix("landfall: error: 'surevy' is not a landfall command (did you mean `survey`?); the commands are catalog, compare, crosswalk, delta, demo, estimate, fieldmap, inventory, reconcile, scope, survey, transform, validate, verify\nUsage: landfall <subcommand>\n"))
        let out = try LandfallProcess.run(["estimate", Self.northwind, "--out", "x"])
        #expect(out.standardError.hasPrefix("landfall: error: estimate writes no files (it prints to the terminal), so it takes no --out\nUsage: landfall estimate "))
        let short = try LandfallProcess.run(["survey", "Samples/export-thread", "-o", "x/manifest.json"])
        #expect(short.standardError.hasPrefix("landfall: error: survey has no option -o (did you mean --out?)\nUsage: landfall survey "))
        let typo = try LandfallProcess.run(["scope", Self.northwind, "--holiday", "x"])
        #expect(typo.standardError.hasPrefix("landfall: error: scope has no option --holiday (did you mean --holidays?)\nUsage: landfall scope "))
        let site = try LandfallProcess.run(["reconcile", "Samples/runs/harbor-sandbox-1", "--site", "/tmp/landfall-no-such-folder/site"])
        #expect(site.standardError == "landfall: error: --site /tmp/landfall-no-such-folder/site: the folder /tmp/landfall-no-such-folder does not exist; create it first, or name a folder inside one that exists\n")
        #expect(!FileManager.default.fileExists(atPath: "/tmp/landfall-no-such-folder"))
    }

    @Test("no date past 9999-12-31: a clock, a quote or a plan that would write one is refused")
    func lastDate() throws {
        let epoch = try LandfallProcess.run(["estimate", Self.northwind], environment: ["SOURCE_DATE_EPOCH": "999999999999"])
        #expect(epoch.standardError.hasPrefix("landfall: error: SOURCE_DATE_EPOCH \"999999999999\" falls outside 0001-01-01 to 9999-12-31, the dates a document writes\n"))
        let quote = try LandfallProcess.run(["estimate", Self.northwind, "--as-of", "9999-12-31"])
        #expect(quote.standardError == "landfall: error: a quote dated 9999-12-31 would be valid past 9999-12-31, the last date a document writes; date it earlier (--as-of)\n")
        let plan = try LandfallProcess.run(["scope", Self.northwind, "--start", "9999-12-01", "--out", "/tmp/landfall-never-written"])
        #expect(plan.standardError == "landfall: error: a project starting 9999-12-01 would run past 9999-12-31, the last date a document writes; give an earlier --start\n")
        #expect(!FileManager.default.fileExists(atPath: "/tmp/landfall-never-written"))
    }

    @Test("--version prints the version every document carries")
    func version() throws {
        let result = try LandfallProcess.run(["--version"])
        #expect(result.status == 0)
        #expect(result.standardOutput == "\(LandfallKit.Landfall.version)\n")
    }

    @Test("a bad option value names the option and the subcommand's usage")
    func optionErrors() throws {
        let asOf = try LandfallProcess.run(["estimate", Self.harbor, "--as-of", "yesterday"])
        #expect(asOf.standardError.hasPrefix("landfall: error: --as-of \"yesterday\" is not a date such as 2026-11-21\nUsage: landfall estimate "))
        let epoch = try LandfallProcess.run(["scope", Self.harbor], environment: ["SOURCE_DATE_EPOCH": "soon"])
        #expect(epoch.status == 64)
        #expect(epoch.standardError.hasPrefix("landfall: error: SOURCE_DATE_EPOCH \"soon\" is not a whole number of seconds\nUsage: landfall scope "))
        let negative = try LandfallProcess.run(["estimate", Self.harbor, "--unmatched-users", "-3"])
        #expect(negative.standardError.hasPrefix("landfall: error: --unmatched-users must not be negative, found -3\n"))
        let huge = try LandfallProcess.run(["estimate", Self.harbor, "--unmatched-users", "9223372036854775807"])
        #expect(huge.standardError.hasPrefix("landfall: error: --unmatched-users must be at most 1000000, found 9223372036854775807\n"))
        let start = try LandfallProcess.run(["scope", Self.northwind, "--start", "next week"])
        #expect(start.standardError.hasPrefix("landfall: error: --start \"next week\" is not a date such as 2027-01-11\n"))
        let both = try LandfallProcess.run(["estimate", Self.northwind, "--destination-users", "Samples/destination-users/northwind.csv", "--unmatched-users", "2"])
        #expect(both.standardError.hasPrefix("landfall: error: --unmatched-users and --destination-users both say who has no destination user yet; give one of them\n"))
    }

    @Test("catalog with the pair reversed says which is the destination")
    func reversedPair() throws {
        let result = try LandfallProcess.run(["catalog", "intercom", "thread"])
        #expect(result.standardError == "landfall: error: \"intercom\" is a destination platform, not a source; the order is SOURCE DEST; known pairs: thread intercom, thread salesforce-service-cloud\n")
    }

    @Test("help lists only the formats a command writes, and a format it does not write is refused")
    func formats() throws {
        let scopeHelp = try LandfallProcess.run(["scope", "--help"])
        #expect(scopeHelp.standardOutput.contains("(default: html,md,json)"))
        #expect(!scopeHelp.standardOutput.contains("csv"))
        let crosswalkHelp = try LandfallProcess.run(["crosswalk", "--help"])
        #expect(crosswalkHelp.standardOutput.contains("(default: html,md,json,csv)"))
        let refused = try LandfallProcess.run(["inventory", Self.harbor, "--format", "csv"])
        #expect(refused.standardError.hasPrefix("landfall: error: --format csv: this command writes only html, md, json\n"))
    }

    @Test("validate --format json prints [] when there is nothing to say")
    func emptyJSON() throws {
        let result = try LandfallProcess.run(["validate", "--format", "json", Self.harbor])
        #expect(result.status == 0)
        #expect(result.standardOutput == "[]\n")
    }

    @Test("a users file of the other destination is refused with 65, naming what it looks like")
    func wrongUsersFile() throws {
        let folder = TemporaryFolder()
        let result = try LandfallProcess.run(["crosswalk", Self.harbor, "--destination-users", "Samples/destination-users/northwind.csv", "--out", folder.path + "/out"])
        #expect(result.status == 65)
        #expect(result.standardError == "Samples/destination-users/northwind.csv: error: looks like a Salesforce User export (CSV), but this migration goes to Intercom; give an Intercom admins export (JSON)\n")
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/out"))
    }

    @Test("a symbolic link that loops, and a FIFO, are named as such")
    func specialFiles() throws {
        let folder = TemporaryFolder()
        let loop = folder.path + "/loop.json"
        try FileManager.default.createSymbolicLink(atPath: loop, withDestinationPath: loop)
        let looped = try LandfallProcess.run(["validate", loop])
        #expect(looped.status == 66)
        #expect(looped.standardOutput.hasPrefix("\(loop): error: is a symbolic link that loops ("))
        let fifo = folder.path + "/pipe.json"
        #expect(mkfifo(fifo, 0o600) == 0)
        let piped = try LandfallProcess.run(["validate", fifo])
        #expect(piped.status == 66)
        #expect(piped.standardOutput.hasPrefix("\(fifo): error: is a FIFO (named pipe), not a regular file"))
    }
}
