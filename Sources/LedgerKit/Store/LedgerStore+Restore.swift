extension LedgerStore {
    /// Restores events exported by a replay, every field kept as it was (`seq`, `recorded_at`, `actor`,
    /// `id`, evidence salts and hashes), so the restored ledger has the same root.
    ///
    /// Only into an empty ledger, or one that holds nothing but earlier restored events: a large export
    /// is restored in several calls, and a restore cut short can be sent again: a line whose event is
    /// already restored, byte for byte the same, is passed over.
    ///
    /// Each line must be a stored event in its canonical form, with the next `seq`, a `recorded_at` not
    /// before the previous event's, an id not yet used, evidence that matches its hash, and a valid
    /// retraction target; otherwise nothing of the call is written.
    ///
    /// - Returns: The head after the restore.
    /// - Throws: ``LedgerError`` with ``LedgerError/Code/notEmpty`` for a ledger with events of its
    ///   own, or naming the first line at fault.
    public func restore(lines: [[UInt8]]) throws -> UInt64 {
        try writeTransaction { txn in
            var head = try lastSeq(in: txn)
            let restoredThrough =
                try txn.value(for: Self.restoredThroughKey, in: meta).flatMap { UInt64(bigEndianBytes: $0) } ?? 0
            guard head == 0 || restoredThrough == head else {
                throw LedgerError(
                    code: .notEmpty,
                    message: "The ledger already holds \(head) events of its own; restore into an empty data directory "
                        + "(start ledgerd with a new --data-dir).")
            }
            var lastRecordedAt =
                head > 0
                ? try txn.withValue(for: head, in: events) { $0.flatMap(StoredEventLine.recordedAt(of:)) } : nil
            for (index, line) in lines.enumerated() {
                func problem(_ message: String) -> LedgerError {
                    LedgerError(problems: [EventProblem(index: index, field: nil, code: .invalidValue, message: message)])
                }
                if let seq = StoredEventLine.seq(of: line), seq <= head {
                    guard let stored = try storedEvent(seq: seq, in: txn), stored.bytes == line else {
                        throw problem(
                            "Event \(index) (seq \(seq)) differs from the event restored at seq \(seq) before; "
                                + "restore from the same export.")
                    }
                    continue
                }
                let event: Event
                do {
                    event = try line.withUnsafeBytes { try EventDecoder.storedEvent(from: $0) }
                } catch let error as LedgerError {
                    throw problem("Event \(index) is not a stored event: \(error.message)")
                }
                guard event.seq == head + 1 else {
                    throw problem(
                        "Event \(index) has seq \(event.seq), but the next seq is \(head + 1); restore an export whole and in order."
                    )
                }
                if let lastRecordedAt, event.recordedAt < lastRecordedAt {
                    throw problem("Event \(index) (seq \(event.seq)) was recorded before the event ahead of it.")
                }
                let (bytes, leaf) = event.canonicalAndLeafBytes
                guard bytes == line else {
                    throw problem(
                        "Event \(index) (seq \(event.seq)) is not in the canonical form the ledger stores; "
                            + "restore the bytes a replay wrote, unchanged.")
                }
                if case .assert(let claim) = event.body, let evidence = claim.evidence, claim.evidenceHash != evidence.hash {
                    throw problem("Event \(index) (seq \(event.seq)) has evidence that does not match its evidence_hash.")
                }
                guard try seq(ofID: event.id, in: txn) == nil else {
                    throw problem("Event \(index) (seq \(event.seq)) has the id \(event.id), which an earlier event has.")
                }
                var target: Event?
                switch event.body {
                case .retract(let retraction): target = try recordRetraction(retraction, bySeq: event.seq, index: index, in: txn)
                // The export holds the claim as it was left: without its evidence.
                case .erase(let erasure): try erase(erasure, bySeq: event.seq, index: index, evidenceAlreadyGone: true, in: txn)
                case .assert: break
                }
                try txn.put(bytes, for: event.seq, in: events, options: .append)
                try txn.put(event.seq, for: event.id, in: eventIDs, options: .noOverwrite)
                try projections.apply(event, retracting: target, in: txn)
                try merkle.append(leafHash: MerkleHash.leaf(leaf), seq: event.seq, in: txn)
                head = event.seq
                lastRecordedAt = event.recordedAt
            }
            try txn.put(head, for: Self.restoredThroughKey, in: meta)
            if let lastRecordedAt {
                try txn.put(UInt64(bitPattern: lastRecordedAt.microsecondsSinceEpoch), for: Self.lastRecordedAtKey, in: meta)
            }
            return head
        }
    }

    /// In `meta`: the head a restore reached, while the ledger holds nothing else.
    static let restoredThroughKey = "restored_through"
}
