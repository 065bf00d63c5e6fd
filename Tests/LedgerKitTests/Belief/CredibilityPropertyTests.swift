import LedgerKit
import LedgerTestSupport
import Testing

/// For random histories of claims, grades and affiliations (chains and cycles among them), retractions
/// and inferred claims, with source names that are Unicode-equivalent but not the same bytes, the
/// ledger's credibility, load-bearing claims and source standings equal a brute-force reading of
/// docs/semantics.md § Sources over the replayed events, at random (at, as_of) points, on both logs.
@Suite("Credibility equals the semantics, for random histories")
struct CredibilityPropertyTests {
    /// `José` twice (U+00E9, and e with U+0301), `Kelvin` twice (K, and U+212A KELVIN SIGN).
    static let sources = ["José", "Jose\u{301}", "Kelvin", "\u{212A}elvin", "ministry", "observatory", "desk"]
    static let bodies = ["government", "army", "press"]
    static let subjects = ["s1", "s2"]
    static let predicates = ["p", "q", "r"]
    static let objects: [JSONValue] = [1, 2, "x"]
    static let letters = ["A", "B", "C", "D", "E", "F"]
    static let base: Int64 = 1_449_446_400_000_000  // 2015-12-07T00:00:00Z

    @Test("Random graded history", arguments: StoreBackend.allCases, 1...30)
    func randomGradedHistory(backend: StoreBackend, seed: UInt64) async throws {
        var random = SeededRandom(seed: seed)
        let directory = try TemporaryDirectory()
        let clock = ManualClock("2015-12-07T00:00:00Z")
        var configuration = LedgerConfiguration()
        configuration.multiValuedPredicates = ["r"]
        let store = try await backend.store(directory: directory.path, configuration: configuration, clock: { clock.read() })
        var recordTime = Self.base + 1_000_000_000
        var recordTimes: [Int64] = []
        var claims: [String] = []
        var retracted: Set<String> = []
        for batchNumber in 0..<Int.random(in: 8...30, using: &random) {
            var batch: [EventDraft] = []
            for index in 0..<Int.random(in: 1...4, using: &random) {
                let id = "e\(batchNumber)-\(index)"
                let open = claims.filter { !retracted.contains($0) }
                let kind = Int.random(in: 0..<10, using: &random)
                if !open.isEmpty, kind == 0 {
                    let target = open.randomElement(using: &random)!
                    retracted.insert(target)
                    batch.append(
                        EventDraft(
                            id: id, body: .retract(Retraction(target: target, reason: "r", effectiveAt: Self.time(&random)))))
                    continue
                }
                claims.append(id)
                let source = Self.sources.randomElement(using: &random)!
                let polarity: Polarity? = Int.random(in: 0..<5, using: &random) == 0 ? .deny : nil
                let assertion: Assertion
                switch kind {
                case 1...3:  // a grade
                    let graded = Self.sources.randomElement(using: &random)!
                    assertion = Assertion(
                        subject: SourceFacts.subject(of: graded), predicate: SourceFacts.reliability,
                        object: .string(Self.letters.randomElement(using: &random)!), source: "desk", polarity: polarity,
                        effectiveAt: Self.time(&random))
                case 4...5:  // an affiliation, of a source or of a body: chains and cycles
                    let member = (Self.sources + Self.bodies).randomElement(using: &random)!
                    assertion = Assertion(
                        subject: SourceFacts.subject(of: member), predicate: SourceFacts.partOf,
                        object: .string(Self.bodies.randomElement(using: &random)!), source: "desk", polarity: polarity,
                        effectiveAt: Self.time(&random))
                default:
                    assertion = Assertion(
                        subject: Self.subjects.randomElement(using: &random)!,
                        predicate: Self.predicates.randomElement(using: &random)!,
                        object: Self.objects.randomElement(using: &random)!, source: source, polarity: polarity,
                        effectiveAt: Self.time(&random),
                        basis: [nil, .witnessed, .told, .inferred].randomElement(using: &random)!)
                }
                batch.append(EventDraft(id: id, body: .assert(assertion)))
            }
            recordTime += [0, 1, 1_000].randomElement(using: &random)!
            clock.set(Timestamp(microsecondsSinceEpoch: recordTime).rfc3339)
            recordTimes.append(recordTime)
            _ = try store.ledger.append(batch, actor: "t")
        }

        let events = try await store.queries.events(from: 1, limit: 10_000).map { try $0.decoded() }
        var points: [Int64] = recordTimes + events.map(\.effectiveAt.microsecondsSinceEpoch)
        points += points.map { $0 - 1 } + [recordTime + 1]
        let asked = Self.subjects + [SourceFacts.subject(of: "José")]
        for _ in 0..<8 {
            let horizon = Horizon(
                at: Timestamp(microsecondsSinceEpoch: points.randomElement(using: &random)!),
                asOf: Timestamp(microsecondsSinceEpoch: points.randomElement(using: &random)!))
            for subject in asked {
                let expected = GradedBruteForce(events: events, horizon: horizon, multiValued: ["r"]).belief(subject: subject)
                let actual = try store.queries.belief(subject: subject, horizon: horizon)
                let context = "\(backend) seed \(seed), \(subject), at \(horizon.at), as of \(horizon.asOf)"
                #expect(actual?.predicates ?? [] == expected.predicates, "\(context)")
                #expect((actual?.sources ?? [:]) == expected.sources, "\(context)")
            }
        }
    }

    static func time(_ random: inout SeededRandom) -> Timestamp? {
        guard Int.random(in: 0..<4, using: &random) > 0 else { return nil }
        return Timestamp(microsecondsSinceEpoch: base + Int64.random(in: 0..<40, using: &random) * 1_000_000)
    }
}

/// docs/semantics.md § Sources read literally over events, every string kept as its bytes: no index,
/// no cache, every figure recomputed from scratch (load-bearing claims by replaying without each).
struct GradedBruteForce {
    typealias Bytes = [UInt8]
    let events: [Event]
    let horizon: Horizon
    let multiValued: Set<String>

    struct Stance {
        var event: Event
        var claim: Assertion
    }

    /// Every visible claim's stance about `subject`: predicate → (object, source) → the stance's claim.
    func stances(subject: String, without excluded: String?) -> [Bytes: [Bytes: Stance]] {
        var retraction: [Bytes: Event] = [:]
        for event in events {
            if case .retract(let withdrawn) = event.body { retraction[Array(withdrawn.target.utf8)] = event }
        }
        var result: [Bytes: [Bytes: Stance]] = [:]
        for event in events {
            guard case .assert(let claim) = event.body, Array(claim.subject.utf8) == Array(subject.utf8),
                Array(event.id.utf8) != excluded.map({ Array($0.utf8) }),
                event.recordedAt <= horizon.asOf, event.effectiveAt <= horizon.at
            else { continue }
            if let withdrawal = retraction[Array(event.id.utf8)], withdrawal.recordedAt <= horizon.asOf,
                withdrawal.effectiveAt <= horizon.at
            {
                continue
            }
            let key = Array(CanonicalJSON.encode(claim.object)) + [0] + Array(claim.source.utf8)
            let predicate = Array(claim.predicate.utf8)
            if let current = result[predicate]?[key],
                (current.event.effectiveAt, current.event.seq) > (event.effectiveAt, event.seq)
            {
                continue
            }
            result[predicate, default: [:]][key] = Stance(event: event, claim: claim)
        }
        return result
    }

    /// Objects of one predicate that someone affirms and no one denies.
    func undisputed(subject: String, predicate: String, without excluded: String?) -> [JSONValue] {
        let stances = stances(subject: subject, without: excluded)[Array(predicate.utf8)] ?? [:]
        var affirmed: [Bytes: JSONValue] = [:]
        var denied: Set<Bytes> = []
        for stance in stances.values {
            let object = CanonicalJSON.encode(stance.claim.object)
            if stance.claim.stance == .affirm { affirmed[object] = stance.claim.object } else { denied.insert(object) }
        }
        return affirmed.filter { !denied.contains($0.key) }.map(\.value)
    }

    func reliability(_ name: Bytes, without excluded: String?) -> Reliability {
        let letters = undisputed(
            subject: "source:" + String(decoding: name, as: UTF8.self), predicate: "reliability", without: excluded
        ).compactMap { value -> Reliability? in
            guard case .string(let text) = value else { return nil }
            return Reliability.allCases.first { Array($0.rawValue.utf8) == Array(text.utf8) }
        }
        return letters.max() ?? .f
    }

    func ancestors(_ name: Bytes, without excluded: String?) -> Set<Bytes> {
        var reached: Set<Bytes> = [name]
        var changed = true
        while changed {
            changed = false
            for member in reached {
                for body in undisputed(
                    subject: "source:" + String(decoding: member, as: UTF8.self), predicate: "part_of", without: excluded)
                {
                    if case .string(let text) = body, reached.insert(Array(text.utf8)).inserted { changed = true }
                }
            }
        }
        return reached
    }

    struct Graded {
        var predicates: [PredicateBelief]
        var standings: [Bytes: SourceStanding]
    }

    func graded(subject: String, without excluded: String?) -> Graded {
        let all = stances(subject: subject, without: excluded)
        var named: Set<Bytes> = []
        for stances in all.values { for stance in stances.values { named.insert(Array(stance.claim.source.utf8)) } }
        let ancestry = Dictionary(uniqueKeysWithValues: named.map { ($0, ancestors($0, without: excluded)) })
        // Groups: start apart, merge any two whose members' ancestors meet, until nothing merges.
        var groups: [Set<Bytes>] = named.map { [$0] }
        var merged = true
        while merged {
            merged = false
            search: for i in groups.indices {
                for j in groups.indices where j > i {
                    let meet = groups[i].contains { a in groups[j].contains { b in !ancestry[a]!.isDisjoint(with: ancestry[b]!) }
                    }
                    if meet {
                        groups[i].formUnion(groups[j])
                        groups.remove(at: j)
                        merged = true
                        break search
                    }
                }
            }
        }
        var standings: [Bytes: SourceStanding] = [:]
        for group in groups {
            let name = group.min { $0.lexicographicallyPrecedes($1) }!
            for member in group {
                standings[member] = SourceStanding(
                    reliability: reliability(member, without: excluded), group: String(decoding: name, as: UTF8.self))
            }
        }
        var predicates: [PredicateBelief] = []
        for predicate in all.keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            let stances = Array(all[predicate]!.values)
            let predicateName = String(decoding: predicate, as: UTF8.self)
            let isMultiValued =
                multiValued.contains { Array($0.utf8) == predicate }
                || (subject.utf8.starts(with: "source:".utf8) && predicate == Array("part_of".utf8))
            var byObject: [Bytes: [Stance]] = [:]
            for stance in stances { byObject[CanonicalJSON.encode(stance.claim.object), default: []].append(stance) }
            func strong(_ stance: Stance) -> Bool {
                (standings[Array(stance.claim.source.utf8)]?.reliability ?? .f) <= .c && stance.claim.basis != .inferred
            }
            func group(_ stance: Stance) -> Bytes { Array(standings[Array(stance.claim.source.utf8)]!.group.utf8) }
            var candidates: [(Bytes, Candidate)] = byObject.map { object, items in
                let sorted = items.sorted { $0.event.seq < $1.event.seq }
                let names = { (polarity: Polarity) in
                    Set(sorted.filter { $0.claim.stance == polarity }.map { Array($0.claim.source.utf8) })
                        .sorted { $0.lexicographicallyPrecedes($1) }.map { String(decoding: $0, as: UTF8.self) }
                }
                let support = Set(
                    stances.filter { strong($0) && $0.claim.stance == .affirm && CanonicalJSON.encode($0.claim.object) == object }
                        .map(group)
                ).count
                let opposition = Set(
                    stances.filter { stance in
                        guard strong(stance) else { return false }
                        let same = CanonicalJSON.encode(stance.claim.object) == object
                        return (stance.claim.stance == .deny && same)
                            || (!isMultiValued && stance.claim.stance == .affirm && !same)
                    }.map(group)
                ).count
                let affirmed = !names(.affirm).isEmpty
                let credibility: Credibility =
                    support >= 2 && opposition == 0
                    ? .confirmed
                    : support == 1 && opposition == 0
                        ? .probablyTrue
                        : support >= 1 && opposition >= 1
                            ? .possiblyTrue
                            : support == 0 && opposition == 0 && affirmed
                                ? .doubtful
                                : support == 0 && opposition >= 1 ? .improbable : .cannotBeJudged
                return (
                    object,
                    Candidate(
                        object: sorted[0].claim.object, affirmedBy: names(.affirm), deniedBy: names(.deny),
                        claims: sorted.map(\.event.id), credibility: credibility)
                )
            }
            candidates.sort { lhs, rhs in
                lhs.1.affirmedBy.count != rhs.1.affirmedBy.count
                    ? lhs.1.affirmedBy.count > rhs.1.affirmedBy.count : lhs.0.lexicographicallyPrecedes(rhs.0)
            }
            let affirmedCount = candidates.filter { !$0.1.affirmedBy.isEmpty }.count
            let disputed = candidates.contains { !$0.1.affirmedBy.isEmpty && !$0.1.deniedBy.isEmpty }
            let status: BeliefStatus =
                disputed || (affirmedCount >= 2 && !isMultiValued) ? .contested : affirmedCount >= 1 ? .settled : .denied
            predicates.append(PredicateBelief(predicate: predicateName, status: status, candidates: candidates.map(\.1)))
        }
        return Graded(predicates: predicates, standings: standings)
    }

    func belief(subject: String) -> (predicates: [PredicateBelief], sources: [ExactString: SourceStanding]) {
        let whole = graded(subject: subject, without: nil)
        var predicates = whole.predicates
        for index in predicates.indices {
            let predicate = predicates[index]
            var bearing: [String] = []
            for id in Set(predicate.candidates.flatMap(\.claims).map { Array($0.utf8) }) {
                let idText = String(decoding: id, as: UTF8.self)
                let without = graded(subject: subject, without: idText).predicates.first {
                    Array($0.predicate.utf8) == Array(predicate.predicate.utf8)
                }
                let kept = without.map { after in
                    after.status == predicate.status
                        && predicate.candidates.allSatisfy { candidate in
                            after.candidates.contains {
                                CanonicalJSON.encode($0.object) == CanonicalJSON.encode(candidate.object)
                                    && $0.credibility == candidate.credibility
                            }
                        }
                }
                if kept != true { bearing.append(idText) }
            }
            predicates[index].loadBearing = bearing.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        }
        var sources: [ExactString: SourceStanding] = [:]
        for (name, standing) in whole.standings { sources[String(decoding: name, as: UTF8.self).exact] = standing }
        return (predicates, sources)
    }
}
