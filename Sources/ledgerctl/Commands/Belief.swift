import ArgumentParser
import LedgerClient
import LedgerKit

struct Belief: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "belief",
        abstract: "Show what is believed about a subject: each predicate, its status, and who affirms or denies what.",
        discussion: """
            Examples:
              ledgerctl belief strike:deir-ezzor:2015-12-06
              ledgerctl belief strike:deir-ezzor:2015-12-06 --predicate perpetrator \\
                --at 2015-12-07T16:00:00Z
              ledgerctl belief strike:deir-ezzor:2015-12-06 --as-of 2026-11-24T10:00:00Z
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The subject.") var subject: String
    @Option(help: "Only this predicate.") var predicate: String?
    @OptionGroup var time: TimeOptions

    func run() throws {
        let (at, asOf) = try time.times()
        let belief = try global.client.belief(subject: subject, predicate: predicate, at: at, asOf: asOf)
        if global.isMachineOutput { return try JSONOutput.print(format: global.outputFormat, belief) }
        printOut(BeliefTable.rendered(belief))
    }
}

/// Belief for people: each predicate with its status in words, its candidates beneath with their
/// credibility in words, each source with its letter; the load-bearing claims under each predicate, and
/// the origin groups that hold more than one source at the end.
enum BeliefTable {
    static func rendered(_ belief: SubjectBelief) -> String {
        let headline = "\(belief.subject)   at \(belief.at)   as of \(belief.asOf)"
        var lines =
            headline.count <= Terminal.columns ? [headline] : [belief.subject, "  at \(belief.at)", "  as of \(belief.asOf)"]
        if belief.predicates.isEmpty { lines.append("(nothing is claimed about it at that time)") }
        for predicate in belief.predicates {
            lines.append("")
            lines.append(
                "\(predicate.predicate): " + Terminal.paint(predicate.status.rawValue.uppercased(), color(of: predicate.status)))
            var table = Table()
            for candidate in predicate.candidates {
                let object = "  " + CanonicalJSON.string(candidate.object)
                let credibility = candidate.credibility.map { "\($0.rawValue) \($0.name)" } ?? ""
                func named(_ sources: [String]) -> String {
                    sources.map { source in
                        belief.sources?[source.exact].map { "\(source) [\($0.reliability.rawValue)]" } ?? source
                    }.joined(separator: "; ")
                }
                var first = true
                if !candidate.affirmedBy.isEmpty {
                    table.add(object, credibility, "affirmed by", named(candidate.affirmedBy))
                    first = false
                }
                if !candidate.deniedBy.isEmpty {
                    table.add(first ? object : "", first ? credibility : "", "denied by", named(candidate.deniedBy))
                }
            }
            lines.append(table.rendered)
            if let loadBearing = predicate.loadBearing, !loadBearing.isEmpty {
                lines += wrapped("  load-bearing: ", loadBearing, separator: ",")
            }
        }
        lines += groups(of: belief)
        return lines.joined(separator: "\n")
    }

    /// The origin groups that hold more than one of the belief's sources: they count as one.
    static func groups(of belief: SubjectBelief) -> [String] {
        let shared = belief.sharedOriginGroups
        guard !shared.isEmpty else { return [] }
        return ["", "counted as one origin:"] + shared.flatMap { wrapped("  ", $0, separator: ";") }
    }

    /// `items` after `lead`, each but the last followed by `separator` and a space, on as many lines as the terminal's width needs, each item cut with … if it
    /// alone is too wide.
    static func wrapped(_ lead: String, _ items: [String], separator: String) -> [String] {
        let width = Terminal.columns
        let indent = String(repeating: " ", count: lead.count)
        var lines: [String] = []
        var line = lead
        for (index, item) in items.enumerated() {
            let piece = item + (index < items.count - 1 ? separator : "")
            let room = max(width - indent.count, 8)
            let fitted = piece.count > room ? String(piece.prefix(room - 1)) + "…" : piece
            let joined = line == lead ? line + fitted : line + " " + fitted
            if joined.count > width, line != lead {
                lines.append(line)
                line = indent + fitted
            } else {
                line = joined
            }
        }
        lines.append(line)
        return lines
    }

    /// The status's colour on a colour terminal; the word is always there too.
    static func color(of status: BeliefStatus) -> Terminal.Color {
        switch status {
        case .contested: .yellow
        case .settled: .green
        case .denied: .red
        }
    }
}
