import Foundation

/// `--scale`: inputs whose size once made Landfall quadratic, each measured against a plain
/// reader of the same file in the same run (the floor any tool pays to read it), with the ratio.
/// A ratio past ``ScaleCase/bound`` fails the benchmark (exit 1).
///
///  - a CSV header with 100,000 custom columns (refused at once) and one with 1,900 (near the
///    widest read), against Python's csv module reading the file;
///  - an XML manifest whose root carries 100,000 attributes (refused at once), against
///    `xmllint --noout` on it;
///  - 150,000 automations in automations.json: `survey`, then `inventory` on the manifest it
///    writes, against Python's json module loading that manifest;
///  - a holidays file of 3,000,000 lines for `scope --start`, against Python parsing each line's
///    date (and `wc -l`, the floor of reading it, printed beside).
struct ScaleCase {
    let name: String
    let ours: (seconds: Double, status: Int32)
    /// The exit status the case must end with: 0, or 65 for an input refused.
    let expected: Int32
    let peer: String
    let reference: Double
    /// The most Landfall may take, as a multiple of the reference.
    let bound: Double

    var ratio: Double { ours.seconds / max(reference, 0.001) }
}

func scaleBenchmark() {
    let work = options.work + "/scale"
    try? FileManager.default.removeItem(atPath: work)
    try! FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
    let sample = FileManager.default.currentDirectoryPath + "/Samples/export-thread"
    guard FileManager.default.fileExists(atPath: sample + "/tickets.csv") else {
        print("run from the package's folder: \(sample) is missing")
        exit(66)
    }
    guard let python = executable("python3"), let xmllint = executable("xmllint"), let wc = executable("wc") else {
        print("the peers are python3, xmllint and wc: install them (apt-get install -y python3 libxml2-utils coreutils)")
        exit(69)
    }
    print("peers: \(version(python, ["--version"])), \(version(xmllint, ["--version"])), \(version(wc, ["--version"]))")
    func median(_ run: () -> (seconds: Double, output: String, status: Int32, peakMiB: Double)) -> (seconds: Double, status: Int32) {
        let runs = (1...3).map { _ in run() }
        return (runs.map(\.seconds).sorted()[1], runs.map(\.status).max() ?? 0)
    }
    var cases: [ScaleCase] = []

    // A wide header: survey refuses it at the first column past the limit, unread.
    for columns in [100_000, 1_900] {
        let export = work + "/wide-\(columns)"
        try! FileManager.default.copyItem(atPath: sample, toPath: export)
        let header = (0..<columns).map { "custom.c\($0)" }.joined(separator: ",")
        let row = (0..<columns).map { _ in "x" }.joined(separator: ",")
        let records = csvRecords(try! String(contentsOfFile: export + "/tickets.csv", encoding: .utf8))
        let widened = records.enumerated().map { index, record -> String in String(record) + "," + (index == 0 ? header : row) + "\n" }.joined()
        try! widened.write(toFile: export + "/tickets.csv", atomically: true, encoding: .utf8)
        let ours = median { measure(landfall, ["survey", export, "--out", work + "/out-wide", "--to", "salesforce-service-cloud"], output: false) }
        let reference = median { measure(python, ["-c", "import csv,sys\nfor r in csv.reader(open(sys.argv[1], newline='')): pass", export + "/tickets.csv"], output: false) }
        cases.append(ScaleCase(name: "survey, tickets.csv header of \(columns) more columns\(columns > 1_900 ? " (refused)" : "")", ours: ours, expected: columns > 1_900 ? 65 : 0,
                               peer: "python3 csv", reference: reference.seconds, bound: 20))
    }

    // An XML start tag with 100,000 attributes: refused before libxml2 compares them pairwise.
    let xml = work + "/attributes.xml"
    let attributes = (0..<100_000).map { "a\($0)=\"v\"" }.joined(separator: " ")
    try! "<?xml version=\"1.0\"?>\n<manifest \(attributes)><customer><name>x</name></customer></manifest>\n".write(toFile: xml, atomically: true, encoding: .utf8)
    cases.append(ScaleCase(name: "estimate, XML root with 100,000 attributes (refused)", ours: median { measure(landfall, ["estimate", xml], output: false) }, expected: 65,
                           peer: "xmllint --noout", reference: median { measure(xmllint, ["--noout", xml], output: false) }.seconds, bound: 20))

    // 150,000 automations: survey carries them into the manifest; inventory lists each.
    let automations = work + "/automations"
    try! FileManager.default.copyItem(atPath: sample, toPath: automations)
    let entries = (0..<150_000).map { index in
        "{\"id\":\"a\(index)\",\"name\":\"Rule \(index)\",\"kind\":\"routing_rule\",\"active\":\(index % 5 != 0),\"trigger\":\"ticket created\",\"conditions\":[\"priority is urgent\"],\"actions\":[\"assign team Escalations (Tier 2)\"]}"
    }
    try! ("[" + entries.joined(separator: ",") + "]").write(toFile: automations + "/automations.json", atomically: true, encoding: .utf8)
    let manifest = work + "/out-automations/manifest.json"
    let surveyed = median { measure(landfall, ["survey", automations, "--out", (manifest as NSString).deletingLastPathComponent, "--to", "salesforce-service-cloud"], output: false) }
    let load = median { measure(python, ["-c", "import json,sys\njson.load(open(sys.argv[1]))", manifest], output: false) }
    cases.append(ScaleCase(name: "survey, 150,000 automations", ours: surveyed, expected: 0, peer: "python3 json.load (manifest)", reference: load.seconds, bound: 20))
    cases.append(ScaleCase(name: "inventory, 150,000 automations", ours: median { measure(landfall, ["inventory", manifest, "--out", work + "/inventory"], output: false) }, expected: 0,
                           peer: "python3 json.load (manifest)", reference: load.seconds, bound: 40))

    // A holidays file of 3,000,000 lines.
    let holidays = work + "/holidays.txt"
    let lines = Writer(holidays)
    for index in 0..<3_000_000 {
        // 336 days a year (the 1st to the 28th of each month), from the year 1000 to 9928.
        let year = 1000 + index / 336
        let month = 1 + (index % 336) / 28
        lines.write(String(format: "%04d-%02d-%02d\n", year, month, 1 + index % 28))
    }
    lines.close()
    let small = FileManager.default.currentDirectoryPath + "/Samples/northwind-salesforce.json"
    let parse = "import datetime,sys\ndays=set()\nfor line in open(sys.argv[1]):\n    word=line.strip().split(' ')[0]\n    if word and not word.startswith('#'): days.add(datetime.date.fromisoformat(word))"
    cases.append(ScaleCase(name: "scope --holidays, 3,000,000 lines",
                           ours: median { measure(landfall, ["scope", small, "--start", "2027-01-11", "--holidays", holidays, "--format", "json", "--out", work + "/scope"], output: false) }, expected: 0,
                           peer: "python3 date.fromisoformat a line", reference: median { measure(python, ["-c", parse, holidays], output: false) }.seconds, bound: 10))
    print("reading floor for the holidays file: wc -l \(String(format: "%.3f", median { measure(wc, ["-l", holidays], output: false) }.seconds)) s")

    print("")
    print("case (median of 3)                                     landfall s   exit   peer                              peer s   ratio   bound")
    var failed = false
    for item in cases {
        let within = item.ratio <= item.bound && item.ours.status == item.expected
        failed = failed || !within
        print(String(format: "%@ %9.2f   %4d   %@ %7.3f  %6.1f   %5.0f%@", item.name.padding(toLength: 54, withPad: " ", startingAt: 0), item.ours.seconds, item.ours.status,
                     item.peer.padding(toLength: 32, withPad: " ", startingAt: 0), item.reference, item.ratio, item.bound,
                     item.ours.status != item.expected ? "  EXIT \(item.expected) EXPECTED" : within ? "" : "  OVER"))
    }
    if !options.keep { try? FileManager.default.removeItem(atPath: work) }
    if failed { exit(1) }
}

/// The records of CSV `text`, each without its line break (a quoted field may span lines).
private func csvRecords(_ text: String) -> [Substring] {
    var records: [Substring] = []
    var start = text.startIndex
    var quoted = false
    var index = text.startIndex
    while index < text.endIndex {
        let character = text[index]
        if character == "\"" {
            quoted.toggle()
        } else if !quoted, character == "\n" || character == "\r\n" {
            records.append(text[start..<index])
            start = text.index(after: index)
        }
        index = text.index(after: index)
    }
    if start < text.endIndex { records.append(text[start...]) }
    return records
}

/// The first `name` on the PATH that can be run.
func executable(_ name: String) -> String? {
    (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map { "\($0)/\(name)" }
        .first { FileManager.default.isExecutableFile(atPath: $0) }
}

/// The first line a tool prints about its version (xmllint writes it to standard error).
private func version(_ tool: String, _ arguments: [String]) -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: tool)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try? process.run()
    let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return text.split(separator: "\n").first.map(String.init) ?? tool
}
