import Foundation
import LedgerKit

/// Belief about a subject whose claims come from 50 sources, in-process: once before any source is
/// graded, once after every source has a grade and sits at the bottom of a `part_of` chain four
/// bodies deep (bodies shared, so the sources fall into origin groups). The row's ratio is the second
/// p50 over the first: what grading costs a belief.
enum GradedBelief {
    static let sources = 50
    static let depth = 4

    static func row(queries: Int) async throws -> Row {
        let directory = NSTemporaryDirectory() + "ledgerbench-graded-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let ledger = try await Ledger.open(directory: directory)
        defer { ledger.close() }
        let subject = "strike:graded"
        var claims: [JSONValue] = []
        for n in 0..<(sources * 2) {
            claims.append(
                .object([
                    "type": "assert", "subject": .string(subject), "predicate": .string(["killed", "perpetrator"][n % 2]),
                    "object": .number(Double(n % 3)), "source": .string("source \(n % sources)"),
                    "polarity": n % 7 == 0 ? "deny" : "affirm",
                ]))
        }
        _ = try ledger.append(try EventDecoder.drafts(from: claims), actor: "bench")
        let ungraded = try measure(ledger, subject: subject, queries: queries)

        var facts: [JSONValue] = []
        for n in 0..<sources {
            let name = "source \(n)"
            facts.append(fact(about: name, "reliability", ["A", "B", "C", "D", "E", "F"][n % 6]))
            facts.append(fact(about: name, "part_of", "body \(n % 10) level 1"))
        }
        for body in 0..<10 {
            for level in 1..<depth {
                facts.append(fact(about: "body \(body) level \(level)", "part_of", "body \(body / 2) level \(level + 1)"))
            }
        }
        _ = try ledger.append(try EventDecoder.drafts(from: facts), actor: "bench")
        let graded = try measure(ledger, subject: subject, queries: queries)
        let answer = try ledger.queries.belief(subject: subject, horizon: Horizon(at: .now(), asOf: .now()))
        let groups = Set((answer?.sources ?? [:]).values.map(\.group.exact)).count
        let ratio = graded.p50 / ungraded.p50
        return Row(
            workload:
                "belief naming \(sources) sources, graded with part_of chains \(depth) deep (\(groups) origin groups), in-process",
            ledger: graded.text,
            ratio: String(format: "%.2fx", ratio) + " the same belief ungraded (p50 \(durationText(ungraded.p50)))",
            target: "p50 ≤ 2x ungraded", met: ratio <= 2)
    }

    static func fact(about name: String, _ predicate: String, _ object: String) -> JSONValue {
        .object([
            "type": "assert", "subject": .string(SourceFacts.subject(of: name)), "predicate": .string(predicate),
            "object": .string(object), "source": "desk",
        ])
    }

    static func measure(_ ledger: Ledger, subject: String, queries: Int) throws -> Latencies {
        var latencies = Latencies()
        for _ in 0..<queries {
            let now = Timestamp.now()
            let started = ContinuousClock.now
            _ = try ledger.queries.belief(subject: subject, horizon: Horizon(at: now, asOf: now))
            latencies.record(seconds(since: started))
        }
        return latencies
    }
}
