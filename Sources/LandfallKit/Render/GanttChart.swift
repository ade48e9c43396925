/// The geometry of the timeline chart: one row per phase, a bar for the optimistic and one for
/// the cautious plan, on an axis of working days. The template draws it as inline SVG.
struct GanttChart {
    struct Row {
        let name: String
        let labelY: String
        let lowY: String
        let highY: String
        let lowX: String
        let lowWidth: String
        let highX: String
        let highWidth: String
        let days: String
    }

    struct Tick {
        let x: String
        let label: String
        let lineTop: String
        let lineBottom: String
    }

    /// How the chart is laid out: wide (labels left of the bars) or narrow (each label above its
    /// bars, for a phone, where the chart is drawn at about the size it is shown).
    enum Layout {
        case wide
        case narrow

        /// The drawing's width; where the plot starts and how wide it is; the height of a row;
        /// where a row's label and bars sit in it. Wide, the plot starts after the longest of
        /// `labels`, so that no label runs into the bars or over the axis's zero.
        fileprivate func metrics(labels: [String]) -> (width: Double, plotX: Double, plotWidth: Double, rowHeight: Double, labelY: Double, barY: Double) {
            switch self {
            case .wide:
                let longest = labels.map { GanttChart.labelWidth($0) }.max() ?? 0
                let plotX = min(max(longest + 16, 160), 360)
                return (720, plotX, 720 - plotX - 20, 34, 19, 4)
            case .narrow:
                return (360, 8, 336, 46, 14, 20)
            }
        }
    }

    /// The width a label takes at the chart's 13 px, as wide as its letters run in a sans-serif
    /// face (about 0.6 em each, a capital or a wide letter more), generously so that it never
    /// overruns.
    static func labelWidth(_ label: String) -> Double {
        label.reduce(0) { width, character in
            width + (character.isUppercase || "mwMW".contains(character) ? 10 : character == " " ? 4 : 7.4)
        }
    }

    let width: String
    let height: String
    let rows: [Row]
    let ticks: [Tick]
    let axisY: String
    let legendY: String
    let legendTextY: String
    /// Where the legend's two entries start.
    let legendLowX, legendLowTextX, legendHighX, legendHighTextX: String
    let description: String

    private static let top = 8.0

    init(timeline: Timeline, layout: Layout = .wide) {
        let names = timeline.phases.map { $0.name + ($0.signOff == nil ? "" : " (customer)") }
        let metrics = layout.metrics(labels: names)
        let span = max(timeline.daysHigh, 1)
        let scale = metrics.plotWidth / span
        let x = { (days: Double) -> String in Self.coordinate(metrics.plotX + days * scale) }
        let w = { (days: Double) -> String in Self.coordinate(max(days * scale, 1.5)) }
        rows = timeline.phases.enumerated().map { index, phase in
            let y = Self.top + Double(index) * metrics.rowHeight
            return Row(name: names[index], labelY: Self.coordinate(y + metrics.labelY), lowY: Self.coordinate(y + metrics.barY),
                       highY: Self.coordinate(y + metrics.barY + 12),
                       lowX: x(phase.startLow), lowWidth: w(phase.daysLow), highX: x(phase.startHigh), highWidth: w(phase.daysHigh),
                       days: Format.range(phase.daysLow, phase.daysHigh))
        }
        let bottom = Self.top + Double(timeline.phases.count) * metrics.rowHeight
        let step = Self.tickStep(for: span)
        ticks = stride(from: 0.0, through: span, by: step).map {
            Tick(x: x($0), label: Format.number($0), lineTop: Self.coordinate(Self.top), lineBottom: Self.coordinate(bottom))
        }
        width = Self.coordinate(metrics.width)
        axisY = Self.coordinate(bottom + 16)
        legendY = Self.coordinate(bottom + 28)
        legendTextY = Self.coordinate(bottom + 37)
        height = Self.coordinate(bottom + 46)
        legendLowX = Self.coordinate(metrics.plotX)
        legendLowTextX = Self.coordinate(metrics.plotX + 20)
        legendHighX = Self.coordinate(metrics.plotX + 110)
        legendHighTextX = Self.coordinate(metrics.plotX + 130)
        let phases = timeline.phases.map { "\($0.name) \(Format.range($0.daysLow, $0.daysHigh)) days" }.joined(separator: "; ")
        description = "Working days per phase, optimistic and cautious: \(phases). In all \(Format.range(timeline.daysLow, timeline.daysHigh)) working days."
    }

    /// The most intervals between ticks on the axis.
    static let maximumIntervals = 8.0

    /// The smallest round step (1, 2 or 5 times a power of ten, at least 5 days) that cuts an axis
    /// of `span` days into at most ``maximumIntervals`` intervals, so that no span draws more ticks.
    static func tickStep(for span: Double) -> Double {
        guard span.isFinite else { return .infinity }
        var magnitude = 1.0
        while true {
            for factor in [1.0, 2.0, 5.0] {
                let step = factor * magnitude
                if step >= 5, span / step <= maximumIntervals { return step }
            }
            magnitude *= 10
        }
    }

    private static func coordinate(_ value: Double) -> String {
        Format.number(Format.tenths(value))
    }
}
