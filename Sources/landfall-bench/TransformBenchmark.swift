import Foundation

/// `--transform-mb N`: `landfall transform` of the survey benchmark's export of about N MB and of
/// one a tenth the size, each through the field map `survey` proposes for Salesforce, with the
/// org's Users generated to match the export's agents. Reports the time against `wc -l` of the
/// same files (the read floor) and the peak memory of both sizes: what `transform` keeps is the
/// ids that link records (a conversation's ticket), never the rows, so the ratio of the peaks
/// stays far below the ratio of the sizes.
func transformBenchmark(_ megabytes: Int) {
    let (large, small) = generateExports(megabytes)
    let users = options.work + "/users.csv"
    try! ("Id,Username,Name,Email,IsActive\n" + (0..<50).map { "005000000000\(1000 + $0)AAA,agent\($0)@msp.example.sf,Agent \($0),agent\($0)@msp.example,true" }
        .joined(separator: "\n") + "\n").write(toFile: users, atomically: true, encoding: .utf8)
    func files(_ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".csv") }.sorted().map { folder + "/" + $0 }
    }
    let bytes = files(large).reduce(0) { $0 + ((try? FileManager.default.attributesOfItem(atPath: $1)[.size] as? Int) ?? 0) }
    print(String(format: "export: %.2f GB in %d files", Double(bytes) / 1e9, files(large).count))
    func transform(_ folder: String, name: String) -> (seconds: Double, peakMiB: Double, laterSeconds: Double, laterPeakMiB: Double, output: String) {
        let out = options.work + "/\(name)"
        let surveyed = measure(landfall, ["survey", folder, "--out", out, "--to", "salesforce-service-cloud"])
        let map = (try? FileManager.default.subpathsOfDirectory(atPath: out))?.first { $0.hasSuffix("fieldmap.yaml") }.map { out + "/" + $0 }
        guard surveyed.status == 0, let map else {
            print("landfall survey \(folder) failed with status \(surveyed.status)")
            exit(70)
        }
        let arguments = ["transform", folder, "--fieldmap", map, "--destination-users", users, "--draft", "--out", out + "/load", "--as-of", "2026-12-01"]
        let runs = (1...3).map { _ in measure(landfall, arguments) }
        // The next load, with the id map of every record the first one sent.
        let idmap = out + "/idmap.csv"
        print("\(name): an id map of \(writeIDMap(of: out + "/load/run", to: idmap)) records")
        let later = measure(landfall, arguments.map { $0 == out + "/load" ? out + "/later" : $0 } + ["--idmap", idmap])
        guard runs.allSatisfy({ $0.status == 0 }), later.status == 0 else {
            print("landfall transform \(folder) failed with status \((runs + [later]).map(\.status).max() ?? 0)")
            exit(70)
        }
        return (runs.map(\.seconds).sorted()[1], runs.map(\.peakMiB).max() ?? 0, later.seconds, later.peakMiB, runs[0].output)
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
    print(String(format: "the next load, with its id map    %7.2f    %8.0f", ours.laterSeconds, ours.laterPeakMiB))
    print(String(format: "the next load of the tenth        %7.2f    %8.0f", tenth.laterSeconds, tenth.laterPeakMiB))
    print(String(format: "peak memory, whole / a tenth: %.2f, with the id map %.2f (the export: 10 ×)", ours.peakMiB / max(tenth.peakMiB, 1),
                 ours.laterPeakMiB / max(tenth.laterPeakMiB, 1)))
    if !options.keep { try? FileManager.default.removeItem(atPath: options.work) }
}

/// Writes the id map `reconcile` would publish had every record of the run folder been created:
/// `object,source_id,destination_id`, a made-up 18-character Salesforce id a record.
/// Returns how many records it lists.
@discardableResult
func writeIDMap(of run: String, to path: String) -> Int {
    struct Run: Decodable {
        struct Object: Decodable {
            var object: String
            var source_file: String
            var id_column: String
        }
        var objects: [Object]
    }
    guard let data = FileManager.default.contents(atPath: run + "/run.json"), let description = try? JSONDecoder().decode(Run.self, from: data) else {
        print("\(run)/run.json cannot be read")
        exit(70)
    }
    let out = Writer(path)
    out.write("object,source_id,destination_id\n")
    var number = 0
    for object in description.objects {
        // Read a MB at a time: this process's own peak would count in the next child's (posix_spawn shares it until exec).
        guard let file = fopen(run + "/" + object.source_file, "rb") else { continue }
        defer { fclose(file) }
        var column: Int?
        var row = 0
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var cell: [UInt8] = []
        var index = 0
        var quoted = false
        var header: [String] = []
        func endCell() {
            if row == 0 {
                header.append(String(decoding: cell, as: UTF8.self))
            } else if index == column {
                number += 1
                out.write("\(object.object),\(String(decoding: cell, as: UTF8.self)),a0B\(String(repeating: "0", count: 15 - String(number).count))\(number)\n")
            }
            cell.removeAll(keepingCapacity: true)
            index += 1
        }
        while true {
            let count = fread(&chunk, 1, chunk.count, file)
            guard count > 0 else { break }
            // RFC 4180, a byte at a time: a comma or line end inside quotes belongs to the cell.
            for byte in chunk[..<count] {
                if quoted {
                    if byte == UInt8(ascii: "\"") { quoted = false } else { cell.append(byte) }
                } else if byte == UInt8(ascii: "\"") {
                    quoted = true
                } else if byte == UInt8(ascii: ",") {
                    endCell()
                } else if byte == 0x0A {
                    endCell()
                    if row == 0 { column = header.firstIndex(of: object.id_column) }
                    row += 1
                    index = 0
                } else {
                    cell.append(byte)
                }
            }
        }
    }
    out.close()
    return number
}
