/// Recomputes a ledger's tree from its replayed events, trusting nothing the daemon says about them:
/// each event's leaf, each present evidence against its hash, and the root.
///
/// Memory stays O(log n): only the roots of the perfect subtrees on the right edge are kept.
public struct LedgerVerifier {
    /// Events checked so far.
    public private(set) var count: UInt64 = 0
    private var rightEdge: [(level: Int, hash: [UInt8])] = []

    public init() {}

    /// Checks the next replayed event and returns its leaf hash.
    ///
    /// - Throws: ``AuditError`` naming the `seq` when the line is not an event, is out of order, or its
    ///   evidence does not match its hash.
    public mutating func add(line: [UInt8]) throws -> [UInt8] {
        let expected = count + 1
        let event: Event
        do {
            event = try line.withUnsafeBytes { try EventDecoder.storedEvent(from: $0) }
        } catch {
            throw AuditError("Event \(expected) is damaged: it is not an event of the ledger (\(error)).")
        }
        guard event.seq == expected else {
            throw AuditError("Event \(expected) is missing: the replay went on with seq \(event.seq).")
        }
        if case .assert(let claim) = event.body, let evidence = claim.evidence {
            guard claim.evidenceHash == LedgerStore.evidenceHash(evidence) else {
                throw AuditError("Event \(event.seq) is damaged: its evidence does not match its evidence_hash.")
            }
        }
        let leaf = MerkleHash.leaf(event.leafBytes)
        append(leafHash: leaf)
        return leaf
    }

    /// Adds a leaf hash to the running tree.
    public mutating func append(leafHash: [UInt8]) {
        var node = (level: 0, hash: leafHash)
        while let last = rightEdge.last, last.level == node.level {
            rightEdge.removeLast()
            node = (node.level + 1, MerkleHash.node(last.hash, node.hash))
        }
        rightEdge.append(node)
        count += 1
    }

    /// The root of the tree of every leaf added.
    public var root: [UInt8] {
        guard var hash = rightEdge.last?.hash else { return MerkleHash.emptyRoot }
        for node in rightEdge.dropLast().reversed() { hash = MerkleHash.node(node.hash, hash) }
        return hash
    }
}
