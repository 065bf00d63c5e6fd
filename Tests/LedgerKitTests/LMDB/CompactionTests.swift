import Foundation
import LMDB
import LedgerKit
import Testing

@Suite("LMDB compaction")
struct CompactionTests {
    @Test func compactionKeepsEveryEntryAndLeavesNoOverwrittenByte() throws {
        let directory = try TemporaryDirectory()
        let env = try Environment(path: directory.path, databases: ["items", "other"])
        let (items, other) = (env.database(named: "items"), env.database(named: "other"))
        // Values rewritten in place, shorter: the old bytes stay in free pages and in the unused space
        // of live pages until the file is rewritten.
        try env.write { txn in
            for n in 0..<2_000 {
                try txn.put(Array("secret-\(n)-".utf8) + Array(repeating: 0x41, count: 300), for: UInt64(n), in: items)
            }
            try txn.put(Array("kept".utf8), for: "k", in: other)
        }
        try env.write { txn in
            for n in 0..<2_000 { try txn.put(Array("public-\(n)".utf8), for: UInt64(n), in: items) }
        }
        let file = directory.path + "/data.mdb"
        #expect(try Data(contentsOf: URL(fileURLWithPath: file)).range(of: Data("secret-1999-".utf8)) != nil)

        let (before, after) = try env.compact()
        #expect(after < before)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
        #expect(bytes.range(of: Data("secret-".utf8)) == nil)
        try env.read { txn throws in
            #expect(try txn.count(in: items) == 2_000)
            #expect(try txn.value(for: UInt64(1_999), in: items) == Array("public-1999".utf8))
            #expect(try txn.value(for: "k", in: other) == Array("kept".utf8))
        }
        // The environment goes on working after the swap.
        try env.write { txn in try txn.put(Array("after".utf8), for: UInt64(5_000), in: items) }
        #expect(try env.read { txn in try txn.value(for: UInt64(5_000), in: items) } == Array("after".utf8))
        #expect(!FileManager.default.fileExists(atPath: directory.path + "/compact.tmp"))
    }
}
