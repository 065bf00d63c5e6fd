/// Event `seq` is the leaf `leafHash` of the tree of `treeSize` leaves: `path` leads from it to the
/// root (RFC 6962 section 2.1.1).
public struct InclusionPath: Sendable, Hashable {
    public var seq: UInt64
    public var treeSize: UInt64
    public var leafHash: [UInt8]
    public var path: [[UInt8]]

    public init(seq: UInt64, treeSize: UInt64, leafHash: [UInt8], path: [[UInt8]]) {
        self.seq = seq
        self.treeSize = treeSize
        self.leafHash = leafHash
        self.path = path
    }
}

/// The tree of `first` leaves is a prefix of the tree of `second`: `path` proves it (RFC 6962 section
/// 2.1.2).
public struct ConsistencyPath: Sendable, Hashable {
    public var first: UInt64
    public var second: UInt64
    public var path: [[UInt8]]

    public init(first: UInt64, second: UInt64, path: [[UInt8]]) {
        self.first = first
        self.second = second
        self.path = path
    }
}
