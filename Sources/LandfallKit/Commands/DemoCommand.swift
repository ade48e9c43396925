import Foundation

/// `landfall demo`: every document for each bundled sample manifest, into `Output/demo/`, with an
/// `index.html` that links them.
public struct DemoCommand: Sendable {
    /// The folder holding the sample manifests.
    public var samplesDirectory: String
    /// Where to write (`Output/demo`).
    public var outputDirectory: String
    /// The documents' date.
    public var asOf: Date
    /// The estimator.
    public var estimator: Estimator
    /// The renderer.
    public var renderer: ScopeRenderer

    /// Creates the command.
    public init(samplesDirectory: String, outputDirectory: String, asOf: Date, estimator: Estimator, renderer: ScopeRenderer) {
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
            return CommandOutput(standardError: "landfall demo: error: no sample manifests in \(samplesDirectory)\n", status: .noInput)
        }
        let reader = ManifestReader(vocabulary: estimator.catalog.vocabulary)
        var entries: [DemoIndex.Entry] = []
        var paths: [String] = []
        for name in names {
            let reading = reader.read(path: (samplesDirectory as NSString).appendingPathComponent(name))
            guard let manifest = reading.manifest else { return .failure(reading.diagnostics, status: reading.status) }
            let slug = manifest.customerSlug
            let written = EstimateRun(estimator: estimator).estimate(manifest, destination: nil, unmatchedUsers: nil, asOf: asOf).flatMap { estimate in
                DocumentRun(renderer: renderer).write(estimate, formats: ScopeRenderer.Format.allCases, to: (outputDirectory as NSString).appendingPathComponent(slug))
                    .map { (estimate, $0) }
            }
            switch written {
            case .success(let (estimate, files)):
                paths += files
                entries.append(DemoIndex.Entry(estimate: estimate, slug: slug))
            case .failure(let failure):
                return failure.output
            }
        }
        let index = DemoIndex(entries: entries, date: Calendar.day(asOf))
        do {
            let html = try renderer.templates.render(index, template: "demo-index", format: .html)
            paths += try OutputWriter.write([OutputWriter.File(path: "index.html", text: html)], to: outputDirectory)
        } catch let failure as TemplateFailure {
            return .failure(failure.diagnostics, status: failure.status)
        } catch let failure as OutputWriter.Failure {
            return CommandOutput(standardError: "landfall: error: \(failure.message)\n", status: .cannotCreate)
        } catch {
            return CommandOutput(standardError: "landfall: error: \(error)\n", status: .software)
        }
        return CommandOutput(standardOutput: paths.map { "\($0)\n" }.joined())
    }
}

/// The demo's index page as the template sees it.
struct DemoIndex {
    struct Link { let href, label: String }
    struct Entry {
        let slug, customer, pair, grade, gradeLabel, gradeClass, timeline, price: String
        let documents: [Link]

        init(estimate: Estimate, slug: String) {
            self.slug = slug
            customer = estimate.customer.name
            pair = "\(estimate.source.name) to \(estimate.destination.name)"
            grade = estimate.grading.overall.letter
            gradeLabel = estimate.grading.overall.label
            gradeClass = ScopeView.gradeClass(grade)
            timeline = Format.weeks(estimate.timeline.weeksLow, estimate.timeline.weeksHigh)
            price = estimate.price.total.map { Format.money($0, estimate.price.currency) } ?? "Scoped individually"
            documents = [
                Link(href: "\(slug)/scope.html", label: "Scope document (HTML)"),
                Link(href: "\(slug)/scope.md", label: "Scope document (Markdown)"),
                Link(href: "\(slug)/scope.json", label: "Scope document (JSON)"),
            ]
        }
    }

    let title = "Landfall demo: the bundled samples"
    let toolVersion = Landfall.version
    let entries: [Entry]
    let date: String
}
