public import LedgerKit

/// One pass over the whole log, page by page, trusting nothing the daemon says: every event's leaf, its
/// evidence and its place (``LedgerVerifier``); every leaf hash the log stored, against the event's bytes;
/// every tree head the log committed and the one the daemon serves, against the root the events give; and
/// the head the log records, against its last event. A failure names what is wrong in the words the
/// daemon uses when it meets the same damage (``LogDamage``).
public struct AuditRun: Sendable {
    public let client: LedgerClient
    /// Events replayed a request.
    public static let pageSize = 10_000

    public init(client: LedgerClient) { self.client = client }

    /// The tree the daemon serves, recomputed: its size and root. `progress` hears the events verified and
    /// the log's size, every 4,096 events and at the end.
    ///
    /// - Throws: ``AuditError`` naming the damage, or the client's errors.
    public func verify(
        progress: (_ done: UInt64, _ total: UInt64) -> Void = { _, _ in }
    ) throws -> (count: UInt64, root: [UInt8]) {
        // The served head first: the log is never behind it, so every event it covers is in the replay.
        let served = try client.treeHead()
        var records = try client.logRecords(from: 0)
        let location = records.location
        let size = records.head
        func damaged(_ damage: LogDamage) -> AuditError { AuditError(damage.sentence(location: location)) }
        guard size >= served.treeSize else {
            throw AuditError(
                "The daemon serves a tree of \(served.treeSize) events, but the log at \(location) records only \(size).")
        }
        var committed = records.treeHeads[...]
        var verifier = LedgerVerifier()
        var servedRoot = served.treeSize == 0 ? MerkleHash.emptyRoot : nil as [UInt8]?
        var lastRecordedAt: Timestamp?
        var from: UInt64 = 1
        while from <= size {
            let to = min(size, from + UInt64(Self.pageSize) - 1)
            let stored = try client.leafHashes(from: from, limit: Int(to - from + 1))
            try client.replay(from: from, to: to) { line in
                let expected = verifier.count + 1
                if let seq = StoredEventLine.seq(of: Array(line)), seq != expected {
                    throw damaged(.missingEvent(seq: expected, next: seq))
                }
                try verifier.add(line: line)
                let index = Int(verifier.count - from)
                guard index < stored.count, stored[index] == verifier.lastLeafHash else {
                    throw damaged(.leafMismatch(seq: verifier.count))
                }
                lastRecordedAt = StoredEventLine.recordedAt(of: line)
                if verifier.count == served.treeSize { servedRoot = verifier.root }
                while let head = committed.first, head.treeSize <= verifier.count {
                    if head.treeSize == verifier.count, head.rootHash != Hex.encode(verifier.root) {
                        throw damaged(.rootMismatch(size: head.treeSize))
                    }
                    committed.removeFirst()
                    if committed.isEmpty, let next = records.nextFrom {
                        records = try client.logRecords(from: next)
                        committed = records.treeHeads[...]
                    }
                }
                if verifier.count % 4096 == 0 { progress(verifier.count, size) }
            }
            guard verifier.count == to else { throw damaged(.headPastEvents(head: size, lastEvent: verifier.count)) }
            from = to + 1
        }
        progress(verifier.count, size)
        if let head = committed.first { throw damaged(.rootMismatch(size: head.treeSize)) }
        if size > 0, let actual = lastRecordedAt, records.lastRecordedAt != actual.rfc3339 {
            throw damaged(.lastRecordedAtMismatch(kept: records.lastRecordedAt ?? "no time", seq: size, actual: actual.rfc3339))
        }
        guard let servedRoot, Hex.encode(servedRoot) == served.rootHash else {
            throw AuditError(
                "The root recomputed from the first \(served.treeSize) events, \(servedRoot.map(Hex.encode) ?? "none"), is not "
                    + "the daemon's \(served.rootHash).")
        }
        return (served.treeSize, servedRoot)
    }
}

/// An inclusion proof fetched from the daemon and checked here: the event's stored bytes against its
/// leaf, and the path from the leaf to the tree head's root.
public struct InclusionCheck: Sendable {
    public let proof: InclusionProof
    public let head: TreeHead
    /// Whether the path leads from the event's leaf to the head's root.
    public let verified: Bool
}

extension AuditRun {
    /// The proof that event `seq` is in the tree of `treeSize` events (default: the current head), checked.
    ///
    /// - Throws: ``AuditError`` when the event's bytes are not the leaf the ledger committed to, or a
    ///   hash is not 32 bytes of hex; the client's errors.
    public func checkInclusion(seq: UInt64, treeSize: UInt64? = nil) throws -> InclusionCheck {
        let proof = try client.inclusionProof(seq: seq, treeSize: treeSize)
        let head = try client.treeHead(size: proof.treeSize)
        let event = try client.event(seq: seq)
        let leaf = MerkleHash.leaf(try EventDecoder.storedEvent(from: JSONParser.parse(event)).leafBytes)
        guard Hex.encode(leaf) == proof.leafHash else {
            throw AuditError("Event \(seq) is damaged: its stored bytes do not match the leaf the ledger committed to.")
        }
        let verified = MerkleProofVerifier.verifyInclusion(
            leafHash: leaf, index: seq - 1, size: proof.treeSize, proof: try proof.auditPath.map(Self.hash),
            root: try Self.hash(head.rootHash))
        return InclusionCheck(proof: proof, head: head, verified: verified)
    }

    /// A 32-byte hash from the daemon's hex.
    public static func hash(_ text: String) throws -> [UInt8] {
        guard let hash = Hex.decode(text), hash.count == MerkleHash.size else {
            throw AuditError("The daemon sent \"\(text)\" where a 32-byte hex hash belongs.")
        }
        return hash
    }
}
