import LMDB

extension LedgerStore {
    /// The tree head at `treeSize` (default: the head), computed from stored nodes.
    ///
    /// - Throws: ``LedgerError`` ``LedgerError/Code/notFound`` when `treeSize` is past the head.
    public func treeHead(size treeSize: UInt64? = nil) throws -> TreeHead {
        try views.read { txn in
            let size = try checkedSize(treeSize, in: txn)
            return TreeHead(treeSize: size, rootHash: Hex.encode(try views.root(size: size, in: txn)))
        }
    }

    /// The inclusion proof of event `seq` in the tree of `treeSize` (default: the head).
    public func inclusionProof(seq: UInt64, treeSize: UInt64? = nil) throws -> InclusionProof {
        try views.read { txn in
            let size = try checkedSize(treeSize, in: txn)
            guard seq >= 1, seq <= size else {
                throw LedgerError(code: .notFound, message: "There is no event \(seq) in the tree of size \(size).")
            }
            return InclusionProof(
                seq: seq, treeSize: size, leafHash: Hex.encode(try views.node(level: 0, index: seq - 1, in: txn)),
                auditPath: try views.inclusionProof(index: seq - 1, size: size, in: txn).map(Hex.encode))
        }
    }

    /// The consistency proof from the tree of `first` events to the tree of `second`.
    public func consistencyProof(first: UInt64, second: UInt64) throws -> ConsistencyProof {
        try views.read { txn in
            let size = try checkedSize(second, in: txn)
            guard first <= size else {
                throw LedgerError(code: .invalidValue, message: "first (\(first)) must not be larger than second (\(size)).")
            }
            let proof = first == 0 ? [] : try views.consistencyProof(first: first, second: size, in: txn)
            return ConsistencyProof(first: first, second: size, proof: proof.map(Hex.encode))
        }
    }

    /// The leaf hashes the log committed for events `from` on, up to `limit` of them, in order.
    public func leafHashes(from: UInt64, limit: Int) throws -> [[UInt8]] {
        try log.leafHashes(from: from, limit: limit)
    }

    private func checkedSize(_ treeSize: UInt64?, in txn: borrowing Transaction) throws -> UInt64 {
        let head = try views.appliedThrough(in: txn)
        guard let treeSize else { return head }
        guard treeSize <= head else {
            throw LedgerError(
                code: .notFound, message: "The ledger has \(head) events; there is no tree of size \(treeSize) yet.")
        }
        return treeSize
    }
}

/// `{"seq","tree_size","leaf_hash","audit_path":[…]}`: event `seq` is in the tree of `tree_size`.
public struct InclusionProof: Sendable, Hashable, Codable {
    public var seq: UInt64
    public var treeSize: UInt64
    public var leafHash: String
    public var auditPath: [String]

    enum CodingKeys: String, CodingKey {
        case seq
        case treeSize = "tree_size"
        case leafHash = "leaf_hash"
        case auditPath = "audit_path"
    }
}

/// `{"first","second","proof":[…]}`: the tree of `first` events is a prefix of the tree of `second`.
public struct ConsistencyProof: Sendable, Hashable, Codable {
    public var first: UInt64
    public var second: UInt64
    public var proof: [String]
}
