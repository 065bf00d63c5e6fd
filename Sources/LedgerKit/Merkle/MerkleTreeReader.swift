/// Where a Merkle tree keeps the roots of its perfect, aligned subtrees: level 0 holds the leaf
/// hashes, the node at (level, index) covers leaves `index·2^level ..< (index+1)·2^level`.
public protocol MerkleNodeSource {
    func node(level: Int, index: UInt64) throws -> [UInt8]
}

/// RFC 6962 section 2.1 over stored perfect subtrees: roots of any size, inclusion and consistency
/// proofs, each in O(log n) node reads.
///
/// <https://www.rfc-editor.org/rfc/rfc6962#section-2.1>
public struct MerkleTreeReader<Source: MerkleNodeSource> {
    public let source: Source

    public init(_ source: Source) { self.source = source }

    /// MTH(D[0:size]).
    public func root(size: UInt64) throws -> [UInt8] {
        try MerkleTree.root(size: size, node: source.node)
    }

    /// PATH(index, D[0:size]) (RFC 6962 section 2.1.1): the audit path of leaf `index` (from 0).
    ///
    /// - Precondition: `index < size`.
    public func inclusionProof(index: UInt64, size: UInt64) throws -> [[UInt8]] {
        try MerkleTree.inclusionProof(index: index, size: size, node: source.node)
    }

    /// PROOF(first, D[0:second]) (RFC 6962 section 2.1.2).
    ///
    /// - Precondition: `0 < first <= second`.
    public func consistencyProof(first: UInt64, second: UInt64) throws -> [[UInt8]] {
        try MerkleTree.consistencyProof(first: first, second: second, node: source.node)
    }
}

/// The RFC 6962 algorithms over any store of perfect subtree roots, given as a function that reads the
/// node at (level, index): a storage backend calls them inside its own read transaction, so nothing of
/// the transaction escapes.
public enum MerkleTree {
    /// Reads the perfect node (level, index).
    public typealias NodeReader = (_ level: Int, _ index: UInt64) throws -> [UInt8]

    /// MTH(D[0:size]).
    public static func root(size: UInt64, node: NodeReader) throws -> [UInt8] {
        size == 0 ? MerkleHash.emptyRoot : try hash(start: 0, size: size, node: node)
    }

    /// PATH(index, D[0:size]) (RFC 6962 section 2.1.1).
    ///
    /// - Precondition: `index < size`.
    public static func inclusionProof(index: UInt64, size: UInt64, node: NodeReader) throws -> [[UInt8]] {
        precondition(index < size)
        return try path(index, start: 0, size: size, node: node)
    }

    /// PROOF(first, D[0:second]) (RFC 6962 section 2.1.2).
    ///
    /// - Precondition: `0 < first <= second`.
    public static func consistencyProof(first: UInt64, second: UInt64, node: NodeReader) throws -> [[UInt8]] {
        precondition(first > 0 && first <= second)
        return try subproof(first, start: 0, size: second, isWholeOld: true, node: node)
    }

    /// MTH(D[start:start+size]), for the aligned ranges RFC 6962's recursion visits.
    static func hash(start: UInt64, size: UInt64, node: NodeReader) throws -> [UInt8] {
        if size.nonzeroBitCount == 1 {
            return try node(size.trailingZeroBitCount, start / size)
        }
        let k = largestPowerOfTwo(below: size)
        return MerkleHash.node(
            try hash(start: start, size: k, node: node), try hash(start: start + k, size: size - k, node: node))
    }

    private static func path(_ m: UInt64, start: UInt64, size n: UInt64, node: NodeReader) throws -> [[UInt8]] {
        guard n > 1 else { return [] }
        let k = largestPowerOfTwo(below: n)
        return m < k
            ? try path(m, start: start, size: k, node: node) + [hash(start: start + k, size: n - k, node: node)]
            : try path(m - k, start: start + k, size: n - k, node: node) + [hash(start: start, size: k, node: node)]
    }

    private static func subproof(
        _ m: UInt64, start: UInt64, size n: UInt64, isWholeOld: Bool, node: NodeReader
    ) throws
        -> [[UInt8]]
    {
        if m == n { return isWholeOld ? [] : [try hash(start: start, size: m, node: node)] }
        let k = largestPowerOfTwo(below: n)
        return m <= k
            ? try subproof(m, start: start, size: k, isWholeOld: isWholeOld, node: node)
                + [hash(start: start + k, size: n - k, node: node)]
            : try subproof(m - k, start: start + k, size: n - k, isWholeOld: false, node: node)
                + [hash(start: start, size: k, node: node)]
    }

    /// The largest power of two smaller than `n` (n > 1).
    static func largestPowerOfTwo(below n: UInt64) -> UInt64 {
        1 << (63 - (n - 1).leadingZeroBitCount)
    }
}

/// A whole tree in memory, built from its leaves: for tests, and for tools that hold every leaf.
public struct InMemoryMerkleTree: MerkleNodeSource {
    /// `levels[0]` are the leaf hashes; `levels[l][i]` is the perfect node (l, i).
    public private(set) var levels: [[[UInt8]]] = [[]]

    public init(leafHashes: [[UInt8]] = []) {
        for hash in leafHashes { append(leafHash: hash) }
    }

    /// Adds a leaf and every perfect node it completes.
    public mutating func append(leafHash: [UInt8]) {
        levels[0].append(leafHash)
        var level = 0
        while levels[level].count % 2 == 0 {
            let count = levels[level].count
            let parent = MerkleHash.node(levels[level][count - 2], levels[level][count - 1])
            if levels.count == level + 1 { levels.append([]) }
            levels[level + 1].append(parent)
            level += 1
        }
    }

    public var size: UInt64 { UInt64(levels[0].count) }

    public func node(level: Int, index: UInt64) throws -> [UInt8] {
        levels[level][Int(index)]
    }
}
