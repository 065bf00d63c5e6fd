/// The root of a tree built leaf by leaf in O(log n) memory: only the roots of the perfect subtrees on
/// its right edge are kept (RFC 6962's MTH, computed incrementally).
public struct MerkleRightEdge: Sendable {
    private var edge: [(level: Int, hash: [UInt8])] = []
    /// Leaves added so far.
    public private(set) var size: UInt64 = 0

    public init() {}

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
