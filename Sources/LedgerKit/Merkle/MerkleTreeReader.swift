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
        size == 0 ? MerkleHash.emptyRoot : try hash(start: 0, size: size)
    }

    /// MTH(D[start:start+size]), for the aligned ranges RFC 6962's recursion visits.
    func hash(start: UInt64, size: UInt64) throws -> [UInt8] {
        if size.nonzeroBitCount == 1 {
            return try source.node(level: size.trailingZeroBitCount, index: start / size)
        }
        let k = Self.largestPowerOfTwo(below: size)
        return MerkleHash.node(try hash(start: start, size: k), try hash(start: start + k, size: size - k))
    }

    /// PATH(index, D[0:size]) (RFC 6962 section 2.1.1): the audit path of leaf `index` (from 0).
    ///
    /// - Precondition: `index < size`.
    public func inclusionProof(index: UInt64, size: UInt64) throws -> [[UInt8]] {
        precondition(index < size)
        return try path(index, start: 0, size: size)
    }

    private func path(_ m: UInt64, start: UInt64, size n: UInt64) throws -> [[UInt8]] {
        guard n > 1 else { return [] }
        let k = Self.largestPowerOfTwo(below: n)
        return m < k
            ? try path(m, start: start, size: k) + [hash(start: start + k, size: n - k)]
            : try path(m - k, start: start + k, size: n - k) + [hash(start: start, size: k)]
    }

    /// PROOF(first, D[0:second]) (RFC 6962 section 2.1.2).
    ///
    /// - Precondition: `0 < first <= second`.
    public func consistencyProof(first: UInt64, second: UInt64) throws -> [[UInt8]] {
        precondition(first > 0 && first <= second)
        return try subproof(first, start: 0, size: second, isWholeOld: true)
    }

    private func subproof(_ m: UInt64, start: UInt64, size n: UInt64, isWholeOld: Bool) throws -> [[UInt8]] {
        if m == n { return isWholeOld ? [] : [try hash(start: start, size: m)] }
        let k = Self.largestPowerOfTwo(below: n)
        return m <= k
            ? try subproof(m, start: start, size: k, isWholeOld: isWholeOld) + [hash(start: start + k, size: n - k)]
            : try subproof(m - k, start: start + k, size: n - k, isWholeOld: false) + [hash(start: start, size: k)]
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
