import Foundation
public import LedgerKit

/// The timeline's layout: valid time across, one row per source (sorted), a mark per claim and per
/// retraction, and each grade or affiliation of a source in that source's row (its letter, or ∈). Marks closer than a mark's width in one row are moved onto lanes within the row, so
/// they never pile up; a row is as tall as its lanes need.
public struct Timeline {
    static let width = 960.0
    static let left = 230.0
    static let right = 940.0
    static let lane = 12.0
    static let markSize = 10.0

    /// What the report's and the desk's templates read: the SVG's rows, marks and axis.
    public var context: [String: Any] = [:]

    /// Lays out `events` (a receipt's), with valid time `at` marked.
    public init(events: [Event], at: Timestamp?) {
        struct Mark {
            let event: Event
            let source: String
            let kind: String
            let tooltip: String
            var letter = ""
        }
        var claimsByID: [String: Assertion] = [:]
        var marks: [Mark] = []
        for event in events {
            switch event.body {
            case .assert(let claim):
                claimsByID[event.id] = claim
                if let graded = SourceFacts.source(ofSubject: claim.subject) {
                    // A fact about a source is drawn in the row of the source it is about.
                    let value = CanonicalJSON.string(claim.object)
                    let isGrade = claim.predicate.hasSameBytes(as: SourceFacts.reliability)
                    let said = isGrade ? "grades it \(value)" : "says it is \(claim.predicate) \(value)"
                    marks.append(
                        Mark(
                            event: event, source: graded, kind: "grade",
                            tooltip:
                                "\(claim.source) \(claim.stance == .deny ? "denies it: " : "")\(said) (\(event.effectiveAt.rfc3339))",
                            letter: isGrade ? (claim.object.stringValue ?? "?") : "∈"))
                    continue
                }
                var tooltip =
                    "\(claim.source) \(claim.stance == .deny ? "denies" : "affirms") \(claim.predicate) = \(CanonicalJSON.string(claim.object))"
                    + " (\(event.effectiveAt.rfc3339))"
                if let quote = claim.evidence?.quote { tooltip += "\n“\(quote)”" }
                if claim.evidence == nil, claim.evidenceHash != nil { tooltip += "\n(evidence erased)" }
                if let citation = claim.evidence?.citation { tooltip += "\n\(citation)" }
                marks.append(
                    Mark(event: event, source: claim.source, kind: claim.stance == .deny ? "deny" : "affirm", tooltip: tooltip))
            case .retract(let retraction):
                guard let claim = claimsByID[retraction.target] else { continue }
                marks.append(
                    Mark(
                        event: event, source: claim.source, kind: "retraction",
                        tooltip: "Retraction of \(retraction.target) (\(event.effectiveAt.rfc3339)): \(retraction.reason)"))
            case .erase:
                continue
            }
        }
        // The axis spans the marks (an `at` far outside them is drawn at the edge, labelled with its date).
        let times = marks.map(\.event.effectiveAt.microsecondsSinceEpoch)
        var low = Double(times.min() ?? at?.microsecondsSinceEpoch ?? 0)
        var high = Double(times.max() ?? at?.microsecondsSinceEpoch ?? 1)
        if high - low < 3_600_000_000 {  // at least an hour across
            low -= 1_800_000_000
            high += 1_800_000_000
        }
        let margin = (high - low) * 0.03
        // Padded, but never past the years a time can be written in: a claim at 0000-01-01 or 9999-12-31
        // is drawn at the very edge.
        low = max(low - margin, Double(Timestamp.minimum.microsecondsSinceEpoch))
        high = min(high + margin, Double(Timestamp.maximum.microsecondsSinceEpoch))
        let span = high - low
        func x(_ micros: Int64) -> Double { Self.left + (Double(micros) - low) / span * (Self.right - Self.left) }

        let marksBySource = Dictionary(grouping: marks, by: \.source.exact)
        var rows: [[String: Any]] = []
        var markContexts: [[String: Any]] = []
        var top = 4.0
        for source in marksBySource.keys.sorted() {
            // Greedy lanes: each mark takes the first lane whose last mark is a mark's width away.
            var laneEnds: [Double] = []
            var placed: [(Mark, Double, Int)] = []
            for mark in marksBySource[source]!.sorted(by: { $0.event.effectiveAt < $1.event.effectiveAt }) {
                let markX = x(mark.event.effectiveAt.microsecondsSinceEpoch)
                let lane = laneEnds.firstIndex { markX - $0 >= Self.markSize + 2 } ?? laneEnds.count
                if lane == laneEnds.count { laneEnds.append(markX) } else { laneEnds[lane] = markX }
                placed.append((mark, markX, lane))
            }
            let height = max(24.0, Double(laneEnds.count) * Self.lane + 12)
            rows.append([
                "top": Self.format(top), "height": Self.format(height), "labelY": Self.format(top + 15),
                "label": source.string.count > 34 ? String(source.string.prefix(33)) + "…" : source.string,
            ])
            for (mark, markX, lane) in placed {
                let y = top + 12 + Double(lane) * Self.lane
                markContexts.append([
                    mark.kind: true, "x": Self.format(markX), "y": Self.format(y), "left": Self.format(markX - 5),
                    "topY": Self.format(y - 5), "textY": Self.format(y + 4), "tooltip": mark.tooltip, "letter": mark.letter,
                ])
            }
            top += height + 4
        }
        let axisY = top + 4
        var ticks: [[String: Any]] = []
        for step in 0...4 {
            let tick = Timestamp.clamped(microseconds: low + span * Double(step) / 4)
            let label = String(tick.rfc3339.prefix(16)).replacingOccurrences(of: "T", with: " ")
            ticks.append([
                "x": Self.format(Self.left + (Self.right - Self.left) * Double(step) / 4), "y": Self.format(axisY + 16),
                "label": label,
                "anchor": step == 0 ? "start" : step == 4 ? "end" : "middle",
            ])
        }
        context = [
            "svgWidth": Self.format(Self.width), "svgHeight": Self.format(axisY + 26), "svgLeft": Self.format(Self.left),
            "svgRight": Self.format(Self.right), "axisY": Self.format(axisY), "rows": rows, "ticks": ticks, "marks": markContexts,
        ]
        if let at {
            let micros = Double(at.microsecondsSinceEpoch)
            let atX = min(Self.right, max(Self.left, x(at.microsecondsSinceEpoch)))
            let date = String(at.rfc3339.prefix(10))
            let label = micros > high ? "at \(date) →" : micros < low ? "← at \(date)" : "at"
            context["atLine"] = [
                "x": Self.format(atX), "labelY": Self.format(axisY - 4), "label": label,
                "anchor": micros > high ? "end" : micros < low ? "start" : "middle",
            ]
        }
    }

    static func format(_ value: Double) -> String { String(format: "%.1f", value) }
}
