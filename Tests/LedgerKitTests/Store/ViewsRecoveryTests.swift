import Foundation
import LMDB
import LedgerKit
import LedgerTestSupport
import Testing

/// The views are derived: behind the log they are caught up, from another boot or another log they are
/// rebuilt, and either way they end equal to a rebuild from the log.
@Suite("Views caught up and rebuilt")
struct ViewsRecoveryTests {
    static func fill(_ store: TestNode, batches: ClosedRange<Int>) throws {
        for batch in batches {
            _ = try store.ledger.append(
                (0..<40).map { n in
                    Fixtures.claim(
                        id: "e\(batch)-\(n)", predicate: ["killed", "perpetrator"][n % 2], object: .number(Double(n % 3)),
                        source: "source-\(n % 5)", quote: n % 7 == 0 ? "quote \(n)" : nil)
                }, actor: "desk")
            _ = try store.ledger.append([Fixtures.retraction(target: "e\(batch)-1")], actor: "desk")
            _ = try store.ledger.append(
                [EventDraft(body: .erase(Erasure(target: "e\(batch)-0", reason: "safety")))], actor: "desk")
        }
    }

    static func copyViews(of directory: String, to destination: String) throws {
        try? FileManager.default.removeItem(atPath: destination)
        try FileManager.default.copyItem(atPath: directory + "/views", toPath: destination)
    }

    @Test func viewsBehindTheLogAreCaughtUp() async throws {
        let directory = try TemporaryDirectory()
        let saved = directory.path + "-views-at-5"
        defer { try? FileManager.default.removeItem(atPath: saved) }
        do {
            let store = try await TestNode.embedded(directory: directory.path)
            try Self.fill(store, batches: 1...5)
            store.ledger.close()
            try Self.copyViews(of: directory.path, to: saved)
            try Self.fill(store, batches: 6...9)
        }
        // As if ledgerd stopped after committing to the log and before its views had these events.
        try FileManager.default.removeItem(atPath: directory.path + "/views")
        try FileManager.default.copyItem(atPath: saved, toPath: directory.path + "/views")
        let store = try await TestNode.embedded(directory: directory.path)
        #expect(store.ledger.viewsAtOpen == .caughtUp(events: 4 * 42))
        let caughtUp = try store.ledger.viewsDigest()
        try await store.ledger.rebuildViews()
        #expect(try store.ledger.viewsDigest() == caughtUp)
    }

    @Test func viewsOpenInAnotherBootAreRebuiltBeforeAnyRead() async throws {
        let directory = try TemporaryDirectory()
        let digest: String
        do {
            let store = try await TestNode.embedded(directory: directory.path)
            try Self.fill(store, batches: 1...3)
            digest = try store.ledger.viewsDigest()
            withExtendedLifetime(store) {}
        }
        // The machine stopped while the views were open: the mark names another boot, and the views' file
        // holds garbage that must never be opened.
        try Data("0f8fad5b-d9cb-469f-a165-70867728950e\n".utf8).write(
            to: URL(fileURLWithPath: directory.path + "/views/open.boot"))
        try Data(repeating: 0xA5, count: 8192).write(to: URL(fileURLWithPath: directory.path + "/views/data.mdb"))
        let store = try await TestNode.embedded(directory: directory.path)
        guard case .rebuilt(let events, let reason) = store.ledger.viewsAtOpen else {
            Issue.record("not rebuilt: \(store.ledger.viewsAtOpen)")
            return
        }
        #expect(events == 3 * 42)
        #expect(reason.contains("machine stopped"))
        #expect(try store.ledger.viewsDigest() == digest)
        #expect(try store.queries.belief(subject: Fixtures.strike, horizon: .latest)?.predicates.count == 2)
    }

    @Test func aCleanCloseLeavesNoMarkAndAKilledProcessOneOfThisBoot() async throws {
        let directory = try TemporaryDirectory()
        let mark = directory.path + "/views/open.boot"
        do {
            let store = try await TestNode.embedded(directory: directory.path)
            #expect(FileManager.default.fileExists(atPath: mark))
            store.ledger.close()
            #expect(!FileManager.default.fileExists(atPath: mark))
        }
        let store = try await TestNode.embedded(directory: directory.path)
        #expect(store.ledger.viewsAtOpen == .caughtUp(events: 0))
    }

    @Test func viewsOfAnotherLogAreRebuilt() async throws {
        let (first, second) = (try TemporaryDirectory(), try TemporaryDirectory())
        let foreign = second.path + "-foreign-views"
        defer { try? FileManager.default.removeItem(atPath: foreign) }
        do {
            let store = try await TestNode.embedded(directory: first.path)
            try Self.fill(store, batches: 1...2)
            store.ledger.close()
            try Self.copyViews(of: first.path, to: foreign)
        }
        do {
            let store = try await TestNode.embedded(directory: second.path)
            _ = try store.ledger.append((0..<100).map { Fixtures.claim(id: "other-\($0)") }, actor: "desk")
        }
        try FileManager.default.removeItem(atPath: second.path + "/views")
        try FileManager.default.copyItem(atPath: foreign, toPath: second.path + "/views")
        let store = try await TestNode.embedded(directory: second.path)
        guard case .rebuilt(let events, _) = store.ledger.viewsAtOpen else {
            Issue.record("not rebuilt: \(store.ledger.viewsAtOpen)")
            return
        }
        #expect(events == 100)
        #expect(try await store.queries.event(id: "other-99")?.seq == 100)
        #expect(try await store.queries.event(id: "e1-0") == nil)
    }

    /// A data directory of the previous release: every database in one file, the Merkle nodes included.
    @Test func aLedgerOfTheEarlierLayoutKeepsItsEventsAndCommittedLeaves() async throws {
        let directory = try TemporaryDirectory()
        let drafts = try SeedData.drafts
        var tree = InMemoryMerkleTree()
        do {
            let legacy = [
                "events", "event_ids", "retractions", "meta", "merkle_nodes", "subject_claims", "subjects",
                "source_claims", "erasures",
            ]
            let env = try Environment(path: directory.path, databases: legacy)
            let (events, nodes) = (env.database(named: "events"), env.database(named: "merkle_nodes"))
            try env.write { txn in
                for (offset, draft) in drafts.enumerated() {
                    let seq = UInt64(offset + 1)
                    var body = draft.body
                    if case .assert(var claim) = body, var evidence = claim.evidence {
                        evidence.salt = String(repeating: "ab", count: 16)
                        claim.evidence = evidence
                        claim.evidenceHash = evidence.hash
                        body = .assert(claim)
                    }
                    let event = Event(
                        seq: seq, recordedAt: try Timestamp(parsing: "2026-11-24T10:00:00Z"), actor: "desk", id: draft.id!,
                        body: body)
                    let (stored, leaf) = event.canonicalAndLeafBytes
                    try txn.put(stored, for: seq, in: events, options: .append)
                    tree.append(leafHash: MerkleHash.leaf(leaf))
                }
                for (level, hashes) in tree.levels.enumerated() {
                    for (index, hash) in hashes.enumerated() {
                        var key: [UInt8] = [UInt8(level)]
                        withUnsafeBytes(of: UInt64(index).bigEndian) { key.append(contentsOf: $0) }
                        try txn.put(hash, for: key, in: nodes)
                    }
                }
            }
        }
        do {
            let store = try await TestNode.embedded(directory: directory.path)
            #expect(try store.ledger.head() == UInt64(drafts.count))
            #expect(try store.queries.treeHead().root == (try MerkleTreeReader(tree).root(size: tree.size)))
            #expect(try await store.queries.leafHashes(from: 1, limit: 100) == tree.levels[0])
            #expect(try store.queries.belief(subject: SeedData.subject, horizon: .latest)?.predicates.isEmpty == false)
        }
        // The derived databases are gone from the log's file.
        let env = try Environment(path: directory.path, databases: ["events", "leaves", "meta"])
        #expect(try env.openExistingDatabase(named: "subject_claims") == nil)
        #expect(try env.openExistingDatabase(named: "merkle_nodes") == nil)
    }
}
