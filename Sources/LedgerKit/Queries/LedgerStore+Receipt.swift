import LMDB

extension LedgerStore {
    /// A receipt for the belief about `subject` (or one `predicate`) at `horizon`, bound to the current
    /// tree head: every event touching the subject up to it (asserts, their retractions and erasures),
    /// each with its inclusion proof, and the belief computed from exactly those events.
    ///
    /// - Parameter sign: Signs a checkpoint body (the daemon's ``NoteSigner``).
    /// - Returns: `nil` if no claim was ever about the subject.
    public func receipt(
        subject: String, predicate: String?, horizon: Horizon, origin: String, signer: NoteSigner
    ) throws -> BeliefReceipt? {
        // One snapshot of the views: the tree head, the events' positions and every proof agree.
        let (size, root, seqs, proofs) = try views.read { txn -> (UInt64, [UInt8], [UInt64], [InclusionProof]) in
            let size = try views.appliedThrough(in: txn)
            let seqs = try views.seqs(touching: subject, in: txn).filter { $0 <= size }
            let proofs = try seqs.map { seq in
                InclusionProof(
                    seq: seq, treeSize: size, leafHash: Hex.encode(try views.node(level: 0, index: seq - 1, in: txn)),
                    auditPath: try views.inclusionProof(index: seq - 1, size: size, in: txn).map(Hex.encode))
            }
            return (size, try views.root(size: size, in: txn), seqs, proofs)
        }
        guard !seqs.isEmpty else { return nil }
        let stored = try log.storedBytes(at: seqs)
        var events: [Event] = []
        var values: [JSONValue] = []
        for seq in seqs {
            guard let bytes = stored[seq] else {
                throw LedgerError(
                    code: .damagedEvent, message: "The event \(seq) is in the views but not in the log; rebuild the views.")
            }
            values.append(try JSONParser.parse(bytes))
            events.append(try StoredEvent(seq: seq, bytes: bytes).decoded())
        }
        let belief = ReceiptBelief.compute(
            subject: subject, predicate: predicate, events: events,
            horizon: Horizon(at: horizon.at, asOf: horizon.asOf, throughSeq: size),
            multiValued: configuration.multiValuedPredicates)
        let note = try signer.sign(Checkpoint(origin: origin, treeSize: size, rootHash: root).body)
        return BeliefReceipt(
            belief: belief, predicate: predicate, checkpoint: note, verifierKey: signer.verifierKey,
            multiValued: configuration.multiValuedPredicates.sorted().map(\.string), events: values, inclusion: proofs)
    }
}
