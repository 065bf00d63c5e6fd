import LMDB

extension LedgerStore {
    /// The `seq` of every event touching `subject` (its claims, their retractions and their erasures), in
    /// order, as of the head the views hold.
    public func seqs(touching subject: String) throws -> [UInt64] {
        try views.read { txn in try views.seqs(touching: subject, in: txn) }
    }

    /// Every event touching `subject` (its claims and their retractions) in `seq` order, each with the
    /// change of belief it caused, limited to `window`.
    ///
    /// The change compares the predicate's belief with the ledger just before and just after the event,
    /// at valid time `at` (default: the end of time, so every claim counts once recorded).
    ///
    /// - Throws: ``LedgerError`` ``LedgerError/Code/damagedEvent`` naming a stored event that cannot be read.
    public func history(
        subject: String, window: HistoryWindow = .init(), at: Timestamp = .distantFuture
    ) throws -> [HistoryEntry]? {
        let (claims, erasures) = try views.read { txn in
            let claims = try views.claims(about: subject, in: txn)
            var erasures: [UInt64: UInt64] = [:]
            for claim in claims { erasures[claim.seq] = try views.erasure(ofClaimAt: claim.seq, in: txn) }
            return (claims, erasures)
        }
        guard !claims.isEmpty else { return nil }
        var touching: [(seq: UInt64, claim: ClaimRecord)] = claims.map { ($0.seq, $0) }
        touching += claims.compactMap { claim in claim.retraction.map { ($0.seq, claim) } }
        touching.sort { $0.seq < $1.seq }
        let stored = try log.storedBytes(at: Set(touching.map(\.seq)).union(erasures.values))
        func decoded(_ seq: UInt64) throws -> Event? {
            try stored[seq].map { try StoredEvent(seq: seq, bytes: $0).decoded() }
        }
        let byPredicate = Dictionary(grouping: claims, by: \.predicate.exact)
        return try touching.compactMap { seq, claim -> HistoryEntry? in
            guard let event = try decoded(seq), window.contains(event) else { return nil }
            let isMultiValued = configuration.multiValuedPredicates.contains(claim.predicate.exact)
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
                    seq: eraseSeq, id: erase.id, recordedAt: erase.recordedAt.rfc3339, actor: erase.actor, reason: erasure.reason)
            }
            return entry
        }
    }
}

/// Limits on the two time axes for ``LedgerStore/history(subject:window:at:)``; each bound is inclusive.
public struct HistoryWindow: Sendable, Hashable {
    public var validFrom: Timestamp?
    public var validTo: Timestamp?
    public var recordedFrom: Timestamp?
    public var recordedTo: Timestamp?

    public init(
        validFrom: Timestamp? = nil, validTo: Timestamp? = nil, recordedFrom: Timestamp? = nil, recordedTo: Timestamp? = nil
    ) {
        self.validFrom = validFrom
        self.validTo = validTo
        self.recordedFrom = recordedFrom
        self.recordedTo = recordedTo
    }

    func contains(_ event: Event) -> Bool {
        (validFrom.map { event.effectiveAt >= $0 } ?? true) && (validTo.map { event.effectiveAt <= $0 } ?? true)
            && (recordedFrom.map { event.recordedAt >= $0 } ?? true) && (recordedTo.map { event.recordedAt <= $0 } ?? true)
    }
}

/// One event of a subject's history and the change of belief it caused.
public struct HistoryEntry: Sendable, Hashable, Codable {
    public var seq: UInt64
    public var id: String
    public var type: String
    public var recordedAt: String
    public var effectiveAt: String
    public var actor: String
    /// The claim's (for a retraction: the withdrawn claim's) predicate, object, source and polarity.
    public var predicate: String
    public var object: JSONValue
    public var source: String
    public var polarity: Polarity
    public var target: String?
    public var reason: String?
    /// The predicate's status before the event; absent when nothing about it was visible.
    public var statusBefore: BeliefStatus?
    public var statusAfter: BeliefStatus?
    /// Candidates (objects) that appeared and that disappeared.
    public var gained: [JSONValue]
    public var lost: [JSONValue]
    /// For a claim whose evidence was erased: when, by whom and why.
    public var erased: ErasureRecord?

    init(event: Event, claim: ClaimRecord, before: PredicateBelief?, after: PredicateBelief?) {
        seq = event.seq
        id = event.id
        type = event.body.type.rawValue
        recordedAt = event.recordedAt.rfc3339
        effectiveAt = event.effectiveAt.rfc3339
        actor = event.actor
        predicate = claim.predicate
        object = (try? JSONParser.parse(claim.object)) ?? .null
        source = claim.source
        polarity = claim.polarity
        if case .retract(let retraction) = event.body {
            target = retraction.target
            reason = retraction.reason
        }
        statusBefore = before?.status
        statusAfter = after?.status
        let beforeObjects = before?.candidates.map(\.object) ?? []
        let afterObjects = after?.candidates.map(\.object) ?? []
        gained = afterObjects.filter { !beforeObjects.contains($0) }
        lost = beforeObjects.filter { !afterObjects.contains($0) }
    }

    enum CodingKeys: String, CodingKey {
        case seq, id, type, actor, predicate, object, source, polarity, target, reason, gained, lost, erased
        case recordedAt = "recorded_at"
        case effectiveAt = "effective_at"
        case statusBefore = "status_before"
        case statusAfter = "status_after"
    }
}
