// landfall-bench: generates a large, deterministic Salesforce run and measures `landfall
// reconcile` on it against `wc -l` over the same files (the read floor) and, when Python's duckdb
// is installed, the same counting as one DuckDB query, all in the same run; then publishes a delta
// run of 50,000 records (40,000 new, 10,000 changed) into the same migration. With `--site-runs N`
// it measures instead publishing a small run into a site that already holds N runs, against
// publishing the same kind of run into an empty site. With `--survey-mb N` it generates a raw
// export of about N MB (tickets, messages with quoted multi-line bodies, 7 % of rows with
// non-ASCII text) and measures `landfall survey` on it against DuckDB's SUMMARIZE over the same
// CSV files with 2 threads, and the survey's peak memory on an export a tenth the size. With
// `--scale` it measures the inputs that once made Landfall quadratic (a wide CSV header, an XML
// tag with many attributes, many automations, a long holidays file) against a plain reader of
// each file (ScaleBenchmark.swift), and fails when a ratio passes its bound. With `--verify N` it
// measures `landfall verify` on N Cases against DuckDB and datacompy (VerifyBenchmark.swift).
// With `--transform-mb N` it measures `landfall transform` of the survey's export of about N MB
// and of one a tenth the size: time against `wc -l`, and peak memory (TransformBenchmark.swift).
// With `--delta-mb N` it measures `landfall delta` of that export against a later one, against
// reading both (`wc -l`, and DuckDB reading every column), and its peak memory (DeltaBenchmark.swift).
//
//     swift run -c release landfall-bench [--records N] [--seed S] [--work DIR] [--keep]
//     swift run -c release landfall-bench --site-runs 5000
//     swift run -c release landfall-bench --survey-mb 1000
//     swift run -c release landfall-bench --transform-mb 1000
//     swift run -c release landfall-bench --delta-mb 1000
//     swift run -c release landfall-bench --scale
//     swift run -c release landfall-bench --verify 2000000

import Foundation
import LandfallKit

struct Options {
    var records = 2_000_000
    var seed: UInt64 = 20_261_121
    var work = NSTemporaryDirectory() + "landfall-bench"
    var keep = false
    var siteRuns: Int?
    var surveyMB: Int?
    var transformMB: Int?
    var scale = false
    var verifyRecords: Int?
    var deltaMB: Int?

    init(_ arguments: [String]) {
        var iterator = arguments.dropFirst().makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--records": records = Int(iterator.next() ?? "") ?? records
            case "--seed": seed = UInt64(iterator.next() ?? "") ?? seed
            case "--work": work = iterator.next() ?? work
            case "--keep": keep = true
            case "--site-runs": siteRuns = Int(iterator.next() ?? "").flatMap { $0 > 1 ? $0 : nil } ?? 5000
            case "--survey-mb": surveyMB = Int(iterator.next() ?? "").flatMap { $0 > 0 ? $0 : nil } ?? 1000
            case "--transform-mb": transformMB = Int(iterator.next() ?? "").flatMap { $0 > 0 ? $0 : nil } ?? 1000
            case "--scale": scale = true
            case "--delta-mb": deltaMB = Int(iterator.next() ?? "").flatMap { $0 > 0 ? $0 : nil } ?? 1000
            case "--verify": verifyRecords = Int(iterator.next() ?? "").flatMap { $0 > 0 ? $0 : nil } ?? 2_000_000
            default:
                FileHandle.standardError.write(Data("usage: landfall-bench [--records N] [--seed S] [--work DIR] [--keep] | --site-runs N | --survey-mb N | --transform-mb N | --delta-mb N | --scale | --verify N\n".utf8))
                exit(64)
            }
        }
    }
}

/// Buffered writing of a large file.
final class Writer {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    init(_ path: String) {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        handle = FileHandle(forWritingAtPath: path)!
        buffer.reserveCapacity(9 << 20)
    }
    func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count > 8 << 20 { flush() }
    }
    func flush() {
        handle.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }
    func close() {
        flush()
        try? handle.close()
    }
}

let options = Options(CommandLine.arguments)
let words = ["printer", "offline", "after", "update", "VPN", "drops", "every", "hour", "laptop", "battery", "invoice", "billing", "password",
             "reset", "mailbox", "full", "Teams", "call", "quality", "server", "backup", "failed", "overnight", "license", "renewal", "urgent"]
let accented = ["café", "Müller", "naïve", "résumé", "日本語", "Ærø", "São Paulo", "Zürich"]
let codes = ["REQUIRED_FIELD_MISSING:Required fields are missing: [OwnerId]:OwnerId --",
             "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST:Priority: bad value for restricted picklist field: P9:Priority --",
             "STRING_TOO_LONG:Subject: data value too large: 300 characters:Subject --",
             "DUPLICATE_VALUE:duplicate value found: external_case_id__c duplicates value on record with id: 5008d00000XYZ:external_case_id__c --"]

/// Creates the run folder `folder`, with `source/`, `results/ticket/` and a `run.json` that loads
/// tickets into Salesforce.
func makeRunFolder(_ folder: String, runID: String, kind: String, startedAt: String, finishedAt: String) {
    try! FileManager.default.createDirectory(atPath: folder + "/source", withIntermediateDirectories: true)
    try! FileManager.default.createDirectory(atPath: folder + "/results/ticket", withIntermediateDirectories: true)
    try! """
    {"run_id": "\(runID)", "kind": "\(kind)", "destination": "salesforce-service-cloud", "started_at": "\(startedAt)", "finished_at": "\(finishedAt)",
     "objects": [{"object": "ticket", "source_file": "source/tickets.csv", "id_column": "external_case_id__c"}]}
    """.write(toFile: folder + "/run.json", atomically: true, encoding: .utf8)
}

func generate() -> (folder: String, bytes: [String: Int]) {
    var random = SeededRandom(seed: options.seed)
    let folder = options.work + "/run"
    try? FileManager.default.removeItem(atPath: options.work)
    makeRunFolder(folder, runID: "bench-production-1", kind: "production", startedAt: "2026-11-21T00:00:00Z", finishedAt: "2026-11-21T06:00:00Z")
    let n = options.records
    var rows: [String] = []
    rows.reserveCapacity(0)
    let source = Writer(folder + "/source/tickets.csv")
    source.write("external_case_id__c,Subject,Status,Priority,OwnerEmail,Description\n")
    // The body of each row, made once and reused for its result line.
    func body(_ index: Int, _ random: inout SeededRandom) -> [String] {
        var subject = (0..<(3 + random.below(5))).map { _ in words[random.below(words.count)] }.joined(separator: " ")
        if random.below(100) < 7 { subject += " " + accented[random.below(accented.count)] }
        var description = (0..<(38 + random.below(20))).map { _ in words[random.below(words.count)] }.joined(separator: " ")
        if random.below(3) == 0 { description = "Seen twice, \"again\", today: " + description }
        if random.below(100) == 0 { description += "\nSecond line of the description" }
        return [subject, ["New", "Open", "Closed"][random.below(3)], ["Low", "Medium", "High"][random.below(3)], "agent\(random.below(400))@example.com", description]
    }
    func csv(_ field: String, quoteAll: Bool) -> String {
        let needs = quoteAll || field.contains(",") || field.contains("\"") || field.contains("\n")
        return needs ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
    }
    // Outcomes: 2% failed, 0.3% unprocessed, 0.2% missing, the rest succeed (10% of them updated).
    var outcome = [UInt8](repeating: 0, count: n)
    var rowSeeds = [UInt64](repeating: 0, count: n)
    for index in 0..<n {
        let id = String(format: "T-%08d", index + 1)
        rowSeeds[index] = random.next()
        var rowRandom = SeededRandom(seed: rowSeeds[index])
        let fields = body(index, &rowRandom)
        source.write(([id] + fields).map { csv($0, quoteAll: false) }.joined(separator: ",") + "\n")
        let roll = random.below(1000)
        outcome[index] = roll < 20 ? 2 : roll < 23 ? 3 : roll < 25 ? 4 : (random.below(10) == 0 ? 1 : 0)
    }
    source.close()
    // Results come in no particular order: a seeded permutation.
    var order = Array(0..<n)
    for index in stride(from: n - 1, to: 0, by: -1) { order.swapAt(index, random.below(index + 1)) }
    let success = Writer(folder + "/results/ticket/successfulResults.csv")
    let failed = Writer(folder + "/results/ticket/failedResults.csv")
    let unprocessed = Writer(folder + "/results/ticket/unprocessedrecords.csv")
    let header = "external_case_id__c,Subject,Status,Priority,OwnerEmail,Description"
    success.write("\"sf__Id\",\"sf__Created\"," + header + "\n")
    failed.write("\"sf__Id\",\"sf__Error\"," + header + "\n")
    unprocessed.write(header + "\n")
    for index in order {
        let id = String(format: "T-%08d", index + 1)
        var rowRandom = SeededRandom(seed: rowSeeds[index])
        let fields = ([id] + body(index, &rowRandom)).map { csv($0, quoteAll: true) }.joined(separator: ",")
        switch outcome[index] {
        case 0, 1:
            success.write("\"500\(String(format: "%015d", index))AAA\",\"\(outcome[index] == 0 ? "true" : "false")\"," + fields + "\n")
        case 2: failed.write("\"\",\"\(codes[index % codes.count].replacingOccurrences(of: "\"", with: "\"\""))\"," + fields + "\n")
        case 3: unprocessed.write(fields + "\n")
        default: break
        }
    }
    success.close()
    failed.close()
    unprocessed.close()
    var sizes: [String: Int] = [:]
    for name in ["source/tickets.csv", "results/ticket/successfulResults.csv", "results/ticket/failedResults.csv", "results/ticket/unprocessedrecords.csv"] {
        sizes[name] = (try? FileManager.default.attributesOfItem(atPath: folder + "/" + name)[.size] as? Int) ?? 0
    }
    return (folder, sizes)
}

/// Writes a delta run of `count` records into the same migration as the large run: four in five
/// new (created), one in five records the large run brought, changed (updated).
func generateDelta(count: Int, after records: Int) -> String {
    let folder = options.work + "/delta"
    makeRunFolder(folder, runID: "bench-delta-2", kind: "delta", startedAt: "2026-11-28T00:00:00Z", finishedAt: "2026-11-28T00:30:00Z")
    let source = Writer(folder + "/source/tickets.csv")
    let success = Writer(folder + "/results/ticket/successfulResults.csv")
    source.write("external_case_id__c,Subject\n")
    success.write("\"sf__Id\",\"sf__Created\",external_case_id__c,Subject\n")
    let step = max(records / max(count / 5, 1), 1)
    for index in 0..<count {
        let changed = index % 5 == 4
        let number = changed ? (index / 5) * step : records + index
        let id = String(format: "T-%08d", number + 1)
        source.write("\(id),Follow-up \(index)\n")
        success.write("\"500\(String(format: "%015d", number))AAA\",\"\(changed ? "false" : "true")\",\(id),Follow-up \(index)\n")
    }
    source.close()
    success.close()
    try! "\"sf__Id\",\"sf__Error\",external_case_id__c,Subject\n".write(toFile: folder + "/results/ticket/failedResults.csv", atomically: true, encoding: .utf8)
    return folder
}

/// Runs a program to its end; returns its wall time, its standard output, its exit status and
/// its own peak memory (from `wait4`).
func measure(_ executable: String, _ arguments: [String], output: Bool = true) -> (seconds: Double, output: String, status: Int32, peakMiB: Double) {
    let outputFile = options.work + "/.measure-\(arguments.count)-\(UInt32.random(in: 0..<UInt32.max))"
    _ = FileManager.default.createFile(atPath: outputFile, contents: nil)
    defer { try? FileManager.default.removeItem(atPath: outputFile) }
    var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    posix_spawn_file_actions_addopen(&actions, 1, output ? outputFile : "/dev/null", O_WRONLY | O_TRUNC, 0o644)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var pid: pid_t = 0
    let start = DispatchTime.now()
    guard posix_spawn(&pid, executable, &actions, nil, argv, environ) == 0 else { return (0, "", 127, 0) }
    var status: Int32 = 0
    var usage = rusage()
    wait4(pid, &status, 0, &usage)
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    posix_spawn_file_actions_destroy(&actions)
    let text = (try? String(contentsOfFile: outputFile, encoding: .utf8)) ?? ""
    return (seconds, text, (status >> 8) & 0xFF, Double(usage.ru_maxrss) / 1024)
}

let bench = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
let landfall = bench.appendingPathComponent("landfall").path
guard FileManager.default.isExecutableFile(atPath: landfall) else {
    print("build landfall first: swift build -c release --product landfall")
    exit(66)
}
/// Publishes `runFolder` into `site` three times, each time into the site as `base` holds it (a new
/// site when nil); returns the median run and the largest peak memory.
func publishThreeTimes(_ runFolder: String, into site: String, startingFrom base: String?) -> (run: (seconds: Double, output: String, status: Int32, peakMiB: Double), peakMiB: Double) {
    let runs = (1...3).map { _ in
        try? FileManager.default.removeItem(atPath: site)
        if let base { try! FileManager.default.copyItem(atPath: base, toPath: site) }
        sync()
        return measure(landfall, ["reconcile", runFolder, "--site", site])
    }
    guard runs.allSatisfy({ $0.status == 0 }) else {
        print("landfall reconcile \(runFolder) failed with status \(runs.map(\.status).max() ?? 0)")
        exit(70)
    }
    return (runs.sorted { $0.seconds < $1.seconds }[1], runs.map(\.peakMiB).max() ?? 0)
}

/// Publishes a run of 2,000,000 records (by default) and compares it with `wc -l` and DuckDB.
func recordBenchmark() {
    print("generating \(options.records) records (seed \(options.seed)) in \(options.work) …")
    let (folder, sizes) = generate()
    let files = ["source/tickets.csv", "results/ticket/successfulResults.csv", "results/ticket/failedResults.csv"].map { folder + "/" + $0 }
    let total = sizes.values.reduce(0, +)
    print(String(format: "files: %.2f GB (source %.2f, successful %.2f, failed %.3f)", Double(total) / 1e9, Double(sizes["source/tickets.csv"]!) / 1e9,
                 Double(sizes["results/ticket/successfulResults.csv"]!) / 1e9, Double(sizes["results/ticket/failedResults.csv"]!) / 1e9))

    // Warm the page cache so every tool reads from memory.
    _ = measure("/usr/bin/cat", files + [folder + "/results/ticket/unprocessedrecords.csv"], output: false)

    // Each tool runs three times, each landfall run into a new site; the median counts.
    let site = options.work + "/site"
    let (reconcile, peak) = publishThreeTimes(folder, into: site, startingFrom: nil)
    let wc = measure("/usr/bin/wc", ["-l"] + files)
    let report = try! JSONDecoder().decode(RunReport.self, from: Data(contentsOf: URL(fileURLWithPath: site + "/runs/bench-production-1/report.json")))
    let ticket = report.objects[0]

    var duck: (seconds: Double, wall: Double, peak: Double, figures: String)?
    let query = """
    import duckdb, sys, time
    d = sys.argv[1]
    c = duckdb.connect()
    c.execute("SET threads=2")
    t = time.time()
    opts = "header=true, all_varchar=true, quote='\\"', escape='\\"'"
    r = c.execute(f'''
    with s as (select distinct external_case_id__c id from read_csv('{d}/source/tickets.csv', {opts})),
    ok as (select external_case_id__c id, max(sf__Created) created, count(*) n from read_csv('{d}/results/ticket/successfulResults.csv', {opts}) group by 1),
    f as (select external_case_id__c id, min(split_part(sf__Error, ':', 1)) code from read_csv('{d}/results/ticket/failedResults.csv', {opts}) group by 1)
    select (select count(*) from s),
           (select count(*) from s join ok using (id) where created = 'true'),
           (select count(*) from s join ok using (id) where created = 'false'),
           (select count(*) from s join f using (id) anti join ok using (id)),
           (select count(*) from s anti join ok using (id) anti join f using (id))
    ''').fetchone()
    print(time.time() - t, *r)
    """
    let python = executable("python3")
    if let python, measure(python, ["-c", "import duckdb"]).status == 0 {
        let script = options.work + "/duckdb-query.py"
        try! query.write(toFile: script, atomically: true, encoding: .utf8)
        let runs = (1...3).compactMap { _ -> (seconds: Double, wall: Double, peak: Double, figures: String)? in
            sync()
            let run = measure(python, [script, folder])
            let parts = run.output.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
            guard parts.count == 6, let seconds = Double(parts[0]) else { return nil }
            return (seconds, run.seconds, run.peakMiB, parts[1...].joined(separator: " "))
        }
        if runs.count == 3 { duck = runs.sorted { $0.seconds < $1.seconds }[1] }
    }

    let rate = Double(options.records) / reconcile.seconds
    print("")
    print("tool (median of 3)            wall s   × wc -l   records/s    peak MiB")
    print(String(format: "wc -l (read floor)          %7.2f     1.00", wc.seconds))
    print(String(format: "landfall reconcile          %7.2f   %6.2f   %10.0f   %8.0f", reconcile.seconds, reconcile.seconds / wc.seconds, rate, peak))
    if let duck {
        print(String(format: "duckdb, 2 threads (query)   %7.2f   %6.2f                 %8.0f", duck.seconds, duck.seconds / wc.seconds, duck.peak))
        print(String(format: "duckdb, with python start   %7.2f   %6.2f", duck.wall, duck.wall / wc.seconds))
        print(String(format: "landfall / duckdb query: %.2f (landfall's time includes writing the run's pages and lists)", reconcile.seconds / duck.seconds))
        let ours = "\(ticket.source) \(ticket.created) \(ticket.updated) \(ticket.failed) \(ticket.missing + ticket.unprocessed)"
        print("figures (source created updated failed missing+unprocessed): landfall \(ours); duckdb \(duck.figures): \(ours == duck.figures ? "identical" : "DIFFERENT")")
    } else {
        print("duckdb: not installed (pip install duckdb) — no comparison")
    }
    print("landfall: source \(ticket.source), created \(ticket.created), updated \(ticket.updated), failed \(ticket.failed), unprocessed \(ticket.unprocessed), missing \(ticket.missing)")

    // The delta run is published three times, each into a copy of the site as the large run left it.
    let deltaFolder = generateDelta(count: 50_000, after: options.records)
    let fullSite = options.work + "/site-after-full-run"
    try? FileManager.default.removeItem(atPath: fullSite)
    try! FileManager.default.copyItem(atPath: site, toPath: fullSite)
    let (delta, deltaPeak) = publishThreeTimes(deltaFolder, into: site, startingFrom: fullSite)
    let deltaReport = try! JSONDecoder().decode(RunReport.self, from: Data(contentsOf: URL(fileURLWithPath: site + "/runs/bench-delta-2/report.json")))
    let deltaTicket = deltaReport.objects[0]
    print("")
    print(String(format: "delta run of 50,000 records into the migration of %d (median of 3): %.2f s, peak %.0f MiB (created %d, updated %d, created twice across runs %d)",
                 options.records, delta.seconds, deltaPeak, deltaTicket.created, deltaTicket.updated, deltaTicket.duplicatedAcrossRuns ?? 0))
    if !options.keep { try? FileManager.default.removeItem(atPath: options.work) }
}

/// Writes a small run folder (50 tickets, two failing) named `runID`, started on `day` of 2027 at `hour`.
func smallRun(_ runID: String, day: Int, hour: Int) -> String {
    let folder = options.work + "/runs/" + runID
    let started = String(format: "2027-%02d-%02dT%02d:00:00Z", day / 28 % 12 + 1, day % 28 + 1, hour % 24)
    makeRunFolder(folder, runID: runID, kind: "production", startedAt: started, finishedAt: started)
    let ids = (1...50).map { String(format: "T-%05d", $0) }
    try! ("external_case_id__c\n" + ids.map { "\($0)\n" }.joined()).write(toFile: folder + "/source/tickets.csv", atomically: true, encoding: .utf8)
    try! ("\"sf__Id\",\"sf__Created\",\"external_case_id__c\"\n" + ids.dropLast(2).enumerated().map { "\"500\($0.offset)\",\"true\",\"\($0.element)\"\n" }.joined())
        .write(toFile: folder + "/results/ticket/successfulResults.csv", atomically: true, encoding: .utf8)
    try! ("\"sf__Id\",\"sf__Error\",\"external_case_id__c\"\n" + ids.suffix(2).map { "\"\",\"REQUIRED_FIELD_MISSING:Subject\",\"\($0)\"\n" }.joined())
        .write(toFile: folder + "/results/ticket/failedResults.csv", atomically: true, encoding: .utf8)
    return folder
}

/// Publishes a small run into a site of `count` runs (after the ledger has taken them in), three
/// times, against publishing such a run into an empty site, three times.
func siteBenchmark(_ count: Int) {
    try? FileManager.default.removeItem(atPath: options.work)
    func publish(_ runID: String, day: Int, into site: String) -> Double {
        let result = measure(landfall, ["reconcile", smallRun(runID, day: day, hour: 12), "--site", site], output: false)
        guard result.status == 0 else {
            print("landfall reconcile \(runID) failed with status \(result.status)")
            exit(70)
        }
        return result.seconds
    }
    let empty = (1...3).map { publish("empty-production-\($0)", day: 300, into: options.work + "/empty-site-\($0)") }.sorted()
    print("building a site of \(count) runs in \(options.work) …")
    let site = options.work + "/site"
    _ = publish("bulk0000-production-1", day: 0, into: site)
    let first = site + "/runs/bulk0000-production-1"
    let template = try! JSONDecoder().decode(RunReport.self, from: Data(contentsOf: URL(fileURLWithPath: first + "/report.json")))
    let migrations = max(count / 10, 1)
    for number in 1..<count {
        var report = template
        report.migration = String(format: "bulk%04d", number % migrations)
        report.runID = "\(report.migration)-production-\(number / migrations + 1)"
        report.startedAt = String(format: "2027-%02d-%02dT%02d:00:00Z", number % 12 + 1, number % 28 + 1, number % 24)
        let folder = site + "/runs/" + report.runID
        guard !FileManager.default.fileExists(atPath: folder) else { continue }
        try! FileManager.default.copyItem(atPath: first, toPath: folder)
        try! JSONOutput.string(report, schema: RunReport.schema).write(toFile: folder + "/report.json", atomically: true, encoding: .utf8)
    }
    let takeIn = publish("new-production-1", day: 330, into: site)
    let full = (2...4).map { publish("new-production-\($0)", day: 330 + $0, into: site) }.sorted()
    print("")
    print("publishing one small run                 wall s   × into an empty site")
    print(String(format: "into an empty site (median of 3)       %7.3f     1.00", empty[1]))
    print(String(format: "into a site of %5d runs (median of 3) %7.3f   %6.2f", count, full[1], full[1] / empty[1]))
    print(String(format: "the first one, taking %5d runs into the ledger %6.2f s", count - 1, takeIn))
    if !options.keep { try? FileManager.default.removeItem(atPath: options.work) }
}

/// Writes a raw export of about `megabytes` MB into `folder`: small reference files, then tickets
/// and messages (with quoted multi-line bodies, 7 % of rows with non-ASCII text) to the size.
func generateExport(_ folder: String, megabytes: Int) {
    try? FileManager.default.removeItem(atPath: folder)
    try! FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    var random = SeededRandom(seed: options.seed)
    func pick<T>(_ list: [T]) -> T { list[Int(random.next() % UInt64(list.count))] }
    func text(_ count: Int) -> String {
        (0..<count).map { _ in random.next() % 100 < 7 ? pick(accented) : pick(words) }.joined(separator: " ")
    }
    try! ("id,name,email,role,active\n" + (0..<50).map { "u\($0),Agent \($0),agent\($0)@msp.example,\($0 < 5 ? "admin" : "agent"),\($0 % 9 != 0)" }.joined(separator: "\n") + "\n")
        .write(toFile: folder + "/users.csv", atomically: true, encoding: .utf8)
    try! "id,name\nt0,Service Desk\nt1,Escalations\nt2,Reputation\n".write(toFile: folder + "/teams.csv", atomically: true, encoding: .utf8)
    try! "name,usage\nvpn,1000\nbilling,1000\n".write(toFile: folder + "/tags.csv", atomically: true, encoding: .utf8)
    try! ("id,name,domain\n" + (0..<100).map { "co\($0),Client \($0),client\($0).example" }.joined(separator: "\n") + "\n")
        .write(toFile: folder + "/companies.csv", atomically: true, encoding: .utf8)
    try! ("id,company_id,name,email\n" + (0..<1000).map { "c\($0),co\($0 % 100),Contact \($0),person\($0)@client\($0 % 100).example" }.joined(separator: "\n") + "\n")
        .write(toFile: folder + "/contacts.csv", atomically: true, encoding: .utf8)
    let statuses = ["open", "pending", "on_hold", "resolved", "closed", "Open", "CLOSED", "Pending"]
    let priorities = ["low", "medium", "high", "urgent", "High", "Urgent"]
    let target = megabytes * 1_000_000
    let tickets = Writer(folder + "/tickets.csv")
    tickets.write("id,subject,status,priority,assignee_user_id,team_id,contact_id,company_id,created_at,updated_at,closed_at,psa_reference,thread_id,channel,tags\n")
    let conversations = Writer(folder + "/conversations.csv")
    conversations.write("id,ticket_id,review_id,channel,started_at,first_response_minutes\n")
    let messages = Writer(folder + "/messages.csv")
    messages.write("id,conversation_id,author_type,author_user_id,author_email,body,body_format,created_at,internal\n")
    var written = 0
    var ticket = 0
    var message = 0
    while written < target {
        let day = 1 + ticket % 28
        let stamp = "2025-03-\(day < 10 ? "0" : "")\(day)T\(10 + ticket % 12):15:00Z"
        let row = "T-\(ticket),\"\(text(6))\",\(pick(statuses)),\(pick(priorities)),u\(ticket % 50),t\(ticket % 3),c\(ticket % 1000),co\(ticket % 100),\(stamp),\(stamp),,PSA-\(ticket),th_\(ticket),email,vpn;billing\n"
        tickets.write(row)
        conversations.write("CV-\(ticket),T-\(ticket),,email,\(stamp),\(ticket % 600)\n")
        written += row.utf8.count + 40
        for part in 0..<(3 + ticket % 4) {
            let body = "\"\(text(12))\n\n> quoted \"\"earlier\"\" reply, with a comma\n\(text(8))\""
            let line = "M-\(message),CV-\(ticket),\(part % 2 == 0 ? "customer" : "agent"),\(part % 2 == 0 ? "" : "u\(ticket % 50)"),\(part % 2 == 0 ? "person\(ticket % 1000)@client.example" : ""),\(body),text,\(stamp),false\n"
            messages.write(line)
            written += line.utf8.count
            message += 1
        }
        ticket += 1
    }
    tickets.close()
    conversations.close()
    messages.close()
}

/// Generates an export of about `megabytes` MB and one a tenth the size; returns their folders.
func generateExports(_ megabytes: Int) -> (large: String, small: String) {
    let large = options.work + "/export"
    let small = options.work + "/export-tenth"
    print("generating an export of about \(megabytes) MB (seed \(options.seed)) in \(options.work) …")
    generateExport(large, megabytes: megabytes)
    generateExport(small, megabytes: max(1, megabytes / 10))
    return (large, small)
}

/// Surveys an export of about `megabytes` MB against DuckDB's SUMMARIZE over the same files.
func surveyBenchmark(_ megabytes: Int) {
    let (large, small) = generateExports(megabytes)
    let files = ((try? FileManager.default.contentsOfDirectory(atPath: large)) ?? []).filter { $0.hasSuffix(".csv") }.sorted()
    let bytes = files.reduce(0) { $0 + ((try? FileManager.default.attributesOfItem(atPath: large + "/" + $1)[.size] as? Int) ?? 0) }
    print(String(format: "export: %.2f GB in %d files", Double(bytes) / 1e9, files.count))
    _ = measure("/usr/bin/cat", files.map { large + "/" + $0 }, output: false)
    func survey(_ folder: String) -> (seconds: Double, peakMiB: Double) {
        let runs = (1...3).map { _ in measure(landfall, ["survey", folder, "--out", options.work + "/out", "--to", "salesforce-service-cloud"]) }
        guard runs.allSatisfy({ $0.status == 0 }) else {
            print("landfall survey \(folder) failed with status \(runs.map(\.status).max() ?? 0)")
            exit(70)
        }
        return (runs.map(\.seconds).sorted()[1], runs.map(\.peakMiB).max() ?? 0)
    }
    let ours = survey(large)
    let tenth = survey(small)
    let script = options.work + "/duckdb-summarize.py"
    try! """
    import duckdb, os, sys, time
    d = sys.argv[1]
    c = duckdb.connect()
    c.execute("SET threads=2")
    t = time.time()
    for f in sorted(os.listdir(d)):
        if f.endswith('.csv'):
            c.execute(f"SUMMARIZE SELECT * FROM read_csv('{d}/{f}', header=true)").fetchall()
    print(time.time() - t)
    """.write(toFile: script, atomically: true, encoding: .utf8)
    let python = executable("python3")
    var duck: (seconds: Double, peak: Double)?
    if let python, measure(python, ["-c", "import duckdb"]).status == 0 {
        let runs = (1...3).compactMap { _ -> (Double, Double)? in
            let run = measure(python, [script, large])
            return Double(run.output.trimmingCharacters(in: .whitespacesAndNewlines)).map { ($0, run.peakMiB) }
        }
        if runs.count == 3 { duck = runs.sorted { $0.0 < $1.0 }[1] }
    }
    print("")
    print("tool (median of 3)                 wall s    peak MiB")
    print(String(format: "landfall survey                  %7.2f    %8.0f", ours.seconds, ours.peakMiB))
    print(String(format: "landfall survey, a tenth the size %6.2f    %8.0f   (memory ratio %.2f)", tenth.seconds, tenth.peakMiB, ours.peakMiB / max(tenth.peakMiB, 1)))
    if let duck {
        print(String(format: "duckdb SUMMARIZE, 2 threads      %7.2f    %8.0f", duck.seconds, duck.peak))
        print(String(format: "landfall / duckdb: %.2f", ours.seconds / duck.seconds))
    } else {
        print("duckdb: not installed (pip install duckdb) — no comparison")
    }
    if !options.keep { try? FileManager.default.removeItem(atPath: options.work) }
}

if options.scale {
    scaleBenchmark()
} else if let records = options.verifyRecords {
    verifyBenchmark(records)
} else if let runs = options.siteRuns {
    siteBenchmark(runs)
} else if let megabytes = options.surveyMB {
    surveyBenchmark(megabytes)
} else if let megabytes = options.transformMB {
    transformBenchmark(megabytes)
} else if let megabytes = options.deltaMB {
    deltaBenchmark(megabytes)
} else {
    recordBenchmark()
}
