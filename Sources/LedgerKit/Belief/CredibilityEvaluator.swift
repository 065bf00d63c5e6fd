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
            graded.belief.predicates[index].loadBearing = try loadBearing(of: graded.belief.predicates[index])
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
        let named = Self.names(in: belief.predicates).sorted()
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
        let byPredicate = Dictionary(grouping: kept, by: \.predicate.exact)
        for index in belief.predicates.indices {
            let predicate = belief.predicates[index].predicate
            let isMultiValued = BeliefEvaluator.isMultiValued(subject: subject, predicate: predicate, configured: multiValued)
            let stances = BeliefEvaluator.stances(of: byPredicate[predicate.exact] ?? [], horizon: horizon)
            // Each origin group's strong stances: the objects it affirms and those it denies.
            var affirmedByGroup: [ExactString: Set<[UInt8]>] = [:]
            var deniedByGroup: [ExactString: Set<[UInt8]>] = [:]
            for (key, claim) in stances {
                guard let standing = standings[key.source], standing.reliability.isStrong, !claim.isInferred else { continue }
                let group = standing.group.exact
                if claim.polarity == .affirm {
                    affirmedByGroup[group, default: []].insert(key.object)
                } else {
                    deniedByGroup[group, default: []].insert(key.object)
                }
            }
            let groupNames = Set(affirmedByGroup.keys).union(deniedByGroup.keys)
            for candidateIndex in belief.predicates[index].candidates.indices {
                let candidate = belief.predicates[index].candidates[candidateIndex]
                let object = CanonicalJSON.encode(candidate.object)
                var support = 0
                var opposition = 0
                for group in groupNames {
                    let affirms = affirmedByGroup[group] ?? []
                    if affirms.contains(object) { support += 1 }
                    let opposes =
                        (deniedByGroup[group]?.contains(object) ?? false)
                        || (!isMultiValued && affirms.contains { $0 != object })
                    if opposes { opposition += 1 }
                }
                belief.predicates[index].candidates[candidateIndex].credibility = Credibility(
                    support: support, opposition: opposition, isAffirmed: !candidate.affirmedBy.isEmpty)
            }
        }
        return Graded(belief: belief, standings: standings)
    }

    /// The claims among a predicate's that change its status, remove one of its candidates or change a
    /// candidate's credibility when left out; sorted by their bytes.
    private mutating func loadBearing(of predicate: PredicateBelief) throws -> [String] {
        let ids = Set(predicate.candidates.flatMap(\.claims).map(\.exact))
        var found: [ExactString] = []
        for id in ids {
            let without = try evaluate(excluding: id).belief.predicates.first {
                $0.predicate.hasSameBytes(as: predicate.predicate)
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
            for body in Self.undisputed(in: try facts(of: next, SourceFacts.partOf, excluding: excluded), horizon: horizon) {
                guard case .string(let text) = body, !text.isEmpty, reached.insert(text.exact).inserted else { continue }
                queue.append(text.exact)
            }
        }
        if cached { ancestorCache[name] = reached }
        return reached
    }

    /// The objects of candidates affirmed by someone and denied by no one.
    private static func undisputed(in claims: [ClaimRecord], horizon: Horizon) -> [JSONValue] {
        guard
            let belief = BeliefEvaluator.belief(
                predicate: "", claims: claims, horizon: horizon, isMultiValued: true)
        else { return [] }
        return belief.candidates.filter { !$0.affirmedBy.isEmpty && $0.deniedBy.isEmpty }.map(\.object)
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
