import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Every command has a machine form; values may begin with a dash; a daemon that does not answer is
/// named within the timeout.
@Suite("ledgerctl for scripts")
struct MachineOutputTests {
    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not a JSON object: \(text)")
    }

    @Test func auditReceiptAndReportPrintJSON() throws {
        let daemon = try TestDaemon()
        _ = try daemon.ctl("append", "--file", Seed.path)
        let verify = try daemon.ctl("--format", "json", "audit", "verify")
        #expect(verify.status == 0, "\(verify.standardError)")
        let verified = try Self.json(verify.standardOutput)
        #expect(verified["verified"] as? Bool == true && verified["tree_size"] as? Int == 16)

        let saved = daemon.directory + "/head.json"
        try Data(try daemon.ctl("audit", "head").standardOutput.utf8).write(to: URL(fileURLWithPath: saved))
        _ = try daemon.ctl("append", "--subject", "later", "--predicate", "p", "--object", "1", "--source", "s")
        let grew = try Self.json(try daemon.ctl("--json", "audit", "verify", "--head", saved).standardOutput)
        #expect((grew["grew_from"] as? [String: Any])?["tree_size"] as? Int == 16 && grew["tree_size"] as? Int == 17)

        let checkpoint = try Self.json(try daemon.ctl("--json", "audit", "checkpoint").standardOutput)
        #expect((checkpoint["checkpoint"] as? String)?.contains("\n17\n") == true)

        let receiptFile = daemon.directory + "/r.json"
        let receipt = try Self.json(try daemon.ctl("--json", "receipt", Seed.subject, "--out", receiptFile).standardOutput)
        #expect(receipt["out"] as? String == receiptFile && receipt["tree_size"] as? Int == 17)
        let checked = try daemon.ctl("--json", "verify-receipt", receiptFile)
        #expect(checked.status == 0)
        let result = try Self.json(checked.standardOutput)
        #expect(result["verified"] as? Bool == true && result["key_was_pinned"] as? Bool == false)
        let beliefNow = try Self.json(try daemon.ctl("--json", "belief", Seed.subject).standardOutput)
        #expect(
            ((result["belief"] as? [String: Any])?["predicates"] as? [Any])?.count == (beliefNow["predicates"] as? [Any])?.count)

        let report = try Self.json(
            try daemon.ctl("--json", "report", Seed.subject, "--out", daemon.directory + "/r.html").standardOutput)
        #expect(report["events"] as? Int == receipt["events"] as? Int)
    }

    @Test func valuesMayBeginWithADash() throws {
        let daemon = try TestDaemon()
        let appended = try daemon.ctl(
            "--json", "append", "--subject", "-s", "--predicate", "--p", "--object", "-5", "--source", "-x", "--quote",
            "-- not us",
            "--id", "neg")
        #expect(appended.status == 0, "\(appended.standardError)")
        let stored = try daemon.ctl("show", "neg", "--json").standardOutput
        for fragment in [#""object":-5"#, #""subject":"-s""#, #""predicate":"--p""#, #""quote":"-- not us""#] {
            #expect(stored.contains(fragment), "\(stored)")
        }
        #expect(try daemon.ctl("retract", "neg", "--reason", "-1 wrong").status == 0)
        for bad in ["-0.5", "nan", "2"] {
            let refused = try daemon.ctl(
                "append", "--subject", "s", "--predicate", "p", "--object", "1", "--source", "x", "--confidence", bad)
            #expect(refused.status == 2, "--confidence \(bad): \(refused.standardError)")
        }
    }

    @Test func aDaemonThatNeverAnswersIsNamedWithinTheTimeout() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("silent-\(UUID().uuidString.prefix(8))")
            .path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/silent.sock"
        // A socket that accepts connections (the kernel's backlog) and never reads or answers.
        let listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (offset, byte) in path.utf8.enumerated() { buffer[offset] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        #expect(bound == 0 && listen(listener, 16) == 0)
        let started = Date()
        let result = try runProcess(Binaries.ledgerctl, ["--socket", path, "--timeout", "1", "status"])
        let elapsed = Date().timeIntervalSince(started)
        #expect(result.status == 3, "\(result.standardError)")
        #expect(
            result.standardError.contains(path) && result.standardError.contains("did not answer within 1 s"),
            "\(result.standardError)")
        #expect(elapsed < 8, "took \(elapsed) s")
    }
}
