extension LedgerQueries {
    /// A receipt for the belief about `subject` (or one `predicate`) at `horizon`, bound to the current
    /// tree head: every event up to it touching the subject or the `source:` subject of a source its
    /// belief names or of one of their ancestors (asserts, their retractions and erasures), each with
    /// its inclusion proof, and the graded belief computed from exactly those events.
    ///
    /// - Parameter signer: Signs a checkpoint body (the daemon's ``NoteSigner``).
    /// - Returns: `nil` if no claim was ever about the subject.
    public func receipt(
        subject: String, predicate: String?, horizon: Horizon, origin: String, signer: NoteSigner
    ) async throws -> BeliefReceipt? {
        // The events of the subject and of every source it names and their ancestors: read on one
        // snapshot of the views, then graded from exactly those events. Should the grading consult a
        // name whose facts are not in yet (a fact arrived between the reads), read again with it.
        var subjects = [subject]
        var included: Set<ExactString> = [subject.exact]
        if let graded = try gradedBelief(subject: subject, predicate: predicate, horizon: horizon) {
            for name in graded.consulted where included.insert(SourceFacts.subject(of: name).exact).inserted {
                subjects.append(SourceFacts.subject(of: name))
            }
        }
        while true {
            let (head, proofs) = try views.receiptTree(for: subjects)
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
            guard events.contains(where: { ClaimRecord($0)?.subject.hasSameBytes(as: subject) ?? false }) else { return nil }
            let (belief, consulted) = ReceiptBelief.compute(
                subject: subject, predicate: predicate, events: events,
                horizon: Horizon(at: horizon.at, asOf: horizon.asOf, throughSeq: head.size),
                multiValued: configuration.multiValuedPredicates)
            let missing = consulted.map(SourceFacts.subject(of:)).filter { included.insert($0.exact).inserted }
            if !missing.isEmpty {
                subjects += missing
                continue
            }
            let note = try signer.sign(Checkpoint(origin: origin, treeSize: head.size, rootHash: head.root).body)
            return BeliefReceipt(
                belief: belief, predicate: predicate, checkpoint: note, verifierKey: signer.verifierKey,
                multiValued: configuration.multiValuedPredicates.sorted().map(\.string), events: values,
                inclusion: proofs.map(InclusionProof.init))
        }
    }
}
