extension LedgerQueries {
    /// A receipt for the belief about `subject` (or one `predicate`) at `horizon`, bound to the current
    /// tree head: every event touching the subject up to it (asserts, their retractions and erasures),
    /// each with its inclusion proof, and the belief computed from exactly those events.
    ///
    /// - Parameter signer: Signs a checkpoint body (the daemon's ``NoteSigner``).
    /// - Returns: `nil` if no claim was ever about the subject.
    public func receipt(
        subject: String, predicate: String?, horizon: Horizon, origin: String, signer: NoteSigner
    ) async throws -> BeliefReceipt? {
        // One snapshot of the views: the tree head, the events' positions and every proof agree.
        let (head, proofs) = try views.receiptTree(for: subject)
        guard !proofs.isEmpty else { return nil }
        let seqs = proofs.map(\.seq)
        let stored = try await log.storedBytes(at: seqs)
        var events: [Event] = []
        var values: [JSONValue] = []
        for seq in seqs {
            guard let bytes = stored[seq] else {
                throw LedgerError(
                    code: .damagedEvent, message: "The event \(seq) is in the views but not in the log; rebuild the views.")
            }
            do {
                values.append(try JSONParser.parse(bytes))
            } catch {
                throw LedgerError(code: .damagedEvent, message: "The stored event \(seq) is not valid JSON: \(error)")
            }
            events.append(try StoredEvent(seq: seq, bytes: bytes).decoded())
        }
        let belief = ReceiptBelief.compute(
            subject: subject, predicate: predicate, events: events,
            horizon: Horizon(at: horizon.at, asOf: horizon.asOf, throughSeq: head.size),
            multiValued: configuration.multiValuedPredicates)
        let note = try signer.sign(Checkpoint(origin: origin, treeSize: head.size, rootHash: head.root).body)
        return BeliefReceipt(
            belief: belief, predicate: predicate, checkpoint: note, verifierKey: signer.verifierKey,
            multiValued: configuration.multiValuedPredicates.sorted().map(\.string), events: values,
            inclusion: proofs.map(InclusionProof.init))
    }
}
