internal import Crypto

/// Recomputes a ledger's tree from its replayed events, trusting nothing the daemon says about them:
/// each event's leaf, each present evidence against its hash, and the root.
///
/// Memory stays O(log n): only the roots of the perfect subtrees on the right edge are kept.
public struct LedgerVerifier {
    /// Events checked so far.
    public private(set) var count: UInt64 = 0
    /// Roots of the perfect subtrees on the right edge, as fixed-size digests: no allocation per hash.
    private var rightEdge: [(level: Int, hash: SHA256Digest)] = []
    private var lastLeaf: SHA256Digest?

    public init() {}

    /// A verifier that checks leaves only, starting at event `seq` (its root is of those leaves alone).
    public init(startingAt seq: UInt64) {
        count = seq - 1
    }

    /// Checks the next replayed event; its leaf hash is then ``lastLeafHash``.
    ///
    /// The line is hashed as it came: the leaf is its bytes without the `evidence` member, so a line
    /// that differs by one byte from what the ledger committed to changes the root, and is caught when
    /// the root is compared. The line itself is only scanned, not decoded, which keeps an audit fast.
    ///
    /// - Throws: ``AuditError`` naming the `seq` when the line is not an event, is out of order, or its
    ///   evidence does not match its hash.
    public mutating func add(line: UnsafeRawBufferPointer) throws {
        let expected = count + 1
        let parts: StoredEventLine
        do {
            parts = try StoredEventLine(line)
        } catch {
            throw AuditError("Event \(expected) is damaged: it is not an event of the ledger (\(error)).")
        }
        guard parts.seq == expected else {
            throw AuditError("Event \(expected) is missing: the replay went on with seq \(parts.seq).")
        }
        if let evidence = parts.evidence {
            let digest = SHA256.hash(data: UnsafeRawBufferPointer(rebasing: line[evidence]))
            guard let hash = parts.evidenceHash, Hex.matches(digest, UnsafeRawBufferPointer(rebasing: line[hash])) else {
                throw AuditError("Event \(parts.seq) is damaged: its evidence does not match its evidence_hash.")
            }
        }
        let cut = parts.evidenceMember ?? line.count..<line.count
        var hasher = SHA256()
        withUnsafeBytes(of: UInt8(0x00)) { hasher.update(bufferPointer: $0) }
        hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: line[..<cut.lowerBound]))
        hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: line[cut.upperBound...]))
        let leaf = hasher.finalize()
        lastLeaf = leaf
        append(leaf)
    }

    /// Checks the next replayed event, given as an array of bytes.
    public mutating func add(line: [UInt8]) throws {
        try line.withUnsafeBytes { try add(line: $0) }
    }

    /// The leaf hash of the event checked last.
    public var lastLeafHash: [UInt8] { lastLeaf.map { Array($0) } ?? [] }

    /// Adds a leaf hash to the running tree.
    private mutating func append(_ leaf: SHA256Digest) {
        var node = (level: 0, hash: leaf)
        while let last = rightEdge.last, last.level == node.level {
            rightEdge.removeLast()
            node = (node.level + 1, Self.node(last.hash, node.hash))
        }
        rightEdge.append(node)
        count += 1
    }

    /// `SHA-256(0x01 || left || right)` of two digests.
    private static func node(_ left: SHA256Digest, _ right: SHA256Digest) -> SHA256Digest {
        var hasher = SHA256()
        withUnsafeBytes(of: UInt8(0x01)) { hasher.update(bufferPointer: $0) }
        left.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        right.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        return hasher.finalize()
    }

    /// The root of the tree of every leaf added.
    public var root: [UInt8] {
        guard var hash = rightEdge.last?.hash else { return MerkleHash.emptyRoot }
        for node in rightEdge.dropLast().reversed() { hash = Self.node(node.hash, hash) }
        return Array(hash)
    }
}
