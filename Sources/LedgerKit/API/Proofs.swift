/// `{"tree_size","root_hash"}`: a tree head on the wire, its root in lowercase hex.
public struct TreeHead: Sendable, Hashable, Codable {
    public var treeSize: UInt64
    /// Lowercase hex.
    public var rootHash: String

    public init(treeSize: UInt64, rootHash: String) {
        self.treeSize = treeSize
        self.rootHash = rootHash
    }

    public init(_ record: TreeHeadRecord) {
        self.init(treeSize: record.size, rootHash: Hex.encode(record.root))
    }

    enum CodingKeys: String, CodingKey {
        case treeSize = "tree_size"
        case rootHash = "root_hash"
    }
}

/// `{"seq","tree_size","leaf_hash","audit_path":[…]}`: event `seq` is in the tree of `tree_size`.
public struct InclusionProof: Sendable, Hashable, Codable {
    public var seq: UInt64
    public var treeSize: UInt64
    public var leafHash: String
    public var auditPath: [String]

    public init(_ path: InclusionPath) {
        seq = path.seq
        treeSize = path.treeSize
        leafHash = Hex.encode(path.leafHash)
        auditPath = path.path.map(Hex.encode)
    }

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

    public init(_ path: ConsistencyPath) {
        first = path.first
        second = path.second
        proof = path.path.map(Hex.encode)
    }
}
