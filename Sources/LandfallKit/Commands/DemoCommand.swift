import Foundation

/// `landfall demo`: every document for each bundled sample manifest, into `Output/demo/`, with an
/// `index.html` that links them.
public struct DemoCommand: Sendable {
    /// The folder holding the sample manifests (and `destination-users/<customer-slug>.csv|json`).
    public var samplesDirectory: String
    /// Where to write (`Output/demo`).
    public var outputDirectory: String
    /// The documents' date.
    public var asOf: Date
    /// The estimator.
    public var estimator: Estimator
    /// The renderer.
    public var renderer: DocumentRenderer

    /// Creates the command.
    public init(samplesDirectory: String, outputDirectory: String, asOf: Date, estimator: Estimator, renderer: DocumentRenderer) {
        self.samplesDirectory = samplesDirectory
        self.outputDirectory = outputDirectory
        self.asOf = asOf
        self.estimator = estimator
        self.renderer = renderer
    }

    /// Renders every sample; prints every path written.
    public func run() -> CommandOutput {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: samplesDirectory)) ?? [])
            .filter { DocumentFormat(fileExtension: ($0 as NSString).pathExtension) != nil }
            .sorted()
        guard !names.isEmpty else {
            return CommandOutput.error("no sample manifests in \(samplesDirectory)", status: .noInput)
        }
        var entries: [DemoIndex.Entry] = []
        var paths: [String] = []
        for name in names {
            let path = (samplesDirectory as NSString).appendingPathComponent(name)
            let estimated: EstimateRun.Estimated
            switch EstimateRun(estimator: estimator).run(path: path, destination: nil, unmatchedUsers: nil,
                                                         usersFile: { destinationUsersFile(for: $0.customerSlug) }, asOf: asOf) {
            case .success(let result): estimated = result
            case .failure(let failure): return failure.output
            }
            let estimate = estimated.estimate
            let slug = estimate.facts.manifest.customerSlug
            let folder = (outputDirectory as NSString).appendingPathComponent(slug)
            var written: [String] = []
            for kind in [DocumentKind.scope, .internalScope, .inventory, .crosswalk] {
                switch DocumentRun(renderer: renderer).write(kind, estimated, formats: OutputFormat.allCases, to: folder) {
                case .success(let result): written += result.paths
                case .failure(let failure): return failure.output
                }
            }
            let compare = CompareCommand(manifestPath: path, outputDirectory: folder, formats: OutputFormat.allCases, asOf: asOf, unmatchedUsers: nil,
                                         destinationUsers: destinationUsersFile(for: slug), estimator: estimator, renderer: renderer)
            switch compare.rendered() {
            case .success(let rendered):
                do {
                    written += try OutputWriter.write(rendered.files, to: folder)
                } catch {
                    return CommandOutput.error("\(error.message)", status: .cannotCreate)
                }
            case .failure(let failure): return failure.output
            }
            paths += written
            entries.append(DemoIndex.Entry(estimate: estimate, slug: slug, files: written.map { String($0.dropFirst(outputDirectory.count + 1)) }))
        }
        // The sample runs are published into a new site, which then takes the place of the demo's
        // last one whole: a run published by an earlier version is replaced, never refused.
        let site = (outputDirectory as NSString).appendingPathComponent("site")
        let staging = (outputDirectory as NSString).appendingPathComponent(".site-\(ProcessInfo.processInfo.processIdentifier)")
        defer { try? FileManager.default.removeItem(atPath: staging) }
        let runs = (samplesDirectory as NSString).appendingPathComponent("runs")
        var published: [String] = []
        for name in ((try? FileManager.default.contentsOfDirectory(atPath: runs)) ?? []).filter({ !$0.hasPrefix(".") }).sorted() {
            let command = ReconcileCommand(runFolder: (runs as NSString).appendingPathComponent(name), site: staging, catalog: estimator.catalog,
                                           acceptance: renderer.rules.acceptance, templates: renderer.templates)
            do {
                guard case .published(let written) = try command.publish().outcome else { continue }
                published += written.map { site + $0.dropFirst(staging.count) }.filter { !published.contains($0) }
            } catch {
                return .failure(error.diagnostics, status: error.status)
            }
        }
        if FileManager.default.fileExists(atPath: staging) {
            do {
                let old = staging + "-old"
                if FileManager.default.fileExists(atPath: site) { try FileManager.default.moveItem(atPath: site, toPath: old) }
                try FileManager.default.moveItem(atPath: staging, toPath: site)
                try? FileManager.default.removeItem(atPath: old)
            } catch {
                return CommandOutput.error("\(site): the demo's site cannot be put in place (\(error.localizedDescription))", status: .cannotCreate)
            }
            paths += published
        }
        // The raw export beside the samples, surveyed into the manifest it amounts to and its profile.
        let export = (samplesDirectory as NSString).appendingPathComponent("export-thread")
        if FileManager.default.fileExists(atPath: export) {
            let survey = SurveyCommand(folder: export, directory: (outputDirectory as NSString).appendingPathComponent("survey"),
                                       destination: "salesforce-service-cloud", customer: "Thread sample export", asOf: asOf, catalog: estimator.catalog,
                                       rules: estimator.rules, renderer: renderer).run()
            guard survey.status == .ok else { return survey }
            paths += survey.standardOutput.split(separator: "\n").map(String.init)
        }
        let hasSite = FileManager.default.fileExists(atPath: (site as NSString).appendingPathComponent("index.html"))
        let hasSurvey = FileManager.default.fileExists(atPath: (outputDirectory as NSString).appendingPathComponent("survey/fieldmap.html"))
        let index = DemoIndex(entries: entries, date: Calendar.day(asOf), hasSite: hasSite, hasSurvey: hasSurvey)
        do {
            let html = try renderer.templates.render(index, template: "demo-index", format: .html)
            paths += try OutputWriter.write([OutputWriter.File(path: "index.html", text: html)], to: outputDirectory)
        } catch let failure as TemplateFailure {
            return .failure(failure.diagnostics, status: failure.status)
        } catch let failure as OutputWriter.Failure {
            return CommandOutput.error("\(failure.message)", status: .cannotCreate)
        } catch {
            return CommandOutput.error("\(error)", status: .software)
        }
        return CommandOutput(standardOutput: paths.map { "\($0)\n" }.joined())
    }

    /// `destination-users/<slug>.csv` or `.json` beside the samples, if there is one.
    private func destinationUsersFile(for slug: String) -> String? {
        ["csv", "json"]
            .map { (samplesDirectory as NSString).appendingPathComponent("destination-users/\(slug).\($0)") }
            .first { FileManager.default.fileExists(atPath: $0) }
    }
}

/// The demo's index page as the template sees it.
struct DemoIndex {
    struct Link { let href, label: String }
    struct Entry {
        let slug, customer, pair, grade, gradeLabel, gradeClass, timeline, price: String
        let documents: [Link]

        init(estimate: Estimate, slug: String, files: [String]) {
            self.slug = slug
            customer = estimate.customer.name
            pair = "\(estimate.source.name) to \(estimate.destination.name)"
            grade = estimate.grading.overall.letter
            gradeLabel = estimate.grading.overall.label
            gradeClass = ScopeView.gradeClass(grade)
            timeline = Format.weeks(estimate.timeline.weeksLow, estimate.timeline.weeksHigh)
            price = estimate.price.total.map { Format.money($0, estimate.price.currency) } ?? "Scoped individually"
            documents = files.filter { !$0.contains("/objects/") && !$0.contains("/queues/") }.map { Link(href: $0, label: Self.label($0)) }
        }

        private static func label(_ path: String) -> String {
            let name = (path as NSString).lastPathComponent
            let titles = ["compare": "Destinations compared", "scope": "Scope document", "scope-internal": "Scope document, internal review", "inventory": "Automation-rebuild inventory", "crosswalk": "Team-to-queue crosswalk"]
            let stem = (name as NSString).deletingPathExtension
            let formats = ["html": "HTML", "md": "Markdown", "json": "JSON", "csv": "CSV"]
            if let title = titles[stem], let format = formats[(name as NSString).pathExtension] { return "\(title) (\(format))" }
            if name == "package.xml" { return "Salesforce set-up package (package.xml, custom fields and queues)" }
            if name == "intercom-setup.json" { return "Intercom set-up (teams, data attributes, tags)" }
            return name
        }
    }

    let title = "Landfall demo: the bundled samples"
    let toolVersion = Landfall.version
    let entries: [Entry]
    let date: String
    /// Whether sample runs were published to `site/`.
    let hasSite: Bool
    /// Whether the bundled raw export was surveyed into `survey/`.
    let hasSurvey: Bool
}
