import LedgerKit
import LedgerTestSupport
import Testing

@Suite("Rebuilding the views")
struct RebuildTests {
    @Test func aRebuildGivesByteIdenticalViewsAndAnswers() async throws {
        let directory = try TemporaryDirectory()
        let store = try await TestNode.embedded(directory: directory.path)
        _ = try store.ledger.append(try SeedData.drafts, actor: "desk")
        _ = try store.ledger.append(
            [EventDraft(body: .retract(Retraction(target: "deir-ezzor-2015:sohr-killed", reason: "r")))], actor: "desk")
        _ = try store.ledger.append(
            [
                EventDraft(
                    id: "with-evidence",
                    body: .assert(
                        Assertion(
                            subject: "s", predicate: "p", object: 1, source: "x", evidence: Evidence(quote: "q"))))
            ], actor: "desk")
        _ = try store.ledger.append([EventDraft(body: .erase(Erasure(target: "with-evidence", reason: "r")))], actor: "desk")
        var random = SeededRandom(seed: 7)
        for batch in 0..<20 {
            _ = try store.ledger.append(
                (0..<50).map { n in
                    EventDraft(
                        id: "bulk-\(batch)-\(n)",
                        body: .assert(
                            Assertion(
                                subject: "subject-\(Int.random(in: 0..<30, using: &random))",
                                predicate: ["a", "b"].randomElement(using: &random)!,
                                object: .number(Double(Int.random(in: 0..<3, using: &random))), source: "src-\(n % 5)",
                                polarity: Bool.random(using: &random) ? .deny : nil)))
                }, actor: "desk")
        }
        let before = try store.ledger.viewsDigest()
        let answersBefore = try answers(store)

        try await store.ledger.rebuildViews()

        #expect(try store.ledger.viewsDigest() == before)
        #expect(try answers(store) == answersBefore)
    }

    func answers(_ store: TestNode) throws -> [SubjectBelief?] {
        let horizon = Horizon(at: .distantFuture, asOf: .distantFuture)
        return try store.queries.subjects(limit: 1_000).map { try store.queries.belief(subject: $0.subject, horizon: horizon) }
    }
}
