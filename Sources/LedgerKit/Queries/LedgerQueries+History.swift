extension LedgerQueries {
    /// Every event touching `subject` (its claims and their retractions) in `seq` order, each with the
    /// change of belief it caused, limited to `window`; `nil` when no claim was ever about the subject.
    ///
    /// The change compares the predicate's belief with the ledger just before and just after the event,
    /// at valid time `at` (default: the end of time, so every claim counts once recorded).
    ///
    /// - Throws: ``LedgerError`` ``LedgerError/Code/damagedEvent`` naming a stored event that cannot be read.
    public func history(
        subject: String, window: HistoryWindow = .init(), at: Timestamp = .distantFuture
    ) async throws -> [HistoryEntry]? {
        let (claims, erasures) = try views.claimsWithErasures(about: subject)
        guard !claims.isEmpty else { return nil }
        var touching: [(seq: UInt64, claim: ClaimRecord)] = claims.map { ($0.seq, $0) }
        touching += claims.compactMap { claim in claim.retraction.map { ($0.seq, claim) } }
        touching.sort { $0.seq < $1.seq }
        let stored = try await log.storedBytes(at: Array(Set(touching.map(\.seq)).union(erasures.values)))
        func decoded(_ seq: UInt64) throws -> Event? {
            try stored[seq].map { try StoredEvent(seq: seq, bytes: $0).decoded() }
        }
        let byPredicate = Dictionary(grouping: claims, by: \.predicate.exact)
        return try touching.compactMap { seq, claim -> HistoryEntry? in
            guard let event = try decoded(seq), window.contains(event) else { return nil }
            let isMultiValued = BeliefEvaluator.isMultiValued(
                subject: claim.subject, predicate: claim.predicate, configured: configuration.multiValuedPredicates)
            let related = byPredicate[claim.predicate.exact] ?? []
            let before = BeliefEvaluator.belief(
                predicate: claim.predicate, claims: related, horizon: Horizon(at: at, asOf: .distantFuture, throughSeq: seq - 1),
                isMultiValued: isMultiValued)
            let after = BeliefEvaluator.belief(
                predicate: claim.predicate, claims: related, horizon: Horizon(at: at, asOf: .distantFuture, throughSeq: seq),
                isMultiValued: isMultiValued)
            var entry = HistoryEntry(event: event, claim: claim, before: before, after: after)
            if case .assert = event.body, let eraseSeq = erasures[seq], let erase = try decoded(eraseSeq),
                case .erase(let erasure) = erase.body
            {
                entry.erased = ErasureRecord(
                    seq: eraseSeq, id: erase.id, recordedAt: erase.recordedAt, actor: erase.actor, reason: erasure.reason)
            }
            return entry
        }
    }
}
