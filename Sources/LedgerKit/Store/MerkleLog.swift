/// The ledger's RFC 6962 tree in LMDB: every perfect subtree root, kept in the append's transaction.
///
/// Key: level (1 byte) and index (8 bytes, big-endian); value: the 32-byte hash. Level 0 holds the
/// leaf hashes, leaf `seq - 1` for event `seq`. Appending a leaf writes it and the perfect nodes it
/// completes (one more on average), so any root or proof needs O(log n) reads.
struct MerkleLog {
    static let databaseName = "merkle_nodes"
    let nodes: Database

    static func key(level: Int, index: UInt64) -> [UInt8] {
        var key: [UInt8] = [UInt8(level)]
        withUnsafeBytes(of: index.bigEndian) { key.append(contentsOf: $0) }
        return key
    }

    /// Adds the leaf of event `seq` (the tree then has `seq` leaves).
    func append(leafHash: [UInt8], seq: UInt64, in txn: borrowing Transaction) throws(LMDBError) {
        var index = seq - 1
        var hash = leafHash
        try txn.put(hash, for: Self.key(level: 0, index: index), in: nodes)
        var level = 0
        while index & 1 == 1 {
            guard let left = try txn.value(for: Self.key(level: level, index: index - 1), in: nodes) else {
                throw LMDBError(
                    code: .notFound, function: "mdb_get", message: "the Merkle node (\(level), \(index - 1)) is missing")
            }
            hash = MerkleHash.node(left, hash)
            index >>= 1
            level += 1
            try txn.put(hash, for: Self.key(level: level, index: index), in: nodes)
        }
    }

    /// The perfect node (level, index) as of `txn`.
    func node(level: Int, index: UInt64, in txn: borrowing Transaction) throws -> [UInt8] {
        guard let hash = try txn.value(for: Self.key(level: level, index: index), in: nodes) else {
            throw LedgerError(
                code: .damagedEvent, message: "The Merkle node at level \(level), index \(index) is missing from the ledger.")
        }
        return hash
    }

    /// The root of the tree of `size` leaves as of `txn`.
    func root(size: UInt64, in txn: borrowing Transaction) throws -> [UInt8] {
        try MerkleTree.root(size: size) { level, index in try node(level: level, index: index, in: txn) }
    }

    func inclusionProof(index: UInt64, size: UInt64, in txn: borrowing Transaction) throws -> [[UInt8]] {
        try MerkleTree.inclusionProof(index: index, size: size) { level, index in try node(level: level, index: index, in: txn) }
    }

    func consistencyProof(first: UInt64, second: UInt64, in txn: borrowing Transaction) throws -> [[UInt8]] {
        try MerkleTree.consistencyProof(first: first, second: second) { level, index in
            try node(level: level, index: index, in: txn)
        }
    }
}
