import LMDB
import LedgerKit
import Testing

@Suite("LMDB environment")
struct EnvironmentTests {
    @Test func putGetDeleteAndCount() throws {
        let directory = try TemporaryDirectory()
        let env = try Environment(path: directory.path, databases: ["items"])
        let items = env.database(named: "items")
        try env.write { txn in
            try txn.put(Array("one".utf8), for: "a", in: items)
            try txn.put(Array("two".utf8), for: "b", in: items)
        }
        try env.read { txn throws in
            #expect(try txn.value(for: "a", in: items) == Array("one".utf8))
            #expect(try txn.value(for: "zzz", in: items) == nil)
            #expect(try txn.count(in: items) == 2)
        }
        #expect(try env.write { txn in try txn.delete("a", in: items) })
        #expect(try env.read { txn in try txn.contains("a", in: items) } == false)
    }

    @Test func noOverwriteReportsKeyExists() throws {
        let directory = try TemporaryDirectory()
        let env = try Environment(path: directory.path, databases: ["items"])
        let items = env.database(named: "items")
        try env.write { txn in try txn.put([1], for: "k", in: items) }
        #expect(throws: LMDBError(code: .keyExists, function: "mdb_put")) {
            try env.write { txn in try txn.put([2], for: "k", in: items, options: .noOverwrite) }
        }
        #expect(try env.read { txn in try txn.value(for: "k", in: items) } == [1])
    }

    @Test func aThrowingBodyRollsBack() throws {
        struct Stop: Error {}
        let directory = try TemporaryDirectory()
        let env = try Environment(path: directory.path, databases: ["items"])
        let items = env.database(named: "items")
        #expect(throws: Stop.self) {
            try env.write { txn in
                try txn.put([1], for: "k", in: items)
                throw Stop()
            }
        }
        #expect(try env.read { txn in try txn.count(in: items) } == 0)
    }

    @Test func bigEndianKeysIterateInNumericOrder() throws {
        let directory = try TemporaryDirectory()
        let env = try Environment(path: directory.path, databases: ["numbers"])
        let numbers = env.database(named: "numbers")
        try env.write { txn in
            for n: UInt64 in [300, 2, 70_000, 1, 256] { try txn.put([UInt8(n % 256)], for: n, in: numbers) }
        }
        var seen: [UInt64] = []
        try env.read { txn in
            try txn.forEach(in: numbers, from: UInt64(2)) { key, _ in
                seen.append(UInt64(bigEndianBytes: key)!)
                return true
            }
        }
        #expect(seen == [2, 256, 300, 70_000])
        let last = try env.read { txn in
            try txn.withCursor(on: numbers) { cursor in try cursor.move(.last) ? UInt64(bigEndianBytes: cursor.key) : nil }
        }
        #expect(last == 70_000)
    }

    @Test func mapGrowsWhenFullAndStopsAtTheMaximum() throws {
        let directory = try TemporaryDirectory()
        var configuration = EnvironmentConfiguration()
        configuration.initialMapSize = 1 << 20
        configuration.maximumMapSize = 4 << 20
        let env = try Environment(path: directory.path, databases: ["blobs"], configuration: configuration)
        let blobs = env.database(named: "blobs")
        let blob = [UInt8](repeating: 7, count: 100_000)
        var written: UInt64 = 0
        let error = #expect(throws: LMDBError.self) {
            while written < 1_000 {
                try env.write { txn in try txn.put(blob, for: written, in: blobs) }
                written += 1
            }
        }
        #expect(error?.code == .mapFull)
        #expect(error?.message.contains("maximum") == true)
        #expect(env.mapSize == 4 << 20)
        #expect(written > 20)  // more than the 1 MiB map alone could hold
        // Everything acknowledged is still there, and reads still work.
        #expect(try env.read { txn in try txn.count(in: blobs) } == Int(written))
    }

    @Test func reopenFindsEverything() throws {
        let directory = try TemporaryDirectory()
        do {
            let env = try Environment(path: directory.path, databases: ["items"])
            try env.write { txn in try txn.put([42], for: "answer", in: env.database(named: "items")) }
        }
        let env = try Environment(path: directory.path, databases: ["items"])
        #expect(try env.read { txn in try txn.value(for: "answer", in: env.database(named: "items")) } == [42])
    }

    @Test func openingAMissingDirectoryFailsWithTheCError() {
        #expect(throws: LMDBError.self) {
            _ = try Environment(path: "/nonexistent/ledger-test", databases: [])
        }
    }

    @Test func readsRunInParallelWithAWriter() async throws {
        let directory = try TemporaryDirectory()
        let env = try Environment(path: directory.path, databases: ["items"])
        let items = env.database(named: "items")
        try env.write { txn in try txn.put([0], for: UInt64(0), in: items) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for n in 1...200 { try env.write { txn in try txn.put([1], for: UInt64(n), in: items) } }
            }
            for _ in 0..<4 {
                group.addTask {
                    var previous = 0
                    for _ in 0..<200 {
                        let count = try env.read { txn in try txn.count(in: items) }
                        #expect(count >= previous)  // snapshots only move forward
                        previous = count
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(try env.read { txn in try txn.count(in: items) } == 201)
    }
}

@Suite("LMDB across two handles")
struct SharedEnvironmentTests {
    @Test func aReaderAdoptsAMapAnotherHandleGrew() throws {
        let directory = try TemporaryDirectory()
        var small = EnvironmentConfiguration()
        small.initialMapSize = 1 << 20
        // Two handles on one path stand in for two processes: each maps the file itself.
        let writer = try Environment(path: directory.path, databases: ["blobs"], configuration: small)
        let reader = try Environment(path: directory.path, databases: ["blobs"], configuration: small)
        let blob = [UInt8](repeating: 1, count: 100_000)
        for n in 0..<40 { try writer.write { txn in try txn.put(blob, for: UInt64(n), in: writer.database(named: "blobs")) } }
        #expect(writer.mapSize > 1 << 20)
        #expect(try reader.read { txn in try txn.count(in: reader.database(named: "blobs")) } == 40)
    }
}
