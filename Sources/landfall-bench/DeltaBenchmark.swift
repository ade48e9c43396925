import Foundation

/// `--delta-mb N`: `landfall delta` of the survey benchmark's export of about N MB against a later
/// export of it (every 50th ticket changed, every 200th removed, a ticket in a hundred added with a
/// message, the rest as it was). Reports the time against reading both exports: `wc -l` (the read
/// floor) and, when Python's duckdb is installed, DuckDB reading every column of every file with
/// 2 threads; and the peak memory against that of a delta of exports a tenth the size.
func deltaBenchmark(_ megabytes: Int) {
    let (earlier, smallEarlier) = generateExports(megabytes)
    let later = options.work + "/export-later"
    let smallLater = options.work + "/export-tenth-later"
    makeLaterExport(of: earlier, into: later)
    makeLaterExport(of: smallEarlier, into: smallLater)
    func files(_ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".csv") }.sorted().map { folder + "/" + $0 }
    }
    let bytes = (files(earlier) + files(later)).reduce(0) { $0 + ((try? FileManager.default.attributesOfItem(atPath: $1)[.size] as? Int) ?? 0) }
    print(String(format: "two exports: %.2f GB in %d files", Double(bytes) / 1e9, files(earlier).count + files(later).count))
    func delta(_ first: String, _ second: String) -> (seconds: Double, peakMiB: Double, output: String) {
        let runs = (1...3).map { _ in measure(landfall, ["delta", first, second, "--out", options.work + "/delta", "--quiet"]) }
        guard runs.allSatisfy({ $0.status == 0 }) else {
            print("landfall delta failed with status \(runs.map(\.status).max() ?? 0): \(runs[0].output)")
            exit(70)
        }
        return (runs.map(\.seconds).sorted()[1], runs.map(\.peakMiB).max() ?? 0, runs[0].output)
    }
    let floor = (1...3).map { _ in measure("/usr/bin/wc", ["-l"] + files(earlier) + files(later), output: false).seconds }.sorted()[1]
    let ours = delta(earlier, later)
    let tenth = delta(smallEarlier, smallLater)
    print(ours.output.split(separator: "\n").filter { $0.hasPrefix("tickets.csv") || $0.hasPrefix("messages.csv") }.joined(separator: "\n"))
    var duck: (seconds: Double, version: String)?
    let script = options.work + "/duckdb-read.py"
    try! """
    import duckdb, os, sys, time
    c = duckdb.connect()
    c.execute("SET threads=2")
    t = time.time()
    for d in sys.argv[1:]:
        for f in sorted(os.listdir(d)):
            if f.endswith('.csv'):
                # Every column read: the length of each row's values, summed.
                c.execute(f"SELECT sum(length(concat_ws(',', COLUMNS(*)))) FROM read_csv('{d}/{f}', header=true, all_varchar=true)").fetchall()
    print(time.time() - t, duckdb.__version__)
    """.write(toFile: script, atomically: true, encoding: .utf8)
    let python = executable("python3")
    if let python, measure(python, ["-c", "import duckdb"]).status == 0 {
        let runs = (1...3).compactMap { _ -> (Double, String)? in
            let parts = measure(python, [script, earlier, later]).output.split(separator: " ")
            return parts.count == 2 ? Double(parts[0]).map { ($0, String(parts[1]).trimmingCharacters(in: .whitespacesAndNewlines)) } : nil
        }
        if runs.count == 3 { duck = runs.sorted { $0.0 < $1.0 }[1] }
    }
    print("")
    print("tool (median of 3)                        wall s    peak MiB")
    print(String(format: "landfall delta                          %7.2f    %8.0f", ours.seconds, ours.peakMiB))
    print(String(format: "landfall delta, a tenth the size        %7.2f    %8.0f   (memory ratio %.2f)", tenth.seconds, tenth.peakMiB, ours.peakMiB / max(tenth.peakMiB, 1)))
    print(String(format: "wc -l over both exports (read floor)    %7.2f", floor))
    print(String(format: "landfall delta / wc -l: %.2f", ours.seconds / floor))
    if let duck {
        print(String(format: "duckdb %@ reading every column, 2 threads %6.2f", duck.version, duck.seconds))
        print(String(format: "landfall delta / duckdb read: %.2f", ours.seconds / duck.seconds))
    } else {
        print("duckdb: not installed (pip install duckdb) — no comparison with a CSV reader")
    }
    if !options.keep { try? FileManager.default.removeItem(atPath: options.work) }
}

/// Writes the later export of `earlier` into `later`: the files as they are, but tickets.csv
/// (one row a line) with every 50th ticket closed and updated, every 200th removed and a new
/// ticket after every 100th; and a message for each new ticket appended to messages.csv.
func makeLaterExport(of earlier: String, into later: String) {
    try? FileManager.default.removeItem(atPath: later)
    try! FileManager.default.createDirectory(atPath: later, withIntermediateDirectories: true)
    for name in (try? FileManager.default.contentsOfDirectory(atPath: earlier)) ?? [] where name != "tickets.csv" {
        try! FileManager.default.copyItem(atPath: earlier + "/" + name, toPath: later + "/" + name)
    }
    let tickets = Writer(later + "/tickets.csv")
    let messages = FileHandle(forWritingAtPath: later + "/messages.csv")!
    messages.seekToEndOfFile()
    var index = -1
    var appended: [String] = []
    // Read a line at a time, so that this process stays small: a child's peak memory as Linux
    // reports it can count the memory of the process that started it.
    let input = fopen(earlier + "/tickets.csv", "r")!
    defer { fclose(input) }
    var buffer: UnsafeMutablePointer<CChar>?
    var capacity = 0
    defer { free(buffer) }
    while getline(&buffer, &capacity, input) > 0 {
        let line = String(cString: buffer!).trimmingCharacters(in: .newlines)
        guard !line.isEmpty else { continue }
        index += 1
        guard index > 0 else {
            tickets.write(line + "\n")
            continue
        }
        let number = index - 1
        if number % 200 == 199 { continue }
        if number % 50 == 0 {
            var cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            // subject is quoted without commas inside: status is the third cell, updated_at the tenth.
            cells[2] = "closed"
            cells[9] = "2025-04-01T09:00:00Z"
            tickets.write(cells.joined(separator: ",") + "\n")
        } else {
            tickets.write(line + "\n")
        }
        if number % 100 == 0 {
            tickets.write("N-\(number),\"New ticket \(number)\",open,high,u1,t1,c1,co1,2025-04-02T09:00:00Z,2025-04-02T09:00:00Z,,PSA-N\(number),th_N\(number),email,vpn\n")
            appended.append("NM-\(number),CV-\(number),customer,,person1@client.example,\"Still broken\",text,2025-04-02T09:00:00Z,false\n")
        }
    }
    tickets.close()
    messages.write(Data(appended.joined().utf8))
    try? messages.close()
}
