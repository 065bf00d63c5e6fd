/// Checks a ``BeliefReceipt`` offline: the checkpoint's signature, every event's inclusion proof against
/// it, every present evidence against its hash, and the belief recomputed from the receipt's events
/// with the same code the daemon uses.
public struct ReceiptVerifier {
    /// What a verified receipt established.
    public struct Verified: Sendable {
        public var checkpoint: Checkpoint
        /// Whether the signature was checked against a key the caller pinned, not the receipt's own.
        public var keyWasPinned: Bool
        public var events: Int
        public var belief: SubjectBelief
    }

    /// The key to check the signature with; `nil` means the receipt's own `verifier_key` (its word only).
    public let pinnedKey: String?

    public init(pinnedKey: String?) {
        self.pinnedKey = pinnedKey
    }

    /// - Throws: ``AuditError`` naming the first check that failed.
    public func verify(_ receipt: BeliefReceipt) throws -> Verified {
        let key = pinnedKey ?? receipt.verifierKey
        let checkpoint: Checkpoint
        do {
            checkpoint = try Checkpoint(body: try NoteVerifier(verifierKey: key).verify(note: receipt.checkpoint))
        } catch let error as AuditError {
            throw AuditError(
                "The checkpoint's signature does not verify with \(pinnedKey == nil ? "the receipt's" : "your") key "
                    + "\(key): \(error.message)")
        }
        guard receipt.events.count == receipt.inclusion.count else {
            throw AuditError("The receipt has \(receipt.events.count) events but \(receipt.inclusion.count) inclusion proofs.")
        }
        var events: [Event] = []
        var claimIDs: Set<ExactString> = []
        for (event, proof) in zip(receipt.events, receipt.inclusion) {
            let decoded: Event
            do {
                decoded = try EventDecoder.storedEvent(from: event)
            } catch let error as LedgerError {
                throw AuditError("An event of the receipt is not an event of the ledger: \(error.message)")
            }
            let seq = decoded.seq
            guard proof.seq == seq, proof.treeSize == checkpoint.treeSize else {
                throw AuditError(
                    "The inclusion proof given for event \(seq) is for seq \(proof.seq) in a tree of "
                        + "\(proof.treeSize), not for the checkpoint's tree of \(checkpoint.treeSize).")
            }
            let leafHash = MerkleHash.leaf(decoded.leafBytes)
            let path = proof.auditPath.compactMap(Hex.decode)
            guard path.count == proof.auditPath.count,
                MerkleProofVerifier.verifyInclusion(
                    leafHash: leafHash, index: seq - 1, size: checkpoint.treeSize, proof: path, root: checkpoint.rootHash)
            else {
                throw AuditError("Event \(seq) (\(decoded.id)) is not in the checkpoint's tree: its inclusion proof fails.")
            }
            if case .assert(let claim) = decoded.body, let evidence = claim.evidence {
                guard claim.evidenceHash == evidence.hash else {
                    throw AuditError("The evidence of event \(seq) (\(decoded.id)) does not match its evidence_hash.")
                }
            }
            switch decoded.body {
            case .assert(let claim):
                guard
                    claim.subject.hasSameBytes(as: receipt.belief.subject) || SourceFacts.source(ofSubject: claim.subject) != nil
                else {
                    throw AuditError(
                        "Event \(seq) is about \(claim.subject), neither the receipt's subject \(receipt.belief.subject) "
                            + "nor a source.")
                }
                claimIDs.insert(decoded.id.exact)
            case .retract(let retraction):
                guard claimIDs.contains(retraction.target.exact) else {
                    throw AuditError("Event \(seq) retracts \(retraction.target), which is no claim of the receipt.")
                }
            case .erase(let erasure):
                guard claimIDs.contains(erasure.target.exact) else {
                    throw AuditError("Event \(seq) erases \(erasure.target), which is no claim of the receipt.")
                }
            }
            events.append(decoded)
        }
        let (at, asOf) = (receipt.belief.at, receipt.belief.asOf)
        let (recomputed, _) = ReceiptBelief.compute(
            subject: receipt.belief.subject, predicate: receipt.predicate, events: events,
            horizon: Horizon(at: at, asOf: asOf, throughSeq: checkpoint.treeSize),
            multiValued: Set(receipt.multiValued.map(\.exact)))
        // Byte for byte: a source or object that is only Unicode-equivalent to the recomputed one is a different one.
        guard recomputed.jsonBytes == receipt.belief.jsonBytes else {
            throw AuditError(
                "The belief does not follow from the receipt's events: "
                    + Self.firstDifference(recomputed: recomputed, stated: receipt.belief) + ".")
        }
        return Verified(checkpoint: checkpoint, keyWasPinned: pinnedKey != nil, events: events.count, belief: recomputed)
    }

    /// Which check of the belief failed, for a person: statuses, candidates, credibility, load-bearing
    /// claims or sources.
    static func firstDifference(recomputed: SubjectBelief, stated: SubjectBelief) -> String {
        func statuses(_ belief: SubjectBelief) -> String {
            belief.predicates.map { "\($0.predicate) \($0.status.rawValue)" }.joined(separator: ", ")
        }
        guard statuses(recomputed) == statuses(stated), recomputed.predicates.count == stated.predicates.count else {
            return "recomputed, it is \(statuses(recomputed)); the receipt says \(statuses(stated))"
        }
        for (mine, theirs) in zip(recomputed.predicates, stated.predicates) {
            for (candidate, claimed) in zip(mine.candidates, theirs.candidates) where candidate.credibility != claimed.credibility
            {
                let word = { (credibility: Credibility?) in credibility.map { "\($0.rawValue) \($0.name)" } ?? "none" }
                return "the credibility of \(CanonicalJSON.string(candidate.object)) for \(mine.predicate) is "
                    + "\(word(candidate.credibility)) from the receipt's events; the receipt says \(word(claimed.credibility))"
            }
            if mine.loadBearing?.map(\.exact) != theirs.loadBearing?.map(\.exact) {
                return "the load-bearing claims of \(mine.predicate) are \(mine.loadBearing ?? []) from the receipt's "
                    + "events; the receipt says \(theirs.loadBearing ?? [])"
            }
        }
        if recomputed.sources != stated.sources {
            let differing = Set((recomputed.sources ?? [:]).keys).union((stated.sources ?? [:]).keys).sorted().first {
                recomputed.sources?[$0] != stated.sources?[$0]
            }
            if let name = differing {
                let describe = { (standing: SourceStanding?) in
                    standing.map { "reliability \($0.reliability.rawValue) in the group \($0.group)" } ?? "not named"
                }
                return "the source \(name) has \(describe(recomputed.sources?[name])) from the receipt's events; the "
                    + "receipt says \(describe(stated.sources?[name]))"
            }
        }
        return "its candidates or their sources differ from those its events give"
    }
}
