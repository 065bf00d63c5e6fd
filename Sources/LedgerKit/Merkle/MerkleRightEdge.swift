/// The root of a tree built leaf by leaf in O(log n) memory: only the roots of the perfect subtrees on
/// its right edge are kept (RFC 6962's MTH, computed incrementally).
public struct MerkleRightEdge: Sendable {
    private var edge: [(level: Int, hash: [UInt8])] = []
    /// Leaves added so far.
    public private(set) var size: UInt64 = 0

    public init() {}

    /// The edge of a tree of `size` leaves whose perfect subtrees are stored: the roots of those
    /// subtrees, largest first (at most 64 reads), so that more leaves can be added and the root taken.
    public init(size: UInt64, node: MerkleTree.NodeReader) throws {
        var start: UInt64 = 0
        for level in stride(from: 63, through: 0, by: -1) where size & (1 << UInt64(level)) != 0 {
            edge.append((level, try node(level, start >> UInt64(level))))
            start += 1 << UInt64(level)
        }
        self.size = size
    }

    /// Adds the next leaf's hash.
    public mutating func append(leafHash: [UInt8]) {
        var node = (level: 0, hash: leafHash)
        while let last = edge.last, last.level == node.level {
            edge.removeLast()
            node = (node.level + 1, MerkleHash.node(last.hash, node.hash))
        }
        edge.append(node)
        size += 1
    }

    /// MTH of every leaf added.
    public var root: [UInt8] {
        guard var hash = edge.last?.hash else { return MerkleHash.emptyRoot }
        for node in edge.dropLast().reversed() { hash = MerkleHash.node(node.hash, hash) }
        return hash
    }
}
