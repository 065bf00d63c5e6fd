import Logging

extension LedgerStore {
    /// Appends a batch of events atomically: all of them are written in one transaction, or none.
    ///
    /// Assigns each new event the next `seq`, the batch's `recorded_at` (never earlier than the
    /// previous event's), `actor`, an id if it has none, and an evidence salt and hash. An event whose
    /// id exists with the same content is not written again and answers the stored `seq`.
    ///
    /// - Parameters:
    ///   - drafts: Events decoded by ``EventDecoder/drafts(from:)``.
    ///   - actor: The Unix user appending, recorded on every new event.
    ///   - expectedHead: When set, the append is refused with ``LedgerError/Code/headMoved`` unless the
    ///     ledger's head is exactly this `seq`.
    /// - Throws: ``LedgerError``: ``LedgerError/Code/idConflict``, ``LedgerError/Code/unknownTarget``,
    ///   ``LedgerError/Code/invalidTarget``, ``LedgerError/Code/alreadyRetracted``,
    ///   ``LedgerError/Code/eventTooLarge`` (each naming the event's index and field), or
    ///   ``LedgerError/Code/storageFull``; nothing of the batch is written.
    public func append(_ drafts: [EventDraft], actor: String, expectedHead: UInt64? = nil) throws -> AppendResult {
        let batch = AppendBatch(drafts: drafts, actor: actor, expectedHead: expectedHead)
        return try writeTransaction { txn in try append(batch, in: txn) }
    }

    /// Appends several independent batches in one write transaction (one commit, one fsync), each in a
    /// child transaction of its own: a batch that is refused leaves the others untouched.
    ///
    /// - Returns: One result per batch, in order.
    /// - Throws: ``LedgerError`` when the shared commit fails (storage full, say): then nothing is written.
    public func append(batches: [AppendBatch]) throws -> [Result<AppendResult, LedgerError>] {
        try writeTransaction { txn in
            try batches.map { batch -> Result<AppendResult, LedgerError> in
                do {
                    return .success(try txn.withNestedTransaction { child in try append(batch, in: child) })
                } catch let error as LedgerError {
                    return .failure(error)
                }
            }
        }
    }

    private func append(_ batch: AppendBatch, in txn: borrowing Transaction) throws -> AppendResult {
        let (drafts, actor) = (batch.drafts, batch.actor)
        var head = try lastSeq(in: txn)
        if let expectedHead = batch.expectedHead, expectedHead != head {
            throw LedgerError(
                code: .headMoved,
                message: "The ledger's head is \(head), not the expected \(expectedHead); nothing was written. "
                    + "Read what changed since \(expectedHead) and retry.")
        }
        for (subject, seen) in batch.expectedSubjectSeqs.sorted(by: { $0.key < $1.key }) {
            let last = try projections.lastSeq(touching: subject.string, in: txn)
            if last > seen {
                throw LedgerError(
                    code: .subjectMoved,
                    message: "The subject \(subject) changed after seq \(seen): its last event is \(last). Nothing was "
                        + "written; read it again and retry.")
            }
        }
        let recordedAt = try nextRecordedAt(after: head, in: txn)
        var results: [AppendedEvent] = []
        results.reserveCapacity(drafts.count)
        for (index, draft) in drafts.enumerated() {
            let id = draft.id ?? RandomIdentifiers.uuid()
            if let existing = try seq(ofID: id, in: txn) {
                results.append(try duplicate(of: draft, id: id, storedAt: existing, index: index, in: txn))
                continue
            }
            let event = Event(seq: head + 1, recordedAt: recordedAt, actor: actor, id: id, body: sealed(draft.body))
            var target: Event?
            switch event.body {
            case .retract(let retraction): target = try recordRetraction(retraction, bySeq: event.seq, index: index, in: txn)
            case .erase(let erasure): try erase(erasure, bySeq: event.seq, index: index, in: txn)
            case .assert: break
            }
            let (bytes, leaf) = event.canonicalAndLeafBytes
            guard bytes.count <= configuration.maximumEventSize else {
                throw LedgerError(problems: [
                    EventProblem(
                        index: index, field: nil, code: .eventTooLarge,
                        message: "Event \(index) is \(bytes.count) bytes, over the limit of "
                            + "\(configuration.maximumEventSize); shorten its evidence or object.")
                ])
            }
            try txn.put(bytes, for: event.seq, in: events, options: .append)
            try txn.put(event.seq, for: id, in: eventIDs, options: .noOverwrite)
            try projections.apply(event, retracting: target, in: txn)
            try merkle.append(leafHash: MerkleHash.leaf(leaf), seq: event.seq, in: txn)
            head = event.seq
            results.append(AppendedEvent(seq: event.seq, id: id, recordedAt: recordedAt, isDuplicate: false))
        }
        if results.contains(where: { !$0.isDuplicate }) {
            try txn.put(UInt64(bitPattern: recordedAt.microsecondsSinceEpoch), for: Self.lastRecordedAtKey, in: meta)
        }
        return AppendResult(head: head, events: results)
    }

    /// The batch's transaction time: the clock, but never before the last event's, which the store keeps
    /// beside the log (``lastRecordedAtKey``) so that no append depends on decoding an old event.
    private func nextRecordedAt(after head: UInt64, in txn: borrowing Transaction) throws -> Timestamp {
        let now = clock()
        guard head > 0 else { return now }
        let kept = try txn.withValue(for: Self.lastRecordedAtKey, in: meta) { bytes in
            bytes.flatMap { UInt64(bigEndianBytes: $0) }.flatMap { Timestamp(validatingMicroseconds: Int64(bitPattern: $0)) }
        }
        if let kept { return max(now, kept) }
        // A ledger written before the key existed: read the member from the last event's bytes, and if
        // even that cannot be read, go on with the clock rather than stop every append.
        let last = try txn.withValue(for: head, in: events) { bytes in bytes.flatMap(StoredEventLine.recordedAt(of:)) }
        if last == nil {
            logger.error("The last event's recorded_at cannot be read; using the clock", metadata: ["seq": "\(head)"])
        }
        return max(now, last ?? now)
    }

    /// In `meta`: the `recorded_at` of the last event, in microseconds (8 bytes, big-endian).
    static let lastRecordedAtKey = "last_recorded_at"

    /// The body with the daemon's evidence salt and hash added.
    private func sealed(_ body: EventBody) -> EventBody {
        guard case .assert(var assertion) = body, var evidence = assertion.evidence else { return body }
        evidence.salt = RandomIdentifiers.salt()
        assertion.evidence = evidence
        assertion.evidenceHash = evidence.hash
        return .assert(assertion)
    }

    private func duplicate(
        of draft: EventDraft, id: String, storedAt seq: UInt64, index: Int, in txn: borrowing Transaction
    ) throws -> AppendedEvent {
        let stored: Event
        do {
            guard let found = try storedEvent(seq: seq, in: txn)?.decoded() else {
                throw LedgerError(code: .damagedEvent, message: "")
            }
            stored = found
        } catch let error as LedgerError where error.code == .damagedEvent {
            throw LedgerError(problems: [
                EventProblem(
                    index: index, field: EventField.id, code: .idConflict,
                    message: "Event \(index): the id \(id) is already used by event \(seq), which cannot be read back to compare "
                        + "(ledgerctl audit verify names what is damaged); use a new id.")
            ])
        }
        var offered = draft.body
        if case .assert(var assertion) = offered, case .assert(let kept) = stored.body,
            kept.evidence == nil, kept.evidenceHash != nil
        {
            assertion.evidence = nil  // erased evidence is never compared, nor written again
            offered = .assert(assertion)
        }
        guard EventDraft(id: id, body: offered).contentValue(id: id) == stored.contentValue else {
            throw LedgerError(problems: [
                EventProblem(
                    index: index, field: EventField.id, code: .idConflict,
                    message: "Event \(index): the id \(id) is already used by event \(seq) with different content; "
                        + "use a new id for a new event.")
            ])
        }
        return AppendedEvent(seq: seq, id: id, recordedAt: stored.recordedAt, isDuplicate: true)
    }

    /// Checks the retraction rules and records it; returns the claim it withdraws.
    func recordRetraction(
        _ retraction: Retraction, bySeq seq: UInt64, index: Int, in txn: borrowing Transaction
    ) throws -> Event {
        func problem(_ code: LedgerError.Code, _ message: String) -> LedgerError {
            LedgerError(problems: [
                EventProblem(
                    index: index, field: EventField.target, code: code, message: "Event \(index): \(message)")
            ])
        }
        guard let targetSeq = try self.seq(ofID: retraction.target, in: txn) else {
            throw problem(.unknownTarget, "no event has the id \(retraction.target); retract the id of an existing claim.")
        }
        let target = try readableTarget(retraction.target, at: targetSeq, index: index, in: txn)
        guard case .assert = target.body else {
            throw problem(
                .invalidTarget,
                "the event \(retraction.target) is a \(target.body.type.rawValue) event; only assert events can be retracted.")
        }
        if let earlier = try txn.withValue(for: targetSeq, in: retractions, { $0.flatMap { UInt64(bigEndianBytes: $0) } }) {
            throw problem(
                .alreadyRetracted,
                "the claim \(retraction.target) was already retracted by event \(earlier); a claim is retracted once.")
        }
        try txn.put(seq, for: targetSeq, in: retractions, options: .noOverwrite)
        return target
    }

    /// The event a retraction or erasure names, decoded; a damaged one refuses only this request (409),
    /// never the appends of anyone else.
    func readableTarget(_ id: String, at seq: UInt64, index: Int, in txn: borrowing Transaction) throws -> Event {
        do {
            if let event = try storedEvent(seq: seq, in: txn)?.decoded() { return event }
        } catch let error as LedgerError where error.code == .damagedEvent {}
        throw LedgerError(problems: [
            EventProblem(
                index: index, field: EventField.target, code: .invalidTarget,
                message: "Event \(index): the event \(id) (seq \(seq)) cannot be read back: it is damaged "
                    + "(ledgerctl audit verify names what is wrong), so nothing can be done to it.")
        ])
    }
}
