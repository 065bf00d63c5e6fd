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

/// Belief for people: each predicate with its status in words, its candidates beneath.
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
                if !candidate.affirmedBy.isEmpty {
                    table.add(object, "affirmed by", candidate.affirmedBy.joined(separator: "; "))
                }
                if !candidate.deniedBy.isEmpty {
                    table.add(candidate.affirmedBy.isEmpty ? object : "", "denied by", candidate.deniedBy.joined(separator: "; "))
                }
            }
            lines.append(table.rendered)
        }
        return lines.joined(separator: "\n")
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
