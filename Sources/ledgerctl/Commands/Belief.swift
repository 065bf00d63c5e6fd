import ArgumentParser
import LedgerKit

struct Belief: AsyncParsableCommand {
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

    func run() async throws {
        try await Failure.reporting {
            let (at, asOf) = try time.times()
            let belief = try await global.client.belief(subject: subject, predicate: predicate, at: at, asOf: asOf)
            if global.json { return try JSONOutput.print(belief) }
            printOut(BeliefTable.rendered(belief))
        }
    }
}

/// Belief for people: each predicate with its status in words, its candidates beneath.
enum BeliefTable {
    static func rendered(_ belief: SubjectBelief) -> String {
        var lines = ["\(belief.subject)   at \(belief.at)   as of \(belief.asOf)"]
        if belief.predicates.isEmpty { lines.append("(nothing is claimed about it at that time)") }
        for predicate in belief.predicates {
            lines.append("")
            lines.append("\(predicate.predicate): \(predicate.status.rawValue.uppercased())")
            var table = Table()
            for candidate in predicate.candidates {
                let object = "  " + CanonicalJSON.string(candidate.object)
                if !candidate.affirmedBy.isEmpty { table.add(object, "affirmed by", candidate.affirmedBy.joined(separator: "; ")) }
                if !candidate.deniedBy.isEmpty {
                    table.add(candidate.affirmedBy.isEmpty ? object : "", "denied by", candidate.deniedBy.joined(separator: "; "))
                }
            }
            lines.append(table.rendered)
        }
        return lines.joined(separator: "\n")
    }
}
