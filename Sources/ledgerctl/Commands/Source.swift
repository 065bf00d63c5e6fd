import ArgumentParser
import LedgerClient
import LedgerKit

/// What the desk holds about its sources: grades and affiliations are claims about `source:NAME`, made
/// by a grader, bitemporal and retractable like every claim.
struct Source: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "source",
        abstract: "Grade a source, record what body it belongs to, and show what is held about it.",
        discussion: """
            Examples:
              ledgerctl source grade "Syrian Observatory for Human Rights" B --by "verification desk" \\
                --reason "its counts have held up"
              ledgerctl source part-of "US-led coalition (Col. Steve Warren)" "US government" --by "verification desk"
              ledgerctl source show "Syrian Observatory for Human Rights"
            """,
        subcommands: [Grade.self, PartOf.self, Show.self])

    struct Grade: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "grade",
            abstract: "Grade a source's reliability: A completely reliable … E unreliable, F cannot be judged.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The source, exactly as claims name it.") var name: String
        @Argument(help: "A, B, C, D, E or F.") var letter: String
        @Option(parsing: .unconditional, help: "Who grades it (the claim's source).") var by: String
        @Option(parsing: .unconditional, help: "Why, kept as the claim's note.") var reason: String?
        @Option(help: "From when the grade holds (RFC 3339 or a date; default: now).") var at: String?
        @Option(help: "An id for the event, so re-sending it is safe.") var id: String?

        func validate() throws {
            guard Reliability(rawValue: letter) != nil else {
                throw ValidationError("The grade must be one of the letters A, B, C, D, E and F, not \"\(letter)\".")
            }
            if let at { _ = try parseTime(at, option: "--at") }
        }

        func run() throws {
            var event = try SourceFact.event(
                name: name, predicate: SourceFacts.reliability, object: letter, by: by, at: at, id: id)
            if let reason { event["evidence"] = .object(["note": .string(reason)]) }
            guard let result = try global.appendOne(event) else { return }
            printOut(SourceFact.sentence(result, did: "Graded \(name) \(letter)"))
        }
    }

    struct PartOf: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "part-of", abstract: "Record that a source belongs to or speaks for a body.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The source, exactly as claims name it.") var name: String
        @Argument(help: "The body it belongs to (itself a name that may belong to another).") var body: String
        @Option(parsing: .unconditional, help: "Who records it (the claim's source).") var by: String
        @Option(help: "From when it holds (RFC 3339 or a date; default: now).") var at: String?
        @Option(help: "An id for the event, so re-sending it is safe.") var id: String?

        func validate() throws {
            if let at { _ = try parseTime(at, option: "--at") }
        }

        func run() throws {
            let event = try SourceFact.event(name: name, predicate: SourceFacts.partOf, object: body, by: by, at: at, id: id)
            guard let result = try global.appendOne(event) else { return }
            printOut(SourceFact.sentence(result, did: "Recorded that \(name) is part of \(body)"))
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Show a source's effective reliability and ancestors, who graded it and when, and what it claimed.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The source.") var name: String
        @OptionGroup var time: TimeOptions

        func run() throws {
            let (at, asOf) = try time.times()
            let client = try global.client
            let summary = try client.source(name: name, at: at, asOf: asOf)
            let facts: [HistoryEntry]
            do {
                facts = try client.history(subject: SourceFacts.subject(of: name)).events
            } catch let error as LedgerError where error.code == .notFound {
                facts = []
            }
            let claims = try client.claims(source: name, limit: 10_000).claims
            if global.isMachineOutput {
                return try JSONOutput.print(
                    format: global.outputFormat, SourceShown(source: summary, facts: facts, claims: claims))
            }
            var lines = [
                "\(name)   at \(summary.at)   as of \(summary.asOf)", "",
                "reliability: \(summary.reliability.rawValue) (\(summary.reliability.meaning))",
                "part of: " + (summary.ancestors.isEmpty ? "nothing recorded" : summary.ancestors.joined(separator: "; ")),
            ]
            var table = Table()
            for fact in facts {
                let said =
                    fact.type == .retract
                    ? "withdrew \(fact.predicate) = \(CanonicalJSON.string(fact.object))"
                    : "\(fact.polarity == .deny ? "denies" : "says") \(fact.predicate) = \(CanonicalJSON.string(fact.object))"
                table.add("  seq \(fact.seq)", "\(fact.effectiveAt)", fact.source, said)
            }
            lines += ["", "what is held about it:", facts.isEmpty ? "  nothing" : table.rendered]
            var claimed = Table()
            for claim in claims {
                claimed.add(
                    "  seq \(claim.seq)", claim.subject,
                    "\(claim.polarity == .deny ? "denies" : "affirms") \(claim.predicate) = \(CanonicalJSON.string(claim.object))",
                    claim.stands ? "" : "(withdrawn)")
            }
            lines += ["", "what it claimed:", claims.isEmpty ? "  nothing" : claimed.rendered]
            printOut(lines.joined(separator: "\n"))
        }
    }
}

/// `source show`'s machine output: the API's fields of each part.
struct SourceShown: Encodable {
    let source: SourceSummary
    let facts: [HistoryEntry]
    let claims: [SourceClaim]
}

/// The claim a `source` command appends.
enum SourceFact {
    static func event(
        name: String, predicate: String, object: String, by grader: String, at: String?, id: String?
    ) throws
        -> JSONObject
    {
        var event: JSONObject = [
            "type": "assert", "subject": .string(SourceFacts.subject(of: name)), "predicate": .string(predicate),
            "object": .string(object), "source": .string(grader),
        ]
        if let at { event["effective_at"] = .string(try parseTime(at, option: "--at").rfc3339) }
        if let id { event["id"] = .string(id) }
        return event
    }

    static func sentence(_ result: AppendResponse.Result, did: String) -> String {
        result.duplicate
            ? "Already recorded as seq \(result.seq) (id \(result.id)); nothing new was written."
            : "\(did): seq \(result.seq) (id \(result.id)) at \(result.recordedAt)."
    }
}
