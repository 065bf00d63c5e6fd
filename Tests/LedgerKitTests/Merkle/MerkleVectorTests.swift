import LedgerKit
import LedgerTestSupport
import Testing

@Suite("RFC 6962 Merkle tree")
struct MerkleVectorTests {
    static let rows = (try? Vectors.rows("rfc6962.txt")) ?? []
    static let leaves: [[UInt8]] = rows.filter { $0[0] == "leaf" }.map { $0[1] == "-" ? [] : Hex.decode($0[1])! }
    static let rootVectors = rows.filter { $0[0] == "root" }.map { (size: UInt64($0[1])!, root: $0[2]) }
    static let inclusionVectors = rows.filter { $0[0] == "inclusion" }.map {
        (index: UInt64($0[1])!, size: UInt64($0[2])!, path: hashes($0[3]))
    }
    static let consistencyVectors = rows.filter { $0[0] == "consistency" }.map {
        (first: UInt64($0[1])!, second: UInt64($0[2])!, proof: hashes($0[3]))
    }

    static func hashes(_ text: String) -> [[UInt8]] {
        text == "-" ? [] : text.split(separator: ",").map { Hex.decode(String($0))! }
    }

    static func tree(_ count: Int) -> MerkleTreeReader<InMemoryMerkleTree> {
        MerkleTreeReader(InMemoryMerkleTree(leafHashes: leaves.prefix(count).map(MerkleHash.leaf)))
    }

    @Test func theVectorsAreLoaded() {
        #expect(
            Self.leaves.count == 8 && Self.rootVectors.count == 9 && Self.inclusionVectors.count == 5
                && Self.consistencyVectors.count == 4)
    }

    @Test("Roots of the trees of 0 to 8 leaves", arguments: rootVectors)
    func roots(size: UInt64, root: String) async throws {
        #expect(Hex.encode(try Self.tree(Int(size)).root(size: size)) == root)
        // A tree with more leaves still answers for the smaller size.
        #expect(Hex.encode(try Self.tree(8).root(size: size)) == root)
    }

    @Test("Published inclusion proofs", arguments: inclusionVectors)
    func inclusion(index: UInt64, size: UInt64, path: [[UInt8]]) async throws {
        let tree = Self.tree(8)
        #expect(try tree.inclusionProof(index: index, size: size) == path)
        #expect(
            MerkleProofVerifier.verifyInclusion(
                leafHash: MerkleHash.leaf(Self.leaves[Int(index)]), index: index, size: size, proof: path,
                root: try tree.root(size: size)))
    }

    @Test("Published consistency proofs", arguments: consistencyVectors)
    func consistency(first: UInt64, second: UInt64, proof: [[UInt8]]) async throws {
        let tree = Self.tree(8)
        #expect(try tree.consistencyProof(first: first, second: second) == proof)
        #expect(
            MerkleProofVerifier.verifyConsistency(
                firstSize: first, firstRoot: try tree.root(size: first), secondSize: second,
                secondRoot: try tree.root(size: second), proof: proof))
    }
}

@Suite("Merkle proofs, every size")
struct MerklePropertyTests {
    static func tree(_ count: Int) -> (MerkleTreeReader<InMemoryMerkleTree>, [[UInt8]]) {
        let leaves = (0..<count).map { MerkleHash.leaf(Array("leaf \($0)".utf8)) }
        return (MerkleTreeReader(InMemoryMerkleTree(leafHashes: leaves)), leaves)
    }

    @Test func everyInclusionProofVerifiesInTreesOf1To300() async throws {
        let (tree, leaves) = Self.tree(301)
        for size in UInt64(1)...300 {
            let root = try tree.root(size: size)
            for index in 0..<size {
                let proof = try tree.inclusionProof(index: index, size: size)
                #expect(
                    MerkleProofVerifier.verifyInclusion(
                        leafHash: leaves[Int(index)], index: index, size: size, proof: proof, root: root))
                if index % 37 == 0 {  // and nothing else verifies with it
                    let other = leaves[Int((index + 1) % size)]
                    #expect(
                        size == 1
                            || !MerkleProofVerifier.verifyInclusion(
                                leafHash: other, index: index, size: size, proof: proof, root: root)
                    )
                    #expect(
                        !MerkleProofVerifier.verifyInclusion(
                            leafHash: leaves[Int(index)], index: index, size: size, proof: proof, root: MerkleHash.leaf([1])))
                    // A size is bound through its root: the proof does not reach the root of another size.
                    #expect(
                        !MerkleProofVerifier.verifyInclusion(
                            leafHash: leaves[Int(index)], index: index, size: size + 1, proof: proof,
                            root: try tree.root(size: size + 1)))
                }
            }
        }
    }

    @Test func anEdgeReadFromStoredNodesGrowsToTheSameRoots() async throws {
        let (tree, leaves) = Self.tree(130)
        for start in UInt64(0)...129 {
            var edge = try MerkleRightEdge(size: start, node: tree.source.node)
            #expect(edge.root == (try tree.root(size: start)))
            for size in start + 1...min(start + 9, 130) {
                edge.append(leafHash: leaves[Int(size - 1)])
                #expect(edge.size == size)
                #expect(edge.root == (try tree.root(size: size)))
            }
        }
    }

    @Test func everyConsistencyProofVerifiesBetweenSizesUpTo100() async throws {
        let (tree, _) = Self.tree(100)
        let roots = try (0...100).map { try tree.root(size: UInt64($0)) }
        for second in UInt64(1)...100 {
            for first in UInt64(1)...second {
                let proof = try tree.consistencyProof(first: first, second: second)
                #expect(
                    MerkleProofVerifier.verifyConsistency(
                        firstSize: first, firstRoot: roots[Int(first)], secondSize: second, secondRoot: roots[Int(second)],
                        proof: proof))
                if first < second {
                    #expect(
                        !MerkleProofVerifier.verifyConsistency(
                            firstSize: first, firstRoot: roots[Int(first) - 1], secondSize: second,
                            secondRoot: roots[Int(second)], proof: proof))
                    #expect(
                        !MerkleProofVerifier.verifyConsistency(
                            firstSize: first, firstRoot: roots[Int(first)], secondSize: second,
                            secondRoot: roots[Int(second) - 1], proof: proof))
                    #expect(
                        !MerkleProofVerifier.verifyConsistency(
                            firstSize: first, firstRoot: roots[Int(first)], secondSize: second - 1,
                            secondRoot: roots[Int(second) - 1],
                            proof: proof))
                }
            }
        }
    }

    @Test func theStoreKeepsTheSameTreeAsOneBuiltFromItsEvents() async throws {
        let directory = try TemporaryDirectory()
        let store = try await TestNode.embedded(directory: directory.path)
        for batch in 0..<13 {
            _ = try store.ledger.append(
                (0..<(batch + 1)).map { Fixtures.claim(id: "m-\(batch)-\($0)", object: .number(Double($0))) }, actor: "t")
        }
        let events = try await store.queries.events(from: 1, limit: 1_000).map { try $0.decoded() }
        var memory = InMemoryMerkleTree()
        var verifier = LedgerVerifier()
        for event in events {
            memory.append(leafHash: MerkleHash.leaf(event.leafBytes))
            try verifier.add(line: event.canonicalBytes)
            let size = UInt64(memory.size)
            #expect(try store.queries.treeHead(size: size).root == (try MerkleTreeReader(memory).root(size: size)))
        }
        #expect(try store.queries.treeHead().root == verifier.root)
        let proof = try store.queries.inclusionProof(seq: 40, treeSize: 70)
        #expect(proof.path == (try MerkleTreeReader(memory).inclusionProof(index: 39, size: 70)))
    }

    @Test func theLeafLeavesOutEvidenceButCommitsToItsHash() async throws {
        let directory = try TemporaryDirectory()
        let store = try await TestNode.embedded(directory: directory.path)
        _ = try store.ledger.append([Fixtures.claim(id: "q", quote: "the quote")], actor: "t")
        let event = try #require(try await store.queries.event(seq: 1)).decoded()
        let leaf = String(decoding: event.leafBytes, as: UTF8.self)
        #expect(!leaf.contains("the quote"))
        #expect(!leaf.contains("\"evidence\":"))
        #expect(leaf.contains("\"evidence_hash\":"))
    }
}
