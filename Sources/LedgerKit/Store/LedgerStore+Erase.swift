extension LedgerStore {
    /// Checks the erasure rules, removes the target claim's `evidence` from its stored event and records
    /// the erasure, all in `txn`. The stored claim becomes exactly the original without `evidence`; its
    /// leaf, which never held the evidence, stays the same (checked).
    ///
    /// - Parameter evidenceAlreadyGone: A restore replays an export in which the claim was already
    ///   written without its evidence; then only the record is made.
    /// - Throws: ``LedgerError``: ``LedgerError/Code/unknownTarget`` (404), ``LedgerError/Code/notErasable``
    ///   (a retract or erase event, or a claim without evidence: 409), ``LedgerError/Code/alreadyErased`` (409).
    func erase(
        _ erasure: Erasure, bySeq seq: UInt64, index: Int, evidenceAlreadyGone: Bool = false, in txn: borrowing Transaction
    ) throws {
        func problem(_ code: LedgerError.Code, _ message: String) -> LedgerError {
            LedgerError(problems: [
                EventProblem(index: index, field: EventField.target, code: code, message: "Event \(index): \(message)")
            ])
        }
        guard let targetSeq = try self.seq(ofID: erasure.target, in: txn) else {
            throw problem(.unknownTarget, "no event has the id \(erasure.target); erase the id of an existing claim.")
        }
        let target = try readableTarget(erasure.target, at: targetSeq, index: index, in: txn)
        guard case .assert(var claim) = target.body else {
            throw problem(
                .notErasable,
                "the event \(erasure.target) is a \(target.body.type.rawValue) event; only a claim's evidence can be erased.")
        }
        if let earlier = try txn.withValue(for: targetSeq, in: erasures, { $0.flatMap { UInt64(bigEndianBytes: $0) } }) {
            throw problem(.alreadyErased, "the evidence of \(erasure.target) was already erased by event \(earlier).")
        }
        if evidenceAlreadyGone {
            guard claim.evidence == nil, claim.evidenceHash != nil else {
                throw problem(
                    .notErasable, "the claim \(erasure.target) still has its evidence; restore the export as it was written.")
            }
        } else {
            guard claim.evidence != nil else {
                throw problem(.notErasable, "the claim \(erasure.target) has no evidence to erase.")
            }
            let leafBefore = target.canonicalAndLeafBytes.leaf
            claim.evidence = nil
            let erased = Event(
                seq: target.seq, recordedAt: target.recordedAt, actor: target.actor, id: target.id, body: .assert(claim))
            let (bytes, leaf) = erased.canonicalAndLeafBytes
            guard leaf == leafBefore else {
                throw LedgerError(
                    code: .damagedEvent, message: "Erasing \(erasure.target) would change its leaf; nothing was written.")
            }
            try txn.put(bytes, for: targetSeq, in: events)
        }
        try txn.put(seq, for: targetSeq, in: erasures, options: .noOverwrite)
    }

    /// When, by whom and why the evidence of the claim at `seq` was erased; `nil` if it was not.
    func erasure(ofClaimAt seq: UInt64, in txn: borrowing Transaction) throws -> ErasureRecord? {
        guard let eraseSeq = try txn.withValue(for: seq, in: erasures, { $0.flatMap { UInt64(bigEndianBytes: $0) } }),
            let event = try storedEvent(seq: eraseSeq, in: txn)?.decoded(), case .erase(let erasure) = event.body
        else { return nil }
        return ErasureRecord(
            seq: eraseSeq, id: event.id, recordedAt: event.recordedAt.rfc3339, actor: event.actor, reason: erasure.reason)
    }
}

/// An erasure as history shows it beside the claim it erased.
public struct ErasureRecord: Sendable, Hashable, Codable {
    /// The erase event's `seq` and `id`.
    public var seq: UInt64
    public var id: String
    public var recordedAt: String
    public var actor: String
    public var reason: String

    public init(seq: UInt64, id: String, recordedAt: String, actor: String, reason: String) {
        self.seq = seq
        self.id = id
        self.recordedAt = recordedAt
        self.actor = actor
        self.reason = reason
    }

    enum CodingKeys: String, CodingKey {
        case seq, id, actor, reason
        case recordedAt = "recorded_at"
    }
}
