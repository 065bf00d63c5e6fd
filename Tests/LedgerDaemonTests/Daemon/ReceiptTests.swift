import Foundation
import Testing

@Suite("Belief receipts", .serialized)
struct ReceiptTests {
    private func verifierKey(_ daemon: TestDaemon) throws -> String {
        let status =
            try JSONSerialization.jsonObject(with: Data(try daemon.ctl("--json", "status").standardOutput.utf8)) as? [String: Any]
        return try #require(status?["verifier_key"] as? String)
    }

    /// Writes `receipt` with one change made by `alter` and runs verify-receipt on it.
    private func verifyAltered(
        _ daemon: TestDaemon, _ file: String, key: String, _ alter: (inout [String: Any]) throws -> Void
    ) throws -> ProcessResult {
        var receipt = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file))) as? [String: Any])
        try alter(&receipt)
        let altered = file + ".altered.json"
        try JSONSerialization.data(withJSONObject: receipt).write(to: URL(fileURLWithPath: altered))
        return try daemon.ctl("verify-receipt", altered, "--key", key)
    }

    @Test(arguments: StorageBackend.allCases)
    func aReceiptVerifiesAndAnyAlterationIsNamed(backend: StorageBackend) throws {
        let daemon = try TestDaemon(backend: backend)
        #expect(try daemon.ctl("append", "--file", Seed.path).status == 0)
        let key = try verifierKey(daemon)
        let file = daemon.directory + "/receipt.json"
        #expect(try daemon.ctl("receipt", Seed.subject, "--out", file).status == 0)
        let good = try daemon.ctl("verify-receipt", file, "--key", key)
        #expect(good.status == 0, "\(good.standardError)")
        #expect(good.standardOutput.contains("perpetrator contested") && good.standardOutput.contains("13 events"))
        let unpinned = try daemon.ctl("verify-receipt", file)
        #expect(unpinned.status == 0 && unpinned.standardError.contains("warning: no key pinned"))

        let belief = try verifyAltered(daemon, file, key: key) { receipt in
            var belief = receipt["belief"] as! [String: Any]
            var predicates = belief["predicates"] as! [[String: Any]]
            let index = predicates.firstIndex { $0["predicate"] as? String == "perpetrator" }!
            predicates[index]["status"] = "settled"
            belief["predicates"] = predicates
            receipt["belief"] = belief
        }
        #expect(
            belief.status == 4 && belief.standardError.contains("does not follow from the receipt's events"),
            "\(belief.standardError)")

        let event = try verifyAltered(daemon, file, key: key) { receipt in
            var events = receipt["events"] as! [[String: Any]]
            events[1]["object"] = 30
            receipt["events"] = events
        }
        #expect(event.status == 4 && event.standardError.contains("is not in the checkpoint's tree"), "\(event.standardError)")

        let quote = try verifyAltered(daemon, file, key: key) { receipt in
            var events = receipt["events"] as! [[String: Any]]
            var evidence = events[1]["evidence"] as! [String: Any]
            evidence["quote"] = "Thirty Syrian soldiers died"
            events[1]["evidence"] = evidence
            receipt["events"] = events
        }
        #expect(quote.status == 4 && quote.standardError.contains("does not match its evidence_hash"), "\(quote.standardError)")

        let proof = try verifyAltered(daemon, file, key: key) { receipt in
            var inclusion = receipt["inclusion"] as! [[String: Any]]
            var path = inclusion[2]["audit_path"] as! [String]
            path[0] = String(path[0].reversed())
            inclusion[2]["audit_path"] = path
            receipt["inclusion"] = inclusion
        }
        #expect(proof.status == 4 && proof.standardError.contains("inclusion proof fails"), "\(proof.standardError)")

        let checkpoint = try verifyAltered(daemon, file, key: key) { receipt in
            receipt["checkpoint"] = (receipt["checkpoint"] as! String).replacingOccurrences(of: "\n16\n", with: "\n15\n")
        }
        #expect(
            checkpoint.status == 4 && checkpoint.standardError.contains("signature does not verify"),
            "\(checkpoint.standardError)")

        let otherKey = try TestDaemon()
        let wrongKey = try daemon.ctl("verify-receipt", file, "--key", try verifierKey(otherKey))
        #expect(wrongKey.status == 4)
    }

    @Test(arguments: StorageBackend.allCases)
    func aReceiptIsBoundToItsCheckpointThroughAppendsAndAnUnrelatedErasure(backend: StorageBackend) throws {
        let daemon = try TestDaemon.compacting(backend: backend)
        #expect(try daemon.ctl("append", "--file", Seed.path).status == 0)
        let key = try verifierKey(daemon)
        let file = daemon.directory + "/receipt.json"
        #expect(try daemon.ctl("receipt", Seed.subject, "--predicate", "killed", "--out", file).status == 0)
        _ = try daemon.ctl("append", "--subject", Seed.subject, "--predicate", "killed", "--object", "5", "--source", "later")
        // An erasure of a claim of another subject; then one of this very subject, made after the receipt.
        #expect(try daemon.ctl("erase", "deir-ezzor-2015:coalition-own-strike-target", "--reason", "unrelated").status == 0)
        #expect(try daemon.ctl("erase", "deir-ezzor-2015:sfm-perpetrator", "--reason", "after the receipt").status == 0)
        #expect(try daemon.ctl("compact").status == 0)
        let verified = try daemon.ctl("verify-receipt", file, "--key", key)
        #expect(verified.status == 0, "\(verified.standardError)")
        #expect(verified.standardOutput.contains("tree size 16") && verified.standardOutput.contains("killed contested"))
        // A receipt made now carries the erasure and the claim without its quote, and verifies too.
        let now = daemon.directory + "/now.json"
        #expect(try daemon.ctl("receipt", Seed.subject, "--out", now).status == 0)
        let text = try String(contentsOfFile: now, encoding: .utf8)
        #expect(text.contains(#""type":"erase""#) && !text.contains("flagrant aggression"))
        #expect(try daemon.ctl("verify-receipt", now, "--key", key).status == 0)
    }
}
