import Foundation
@testable import LandfallKit
import LandfallTestSupport
import Testing

/// Renders `kind` for `estimate` with the bundled templates (or `renderer`).
func render(_ estimate: Estimate, kind: DocumentKind = .scope, formats: [OutputFormat], renderer: DocumentRenderer = Fixtures.renderer,
            users: DestinationUsers? = nil) throws -> [OutputWriter.File]
{
    let reading = ManifestReading(manifest: estimate.facts.manifest, diagnostics: [], status: .ok)
    return try renderer.render(kind, estimate, reading: reading, users: users, formats: formats).files
}

/// The files of a folder, by path relative to it, as text.
func filesBelow(_ folder: String) -> [String: String] {
    var files: [String: String] = [:]
    let enumerator = FileManager.default.enumerator(atPath: folder)
    while let relative = enumerator?.nextObject() as? String {
        var isDirectory: ObjCBool = false
        let path = folder + "/" + relative
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
            files[relative] = try? String(contentsOfFile: path, encoding: .utf8)
        }
    }
    return files
}

@Suite("landfall demo and the scope document")
struct ScopeDocumentTests {
    @Test("the demo documents match their golden files")
    func golden() {
        let folder = TemporaryFolder()
        let output = Fixtures.demo(into: folder.path + "/demo")
        #expect(output.status == .ok)
        let files = filesBelow(folder.path + "/demo")
        for slug in ["harbor-pine", "northwind"] {
            for document in ["scope", "scope-internal", "compare", "inventory", "crosswalk"] {
                for format in ["html", "md", "json"] { #expect(files["\(slug)/\(document).\(format)"] != nil) }
            }
            #expect(files["\(slug)/crosswalk.csv"] != nil)
        }
        #expect(files["harbor-pine/intercom-setup.json"] != nil)
        #expect(files["northwind/salesforce-metadata/package.xml"] != nil)
        #expect(files.keys.filter { $0.hasSuffix(".queue-meta.xml") }.count == 3)
        #expect(files.keys.filter { $0.hasSuffix(".field-meta.xml") }.count == 16)
        #expect(files["northwind/salesforce-metadata/sfdx-project.json"] != nil)
        #expect(files["northwind/salesforce-metadata/force-app/main/default/permissionsets/Landfall_Migration.permissionset-meta.xml"] != nil)
        for (name, text) in files.sorted(by: { $0.key < $1.key }) {
            #expect(Golden.mismatch(text, "demo/" + name) == nil)
        }
        let goldenFiles = filesBelow(Golden.path("demo"))
        #expect(Set(goldenFiles.keys) == Set(files.keys), "golden files without output, or output without golden files")
        #expect(output.standardOutput.split(separator: "\n").count == files.count)
    }

    @Test("one account in every document: the people to provision, the phases and the price agree")
    func oneAccount() throws {
        let folder = TemporaryFolder()
        #expect(Fixtures.demo(into: folder.path + "/demo").status == .ok)
        func object(_ path: String) throws -> [String: Any] {
            let data = try #require(FileManager.default.contents(atPath: folder.path + "/demo/" + path))
            return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        }
        for (slug, people, unmatched, rehearsal, destination) in [("northwind", 6, 3, "sandbox", "Salesforce Service Cloud"), ("harbor-pine", 5, 2, "test-workspace", "Intercom")] {
            // The internal review's JSON holds every figure with its rule; the client's says the same in its own words.
            let scope = try object("\(slug)/scope-internal.json")
            let crosswalk = try object("\(slug)/crosswalk.json")
            let estimate = try #require(scope["estimate"] as? [String: Any])
            let matching = try #require(estimate["user_matching"] as? [String: Any])
            let file = try #require(crosswalk["destination_users_file"] as? String)
            #expect(matching["method"] as? String == "matched_by_email")
            #expect(matching["file"] as? String == file)
            #expect(matching["people"] as? Int == people)
            #expect(matching["unmatched"] as? Int == unmatched)
            #expect((crosswalk["reconciliation_queue"] as? [Any])?.count == unmatched)
            let price = try #require(estimate["price"] as? [String: Any])
            let lines = try #require(price["line_items"] as? [[String: Any]])
            let owners = lines.first { $0["rule"] as? String == "pricing.add_ons.owner_reconciliation" }
            #expect(owners?["amount"] as? Int == unmatched * 60)
            #expect(lines.reduce(0) { $0 + ($1["amount"] as? Int ?? 0) } == price["total"] as? Int)
            let markdown = try String(contentsOfFile: folder.path + "/demo/\(slug)/scope.md", encoding: .utf8)
            #expect(markdown.contains("- **People:** \(unmatched) of \(people) to provision (before the load, matched by e-mail against \(destination)'s users)"))
            #expect(!markdown.contains("one week of hypercare"))
            // Each step of the method states the days its phase has in the timeline.
            let timeline = try #require(estimate["timeline"] as? [String: Any])
            let phases = try #require(timeline["phases"] as? [[String: Any]])
            for (index, phase) in phases.enumerated() {
                let low = try #require(phase["days_low"] as? Double), high = try #require(phase["days_high"] as? Double)
                let days = low == high ? Format.number(low) : "\(Format.number(low))–\(Format.number(high))"
                let name = try #require(phase["name"] as? String)
                // A sign-off window is the customer's; one within a phase says so.
                let window = phase["sign_off"] as? [String: String]
                let within = window?["within"].map { host in ", the last of phase \(1 + (phases.firstIndex { $0["id"] as? String == host } ?? 0))'s" } ?? ""
                #expect(markdown.contains("| \(index + 1) | \(name)\(window == nil ? "" : " (customer)") | \(days)\(within) |"))
                #expect(markdown.contains("\(index + 1). **\(name)** (\(days) working day\(days == "1" ? "" : "s"))."))
            }
            #expect(markdown.contains("After the \(rehearsal) run,"))
            // The comparison's column for this destination states the scope document's figures.
            let compare = try object("\(slug)/compare.json")
            #expect(compare["schema"] as? String == "landfall.compare/2")
            let options = try #require(compare["options"] as? [[String: Any]])
            #expect(options.count == 2)
            let destination = try #require((estimate["destination"] as? [String: Any])?["platform"] as? String)
            let option = try #require(options.first { $0["destination"] as? String == destination })
            #expect(option["price"] as? Int == price["total"] as? Int)
            #expect(option["weeks_low"] as? Int == timeline["weeks_low"] as? Int)
            #expect(option["weeks_high"] as? Int == timeline["weeks_high"] as? Int)
            #expect((option["grades"] as? [String: String])?["overall"] == (estimate["grades"] as? [String: String])?["overall"])
            #expect(option["quote_number"] as? String == (scope["quote"] as? [String: Any])?["number"] as? String)
            #expect((option["user_matching"] as? [String: Any])?["unmatched"] as? Int == unmatched)
            let other = try #require(options.first { $0["destination"] as? String != destination })
            #expect((other["user_matching"] as? [String: Any])?["method"] as? String == "not_done")
            #expect(!markdown.contains(rehearsal == "sandbox" ? "test-workspace" : "sandbox run"))
        }
    }

    @Test("the object map's notes on integrations, custom properties and reviews name this account's own")
    func accountNotes() throws {
        let harbor = try #require(Fixtures.manifestReader.read(path: Fixtures.sample("harbor-intercom.yaml")).manifest)
        let harborMap = try #require(try render(try estimate(harbor), formats: [.md]).first).text
        #expect(harborMap.contains("This account: Autotask PSA is replaced; HubSpot CRM is reconfigured; Google Sheets (inactive) is reconfigured."))
        #expect(!harborMap.contains("ConnectWise PSA has no Intercom equivalent and is handled by hand"))
        let northwind = try #require(Fixtures.manifestReader.read(path: Fixtures.sample("northwind-salesforce.json")).manifest)
        let northwindMap = try #require(try render(try estimate(northwind), formats: [.md]).first).text
        #expect(northwindMap.contains("This account: 1,210 from google, 630 from trustpilot."))
        #expect(northwindMap.contains("This account: Contract tier (picklist), Sites (number), Renewal date (date), Escalated? (checkbox)."))
    }

    @Test("without the destination's users, every document says matching was not done")
    func matchingNotDone() throws {
        let files = try render(try estimate(Fixtures.manifest()), formats: [.md, .json])
        let markdown = try #require(files.first { $0.path == "scope.md" }?.text)
        #expect(markdown.contains("- User matching was not done: every source user is assumed to exist in the destination as a user already. Each one who does not adds owner-reconciliation time and cost, so the quote changes once the people are matched."))
        #expect(markdown.contains("- **People:** not matched yet (every source user is assumed to exist in Salesforce Service Cloud)"))
        #expect(!markdown.contains("Owner reconciliation:"))
        let stated = try render(try estimate(Fixtures.manifest(), unmatchedUsers: 1), formats: [.md])
        let statedText = try #require(stated.first { $0.path == "scope.md" }?.text)
        #expect(statedText.contains("- 1 source user has no user in the destination yet (as stated for this quote): owner reconciliation is planned and priced for that person."))
        #expect(statedText.contains("| Owner reconciliation: 1 person with no destination user yet, at 60 each |"))
    }

    @Test("the client render speaks to the buyer; the internal render adds every rule behind it")
    func clientAndInternal() throws {
        let estimate = try estimate(Fixtures.manifest(), unmatchedUsers: 7)
        let client = try render(estimate, formats: [.html, .md])
        let internalReview = try render(estimate, kind: .internalScope, formats: [.html, .md, .json])
        #expect(client.map(\.path) == ["scope.html", "scope.md"])
        #expect(internalReview.map(\.path) == ["scope-internal.html", "scope-internal.md", "scope-internal.json"])
        let rulePath = /(pricing|grading|timeline)\.[a-z_\-]+(\.|\[)/
        for file in client {
            #expect(file.text.firstMatch(of: rulePath) == nil, "\(file.path) shows a rule path")
            #expect(!file.text.contains("Rounded up"))
            #expect(!file.text.contains("base 2–3 days"))
        }
        for file in internalReview where file.path != "scope-internal.json" {
            #expect(file.text.contains("pricing.round_up_to") || estimate.price.lineItems.allSatisfy { $0.rule != Price.roundingRule })
            #expect(file.text.contains("(timeline.salesforce-service-cloud.drivers.unmatched_users)"))
            #expect(file.text.contains("(grading.object_compatibility.thresholds)"))
        }
        let markdown = try #require(client.first { $0.path == "scope.md" }?.text)
        // The client's lines still add up to the total, the rounding inside the complexity line.
        let priceSection = try #require(markdown.components(separatedBy: "## Price").last?.components(separatedBy: "## Terms").first)
        let amounts = priceSection.split(separator: "\n").filter { $0.hasPrefix("| ") && $0.hasSuffix(" |") && $0.contains("USD ") && !$0.contains("**Total**") }
            .compactMap { line in Int(line.split(separator: "USD ").last!.dropLast(2).replacingOccurrences(of: ",", with: "")) }
        #expect(amounts.reduce(0, +) == estimate.price.total)
        #expect(amounts.count == estimate.price.lineItems.count - (estimate.price.lineItems.contains { $0.rule == Price.roundingRule } ? 1 : 0))
        #expect(markdown.contains("- **Owner reconciliation**\n  - \\+1–2 days: 7 people with no destination user yet"))
        #expect(markdown.contains("The other phases keep their standard length for Salesforce Service Cloud."))
        #expect(markdown.contains("- the five grades together, object compatibility and field-mapping clarity counting twice as much as the others"))
    }

    @Test("compare: both destinations side by side; objects carried inside others say so; the risks that differ")
    func compare() throws {
        let folder = TemporaryFolder()
        let output = CompareCommand(manifestPath: Fixtures.sample("northwind-salesforce.json"), outputDirectory: folder.path + "/out", formats: [.md, .json],
                                    asOf: Fixtures.asOf, unmatchedUsers: 2, estimator: Fixtures.estimator, renderer: Fixtures.renderer).run()
        #expect(output.status == .ok, "\(output.standardError)")
        #expect(output.standardOutput == "\(folder.path)/out/compare.md\n\(folder.path)/out/compare.json\n")
        let markdown = try String(contentsOfFile: folder.path + "/out/compare.md", encoding: .utf8)
        #expect(markdown.contains("| | Intercom | Salesforce Service Cloud |"))
        #expect(markdown.contains("| Message | 51,877 | moves inside Conversation | moves inside Conversation |"))
        #expect(markdown.contains("| Review Response | 1,512 | moves inside Review | EmailMessage (1:1, full) |"))
        #expect(markdown.contains("| Intercom | High | The rate limit sets the pace |"))
        #expect(markdown.contains("| Salesforce Service Cloud | High | Daily API allowance |"))
        #expect(!markdown.contains("No public API"), "a risk of the source is the same for every destination")
        for destination in ["intercom", "salesforce-service-cloud"] {
            let sample = try #require(Fixtures.manifestReader.read(path: Fixtures.sample("northwind-salesforce.json")).manifest)
            let alone = try estimate(sample, to: destination, unmatchedUsers: 2)
            let price = try #require(alone.price.total)
            #expect(markdown.contains(Format.money(price, "USD")))
        }
    }

    @Test("two runs give the same bytes")
    func deterministic() {
        let first = TemporaryFolder()
        let second = TemporaryFolder()
        _ = Fixtures.demo(into: first.path)
        _ = Fixtures.demo(into: second.path)
        #expect(filesBelow(first.path) == filesBelow(second.path))
        #expect(!filesBelow(first.path).isEmpty)
    }

    @Test("the document says what a buyer needs, in order")
    func sections() throws {
        let estimate = try estimate(Fixtures.manifest())
        let files = try render(estimate, formats: [.html, .md])
        let html = files[0].text
        let order = ["class=\"cover\"", "id=\"summary\"", "id=\"object-map\"", "id=\"grading\"", "id=\"timeline\"", "id=\"load-plan\"",
                     "id=\"price\"", "id=\"risks\"", "id=\"out-of-scope\"", "id=\"approach\"", "id=\"responsibilities\"", "id=\"acceptance\"",
                     "id=\"sign-off-title\""]
        let positions = order.map { html.range(of: $0)?.lowerBound }
        #expect(positions.allSatisfy { $0 != nil })
        #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted())
        #expect(html.contains("<svg class=\"chart-wide\" xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(html.contains("<svg class=\"chart-narrow\" xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(html.contains("The org has no Service Cloud licence yet."))
        #expect(html.contains("4 active automations") == false)
        #expect(html.contains("3 active automations (and 1 inactive) cannot be migrated"))
        #expect(!html.contains("<script"))
        let markdown = files[1].text
        #expect(markdown.hasPrefix("# Migration scope and quote: Northwind IT Services, Thread to Salesforce Service Cloud\n"))
        #expect(markdown.contains("| **Total** | **USD 9,850** |"))
    }

    @Test("a migration over 2,000,000 records is scoped individually, with no price")
    func scopedIndividually() throws {
        var manifest = Fixtures.manifest()
        manifest.counts[.tickets] = 2_500_000
        let files = try render(try estimate(manifest), formats: [.html, .md])
        #expect(files[0].text.contains("<strong>Scoped individually.</strong>"))
        #expect(!files[0].text.contains("pricing.tiers"))
        #expect(files[1].text.contains("> **Scoped individually.**"))
    }

    @Test("the quote number is stable, and changes with the inputs")
    func quoteNumber() throws {
        let first = ScopeDocument(estimate: try estimate(Fixtures.manifest()), rules: Fixtures.rules).quote.number
        let again = ScopeDocument(estimate: try estimate(Fixtures.manifest()), rules: Fixtures.rules).quote.number
        var other = Fixtures.manifest()
        other.counts[.tickets] += 1
        let changed = ScopeDocument(estimate: try estimate(other), rules: Fixtures.rules).quote.number
        #expect(first == again)
        #expect(first != changed)
        #expect(first.hasPrefix("LF-20261121-"))
        #expect(first.count == "LF-20261121-".count + 8)
    }
}

@Suite("Values from the input are escaped for where they go")
struct HostileValueTests {
    static let hostile = [
        "<script>alert(\"x\")</script>", "Pipe | in | name", "*bold* _under_ `code` [link](http://x) ~~strike~~", "line one\nline two",
        "שלום עולם (right to left)", "Émoji 🚀👩🏽‍💻 & <b>", String(repeating: "Very long name ", count: 40), "# heading? 1. list? - item? &amp;",
    ]

    private func rendered() throws -> (html: String, markdown: String) {
        var manifest = Fixtures.manifest()
        manifest.customer.name = Self.hostile.joined(separator: " / ")
        manifest.integrations = Self.hostile.map { Integration(name: $0, kind: $0, active: true) }
        let files = try render(try estimate(manifest), formats: [.html, .md])
        return (files[0].text, files[1].text)
    }

    @Test("HTML: nothing from the input becomes markup")
    func html() throws {
        let html = try rendered().html
        #expect(!html.contains("<script"))
        #expect(!html.contains("<b>"))
        #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"))
        #expect(html.contains("Émoji 🚀👩🏽‍💻 &amp; &lt;b&gt;"))
        #expect(html.contains("שלום עולם"))
    }

    @Test("Markdown: tables stay intact and nothing renders as markup")
    func markdown() throws {
        let markdown = try rendered().markdown
        let characters = Array(markdown)
        let unescapedAngle = characters.indices.contains { characters[$0] == "<" && ($0 == 0 || characters[$0 - 1] != "\\") }
        #expect(!unescapedAngle)
        #expect(markdown.contains("\\<script\\>alert(\"x\")\\</script\\>"))
        #expect(markdown.contains("Pipe \\| in \\| name"))
        #expect(markdown.contains("\\*bold\\* \\_under\\_ \\`code\\` \\[link\\](http://x) \\~\\~strike\\~\\~"))
        #expect(markdown.contains("line one line two"))
        #expect(markdown.contains("\\&amp;"))
        for table in MarkdownTables.tables(in: markdown) {
            for row in table.rows {
                #expect(row.cells == table.width, "a row of \(row.cells) cells under a header of \(table.width): \(row.line.prefix(120))")
            }
        }
        #expect(MarkdownTables.tables(in: markdown).count >= 8)
    }
}

/// GitHub-flavoured Markdown tables found in a text, with each row's cell count (unescaped pipes).
enum MarkdownTables {
    struct Row { let line: String; let cells: Int }
    struct Table { let width: Int; let rows: [Row] }

    static func tables(in text: String) -> [Table] {
        let lines = text.components(separatedBy: "\n")
        var tables: [Table] = []
        var index = 1
        while index < lines.count {
            if isDelimiter(lines[index]) && lines[index - 1].hasPrefix("|") {
                let width = cells(lines[index - 1])
                var rows: [Row] = []
                var next = index + 1
                while next < lines.count, lines[next].hasPrefix("|") {
                    rows.append(Row(line: lines[next], cells: cells(lines[next])))
                    next += 1
                }
                tables.append(Table(width: width, rows: rows))
                index = next
            } else {
                index += 1
            }
        }
        return tables
    }

    private static func isDelimiter(_ line: String) -> Bool {
        line.hasPrefix("|") && line.allSatisfy { "|-: ".contains($0) } && line.contains("---")
    }

    private static func cells(_ line: String) -> Int {
        var count = 0
        var escaped = false
        for character in line {
            if escaped { escaped = false; continue }
            if character == "\\" { escaped = true; continue }
            if character == "|" { count += 1 }
        }
        return count - 1
    }
}

@Suite("Templates")
struct TemplateTests {
    private func copy() -> (TemporaryFolder, String) {
        let folder = TemporaryFolder()
        return (folder, folder.copy(folder: Fixtures.templatesDirectory, as: "templates"))
    }

    private func edit(_ file: String, in templates: String, _ change: (String) -> String) {
        let path = templates + "/" + file
        let text = try! String(contentsOfFile: path, encoding: .utf8)
        try! change(text).write(toFile: path, atomically: true, encoding: .utf8)
    }

    @Test("an override folder changes the wording without a rebuild")
    func override() throws {
        let (folder, templates) = copy()
        _ = folder
        edit("html/partials/cover.mustache", in: templates) { $0.replacingOccurrences(of: "Migration scope and quote", with: "Statement of work") }
        edit("md/partials/cover.mustache", in: templates) { $0.replacingOccurrences(of: "# Migration scope and quote", with: "# Statement of work") }
        let library = try TemplateLibrary.load(directory: templates).get()
        let files = try render(try estimate(Fixtures.manifest()), formats: [.html, .md], renderer: DocumentRenderer(templates: library, rules: Fixtures.rules))
        #expect(files[0].text.contains("<p class=\"eyebrow\">Statement of work</p>"))
        #expect(files[1].text.hasPrefix("# Statement of work: Northwind"))
    }

    @Test("a broken template is reported with file, line and column")
    func broken() {
        let (folder, templates) = copy()
        _ = folder
        edit("html/partials/price.mustache", in: templates) { $0.replacingOccurrences(of: "{{/hasAssumptions}}", with: "{{/hasAssumption}}") }
        guard case .failure(let failure) = TemplateLibrary.load(directory: templates) else {
            Issue.record("the broken template loaded")
            return
        }
        let path = templates + "/html/partials/price.mustache"
        let text = try! String(contentsOfFile: path, encoding: .utf8)
        let line = text.components(separatedBy: "\n").firstIndex { $0.contains("{{/hasAssumption}}") }! + 1
        #expect(failure.diagnostics.map(\.description) == ["\(path):\(line):4: error: the template does not parse: a section is closed with the wrong name"])
        #expect(failure.status == .dataError)
    }

    @Test("a missing partial, a Markdown template without Markdown escaping, and an unescaped value are refused")
    func checks() {
        let (folder, templates) = copy()
        _ = folder
        edit("html/scope.mustache", in: templates) { $0.replacingOccurrences(of: "{{> risks}}", with: "{{> risk}}") }
        edit("md/partials/risks.mustache", in: templates) { $0.replacingOccurrences(of: "{{% CONTENT_TYPE: MARKDOWN}}\n", with: "") }
        edit("md/partials/price.mustache", in: templates) { $0.replacingOccurrences(of: "{{priceValidity}}", with: "{{{priceValidity}}}") }
        guard case .failure(let failure) = TemplateLibrary.load(directory: templates) else {
            Issue.record("the broken templates loaded")
            return
        }
        #expect(failure.diagnostics.map(\.message) == [
            "the partial \"risk\" does not exist in \(templates)/html/partials",
            "unescaped values are not allowed: write {{name}} so that the value is escaped",
            "a Markdown template must start with {{% CONTENT_TYPE: MARKDOWN}}, or its values would be HTML-escaped instead",
        ])
        #expect(failure.diagnostics[0].location.file == templates + "/html/scope.mustache")
        #expect(failure.diagnostics[0].location.line > 1)
    }

    @Test("a missing template is named")
    func missingTemplate() throws {
        let (folder, templates) = copy()
        _ = folder
        try FileManager.default.removeItem(atPath: templates + "/md/scope.mustache")
        let library = try TemplateLibrary.load(directory: templates).get()
        #expect(throws: TemplateFailure.self) {
            try render(try estimate(Fixtures.manifest()), formats: [.md], renderer: DocumentRenderer(templates: library, rules: Fixtures.rules))
        }
    }
}

@Suite("Writing documents")
struct WritingTests {
    private func scope(out: String, kind: DocumentKind = .scope, templates: TemplateLibrary = Fixtures.templates) -> CommandOutput {
        DocumentCommand(kind: kind, manifestPath: Fixtures.sample("northwind-salesforce.json"), destination: nil, outputDirectory: out,
                        formats: [.html, .md, .json], asOf: Fixtures.asOf, unmatchedUsers: nil, estimator: Fixtures.estimator,
                        renderer: DocumentRenderer(templates: templates, rules: Fixtures.rules)).run()
    }

    @Test("landfall scope writes three files and prints their paths")
    func writes() throws {
        let folder = TemporaryFolder()
        let output = scope(out: folder.path + "/out")
        #expect(output.status == .ok)
        #expect(output.standardOutput == ["html", "md", "json"].map { "\(folder.path)/out/scope.\($0)\n" }.joined())
        #expect(filesBelow(folder.path + "/out").keys.sorted() == ["scope.html", "scope.json", "scope.md"])
        let internalReview = scope(out: folder.path + "/out", kind: .internalScope)
        #expect(internalReview.standardOutput == ["html", "md", "json"].map { "\(folder.path)/out/scope-internal.\($0)\n" }.joined())
        let files = filesBelow(folder.path + "/out")
        #expect(files.keys.sorted() == ["scope-internal.html", "scope-internal.json", "scope-internal.md", "scope.html", "scope.json", "scope.md"])
        // One quote behind both renders: the same number and version, each JSON its own document.
        let quotes = try ["scope.json", "scope-internal.json"].map { name in
            let object = try #require(try JSONSerialization.jsonObject(with: Data((files[name] ?? "").utf8)) as? [String: Any])
            return try #require(object["quote"] as? [String: String])
        }
        #expect(quotes[0]["number"] != nil && quotes[0]["number"] == quotes[1]["number"] && quotes[0]["version"] == quotes[1]["version"])
        #expect(files["scope-internal.json"] != files["scope.json"])
    }

    @Test("a failed render leaves the earlier output as it was")
    func failedRenderKeepsOutput() throws {
        let folder = TemporaryFolder()
        _ = scope(out: folder.path + "/out")
        let before = filesBelow(folder.path + "/out")
        var manifest = Fixtures.manifest()
        manifest.customer.name = "Changed"
        let templates = folder.copy(folder: Fixtures.templatesDirectory, as: "templates")
        try FileManager.default.removeItem(atPath: templates + "/md/scope.mustache")
        let library = try TemplateLibrary.load(directory: templates).get()
        let reading = ManifestReading(manifest: manifest, diagnostics: [], status: .ok)
        let result = DocumentRun(renderer: DocumentRenderer(templates: library, rules: Fixtures.rules))
            .write(.scope, EstimateRun.Estimated(estimate: try estimate(manifest), reading: reading), formats: [.html, .md, .json], to: folder.path + "/out")
        guard case .failure(let failure) = result else {
            Issue.record("the render did not fail")
            return
        }
        #expect(failure.output.status == .noInput)
        #expect(filesBelow(folder.path + "/out") == before)
    }

    @Test("an output folder that cannot be created: 73")
    func unwritable() {
        let folder = TemporaryFolder()
        let blocker = folder.write("blocker", "a file where a folder should be")
        let output = scope(out: blocker + "/out")
        #expect(output.status == .cannotCreate)
        #expect(output.standardError.hasPrefix("landfall: error: \(blocker)/out: cannot create the folder"))
    }
}

@Suite("The statement of work")
struct StatementOfWorkTests {
    private func date(_ text: String) throws -> Date {
        try #require(ProjectStart.day(text))
    }

    @Test("working days skip weekends and holidays; a start on a Saturday moves to Monday")
    func workingDays() throws {
        let calendar = WorkingCalendar(start: try date("2027-01-09"), holidays: ["2027-01-18"])
        #expect(Calendar.day(calendar.start) == "2027-01-11")
        #expect(Calendar.day(calendar.day(1)) == "2027-01-11")
        #expect(Calendar.day(calendar.day(5)) == "2027-01-15")
        #expect(Calendar.day(calendar.day(5.5)) == "2027-01-19")
        #expect(Calendar.day(calendar.day(6)) == "2027-01-19")
        #expect(Calendar.day(calendar.day(3, after: try date("2027-01-15"))) == "2027-01-21")
    }

    @Test("days are counted by hand as the Gregorian calendar counts them: leap years, the years 0001 and 9999, and no day that does not exist")
    func dayArithmetic() throws {
        for text in ["0001-01-01", "1600-02-29", "1969-12-31", "1970-01-01", "2000-02-29", "2024-02-29", "2027-01-11", "9999-12-31"] {
            let day = try #require(ProjectStart.day(text), "\(text) was refused")
            #expect(Calendar.day(day) == text)
        }
        for text in ["0000-01-01", "1900-02-29", "2027-02-29", "2027-04-31", "2027-13-01", "2027-00-10", "10000-01-01", "2027-1-11", "２０２７-01-11", "2027-01-1x"] {
            #expect(ProjectStart.day(text) == nil, "\(text) was taken as a date")
        }
    }

    @Test("the scope lists the holidays its milestones skip, not every day of the holidays file")
    func holidaysInTheSpan() throws {
        let calendar = WorkingCalendar(start: try date("2027-01-11"), holidays: ["2026-12-25", "2027-01-16", "2027-01-18", "2027-02-01", "2030-01-01"])
        #expect(calendar.holidays(through: try date("2027-01-31")) == ["2027-01-18"])
        #expect(calendar.holidays(through: try date("2027-02-01")) == ["2027-01-18", "2027-02-01"])
    }

    @Test("a start that is not a date, and a holidays file with a bad line, name the place")
    func badCalendar() throws {
        guard case .failure(let start) = ProjectStart.calendar(start: "2027-02-30", holidaysFile: nil) else {
            Issue.record("2027-02-30 was taken as a date")
            return
        }
        #expect(start.status == .usage)
        #expect(start.diagnostic.message == "\"2027-02-30\" is not a date such as 2027-01-11")
        let folder = TemporaryFolder()
        let file = folder.write("holidays.txt", "# Office closed\n2026-12-25 Christmas Day\n  26/12/2026 Boxing Day\n")
        guard case .failure(let holidays) = ProjectStart.calendar(start: "2027-01-11", holidaysFile: file) else {
            Issue.record("the bad holidays line was taken")
            return
        }
        #expect(holidays.status == .dataError)
        #expect(holidays.diagnostic.description == "\(file):3:3: error: \"26/12/2026\" is not a date such as 2026-12-25; each line holds one date, optionally followed by its name")
        guard case .success(let calendar) = ProjectStart.calendar(start: "2027-01-11", holidaysFile: folder.write("ok.txt", "2027-01-12\r\n\r\n# none\r\n")) else {
            Issue.record("a good holidays file was refused")
            return
        }
        #expect(calendar.holidays == ["2027-01-12"])
    }

    @Test("payments add up to the price; milestones and sign-off windows are dated from the start")
    func datedTerms() throws {
        let estimate = try estimate(Fixtures.manifest())
        let document = ScopeDocument(estimate: estimate, rules: Fixtures.rules, calendar: WorkingCalendar(start: try date("2027-01-11")))
        let work = document.statementOfWork
        #expect(work.payments.map(\.due) == ["signature", "acceptance"])
        #expect(work.payments.compactMap(\.amount).reduce(0, +) == estimate.price.total)
        #expect(work.payments.map(\.dueWhen) == ["at signature", "on Production acceptance"])
        let calendar = WorkingCalendar(start: try date("2027-01-11"))
        #expect(work.milestones.last?.latestDate == Calendar.day(calendar.day(estimate.timeline.daysHigh)))
        #expect(work.milestones.filter(\.isSignOff).map(\.phase) == ["rehearsal_sign_off", "acceptance"])
        #expect(work.payments.last?.latestDate == work.milestones.last?.latestDate)
        #expect(work.recordsCeiling == Int((Double(estimate.facts.records) * 1.1).rounded(.down)))
        let markdown = try #require(try render(estimate, formats: [.md]).first?.text)
        #expect(markdown.contains("| A Full sandbox for the rehearsal run, a paid add-on from Salesforce for this edition (Performance and Unlimited Edition include one) | Salesforce publishes no list price for a Full sandbox; its account executive quotes it. |  |"))
        #expect(markdown.contains("The milestones are dated once the start is agreed."))
        // Every risk says what is done about it and who does it.
        #expect(!document.risks.isEmpty)
        #expect(document.risks.allSatisfy { !$0.mitigation.isEmpty })
        #expect(markdown.contains("| High | Validation rules block Case inserts | Salesforce Service Cloud | "))
        #expect(markdown.contains("the sandbox run shows which rules reject Cases. | Customer |"))
    }
}
