import Foundation
import LMDB
import LedgerKit
import LedgerTestSupport
import Testing

@Suite("Audit through ledgerd and ledgerctl", .serialized)
struct AuditEndToEndTests {
    static let python = Binaries.repository.appendingPathComponent("Tests/LedgerDaemonTests/Python").path

    /// A daemon holding the seed data, a retraction, and values that test canonical JSON's corners.
    func loadedDaemon(_ backend: StorageBackend = .lmdb) throws -> TestDaemon {
        let daemon = try TestDaemon(backend: backend)
        #expect(try daemon.ctl("append", "--file", Seed.path).status == 0)
        #expect(try daemon.ctl("retract", "deir-ezzor-2015:sohr-killed", "--reason", "corrected").status == 0)
        for (object, id) in [(#"{"é":1.5e-7,"a":[1e21,-0.1,"\u2028"]}"#, "odd-1"), ("0.1", "odd-2"), (#""😀""#, "odd-3")] {
            #expect(
                try daemon.ctl(
                    "append", "--subject", "odd", "--predicate", "p", "--object", object, "--source", "s",
                    "--confidence", "0.3", "--quote", "q \"x\"", "--id", id
                ).status == 0)
        }
        return daemon
    }

    func head(_ daemon: TestDaemon) throws -> TreeHead {
        try JSONDecoder().decode(TreeHead.self, from: Data(try daemon.ctl("audit", "head").standardOutput.utf8))
    }

    @Test(arguments: StorageBackend.allCases)
    func aThirdPartyRecomputesTheRootFromAReplay(backend: StorageBackend) throws {
        let daemon = try loadedDaemon(backend)
        let replay = try daemon.ctl("replay").standardOutput
        let independent = try runProcess(
            "/usr/bin/env", ["python3", Self.python + "/independent_root.py"], input: Data(replay.utf8))
        #expect(independent.status == 0, "\(independent.standardError)")
        let head = try head(daemon)
        #expect(independent.standardOutput.trimmingCharacters(in: .newlines) == "\(head.treeSize) \(head.rootHash)")
        #expect(head.treeSize == 20)
    }

    @Test(arguments: StorageBackend.allCases)
    func verifyProveAndReplayVerifyPass(backend: StorageBackend) throws {
        let daemon = try loadedDaemon(backend)
        let verify = try daemon.ctl("audit", "verify")
        #expect(verify.status == 0, "\(verify.standardError)")
        #expect(verify.standardOutput.hasPrefix("Verified 20 events"))
        let prove = try daemon.ctl("audit", "prove", "13", "--tree-size", "16")
        #expect(prove.status == 0)
        #expect(prove.standardOutput.contains("Event 13 is in the tree of size 16"))
        let replay = try daemon.ctl("replay", "--verify")
        #expect(replay.status == 0)
        #expect(replay.standardError.contains("verified: 20 events"))
    }

    @Test(arguments: StorageBackend.allCases)
    func aCheckpointVerifiesUnderAnIndependentImplementation(backend: StorageBackend) throws {
        let daemon = try loadedDaemon(backend)
        let file = daemon.directory + "/saved.checkpoint"
        try daemon.ctl("audit", "checkpoint").standardOutput.write(toFile: file, atomically: true, encoding: .utf8)
        let status = try JSONDecoder().decode(
            StatusResponse.self, from: Data(try daemon.ctl("status", "--json").standardOutput.utf8))
        let checked = try runProcess(
            "/usr/bin/env", ["python3", Self.python + "/verify_checkpoint.py", file, status.verifierKey])
        #expect(checked.status == 0, "\(checked.standardError)")
        let head = try head(daemon)
        #expect(checked.standardOutput.hasSuffix(" \(head.treeSize) \(head.rootHash)\n"))
        #expect(FileManager.default.fileExists(atPath: daemon.dataDirectory + "/checkpoint.key"))
        let mode =
            try FileManager.default.attributesOfItem(atPath: daemon.dataDirectory + "/checkpoint.key")[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test(arguments: StorageBackend.allCases)
    func aCheckpointAlteredByOneCharacterIsRejected(backend: StorageBackend) throws {
        let daemon = try loadedDaemon(backend)
        let note = try daemon.ctl("audit", "checkpoint").standardOutput
        let key = try JSONDecoder().decode(
            StatusResponse.self, from: Data(try daemon.ctl("status", "--json").standardOutput.utf8)
        ).verifierKey
        let good = daemon.directory + "/good.checkpoint"
        try note.write(toFile: good, atomically: true, encoding: .utf8)
        #expect(try daemon.ctl("audit", "verify", "--head", good, "--key", key).status == 0)

        var lines = note.components(separatedBy: "\n")
        let alterations: [(String, Int)] = [("size", 1), ("root", 2), ("signature", 4)]
        for (what, index) in alterations {
            var altered = lines
            var characters = Array(altered[index])
            let position = what == "size" ? characters.count - 1 : 5
            characters[position] = characters[position] == "1" ? "2" : "1"
            altered[index] = String(characters)
            let file = daemon.directory + "/\(what).checkpoint"
            try altered.joined(separator: "\n").write(toFile: file, atomically: true, encoding: .utf8)
            let result = try daemon.ctl("audit", "verify", "--head", file, "--key", key)
            #expect(result.status == 4, "altered \(what): \(result.standardError)")
        }
        lines[0] = "someone.else/ledger"
        let forged = daemon.directory + "/origin.checkpoint"
        try lines.joined(separator: "\n").write(toFile: forged, atomically: true, encoding: .utf8)
        #expect(try daemon.ctl("audit", "verify", "--head", forged, "--key", key).status == 4)
    }

    @Test(arguments: StorageBackend.allCases)
    func aByteChangedInAStoredClaimIsNamed(backend: StorageBackend) throws {
        let daemon = try loadedDaemon(backend)
        daemon.stop()
        try Tamper.rewrite(daemon, seq: 4) { text in
            text.replacingOccurrences(of: "\"missiles\"", with: "\"missilez\"")
        }
        try daemon.start()
        let verify = try daemon.ctl("audit", "verify")
        #expect(verify.status == 4)
        #expect(verify.standardError.contains("holds a leaf hash for event 4 that is not the hash of that event's bytes"))
    }

    @Test(arguments: StorageBackend.allCases)
    func aByteChangedInStoredEvidenceIsNamed(backend: StorageBackend) throws {
        let daemon = try loadedDaemon(backend)
        daemon.stop()
        try Tamper.rewrite(daemon, seq: 3) { text in
            text.replacingOccurrences(of: "four coalition", with: "four coalitioN")
        }
        try daemon.start()
        let verify = try daemon.ctl("audit", "verify")
        #expect(verify.status == 4)
        #expect(verify.standardError.contains("Event 3 is damaged: its evidence does not match its evidence_hash"))
    }

    @Test func aConsistentRewriteIsCaughtByAHeadSavedBefore() throws {
        let daemon = try loadedDaemon()
        let saved = daemon.directory + "/before.json"
        try daemon.ctl("audit", "head").standardOutput.write(toFile: saved, atomically: true, encoding: .utf8)
        daemon.stop()
        try Tamper.rewrite(daemon.dataDirectory, seq: 2, recomputingTheTree: true) { text in
            text.replacingOccurrences(of: "\"object\":3", with: "\"object\":30")
        }
        try daemon.start()
        // The rewrite is self-consistent: leaves and tree match the new bytes.
        #expect(try daemon.ctl("audit", "verify").status == 0)
        let verify = try daemon.ctl("audit", "verify", "--head", saved)
        #expect(verify.status == 4)
        #expect(verify.standardError.contains("The ledger was rewritten"))
    }
}

/// Edits the LMDB file directly, as an attacker with the data files would (the daemon stopped).
enum Tamper {
    /// Rewrites event `seq` of a stopped `daemon`'s log, wherever the log is (on PostgreSQL as someone
    /// with write access to the database would).
    static func rewrite(_ daemon: TestDaemon, seq: UInt64, _ edit: (String) -> String) throws {
        guard let url = daemon.postgreSQLURL else { return try rewrite(daemon.dataDirectory, seq: seq, edit) }
        let server = try PostgreSQLServer.shared()
        let hex = try server.execute("SELECT encode(body, 'hex') FROM events WHERE seq = \(seq)", in: url)
        let original = String(decoding: try #require(Hex.decode(hex)), as: UTF8.self)
        let edited = edit(original)
        guard edited != original else { throw TestDaemonError("The edit of event \(seq) changed nothing: \(original)") }
        try server.execute("UPDATE events SET body = '\\x\(Hex.encode(Array(edited.utf8)))' WHERE seq = \(seq)", in: url)
    }

    /// Rewrites event `seq`; with `recomputingTheTree`, also the committed leaf hashes, and removes the
    /// views so the daemon rebuilds its tree from them: a rewrite consistent with itself.
    static func rewrite(
        _ dataDirectory: String, seq: UInt64, recomputingTheTree: Bool = false, _ edit: (String) -> String
    ) throws {
        let env = try Environment(path: dataDirectory, databases: ["events", "leaves", "meta"])
        let events = env.database(named: "events")
        try env.write { txn in
            let original = String(decoding: try txn.value(for: seq, in: events)!, as: UTF8.self)
            let edited = edit(original)
            guard edited != original else { throw TestDaemonError("The edit of event \(seq) changed nothing: \(original)") }
            try txn.put(Array(edited.utf8), for: seq, in: events)
        }
        guard recomputingTheTree else { return }
        let leaves = env.database(named: "leaves")
        try env.write { txn in
            var hashes: [(UInt64, [UInt8])] = []
            try txn.forEach(in: events) { key, value in
                hashes.append(
                    (UInt64(bigEndianBytes: key)!, MerkleHash.leaf(try EventDecoder.storedEvent(from: value).leafBytes)))
                return true
            }
            for (seq, hash) in hashes { try txn.put(hash, for: seq, in: leaves) }
        }
        try FileManager.default.removeItem(atPath: dataDirectory + "/views")
    }
}
