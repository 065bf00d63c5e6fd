import Foundation
import Testing

@Suite("Erasure", .serialized)
struct ErasureTests {
    static let target = "deir-ezzor-2015:rbss-perpetrator"
    static let quote = "But I think it was Russian airstrikes"

    @Test(arguments: StorageBackend.allCases)
    func proofsCheckpointsAndBeliefMadeBeforeStillVerifyAndTheBytesGoWithCompaction(backend: StorageBackend) throws {
        let daemon = try TestDaemon.compacting(backend: backend)
        #expect(try daemon.ctl("append", "--file", Seed.path).status == 0)
        let status =
            try JSONSerialization.jsonObject(with: Data(try daemon.ctl("--json", "status").standardOutput.utf8)) as? [String: Any]
        let key = try #require(status?["verifier_key"] as? String)
        let checkpoint = daemon.directory + "/before.checkpoint"
        try daemon.ctl("audit", "checkpoint").standardOutput.write(toFile: checkpoint, atomically: true, encoding: .utf8)
        let headBefore = try daemon.ctl("audit", "head").standardOutput
        let proofBefore = try daemon.ctl("--json", "audit", "prove", "16", "--tree-size", "16").standardOutput
        let beliefBefore = try daemon.ctl("--json", "belief", Seed.subject, "--at", "2026-01-01", "--as-of", "2030-01-01")
            .standardOutput
        let leafBefore = try UnixHTTP.request(socket: daemon.socket, "GET /v1/audit/leaves?from=1&limit=16").text

        let erased = try daemon.ctl("erase", Self.target, "--reason", "the source asked: their safety")
        #expect(erased.status == 0, "\(erased.standardError)")
        // The claim stays, without its evidence; every leaf and the old tree are unchanged.
        let shown = try daemon.ctl("--json", "show", Self.target).standardOutput
        #expect(!shown.contains(Self.quote) && !shown.contains(#""evidence":"#) && shown.contains(#""evidence_hash":"#))
        #expect(try UnixHTTP.request(socket: daemon.socket, "GET /v1/audit/leaves?from=1&limit=16").text == leafBefore)
        #expect(try daemon.ctl("audit", "head", "--tree-size", "16").standardOutput == headBefore)
        #expect(try daemon.ctl("--json", "audit", "prove", "16", "--tree-size", "16").standardOutput == proofBefore)
        let verify = try daemon.ctl("audit", "verify", "--head", checkpoint, "--key", key)
        #expect(verify.status == 0, "\(verify.standardError)")
        #expect(verify.standardOutput.contains("only grew since"))
        #expect(
            try daemon.ctl("--json", "belief", Seed.subject, "--at", "2026-01-01", "--as-of", "2030-01-01").standardOutput
                == beliefBefore)

        // The erasure is on the record, with its actor and reason, and history joins it to the claim.
        let replay = try daemon.ctl("replay").standardOutput.split(separator: "\n").map(String.init)
        let erase = try #require(replay.last)
        #expect(
            erase.contains(#""type":"erase""#) && erase.contains(#""target":"\#(Self.target)""#)
                && erase.contains(#""reason":"the source asked: their safety""#) && erase.contains(#""actor":""#))
        let history = try daemon.ctl("history", Seed.subject).standardOutput
        #expect(history.contains("evidence erased by") && history.contains("the source asked: their safety"))

        // Compaction: then the quote is nowhere in the data directory, and everything still verifies.
        let compact = try daemon.ctl("compact")
        #expect(compact.status == 0, "\(compact.standardError)")
        #expect(try daemon.storageFiles(holding: Self.quote) == [])
        #expect(try !daemon.storageFiles(holding: "Three Syrian soldiers died").isEmpty, "the other quotes are still there")
        #expect(try daemon.ctl("audit", "verify", "--head", checkpoint, "--key", key).status == 0)
        #expect(
            try daemon.ctl("--json", "belief", Seed.subject, "--at", "2026-01-01", "--as-of", "2030-01-01").standardOutput
                == beliefBefore)
        // And after a restart on the compacted file.
        daemon.stop()
        try daemon.start()
        #expect(try daemon.ctl("audit", "verify").status == 0)
        #expect(try daemon.ctl("append", "--subject", "after", "--predicate", "p", "--object", "1", "--source", "s").status == 0)
    }

    @Test(arguments: StorageBackend.allCases)
    func refusalsWriteNothing(backend: StorageBackend) throws {
        let daemon = try TestDaemon(backend: backend)
        #expect(try daemon.ctl("append", "--file", Seed.path).status == 0)
        _ = try daemon.ctl("retract", "deir-ezzor-2015:sohr-killed", "--reason", "corrected", "--id", "the-retraction")
        _ = try daemon.ctl(
            "append", "--subject", "bare", "--predicate", "p", "--object", "1", "--source", "s", "--id", "no-evidence")
        #expect(try daemon.ctl("erase", Self.target, "--reason", "first").status == 0)
        let head = try daemon.head()
        let cases: [(String, Int, String)] = [
            (Self.target, 409, "already_erased"),
            ("no-evidence", 409, "not_erasable"),
            ("the-retraction", 409, "not_erasable"),
            ("no-such-id", 404, "unknown_target"),
        ]
        for (target, status, code) in cases {
            let body = #"{"events":[{"type":"erase","target":"\#(target)","reason":"r"}]}"#
            let response = try UnixHTTP.request(socket: daemon.socket, "POST /v1/events", body: Array(body.utf8))
            #expect(response.status == status, "\(target): \(response.text)")
            #expect(response.errorCode == code, "\(target): \(response.text)")
        }
        let missingReason = try UnixHTTP.request(
            socket: daemon.socket, "POST /v1/events", body: Array(#"{"events":[{"type":"erase","target":"no-evidence"}]}"#.utf8))
        #expect(missingReason.status == 400 && missingReason.errorField == "reason")
        #expect(try daemon.head() == head)
        let cli = try daemon.ctl("erase", Self.target, "--reason", "again")
        #expect(cli.status == 1 && cli.standardError.contains("already erased by event"))
    }

    @Test(arguments: StorageBackend.allCases)
    func aReplayWithAnErasureRestoresToTheSameRoot(backend: StorageBackend) throws {
        let source = try TestDaemon(backend: backend)
        #expect(try source.ctl("append", "--file", Seed.path).status == 0)
        #expect(try source.ctl("erase", Self.target, "--reason", "a court order").status == 0)
        _ = try source.ctl("append", "--subject", "later", "--predicate", "p", "--object", "1", "--source", "s")
        let export = try source.ctl("replay").standardOutput
        let file = source.directory + "/dump.ndjson"
        try export.write(toFile: file, atomically: true, encoding: .utf8)
        let target = try TestDaemon(backend: backend)
        let restored = try target.ctl("restore", file)
        #expect(restored.status == 0, "\(restored.standardError)")
        #expect(try target.ctl("audit", "head").standardOutput == source.ctl("audit", "head").standardOutput)
        #expect(try target.ctl("replay").standardOutput == export)
        #expect(try target.ctl("audit", "verify").status == 0)
        #expect(try target.ctl("history", Seed.subject).standardOutput.contains("a court order"))
        #expect(try target.ctl("erase", Self.target, "--reason", "again").status == 1, "the erasure came with the restore")
        // Re-sending the original claim, evidence and all, is a duplicate and writes no evidence back.
        let again = try target.ctl("--json", "append", "--file", Seed.path)
        #expect(again.standardOutput.contains(#""appended":0"#))
        #expect(try !target.ctl("show", Self.target).standardOutput.contains(Self.quote))
    }
}
