import Foundation
import LandfallKit

// `landfall-bench --verify N`: a run folder of N Cases as `transform` writes them (ten mapped
// fields: value-mapped Status, Priority, Origin and Type, a Subject cut at 255 characters, a
// Description turned from HTML into text, two times in UTC, a checkbox, a number) and a destination
// export of the same Cases as a Bulk API 2.0 query returns them (times with +0000, checkboxes and
// numbers in other forms, rows in another order), with differences seeded where the generator
// knows them. Measures `landfall verify` against DuckDB (2 threads) comparing the same two files
// in SQL with the same rules, and against datacompy (PyPI) comparing them as data frames, all in
// the same run; checks Landfall's figures against the generator's truth.

/// What the generator seeded: the figures a correct comparison finds.
struct VerifyTruth {
    var records = 0
    var different = 0
    var missing = 0
    var unexpected = 0
}

/// Writes the run folder and the export under `folder`; returns the truth.
func generateVerifyFiles(_ folder: String, records: Int, seed: UInt64) -> VerifyTruth {
    var random = SeededRandom(seed: seed)
    try? FileManager.default.removeItem(atPath: folder)
    try! FileManager.default.createDirectory(atPath: folder + "/run/source", withIntermediateDirectories: true)
    try! FileManager.default.createDirectory(atPath: folder + "/export", withIntermediateDirectories: true)
    try! """
    {"run_id": "bench-verify-1", "kind": "sandbox", "destination": "salesforce-service-cloud", "started_at": "2026-11-21T00:00:00Z", "finished_at": "2026-11-21T06:00:00Z",
     "objects": [{"object": "04-Case-ticket", "source_file": "source/04-Case-ticket.csv", "id_column": "external_case_id__c", "destination_object": "Case"}]}
    """.write(toFile: folder + "/run/run.json", atomically: true, encoding: .utf8)
    let columns = ["external_case_id__c", "Subject", "Status", "Priority", "Origin", "Type", "Description", "CreatedDate", "ClosedDate", "IsEscalated", "Rating__c"]
    let sent = Writer(folder + "/run/source/04-Case-ticket.csv")
    sent.write(columns.joined(separator: ",") + "\n")
    func csv(_ field: String) -> String {
        field.contains(",") || field.contains("\"") || field.contains("\n") ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
    }
    func time(_ seconds: Int) -> String {
        let date = Date(timeIntervalSince1970: TimeInterval(1_704_067_200 + seconds))
        let text = Timestamp.format(date)
        return String(text.dropLast()) + ".000Z"
    }
    var truth = VerifyTruth()
    var rowSeeds = [UInt64](repeating: 0, count: records)
    func row(_ index: Int, _ random: inout SeededRandom) -> [String] {
        var subject = (0..<(3 + random.below(6))).map { _ in words[random.below(words.count)] }.joined(separator: " ")
        if random.below(100) < 7 { subject += " " + accented[random.below(accented.count)] }
        if random.below(1000) == 0 { subject = String(repeating: "long subject ", count: 25).prefix(255).description }
        var description = (0..<(14 + random.below(12))).map { _ in words[random.below(words.count)] }.joined(separator: " ")
        if random.below(4) == 0 { description = "Seen twice, \"again\", today:\n" + description }
        let created = random.below(60_000_000)
        let closed = random.below(3) == 0 ? "" : time(created + random.below(900_000))
        return [String(format: "T-%08d", index + 1), subject, ["New", "Working", "Escalated", "Closed"][random.below(4)], ["Low", "Medium", "High"][random.below(3)],
                ["Email", "Phone", "Web"][random.below(3)], ["Problem", "Question", "Incident"][random.below(3)], description, time(created), closed,
                random.below(5) == 0 ? "true" : "false", String(1 + random.below(5))]
    }
    for index in 0..<records {
        rowSeeds[index] = random.next()
        var rowRandom = SeededRandom(seed: rowSeeds[index])
        sent.write(row(index, &rowRandom).map(csv).joined(separator: ",") + "\n")
    }
    sent.close()
    truth.records = records
    // The export: another order, Salesforce's forms, and the seeded differences.
    var order = Array(0..<records)
    for index in stride(from: records - 1, to: 0, by: -1) { order.swapAt(index, random.below(index + 1)) }
    let export = Writer(folder + "/export/Case.csv")
    export.write((["Id"] + columns).joined(separator: ",") + "\n")
    for index in order {
        if index % 50_000 == 3 {
            truth.missing += 1
            continue
        }
        var rowRandom = SeededRandom(seed: rowSeeds[index])
        var fields = row(index, &rowRandom)
        for column in [7, 8] where !fields[column].isEmpty { fields[column] = String(fields[column].dropLast()) + "+0000" }
        if index % 3 == 0 { fields[9] = fields[9] == "true" ? "True" : "False" }
        if index % 7 == 0 { fields[10] += ".0" }
        if index % 10_000 == 1 {
            fields[1] = "changed after the load"
            truth.different += 1
        }
        if index % 20_000 == 2 {
            fields[2] = "New" == fields[2] ? "Working" : "New"
            truth.different += 1
        }
        if index % 40_000 == 5 {
            fields[6] = String(fields[6].prefix(10))
            truth.different += 1
        }
        export.write((["500\(String(format: "%015d", index))AAA"] + fields).map(csv).joined(separator: ",") + "\n")
    }
    for extra in 0..<100 {
        export.write("500X\(String(format: "%014d", extra))AAA,T-X\(extra),made by hand,New,Low,Web,Question,,2024-01-01T00:00:00.000+0000,,false,1\n")
        truth.unexpected += 1
    }
    export.close()
    return truth
}

/// Verifies N Cases three times and compares with DuckDB and datacompy on the same files.
func verifyBenchmark(_ records: Int) {
    let folder = options.work + "/verify"
    print("generating \(records) Cases (seed \(options.seed)) in \(folder) …")
    let truth = generateVerifyFiles(folder, records: records, seed: options.seed)
    let files = [folder + "/run/source/04-Case-ticket.csv", folder + "/export/Case.csv"]
    let bytes = files.reduce(0) { $0 + ((try? FileManager.default.attributesOfItem(atPath: $1)[.size] as? Int) ?? 0) }
    print(String(format: "files: %.2f GB (sent and exported)", Double(bytes) / 1e9))
    _ = measure("/usr/bin/cat", files, output: false)

    let runs = (1...3).map { _ in measure(landfall, ["verify", folder + "/run", "--destination-export", folder + "/export", "--as-of", "2026-11-21"]) }
    guard runs.allSatisfy({ $0.status == 0 }) else {
        print("landfall verify failed with status \(runs.map(\.status).max() ?? 0)")
        exit(70)
    }
    let ours = runs.sorted { $0.seconds < $1.seconds }[1]
    let peak = runs.map(\.peakMiB).max() ?? 0
    let report = try! JSONDecoder().decode(VerifyFigures.self, from: Data(contentsOf: URL(fileURLWithPath: folder + "/run/verify/report.json")))
    let figures = "\(report.objects[0].records) \(report.objects[0].different) \(report.objects[0].missing) \(report.unexpected.first?.records ?? 0)"
    let expected = "\(truth.records) \(truth.different) \(truth.missing) \(truth.unexpected)"

    let python = executable("python3")
    /// A Python peer run three times: the median of its own timing (without Python's start), its
    /// peak memory, its figures and its version.
    func peer(_ module: String, _ script: String) -> (seconds: Double, peak: Double, figures: String, version: String)? {
        guard let python, measure(python, ["-c", "import \(module)"]).status == 0 else { return nil }
        let path = folder + "/peer-\(module).py"
        try! script.write(toFile: path, atomically: true, encoding: .utf8)
        let version = measure(python, ["-c", "import \(module); print(\(module).__version__)"]).output.trimmingCharacters(in: .whitespacesAndNewlines)
        let runs = (1...3).compactMap { _ -> (Double, Double, String)? in
            sync()
            let run = measure(python, [path, folder])
            let parts = run.output.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
            guard parts.count == 5, let seconds = Double(parts[0]) else { return nil }
            return (seconds, run.peakMiB, parts[1...].joined(separator: " "))
        }
        guard runs.count == 3 else { return nil }
        let median = runs.sorted { $0.0 < $1.0 }[1]
        return (median.0, runs.map(\.1).max() ?? 0, median.2, version)
    }
    let duck = peer("duckdb", """
    import duckdb, sys, time
    d = sys.argv[1]
    c = duckdb.connect()
    c.execute("SET threads=2")
    t = time.time()
    opts = "header=true, all_varchar=true, quote='\\"', escape='\\"'"
    c.execute(f"create temp view s as select * from read_csv('{d}/run/source/04-Case-ticket.csv', {opts})")
    c.execute(f"create temp view e as select * from read_csv('{d}/export/Case.csv', {opts})")
    text = ["Subject", "Status", "Priority", "Origin", "Type", "Description"]
    diff = " + ".join([f"(s.{x} is distinct from e.{x})::int" for x in text]
        + [f"(try_cast(s.{x} as timestamptz) is distinct from try_cast(e.{x} as timestamptz))::int" for x in ["CreatedDate", "ClosedDate"]]
        + ["(lower(s.IsEscalated) is distinct from lower(e.IsEscalated))::int", "(try_cast(s.Rating__c as decimal(18,4)) is distinct from try_cast(e.Rating__c as decimal(18,4)))::int"])
    r = c.execute(f'''
    select (select count(*) from s),
           (select sum({diff}) from s join e using (external_case_id__c)),
           (select count(*) from s anti join e using (external_case_id__c)),
           (select count(*) from e anti join s using (external_case_id__c))
    ''').fetchone()
    print(time.time() - t, *r)
    """)
    let compy = peer("datacompy", """
    import datacompy, pandas, sys, time
    d = sys.argv[1]
    t = time.time()
    s = pandas.read_csv(f"{d}/run/source/04-Case-ticket.csv", dtype=str, keep_default_na=False)
    e = pandas.read_csv(f"{d}/export/Case.csv", dtype=str, keep_default_na=False).drop(columns=["Id"])
    compare = getattr(datacompy, "Compare", None) or datacompy.PandasCompare
    c = compare(s, e, join_columns="external_case_id__c")
    mismatches = int(sum(c.column_stats[i]["unequal_cnt"] for i in range(len(c.column_stats))))
    print(time.time() - t, len(s), mismatches, len(c.df1_unq_rows), len(c.df2_unq_rows))
    """)

    print("")
    print("tool (median of 3)               wall s    peak MiB   figures (records, different, missing, unexpected)")
    print(String(format: "landfall verify                 %7.2f    %8.0f   %@", ours.seconds, peak, figures))
    print("generator's truth                                     \(expected): \(figures == expected ? "identical" : "DIFFERENT")")
    if let duck {
        print(String(format: "duckdb %@, 2 threads (SQL)   %7.2f    %8.0f   %@ (its query alone, without Python's start)", duck.version, duck.seconds, duck.peak, duck.figures))
        print(String(format: "landfall / duckdb: %.2f (bound 0.5)", ours.seconds / duck.seconds))
    } else {
        print("duckdb: not installed (pip install duckdb) — no comparison")
    }
    if let compy {
        print(String(format: "datacompy %@ (pandas)        %7.2f    %8.0f   %@ (reading and comparing; strings as they are)", compy.version, compy.seconds, compy.peak, compy.figures))
        print(String(format: "landfall / datacompy: %.3f (bound 0.05)", ours.seconds / compy.seconds))
    } else {
        print("datacompy: not installed (pip install datacompy) — no comparison")
    }
    print(String(format: "landfall peak memory: %.0f MiB (bound 1024)", peak))
    if !options.keep { try? FileManager.default.removeItem(atPath: folder) }
    if figures != expected { exit(1) }
}

/// The figures `verify/report.json` holds that the benchmark checks.
struct VerifyFigures: Decodable {
    struct Object: Decodable {
        var records, different, missing: Int
    }
    struct Unexpected: Decodable {
        var records: Int
    }
    var objects: [Object]
    var unexpected: [Unexpected]
}
