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
        let head = try treeHead()
        let size = head.treeSize
        let seqs = try readSnapshot { txn -> [UInt64] in
            let claims = try projections.claims(about: subject, in: txn).filter { $0.seq <= size }
            var seqs = claims.map(\.seq) + claims.compactMap { $0.retraction?.seq }
            for claim in claims {
                if let erased = try txn.withValue(for: claim.seq, in: erasures, { $0.flatMap { UInt64(bigEndianBytes: $0) } }) {
                    seqs.append(erased)
                }
            }
            return seqs.filter { $0 <= size }.sorted()
        }
        guard !seqs.isEmpty else { return nil }
        var events: [Event] = []
        var values: [JSONValue] = []
        var proofs: [InclusionProof] = []
        for seq in seqs {
            guard let stored = try event(seq: seq) else { continue }
            values.append(try stored.bytes.withUnsafeBytes { try JSONParser.parse($0) })
            events.append(try stored.decoded())
            proofs.append(try inclusionProof(seq: seq, treeSize: size))
        }
        let belief = ReceiptBelief.compute(
            subject: subject, predicate: predicate, events: events,
            horizon: Horizon(at: horizon.at, asOf: horizon.asOf, throughSeq: size),
            multiValued: configuration.multiValuedPredicates)
        let note = try signer.sign(Checkpoint(origin: origin, treeSize: size, rootHash: Hex.decode(head.rootHash)!).body)
        return BeliefReceipt(
            belief: belief, predicate: predicate, checkpoint: note, verifierKey: signer.verifierKey,
            multiValued: configuration.multiValuedPredicates.sorted().map(\.string), events: values, inclusion: proofs)
    }
}
