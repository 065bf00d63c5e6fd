import LedgerKit
import LedgerTestSupport
import Testing

/// For random histories, the projections' answer equals a brute-force reading of docs/semantics.md over
/// the replayed events, at random (at, as_of) points, including exactly at event times.
@Suite("Belief equals the semantics, for random histories")
struct BeliefPropertyTests {
    static let subjects = ["s1", "s2", "s3"]
    static let predicates = ["p", "q", "r"]
    static let sources = ["A", "B", "C", "D"]
    static let objects: [JSONValue] = [1, 2, 2.5, "x", "y", true, ["k": 1], [1, "two"]]
    static let base: Int64 = 1_449_446_400_000_000  // 2015-12-07T00:00:00Z

    @Test("Random history", arguments: StoreBackend.allCases, 1...40)
    func randomHistory(backend: StoreBackend, seed: UInt64) async throws {
        var random = SeededRandom(seed: seed)
        let directory = try TemporaryDirectory()
        var recordTime = Self.base + 1_000_000_000
        var recordTimes: [Int64] = []
        let clock = ManualClock("2015-12-07T00:00:00Z")
        var configuration = LedgerConfiguration()
        configuration.multiValuedPredicates = ["r"]
        let store = try await backend.store(directory: directory.path, configuration: configuration, clock: { clock.read() })

        var claimIDs: [String] = []
        var retracted: Set<String> = []
        for batchNumber in 0..<Int.random(in: 10...40, using: &random) {
            var batch: [EventDraft] = []
            for index in 0..<Int.random(in: 1...4, using: &random) {
                let id = "e\(batchNumber)-\(index)"
                let open = claimIDs.filter { !retracted.contains($0) }
                if !open.isEmpty, Int.random(in: 0..<4, using: &random) == 0 {
                    let target = open.randomElement(using: &random)!
                    retracted.insert(target)
                    batch.append(
                        EventDraft(
                            id: id,
                            body: .retract(
                                Retraction(
                                    target: target, reason: "r", effectiveAt: Self.time(maybe: &random)))))
                } else {
                    claimIDs.append(id)
                    batch.append(
                        EventDraft(
                            id: id,
                            body: .assert(
                                Assertion(
                                    subject: Self.subjects.randomElement(using: &random)!,
                                    predicate: Self.predicates.randomElement(using: &random)!,
                                    object: Self.objects.randomElement(using: &random)!,
                                    source: Self.sources.randomElement(using: &random)!,
                                    polarity: [nil, .affirm, .deny].randomElement(using: &random)!,
                                    effectiveAt: Self.time(maybe: &random)))))
                }
            }
            // Record time moves on, sometimes not at all between batches.
            recordTime += [0, 1, 7, 1_000].randomElement(using: &random)!
            clock.set(Timestamp(microsecondsSinceEpoch: recordTime).rfc3339)
            recordTimes.append(recordTime)
            _ = try store.ledger.append(batch, actor: "t")
        }

        let events = try await store.queries.events(from: 1, limit: 10_000).map { try $0.decoded() }
        var points: [Int64] = recordTimes + events.map(\.effectiveAt.microsecondsSinceEpoch)
        points += points.map { $0 - 1 } + [Self.base - 1, recordTime + 1]
        for _ in 0..<25 {
            let horizon = Horizon(
                at: Timestamp(microsecondsSinceEpoch: points.randomElement(using: &random)!),
                asOf: Timestamp(microsecondsSinceEpoch: points.randomElement(using: &random)!))
            for subject in Self.subjects {
                let expected = BruteForce.belief(events: events, subject: subject, horizon: horizon, multiValued: ["r"])
                // What the sources say; CredibilityPropertyTests checks what the grades make of it.
                let actual = (try store.queries.belief(subject: subject, horizon: horizon)?.predicates ?? []).map(\.ungraded)
                #expect(actual == expected, "\(backend) seed \(seed), \(subject), at \(horizon.at), as of \(horizon.asOf)")
            }
        }
    }

    /// A valid time near the base, or none (then the event's record time counts).
    static func time(maybe random: inout SeededRandom) -> Timestamp? {
        guard Int.random(in: 0..<5, using: &random) > 0 else { return nil }
        return Timestamp(microsecondsSinceEpoch: base + Int64.random(in: 0..<50, using: &random) * 1_000_000)
    }
}

/// docs/semantics.md § Visibility, Stances and Belief read literally, over events, with no index.
enum BruteForce {
    static func belief(events: [Event], subject: String, horizon: Horizon, multiValued: Set<String>) -> [PredicateBelief] {
        var retractionOf: [String: Event] = [:]
        for event in events {
            if case .retract(let retraction) = event.body { retractionOf[retraction.target] = event }
        }
        func visible(_ event: Event) -> Bool {
            guard event.recordedAt <= horizon.asOf, event.effectiveAt <= horizon.at else { return false }
            if let retraction = retractionOf[event.id], retraction.recordedAt <= horizon.asOf,
                retraction.effectiveAt <= horizon.at
            {
                return false
            }
            return true
        }
        var claimsByPredicate: [String: [(event: Event, claim: Assertion)]] = [:]
        for event in events where visible(event) {
            if case .assert(let claim) = event.body, claim.subject == subject {
                claimsByPredicate[claim.predicate, default: []].append((event, claim))
            }
        }
        return claimsByPredicate.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.map { predicate in
            var stance: [String: (event: Event, claim: Assertion)] = [:]  // key: object bytes + source
            for item in claimsByPredicate[predicate]! {
                let key = CanonicalJSON.string(item.claim.object) + "\u{0}" + item.claim.source
                if let current = stance[key],
                    current.event.effectiveAt > item.event.effectiveAt
                        || (current.event.effectiveAt == item.event.effectiveAt && current.event.seq > item.event.seq)
                {
                    continue
                }
                stance[key] = item
            }
            var byObject: [String: [(event: Event, claim: Assertion)]] = [:]
            for item in stance.values { byObject[CanonicalJSON.string(item.claim.object), default: []].append(item) }
            let candidates = byObject.map { objectText, items -> (String, Candidate) in
                let sorted = items.sorted { $0.event.seq < $1.event.seq }
                let affirm = Set(sorted.filter { $0.claim.stance == .affirm }.map(\.claim.source))
                let deny = Set(sorted.filter { $0.claim.stance == .deny }.map(\.claim.source))
                return (
                    objectText,
                    Candidate(
                        object: sorted[0].claim.object,
                        affirmedBy: affirm.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) },
                        deniedBy: deny.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) },
                        claims: sorted.map(\.event.id))
                )
            }.sorted { lhs, rhs in
                lhs.1.affirmedBy.count != rhs.1.affirmedBy.count
                    ? lhs.1.affirmedBy.count > rhs.1.affirmedBy.count
                    : lhs.0.utf8.lexicographicallyPrecedes(rhs.0.utf8)
            }.map(\.1)
            let affirmed = candidates.filter { !$0.affirmedBy.isEmpty }.count
            let both = candidates.contains { !$0.affirmedBy.isEmpty && !$0.deniedBy.isEmpty }
            let status: BeliefStatus =
                both || (affirmed >= 2 && !multiValued.contains(predicate))
                ? .contested
                : affirmed >= 1 ? .settled : .denied
            return PredicateBelief(predicate: predicate, status: status, candidates: candidates)
        }
    }
}

extension PredicateBelief {
    /// The belief without credibility and load-bearing claims.
    var ungraded: PredicateBelief {
        var belief = self
        belief.loadBearing = nil
        for index in belief.candidates.indices { belief.candidates[index].credibility = nil }
        return belief
    }
}
