/// The belief about a subject with what the desk's grades make of it (docs/semantics.md § Sources):
/// every candidate's credibility, every predicate's load-bearing claims, and each named source's
/// effective reliability and origin group. Pure, like ``BeliefEvaluator``: the daemon feeds it from its
/// views and a receipt's verifier from the receipt's events, and both get the same answer.
public struct CredibilityEvaluator {
    /// The claims about `source:NAME` (with their retractions), for a name.
    public typealias Facts = (_ name: String) throws -> [ClaimRecord]

    let subject: String
    let claims: [ClaimRecord]
    let horizon: Horizon
    let multiValued: Set<ExactString>
    private let facts: Facts
    private var factsByName: [ExactString: [ClaimRecord]] = [:]
    private var reliabilityCache: [ExactString: Reliability] = [:]
    private var ancestorCache: [ExactString: Set<ExactString>] = [:]
    /// The undisputed `part_of` bodies of each name, with nothing left out.
    private var bodiesCache: [ExactString: [JSONValue]] = [:]

    public init(
        subject: String, claims: [ClaimRecord], horizon: Horizon, multiValued: Set<ExactString>,
        facts: @escaping Facts
    ) {
        self.subject = subject
        self.claims = claims
        self.horizon = horizon
        self.multiValued = multiValued
        self.facts = facts
    }

    /// Every name whose `source:` facts the answer read: the sources named and all their ancestors. A
    /// receipt carries the events of exactly these subjects.
    public var consultedNames: [String] { factsByName.keys.sorted().map(\.string) }

    /// The graded belief about the subject, or only `predicate` (origin groups and load-bearing claims
    /// are still computed over the whole subject).
    public mutating func belief(predicate: String? = nil) throws -> SubjectBelief {
        var graded = try evaluate(excluding: nil)
        for index in graded.belief.predicates.indices {
            let name = graded.belief.predicates[index].predicate
            if let predicate, !predicate.hasSameBytes(as: name) { continue }
            graded.belief.predicates[index].loadBearing = try loadBearing(of: graded.belief.predicates[index], in: graded)
        }
        var belief = graded.belief
        if let predicate { belief.predicates.removeAll { !$0.predicate.hasSameBytes(as: predicate) } }
        var sources: [ExactString: SourceStanding] = [:]
        for named in Self.names(in: belief.predicates) {
            sources[named] = graded.standings[named]
        }
        belief.sources = sources
        return belief
    }

    /// What is held about one source at the horizon: its effective reliability, and its ancestors
    /// (itself left out), sorted by their bytes.
    public mutating func standing(of name: String) throws -> (reliability: Reliability, ancestors: [String]) {
        let reliability = try reliability(of: name.exact, excluding: nil)
        let ancestors = try ancestors(of: name.exact, excluding: nil).subtracting([name.exact]).sorted().map(\.string)
        return (reliability, ancestors)
    }

    // MARK: The evaluation

    private struct Graded {
        var belief: SubjectBelief
        var standings: [ExactString: SourceStanding]
    }

    /// Everything, as if the claim `excluded` were not in the ledger.
    private mutating func evaluate(excluding excluded: ExactString?) throws -> Graded {
        let kept = excluded.map { id in claims.filter { !$0.id.hasSameBytes(as: id.string) } } ?? claims
        var belief = BeliefEvaluator.belief(
            subject: subject, claims: kept, horizon: horizon, multiValuedPredicates: multiValued)
        let standings = try standings(of: Self.names(in: belief.predicates), excluding: excluded)
        let byPredicate = Dictionary(grouping: kept, by: \.predicate.exact)
        for index in belief.predicates.indices {
            grade(&belief.predicates[index], claims: byPredicate[belief.predicates[index].predicate.exact] ?? [], standings)
        }
        return Graded(belief: belief, standings: standings)
    }

    /// The reliability and origin group of each of `names`.
    private mutating func standings(
        of names: Set<ExactString>, excluding excluded: ExactString?
    ) throws
        -> [ExactString: SourceStanding]
    {
        let named = names.sorted()
        var ancestors: [ExactString: Set<ExactString>] = [:]
        var reliability: [ExactString: Reliability] = [:]
        for name in named {
            ancestors[name] = try self.ancestors(of: name, excluding: excluded)
            reliability[name] = try self.reliability(of: name, excluding: excluded)
        }
        let groups = Self.originGroups(of: named, ancestors: ancestors)
        var standings: [ExactString: SourceStanding] = [:]
        for name in named {
            standings[name] = SourceStanding(reliability: reliability[name] ?? .f, group: groups[name]?.string ?? name.string)
        }
        return standings
    }

    /// Sets the credibility of each candidate of `belief`, from its `claims` and the sources' standings.
    private func grade(_ belief: inout PredicateBelief, claims: [ClaimRecord], _ standings: [ExactString: SourceStanding]) {
        let isMultiValued = BeliefEvaluator.isMultiValued(subject: subject, predicate: belief.predicate, configured: multiValued)
        // Each origin group's strong stances: the objects it affirms and those it denies.
        var affirmedByGroup: [ExactString: Set<[UInt8]>] = [:]
        var deniedByGroup: [ExactString: Set<[UInt8]>] = [:]
        for (key, claim) in BeliefEvaluator.stances(of: claims, horizon: horizon) {
            guard let standing = standings[key.source], standing.reliability.isStrong, !claim.isInferred else { continue }
            let group = standing.group.exact
            if claim.polarity == .affirm {
                affirmedByGroup[group, default: []].insert(key.object)
            } else {
                deniedByGroup[group, default: []].insert(key.object)
            }
        }
        let groupNames = Set(affirmedByGroup.keys).union(deniedByGroup.keys)
        for index in belief.candidates.indices {
            let object = CanonicalJSON.encode(belief.candidates[index].object)
            var support = 0
            var opposition = 0
            for group in groupNames {
                let affirms = affirmedByGroup[group] ?? []
                if affirms.contains(object) { support += 1 }
                let opposes =
                    (deniedByGroup[group]?.contains(object) ?? false) || (!isMultiValued && affirms.contains { $0 != object })
                if opposes { opposition += 1 }
            }
            belief.candidates[index].credibility = Credibility(
                support: support, opposition: opposition, isAffirmed: !belief.candidates[index].affirmedBy.isEmpty)
        }
    }

    /// The claims among a predicate's that change its status, remove one of its candidates or change a
    /// candidate's credibility when left out; sorted by their bytes.
    ///
    /// Leaving out one claim of a subject that is not a source's changes no grade and no ancestor, and
    /// no other predicate's stances: only this predicate is evaluated again, and the origin groups only
    /// when the claim's source is named nowhere else.
    private mutating func loadBearing(of predicate: PredicateBelief, in whole: Graded) throws -> [String] {
        let ids = Set(predicate.candidates.flatMap(\.claims).map(\.exact))
        let ownClaims = claims.filter { $0.predicate.hasSameBytes(as: predicate.predicate) }
        let namedElsewhere = Self.names(
            in: whole.belief.predicates.filter { !$0.predicate.hasSameBytes(as: predicate.predicate) })
        var tally = StanceTally(
            claims: ownClaims, horizon: horizon, standings: whole.standings,
            isMultiValued: BeliefEvaluator.isMultiValued(
                subject: subject, predicate: predicate.predicate, configured: multiValued))
        var found: [ExactString] = []
        for id in ids {
            // Most often the claim's source stays named and no grade moves: then only its stance changes,
            // to the source's next claim about that object, and the tally answers without a new evaluation.
            if !touchesFacts(id), let changes = tally.changes(without: id, given: predicate, namedElsewhere: namedElsewhere) {
                if changes { found.append(id) }
                continue
            }
            let without: PredicateBelief?
            if touchesFacts(id) {
                without = try evaluate(excluding: id).belief.predicates.first {
                    $0.predicate.hasSameBytes(as: predicate.predicate)
                }
            } else {
                let kept = ownClaims.filter { !$0.id.hasSameBytes(as: id.string) }
                let isMultiValued = BeliefEvaluator.isMultiValued(
                    subject: subject, predicate: predicate.predicate, configured: multiValued)
                if var belief = BeliefEvaluator.belief(
                    predicate: predicate.predicate, claims: kept, horizon: horizon, isMultiValued: isMultiValued)
                {
                    let named = namedElsewhere.union(Self.names(in: [belief]))
                    let standings =
                        named.count == whole.standings.count ? whole.standings : try standings(of: named, excluding: nil)
                    grade(&belief, claims: kept, standings)
                    without = belief
                } else {
                    without = nil
                }
            }
            guard let without, without.status == predicate.status else {
                found.append(id)
                continue
            }
            let credibilities = Dictionary(
                without.candidates.map { (CanonicalJSON.encode($0.object), $0.credibility) },
                uniquingKeysWith: { first, _ in first })
            let changes = predicate.candidates.contains { candidate in
                guard let after = credibilities[CanonicalJSON.encode(candidate.object)] else { return true }
                return after != candidate.credibility
            }
            if changes { found.append(id) }
        }
        return found.sorted().map(\.string)
    }

    // MARK: Facts about sources

    /// The `source:` facts of `name`, read once.
    private mutating func facts(of name: ExactString) throws -> [ClaimRecord] {
        if let known = factsByName[name] { return known }
        let read = try facts(name.string)
        factsByName[name] = read
        return read
    }

    /// The facts of `name` with one predicate, without the claim `excluded`.
    private mutating func facts(
        of name: ExactString, _ predicate: String, excluding excluded: ExactString?
    ) throws
        -> [ClaimRecord]
    {
        try facts(of: name).filter { claim in
            claim.predicate.hasSameBytes(as: predicate) && !(excluded.map { claim.id.hasSameBytes(as: $0.string) } ?? false)
        }
    }

    /// Whether leaving `excluded` out can change what is held about sources: only when it is a fact.
    private func touchesFacts(_ excluded: ExactString?) -> Bool {
        excluded != nil && SourceFacts.source(ofSubject: subject) != nil
    }

    /// The letters affirmed and denied by no one; the worst of them, or F when there is none.
    private mutating func reliability(of name: ExactString, excluding excluded: ExactString?) throws -> Reliability {
        let cached = !touchesFacts(excluded)
        if cached, let known = reliabilityCache[name] { return known }
        let grades = try facts(of: name, SourceFacts.reliability, excluding: excluded)
        let letters = Self.undisputed(in: grades, horizon: horizon).compactMap(Reliability.init(object:))
        let reliability = letters.max() ?? .f
        if cached { reliabilityCache[name] = reliability }
        return reliability
    }

    /// `name` and every name reachable from it by undisputed `part_of` candidates.
    private mutating func ancestors(of name: ExactString, excluding excluded: ExactString?) throws -> Set<ExactString> {
        let cached = !touchesFacts(excluded)
        if cached, let known = ancestorCache[name] { return known }
        var reached: Set<ExactString> = [name]
        var queue = [name]
        while let next = queue.popLast() {
            for body in try bodies(of: next, excluding: excluded) {
                guard case .string(let text) = body, !text.isEmpty, reached.insert(text.exact).inserted else { continue }
                queue.append(text.exact)
            }
        }
        if cached { ancestorCache[name] = reached }
        return reached
    }

    /// The bodies `name` is undisputedly `part_of`.
    private mutating func bodies(of name: ExactString, excluding excluded: ExactString?) throws -> [JSONValue] {
        let cached = !touchesFacts(excluded)
        if cached, let known = bodiesCache[name] { return known }
        let bodies = Self.undisputed(in: try facts(of: name, SourceFacts.partOf, excluding: excluded), horizon: horizon)
        if cached { bodiesCache[name] = bodies }
        return bodies
    }

    /// The objects of candidates affirmed by someone and denied by no one.
    private static func undisputed(in claims: [ClaimRecord], horizon: Horizon) -> [JSONValue] {
        var affirmed: [[UInt8]: ClaimRecord] = [:]
        var denied: Set<[UInt8]> = []
        for (key, claim) in BeliefEvaluator.stances(of: claims, horizon: horizon) {
            if claim.polarity == .affirm { affirmed[key.object] = claim } else { denied.insert(key.object) }
        }
        return affirmed.filter { !denied.contains($0.key) }.map(\.value.objectValue)
    }

    /// Each source's origin group: sources whose ancestors meet are affiliated, and the groups are the
    /// classes of that relation's transitive closure, each named by its byte-wise smallest member.
    static func originGroups(of names: [ExactString], ancestors: [ExactString: Set<ExactString>]) -> [ExactString: ExactString] {
        var parent = Dictionary(uniqueKeysWithValues: names.map { ($0, $0) })
        func root(_ name: ExactString) -> ExactString {
            var current = name
            while let up = parent[current], up != current { current = up }
            return current
        }
        var holder: [ExactString: ExactString] = [:]
        for name in names {
            for ancestor in ancestors[name] ?? [name] {
                guard let other = holder[ancestor] else {
                    holder[ancestor] = name
                    continue
                }
                let (a, b) = (root(name), root(other))
                if a != b { parent[max(a, b)] = min(a, b) }
            }
        }
        var smallest: [ExactString: ExactString] = [:]
        for name in names {
            let top = root(name)
            smallest[top] = min(smallest[top] ?? name, name)
        }
        return Dictionary(uniqueKeysWithValues: names.map { ($0, smallest[root($0)] ?? $0) })
    }

    /// The sources a belief's candidates name, affirming or denying.
    static func names(in predicates: [PredicateBelief]) -> Set<ExactString> {
        var names: Set<ExactString> = []
        for predicate in predicates {
            for candidate in predicate.candidates {
                for source in candidate.affirmedBy { names.insert(source.exact) }
                for source in candidate.deniedBy { names.insert(source.exact) }
            }
        }
        return names
    }
}

/// One predicate's stances counted by object and by origin group, so that leaving out one claim is a
/// change of counts: the claim's stance gives way to the same source's next visible claim about the
/// same object, if it has one.
private struct StanceTally {
    /// Each (object, source)'s visible claims, the stance first.
    private var byKey: [StanceKey: [ClaimRecord]] = [:]
    /// The key of each stance's claim, by its id.
    private var keyOfStance: [ExactString: StanceKey] = [:]
    /// How many keys each source has a stance under.
    private var keysOfSource: [ExactString: Int] = [:]
    private let standings: [ExactString: SourceStanding]
    /// Whether any named source is strong: when none is, no origin group counts, so a source that leaves
    /// the belief changes no one's credibility but through the counts themselves.
    private let anyStrong: Bool
    private let isMultiValued: Bool
    private var affirming: [[UInt8]: Int] = [:]
    private var denying: [[UInt8]: Int] = [:]
    /// Strong stances by origin group, then object.
    private var strongAffirming: [ExactString: [[UInt8]: Int]] = [:]
    private var strongDenying: [ExactString: [[UInt8]: Int]] = [:]

    init(claims: [ClaimRecord], horizon: Horizon, standings: [ExactString: SourceStanding], isMultiValued: Bool) {
        self.standings = standings
        self.anyStrong = standings.values.contains { $0.reliability.isStrong }
        self.isMultiValued = isMultiValued
        for claim in claims where horizon.sees(claim) {
            byKey[StanceKey(object: claim.object, source: claim.source.exact), default: []].append(claim)
        }
        for key in byKey.keys {
            byKey[key]?.sort { ($0.effectiveAt, $0.seq) > ($1.effectiveAt, $1.seq) }
            if let stance = byKey[key]?.first {
                count(stance, by: 1)
                keyOfStance[stance.id.exact] = key
                keysOfSource[key.source, default: 0] += 1
            }
        }
    }

    private mutating func count(_ claim: ClaimRecord, by step: Int) {
        if claim.polarity == .affirm {
            affirming[claim.object, default: 0] += step
        } else {
            denying[claim.object, default: 0] += step
        }
        guard let standing = standings[claim.source.exact], standing.reliability.isStrong, !claim.isInferred else { return }
        let group = standing.group.exact
        if claim.polarity == .affirm {
            strongAffirming[group, default: [:]][claim.object, default: 0] += step
        } else {
            strongDenying[group, default: [:]][claim.object, default: 0] += step
        }
    }

    /// Whether leaving out the stance claim `id` changes `predicate`'s status, removes a candidate or
    /// changes a credibility; `nil` when the tally cannot tell (its source would be named nowhere, which
    /// can regroup the strong sources that remain).
    mutating func changes(
        without id: ExactString, given predicate: PredicateBelief, namedElsewhere: Set<ExactString>
    )
        -> Bool?
    {
        guard let key = keyOfStance[id], let claims = byKey[key], let stance = claims.first else { return nil }
        let replacement = claims.dropFirst().first
        let stillNamed = replacement != nil || namedElsewhere.contains(key.source) || (keysOfSource[key.source] ?? 0) > 1
        guard stillNamed || !anyStrong else { return nil }
        count(stance, by: -1)
        if let replacement { count(replacement, by: 1) }
        defer {
            if let replacement { count(replacement, by: -1) }
            count(stance, by: 1)
        }
        let objects = predicate.candidates.map { CanonicalJSON.encode($0.object) }
        // A candidate with no stance left is gone.
        if objects.contains(where: { (affirming[$0] ?? 0) + (denying[$0] ?? 0) == 0 }) { return true }
        let affirmed = objects.filter { (affirming[$0] ?? 0) > 0 }
        let disputed = affirmed.contains { (denying[$0] ?? 0) > 0 }
        let status: BeliefStatus =
            disputed || (!isMultiValued && affirmed.count >= 2) ? .contested : affirmed.isEmpty ? .denied : .settled
        if status != predicate.status { return true }
        let groups = Set(strongAffirming.keys).union(strongDenying.keys)
        for (candidate, object) in zip(predicate.candidates, objects) {
            var support = 0
            var opposition = 0
            for group in groups {
                let affirms = strongAffirming[group] ?? [:]
                if (affirms[object] ?? 0) > 0 { support += 1 }
                let opposes =
                    (strongDenying[group]?[object] ?? 0) > 0
                    || (!isMultiValued && affirms.contains { $0.key != object && $0.value > 0 })
                if opposes { opposition += 1 }
            }
            let credibility = Credibility(support: support, opposition: opposition, isAffirmed: (affirming[object] ?? 0) > 0)
            if credibility != candidate.credibility { return true }
        }
        return false
    }
}
