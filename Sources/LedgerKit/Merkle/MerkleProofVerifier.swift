/// Checks RFC 6962 proofs with the algorithms of RFC 9162 sections 2.1.3.2 and 2.1.4.2, trusting
/// nothing but the hashes given.
///
/// <https://www.rfc-editor.org/rfc/rfc9162#section-2.1.3.2>
public enum MerkleProofVerifier {
    /// Whether `proof` shows the leaf with `leafHash` at `index` is in the tree of `size` with `root`.
    public static func verifyInclusion(
        leafHash: [UInt8], index: UInt64, size: UInt64, proof: [[UInt8]], root: [UInt8]
    ) -> Bool {
        guard index < size else { return false }
        var fn = index
        var sn = size - 1
        var r = leafHash
        for p in proof {
            guard sn > 0 else { return false }
            if fn & 1 == 1 || fn == sn {
                r = MerkleHash.node(p, r)
                while fn & 1 == 0 && fn != 0 {
                    fn >>= 1
                    sn >>= 1
                }
            } else {
                r = MerkleHash.node(r, p)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 && r == root
    }

    /// Whether `proof` shows the tree of `firstSize` with `firstRoot` is a prefix of the tree of
    /// `secondSize` with `secondRoot`.
    ///
    /// <https://www.rfc-editor.org/rfc/rfc9162#section-2.1.4.2>
    public static func verifyConsistency(
        firstSize: UInt64, firstRoot: [UInt8], secondSize: UInt64, secondRoot: [UInt8], proof: [[UInt8]]
    ) -> Bool {
        guard firstSize <= secondSize else { return false }
        if firstSize == secondSize { return proof.isEmpty && firstRoot == secondRoot }
        if firstSize == 0 { return proof.isEmpty && firstRoot == MerkleHash.emptyRoot }
        var path = proof
        if firstSize.nonzeroBitCount == 1 { path.insert(firstRoot, at: 0) }
        guard !path.isEmpty else { return false }
        var fn = firstSize - 1
        var sn = secondSize - 1
        while fn & 1 == 1 {
            fn >>= 1
            sn >>= 1
        }
        var fr = path[0]
        var sr = path[0]
        for c in path.dropFirst() {
            guard sn > 0 else { return false }
            if fn & 1 == 1 || fn == sn {
                fr = MerkleHash.node(c, fr)
                sr = MerkleHash.node(c, sr)
                while fn & 1 == 0 && fn != 0 {
                    fn >>= 1
                    sn >>= 1
                }
            } else {
                sr = MerkleHash.node(sr, c)
            }
            fn >>= 1
            sn >>= 1
        }
        return fr == firstRoot && sr == secondRoot && sn == 0
    }
}
