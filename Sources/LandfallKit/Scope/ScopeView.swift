/// The scope document as the templates see it: every value already formatted as text, so
/// templates hold wording and layout only. Built from a ``ScopeDocument``, for the buyer (the
/// client render: reasons in words, no rules) or for the pre-sales engineer (the internal render:
/// every rule and figure behind them).
struct ScopeView {
    /// Who reads the render.
    enum Audience {
        /// The buyer.
        case client
        /// The pre-sales engineer.
        case internalReview
    }

    struct Text { let text: String }
    struct Cover {
        let customer, source, destination, quoteNumber, version, date, validUntil, issuer, toolVersion, rulesVersion: String
    }
    struct Summary {
        let records, objects, overallLetter, overallLabel, overallClass, timeline, price, people, peopleNote: String
        let scopedIndividually: Bool
    }
    struct ObjectRow {
        let name, count, carried, destination, cardinality, support, notes, loadStep: String
        let hasCarried: Bool
    }
    struct Exclusion { let name, count, reason: String }
    struct GradeRow {
        let title, letter, label, letterClass: String
        let reasons: [Text]
    }
    struct PhaseRow {
        let number, name, days: String
        let drivers: [Text]
        let hasDrivers: Bool

        init(number: String, name: String, days: String, drivers: [Text]) {
            (self.number, self.name, self.days, self.drivers) = (number, name, days, drivers)
            hasDrivers = !drivers.isEmpty
        }
    }
    struct LoadRow { let object, destination, method, records, requests: String }
    struct PriceRow { let description, rule, amount: String }
    struct Risk { let severity, severityClass, origin, title, detail, owner, mitigation: String }
    struct Integration { let name, kind, state: String }
    struct Step { let number, name, days, detail: String }
    struct PaymentRow { let share, due, amount, target, latest: String }
    struct MilestoneRow { let name, target, latest: String }

    let title: String
    /// Whether this is the internal render (rule paths and the figures behind them shown).
    let isInternal: Bool
    let gradingIntro: String
    /// What every printed page says at its top, as a CSS string: the quote, the customer, the pair.
    let runningHeader: String
    /// The closing line as a CSS string: printed at the foot of every page, in place of the footer.
    let closingLine: String
    let cover: Cover
    let summary: Summary
    let objectRows: [ObjectRow]
    let exclusions: [Exclusion]
    let grades: [GradeRow]
    let overall: GradeRow
    let phases: [PhaseRow]
    /// The phases this account lengthens (the client render lists only these).
    let lengthenedPhases: [PhaseRow]
    let hasLengthenedPhases: Bool
    /// What the client render says of the phases it does not list.
    let standardPhasesNote: String
    let timelineTotal: String
    let gantt: GanttChart?
    /// The same chart laid out for a phone.
    let ganttNarrow: GanttChart?
    /// Why the timeline is not planned by rule, when it is not.
    let timelineScopedReason: String?
    let loadRows: [LoadRow]
    let loadTotal, loadHours, loadDays, loadLimit, exportSize: String
    let loadWarnings: [Text]
    let hasLoadWarnings: Bool
    /// How the load keeps assignment and notifications off, and what a re-run does.
    let loadSettings: [Text]
    let hasLoadSettings: Bool
    let priceRows: [PriceRow]
    let priceTotal: String
    let hasPrice: Bool
    let scopedReason: String
    let priceValidity: String
    let assumptions: [Text]
    let hasAssumptions: Bool
    let risks: [Risk]
    let automationsText: String
    let integrations: [Integration]
    let hasIntegrations: Bool
    let licensingNote: String
    let hasLicensingNote: Bool
    let approach: [Step]
    let responsibilities: [Text]
    let acceptance: [Text]
    let termsBasis: String
    let changeRequest: String
    let payments: [PaymentRow]
    let hasPaymentDates: Bool
    let milestones: [MilestoneRow]
    let hasMilestones: Bool
    let milestonesNote: String
    /// The clauses beyond the price and the plan.
    let contract: ContractView
    let signatureCustomer: String
    let signatureIssuer: String

    /// How a load line is sent, in words: `Bulk API 2.0, 3 jobs (207.5 MB of CSV)`, `REST, one
    /// multipart call a file`, `REST`.
    static func method(_ line: LoadPlan.Line) -> String {
        let how: String
        switch line.method {
        case "bulk":
            let jobs = line.jobs ?? 1
            how = "Bulk API 2.0, \(jobs) job\(jobs == 1 ? "" : "s") (\(Format.number(line.csvMB ?? 0)) MB of CSV)"
        case "file": how = "REST, one multipart call a file"
        default: how = "REST"
        }
        guard let operation = line.operation, ["insert", "upsert", "update"].contains(operation) else { return how }
        return "\(how), \(operation)"
    }

    init(_ document: ScopeDocument, for audience: Audience = .client) {
        isInternal = audience == .internalReview
        let estimate = document.estimate
        let price = estimate.price
        let plan = estimate.loadPlan
        let timeline = estimate.timeline
        let quote = document.quote
        title = (isInternal ? "Internal review of the quote: " : "Scope and quote: ")
            + "\(estimate.customer.name), \(estimate.source.name) to \(estimate.destination.name)"
        runningHeader = Format.cssString((isInternal ? "Internal review · " : "") + "Quote \(quote.number), version \(quote.version) · \(estimate.customer.name) · \(estimate.source.name) to \(estimate.destination.name)")
        closingLine = Format.cssString("Quote \(quote.number), version \(quote.version) · prepared with Landfall \(quote.toolVersion), rules \(quote.rulesVersion) · \(quote.date)")
        gradingIntro = isInternal
            ? "Grades run from A (simple) to F (very complex). Each names the rules and the figures behind it."
            : "Grades run from A (simple) to F (very complex). Each says what in this account sets it."
        cover = Cover(customer: estimate.customer.name, source: estimate.source.name, destination: estimate.destination.name,
                      quoteNumber: quote.number, version: quote.version, date: quote.date, validUntil: quote.validUntil, issuer: quote.issuer,
                      toolVersion: quote.toolVersion, rulesVersion: quote.rulesVersion)
        let priceText = price.total.map { Format.money($0, price.currency) } ?? "Scoped individually"
        let people = estimate.facts.userMatching.summary(destination: estimate.destination.name)
        summary = Summary(records: Format.count(estimate.facts.records),
                          objects: "\(document.objectMap.count) kinds of record",
                          overallLetter: estimate.grading.overall.letter, overallLabel: estimate.grading.overall.label,
                          overallClass: Self.gradeClass(estimate.grading.overall.letter),
                          timeline: timeline.scopedIndividually ? "Scoped individually" : Format.weeks(timeline.weeksLow, timeline.weeksHigh),
                          price: priceText,
                          people: people.figure, peopleNote: people.note,
                          scopedIndividually: price.scopedIndividually)
        objectRows = document.objectMap.map { row in
            let carried = row.carries.map { "\($0.name): \(Format.count($0.count))" }.joined(separator: ", ")
            return ObjectRow(name: row.name, count: Format.count(row.count), carried: carried, destination: row.destinations.joined(separator: " + "),
                             cardinality: Format.cardinality(row.cardinality), support: Format.support(row.support), notes: row.notes,
                             loadStep: row.loadStep ?? "not loaded", hasCarried: !row.carries.isEmpty)
        }
        exclusions = document.outOfScope.exclusions.map { Exclusion(name: $0.name, count: Format.count($0.count), reason: $0.reason) }
        grades = Grading.Dimension.allCases.map { dimension in
            let grade = estimate.grading[dimension]
            return GradeRow(title: dimension.title, letter: grade.letter, label: grade.label, letterClass: Self.gradeClass(grade.letter),
                            reasons: Text.list(audience == .internalReview ? grade.reasons : grade.explanation))
        }
        let overall = estimate.grading.overall
        self.overall = GradeRow(title: "Overall", letter: overall.letter, label: overall.label, letterClass: Self.gradeClass(overall.letter),
                                reasons: Text.list(audience == .internalReview ? overall.reasons : overall.explanation))
        let numbers = Dictionary(timeline.phases.enumerated().map { ($1.id, $0 + 1) }, uniquingKeysWith: { first, _ in first })
        phases = timeline.phases.enumerated().map { index, phase in
            var days = Format.range(phase.daysLow, phase.daysHigh)
            if case .within(let host) = phase.signOff, let number = numbers[host] {
                days += ", the last of phase \(number)'s"
            }
            return PhaseRow(number: "\(index + 1)", name: phase.name + (phase.signOff == nil ? "" : " (customer)"), days: days,
                            drivers: Text.list(audience == .internalReview ? phase.drivers : phase.reasons))
        }
        lengthenedPhases = phases.filter(\.hasDrivers)
        hasLengthenedPhases = !lengthenedPhases.isEmpty
        standardPhasesNote = lengthenedPhases.isEmpty
            ? "Every phase keeps its standard length for \(estimate.destination.name): nothing in this account lengthens it."
            : "The other phases keep their standard length for \(estimate.destination.name)."
        timelineTotal = timeline.scopedIndividually
            ? "Scoped individually after discovery"
            : "\(Format.range(timeline.daysLow, timeline.daysHigh)) working days: \(Format.weeks(timeline.weeksLow, timeline.weeksHigh))"
        timelineScopedReason = timeline.reason
        gantt = timeline.scopedIndividually ? nil : GanttChart(timeline: timeline)
        ganttNarrow = timeline.scopedIndividually ? nil : GanttChart(timeline: timeline, layout: .narrow)
        loadRows = plan.lines.map {
            LoadRow(object: $0.object.replacingOccurrences(of: "_", with: " "), destination: $0.destination, method: Self.method($0),
                    records: Format.count($0.records), requests: Format.count($0.requests))
        }
        loadTotal = Format.count(plan.totalRequests)
        loadHours = Format.number(plan.hoursAtLimit)
        loadDays = "\(Format.count(plan.calendarDays)) calendar day\(plan.calendarDays == 1 ? "" : "s")"
        loadLimit = plan.limit
        exportSize = "\(Format.number(plan.exportSizeGB)) GB"
        loadWarnings = plan.warnings.map { Text(text: $0.message) }
        hasLoadWarnings = !plan.warnings.isEmpty
        loadSettings = plan.settings.map { Text(text: $0) }
        hasLoadSettings = !plan.settings.isEmpty
        priceRows = (audience == .internalReview ? price.lineItems : price.clientLines).map {
            PriceRow(description: $0.description, rule: $0.rule, amount: Format.money($0.amount, price.currency))
        }
        priceTotal = priceText
        hasPrice = price.total != nil
        scopedReason = price.reason ?? ""
        priceValidity = "Quoted on \(price.asOf); valid until \(price.validUntil). Prices in \(price.currency), fixed per tier: no per-record fees."
        assumptions = Text.list(estimate.facts.assumptions)
        hasAssumptions = !assumptions.isEmpty
        risks = document.risks.map {
            Risk(severity: Format.severity($0.severity), severityClass: "severity-\($0.severity.rawValue)", origin: $0.origin, title: $0.title, detail: $0.detail,
                 owner: $0.owner.words, mitigation: $0.mitigation)
        }
        let out = document.outOfScope
        automationsText = "\(out.activeAutomations) active automation\(out.activeAutomations == 1 ? "" : "s")"
            + (out.inactiveAutomations > 0 ? " (and \(out.inactiveAutomations) inactive)" : "")
            + " cannot be migrated: each is listed in the automation-rebuild inventory, with its suggested \(estimate.destination.name) equivalent, for the customer's admin to rebuild."
        integrations = out.integrations.map { Integration(name: $0.name, kind: $0.kind, state: $0.active ? "active" : "inactive") }
        hasIntegrations = !integrations.isEmpty
        licensingNote = out.licensingNote ?? ""
        hasLicensingNote = out.licensingNote != nil
        // Each step states its phase's days as the timeline table does.
        let phaseDays = Dictionary(timeline.phases.map { ($0.id, Format.range($0.daysLow, $0.daysHigh)) }, uniquingKeysWith: { first, _ in first })
        approach = document.approach.enumerated().map { index, step in
            Step(number: "\(index + 1)", name: step.name, days: phaseDays[step.id].map { "\($0) working day\($0 == "1" ? "" : "s")" } ?? "", detail: step.detail)
        }
        responsibilities = Text.list(document.customerResponsibilities)
        let acceptance = document.acceptance
        let rehearsal = estimate.facts.family?.rehearsal ?? "rehearsal"
        self.acceptance = Text.list([
            "Every object of every run passes when failed, unprocessed and missing records together stay within \(Format.percent(acceptance.passMaxShare)) of its source records; up to \(Format.percent(acceptance.warnMaxShare)) it passes with a warning that must be explained; beyond that it fails.",
            "Duplicates allowed: \(acceptance.duplicatesAllowed). Records the destination holds that the source did not send: \(acceptance.unexpectedAllowed). Child records without their parent: \(acceptance.orphansAllowed).",
            "After the \(rehearsal) run, \(acceptance.spotCheckLow) to \(acceptance.spotCheckHigh) randomly chosen records are checked by hand, field by field, against the source.",
            "A reconciliation report is published after every run (\(rehearsal), production, delta) and the customer signs off the \(rehearsal) and production reports.",
        ])
        let work = document.statementOfWork
        let method = switch work.exportMethod {
        case .adminPanel: "taken from the admin panel"
        case .screenScrape: "screen-scraped with the customer's consent"
        case .api: "taken through the API"
        }
        termsBasis = "The counts come from the \(estimate.source.name) export of \(work.countsExportedAt), \(method). "
            + "This price holds while they grow by at most \(Format.percent(work.countGrowthAllowed)) before cutover, to \(Format.count(work.recordsCeiling)) records; "
            + "beyond that, the migration is quoted again by the same rules."
        changeRequest = "Work outside this scope starts only once both parties have agreed it in writing as a change request: "
            + "each is estimated within \(work.changeRequestAnswerDays) working days and charged at \(Format.money(work.changeRequestHourlyRate, price.currency)) an hour, "
            + "and a change that moves a milestone says so."
        payments = work.payments.map { payment in
            PaymentRow(share: Format.percent(payment.share), due: payment.dueWhen,
                       amount: payment.amount.map { Format.money($0, price.currency) } ?? "as quoted after discovery",
                       target: payment.targetDate ?? "", latest: payment.latestDate ?? "")
        }
        hasPaymentDates = work.payments.contains { $0.targetDate != nil }
        milestones = work.milestones.map { MilestoneRow(name: $0.name + ($0.isSignOff ? " (customer)" : ""), target: $0.targetDate, latest: $0.latestDate) }
        hasMilestones = !milestones.isEmpty
        let signOff = "The customer's sign-off windows are phases of the plan: a run report neither signed off nor rejected in writing within "
            + "\(work.signOffWorkingDays) working days of the run's end counts as accepted when its window lapses"
        if let start = work.start {
            milestonesNote = "Dated from a start on \(start), counting working days Monday to Friday"
                + (work.holidays.isEmpty ? "." : " and skipping \(work.holidays.count) holiday\(work.holidays.count == 1 ? "" : "s") (\(work.holidays.joined(separator: ", "))).")
                + " \(signOff); a delay on the customer's side moves the later milestones by as many working days."
        } else {
            milestonesNote = timeline.scopedIndividually
                ? "The milestones are dated once the timeline is set after discovery."
                : "The milestones are dated once the start is agreed. \(signOff)."
        }
        contract = ContractView(work, customer: estimate.customer.name, issuer: quote.issuer, source: estimate.source.name, currency: price.currency)
        signatureCustomer = estimate.customer.name
        signatureIssuer = quote.issuer
    }

    /// `grade-a` … `grade-f`, for colour that backs up the letter (never replaces it).
    static func gradeClass(_ letter: String) -> String {
        "grade-\(letter.lowercased())"
    }
}

extension ScopeView.Text {
    /// Wraps each string.
    static func list(_ texts: [String]) -> [ScopeView.Text] {
        texts.map { ScopeView.Text(text: $0) }
    }
}
