import Foundation

/// `--transform-mb N`: `landfall transform` of the survey benchmark's export of about N MB and of
/// one a tenth the size, each through the field map `survey` proposes for Salesforce, with the
/// org's Users generated to match the export's agents. Reports the time against `wc -l` of the
/// same files (the read floor) and the peak memory of both sizes: what `transform` keeps is the
/// ids that link records (a conversation's ticket), never the rows, so the ratio of the peaks
/// stays far below the ratio of the sizes.
func transformBenchmark(_ megabytes: Int) {
    let large = options.work + "/export"
    let small = options.work + "/export-tenth"
    print("generating an export of about \(megabytes) MB (seed \(options.seed)) in \(options.work) …")
    generateExport(large, megabytes: megabytes)
    generateExport(small, megabytes: max(1, megabytes / 10))
    let users = options.work + "/users.csv"
    try! ("Id,Username,Name,Email,IsActive\n" + (0..<50).map { "005000000000\(1000 + $0)AAA,agent\($0)@msp.example.sf,Agent \($0),agent\($0)@msp.example,true" }
        .joined(separator: "\n") + "\n").write(toFile: users, atomically: true, encoding: .utf8)
    func files(_ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".csv") }.sorted().map { folder + "/" + $0 }
    }
    let bytes = files(large).reduce(0) { $0 + ((try? FileManager.default.attributesOfItem(atPath: $1)[.size] as? Int) ?? 0) }
    print(String(format: "export: %.2f GB in %d files", Double(bytes) / 1e9, files(large).count))
    func transform(_ folder: String, name: String) -> (seconds: Double, peakMiB: Double, output: String) {
        let out = options.work + "/\(name)"
        let surveyed = measure(landfall, ["survey", folder, "--out", out, "--to", "salesforce-service-cloud"])
        let map = (try? FileManager.default.subpathsOfDirectory(atPath: out))?.first { $0.hasSuffix("fieldmap.yaml") }.map { out + "/" + $0 }
        guard surveyed.status == 0, let map else {
            print("landfall survey \(folder) failed with status \(surveyed.status)")
            exit(70)
        }
        let runs = (1...3).map { _ in
            measure(landfall, ["transform", folder, "--fieldmap", map, "--destination-users", users, "--draft", "--out", out + "/load", "--as-of", "2026-12-01"])
        }
        guard runs.allSatisfy({ $0.status == 0 }) else {
            print("landfall transform \(folder) failed with status \(runs.map(\.status).max() ?? 0)")
            exit(70)
        }
        return (runs.map(\.seconds).sorted()[1], runs.map(\.peakMiB).max() ?? 0, runs[0].output)
    }
    let floor = (1...3).map { _ in measure("/usr/bin/wc", ["-l"] + files(large), output: false).seconds }.sorted()[1]
    let ours = transform(large, name: "large")
    let tenth = transform(small, name: "tenth")
    print(ours.output.split(separator: "\n").filter { !$0.hasPrefix("/") }.joined(separator: "\n"))
    print("")
    print("what (median of 3)                  wall s    peak MiB")
    print(String(format: "wc -l of the export (read floor)   %7.2f", floor))
    print(String(format: "landfall transform                %7.2f    %8.0f   (%.1f × the read floor)", ours.seconds, ours.peakMiB, ours.seconds / floor))
    print(String(format: "landfall transform, a tenth       %7.2f    %8.0f", tenth.seconds, tenth.peakMiB))
    print(String(format: "peak memory, whole / a tenth: %.2f (the export: 10 ×)", ours.peakMiB / max(tenth.peakMiB, 1)))
    if !options.keep { try? FileManager.default.removeItem(atPath: options.work) }
}
