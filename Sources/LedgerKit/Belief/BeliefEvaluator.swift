/// The semantics of belief as pure functions over claim records: no storage, so the daemon,
/// receipts and tests all compute belief the same way.
public enum BeliefEvaluator {
    /// The belief about one predicate from its claims (any order), or `nil` if none is visible.
    ///
    /// - Parameters:
    ///   - claims: Every claim about the subject and predicate, with its retraction.
    ///   - isMultiValued: Whether several affirmed candidates are no conflict.
    public static func belief(
        predicate: String, claims: some Sequence<ClaimRecord>, horizon: Horizon, isMultiValued: Bool
    ) -> PredicateBelief? {
        let stances = stances(of: claims, horizon: horizon)
        guard !stances.isEmpty else { return nil }

        var byObject: [[UInt8]: [ClaimRecord]] = [:]
        for claim in stances.values { byObject[claim.object, default: []].append(claim) }
        var candidates = byObject.map { object, claims in
            let setting = claims.sorted { $0.seq < $1.seq }
            return (
                object: object,
                candidate: Candidate(
                    object: claims[0].objectValue,
                    affirmedBy: sortedSources(setting.filter { $0.polarity == .affirm }),
                    deniedBy: sortedSources(setting.filter { $0.polarity == .deny }),
                    claims: setting.map(\.id))
            )
        }
        candidates.sort { lhs, rhs in
            if lhs.candidate.affirmedBy.count != rhs.candidate.affirmedBy.count {
                return lhs.candidate.affirmedBy.count > rhs.candidate.affirmedBy.count
            }
            return lhs.object.lexicographicallyPrecedes(rhs.object)
        }
        let ordered = candidates.map(\.candidate)
        return PredicateBelief(
            predicate: predicate, status: status(of: ordered, isMultiValued: isMultiValued), candidates: ordered)
    }

    /// The claim that sets each stance: for each (object, source), its visible claim with the greatest
    /// (`effective_at`, `seq`).
    static func stances(of claims: some Sequence<ClaimRecord>, horizon: Horizon) -> [StanceKey: ClaimRecord] {
        var stances: [StanceKey: ClaimRecord] = [:]
        for claim in claims where horizon.sees(claim) {
            let key = StanceKey(object: claim.object, source: claim.source.exact)
            if let current = stances[key],
                (current.effectiveAt, current.seq) > (claim.effectiveAt, claim.seq)
            {
                continue
            }
            stances[key] = claim
        }
        return stances
    }

    /// Whether several affirmed values of `predicate` are no conflict: it is configured so, or it is a
    /// source's `part_of`.
    public static func isMultiValued(subject: String, predicate: String, configured: Set<ExactString>) -> Bool {
        configured.contains(predicate.exact) || SourceFacts.isAlwaysMultiValued(subject: subject, predicate: predicate)
    }

    /// The status of a predicate with these candidates.
    public static func status(of candidates: [Candidate], isMultiValued: Bool) -> BeliefStatus {
        let affirmed = candidates.filter { !$0.affirmedBy.isEmpty }
        let disputed = candidates.contains { !$0.affirmedBy.isEmpty && !$0.deniedBy.isEmpty }
        if disputed || (!isMultiValued && affirmed.count >= 2) { return .contested }
        return affirmed.isEmpty ? .denied : .settled
    }

    /// The belief about a subject from all its claims: one entry per predicate with a visible claim,
    /// sorted by predicate. Predicates and sources are told apart by their bytes.
    public static func belief(
        subject: String, claims: [ClaimRecord], horizon: Horizon, multiValuedPredicates: Set<ExactString>
    ) -> SubjectBelief {
        let byPredicate = Dictionary(grouping: claims, by: \.predicate.exact)
        let predicates = byPredicate.keys.sorted().compactMap { predicate in
            belief(
                predicate: predicate.string, claims: byPredicate[predicate]!, horizon: horizon,
                isMultiValued: isMultiValued(
                    subject: subject, predicate: predicate.string, configured: multiValuedPredicates))
        }
        return SubjectBelief(subject: subject, at: horizon.at, asOf: horizon.asOf, predicates: predicates)
    }

    /// Sources in byte order of their UTF-8, without repeats (by bytes).
    static func sortedSources(_ claims: [ClaimRecord]) -> [String] {
        Set(claims.map(\.source.exact)).sorted().map(\.string)
    }
}

/// One source's stance is about one object; both told apart by their bytes.
struct StanceKey: Hashable {
    let object: [UInt8]
    let source: ExactString
}
