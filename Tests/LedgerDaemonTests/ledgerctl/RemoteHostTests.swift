import Foundation
import LedgerTestSupport
import Testing

/// `ledgerctl --host ssh://…` against a real ledgerd behind a real sshd on loopback.
@Suite("ledgerctl on a remote host over ssh", .serialized, .enabled(if: SSHServer.isAvailable, "needs root and sshd"))
struct RemoteHostTests {
    let server: SSHServer
    let daemon: TestDaemon

    init() throws {
        server = try SSHServer.shared(ledgerctlDirectory: Binaries.directory.path)
        daemon = try Self.daemon()
    }

    /// A ledgerd that lets the appending user append, erase and restore, and the reading user read.
    static func daemon() throws -> TestDaemon {
        let daemon = try TestDaemon(
            extraTOML: """
                [access]
                append_users = ["\(SSHServer.appendingUser)"]
                read_users = ["\(SSHServer.readingUser)"]
                erase_users = ["\(SSHServer.appendingUser)"]
                admin_users = ["\(SSHServer.appendingUser)"]
                """)
        // The login users reach the socket as anyone would: by its mode.
        chmod(daemon.socket, 0o666)
        return daemon
    }

    /// ledgerctl with `--host` for `user`, and the test server's ssh settings.
    func remote(_ user: String, _ arguments: [String], input: Data? = nil, host: String? = nil) throws -> ProcessResult {
        try runProcess(
            Binaries.ledgerctl, ["--host", host ?? server.url(user: user, socket: daemon.socket)] + arguments, input: input,
            environment: ["LEDGER_SSH_COMMAND": server.sshCommand])
    }

    func actors() throws -> [String] {
        try daemon.ctl("replay").standardOutput.split(separator: "\n").compactMap { line in
            (try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["actor"] as? String
        }
    }

    @Test func aRemoteAppendIsRecordedWithTheLoginUserAsActor() throws {
        let appended = try remote(
            SSHServer.appendingUser, ["append", "--subject", "s", "--predicate", "p", "--object", "1", "--source", "x"])
        #expect(appended.status == 0, "\(appended.standardError)\n\(server.log)")
        #expect(try actors() == [SSHServer.appendingUser])
        let status = try remote(SSHServer.appendingUser, ["status"])
        #expect(status.standardOutput.contains("you") && status.standardOutput.contains(SSHServer.appendingUser))
        // $LEDGER_HOST serves as --host.
        let fromEnvironment = try runProcess(
            Binaries.ledgerctl, ["--json", "status"],
            environment: [
                "LEDGER_HOST": server.url(user: SSHServer.readingUser, socket: daemon.socket),
                "LEDGER_SSH_COMMAND": server.sshCommand,
            ])
        #expect(
            fromEnvironment.standardOutput.contains(#""user":"\#(SSHServer.readingUser)""#), "\(fromEnvironment.standardError)")
    }

    @Test func aUserTheDaemonOnlyLetsReadIsRefusedAnAppend() throws {
        let refused = try remote(
            SSHServer.readingUser, ["append", "--subject", "s", "--predicate", "p", "--object", "1", "--source", "x"])
        #expect(refused.status == 1)
        #expect(refused.standardError.contains(SSHServer.readingUser), "\(refused.standardError)")
        #expect(try daemon.head() == 0)
        #expect(try remote(SSHServer.readingUser, ["subjects"]).status == 0)
    }

    @Test func everyCommandWorksOverTheHostAsItDoesLocally() throws {
        let ann = SSHServer.appendingUser
        #expect(
            try remote(ann, ["append", "--file", "-"], input: try Data(contentsOf: URL(fileURLWithPath: Seed.path))).status == 0)
        let csv = Binaries.repository.appendingPathComponent("examples/deir-ezzor-2015.csv").path
        #expect(try remote(ann, ["import", csv]).status == 0)
        #expect(try remote(ann, ["retract", "deir-ezzor-2015:sohr-killed", "--reason", "corrected"]).status == 0)
        #expect(try remote(ann, ["erase", "deir-ezzor-2015:rbss-perpetrator", "--reason", "the source's safety"]).status == 0)
        // Reads answer the same remotely as locally, byte for byte.
        let reads: [[String]] = [
            ["--json", "belief", Seed.subject, "--at", "2030-01-01", "--as-of", "2030-01-01"],
            ["--json", "belief", Seed.subject, "--at", "2015-12-07T10:00:00Z", "--as-of", "2030-01-01"],
            ["--json", "history", Seed.subject], ["--json", "claims", "--source", "SOHR"], ["--json", "subjects"],
            ["--json", "contested", "--at", "2030-01-01", "--as-of", "2030-01-01"], ["replay"],
            ["replay", "--subject", Seed.subject], ["--json", "show", "deir-ezzor-2015:sohr-killed"],
            ["audit", "head"], ["--json", "audit", "prove", "3"], ["replay", "--from", "3", "--to", "5"],
        ]
        for arguments in reads {
            let there = try remote(ann, arguments)
            let here = try daemon.ctl(arguments)
            #expect(there.status == 0, "\(arguments): \(there.standardError)")
            #expect(there.standardOutput == here.standardOutput, "\(arguments)")
        }
        let checkpoint = daemon.directory + "/remote.checkpoint"
        try remote(ann, ["audit", "checkpoint"]).standardOutput.write(toFile: checkpoint, atomically: true, encoding: .utf8)
        let key = try #require(
            (try JSONSerialization.jsonObject(with: Data(try daemon.ctl("--json", "status").standardOutput.utf8))
                as? [String: Any])?[
                    "verifier_key"] as? String)
        #expect(try remote(ann, ["audit", "verify", "--head", checkpoint, "--key", key]).status == 0)
        // Receipts and reports are written here and verified offline.
        let receipt = daemon.directory + "/remote-receipt.json"
        #expect(try remote(ann, ["receipt", Seed.subject, "--out", receipt]).status == 0)
        #expect(try daemon.ctl("verify-receipt", receipt, "--key", key).status == 0)
        let report = daemon.directory + "/remote-report.html"
        #expect(try remote(ann, ["report", Seed.subject, "--out", report]).status == 0)
        #expect(try daemon.ctl("verify-receipt", report, "--key", key).status == 0)
        // A live tail through the pipe: the last events, then a new one as it commits.
        let tail = try StreamingProcess(
            Binaries.ledgerctl,
            ["--host", server.url(user: ann, socket: daemon.socket), "--format", "ndjson", "tail", "-n", "2"],
            environment: ["LEDGER_SSH_COMMAND": server.sshCommand])
        #expect(tail.wait { $0.count == 2 }, "\(tail.standardError)")
        #expect(try daemon.ctl("append", "--subject", "s", "--predicate", "p", "--object", "1", "--source", "x").status == 0)
        #expect(tail.wait { $0.count == 3 && $0[2].contains(#""subject":"s""#) }, "\(tail.lines)")
        tail.stop()
        // Maintenance runs on the daemon's machine.
        #expect(try remote(ann, ["compact"]).status == 0)
        let backup = daemon.directory + "/remote-backup"
        #expect(try remote(ann, ["backup", backup]).status == 0)
        #expect(FileManager.default.fileExists(atPath: backup))
        let empty = try Self.daemon()
        let restored = try remote(
            ann, ["restore", "-"], input: Data(try daemon.ctl("replay").standardOutput.utf8),
            host: server.url(user: ann, socket: empty.socket))
        #expect(restored.status == 0, "\(restored.standardError)")
        #expect(try empty.ctl("audit", "head").standardOutput == daemon.ctl("audit", "head").standardOutput)
    }

    @Test func whatFailsOnTheWayIsNamedAndAnUnreachableHostExits3() throws {
        let ann = SSHServer.appendingUser
        // No ledgerd on that socket of the host.
        let noDaemon = try remote(ann, ["status"], host: server.url(user: ann, socket: "/tmp/no-ledgerd-here.sock"))
        #expect(noDaemon.status == 3)
        #expect(noDaemon.standardError.contains("/tmp/no-ledgerd-here.sock"), "\(noDaemon.standardError)")
        // A host where nothing listens.
        let closed = try remote(ann, ["status"], host: "ssh://\(ann)@127.0.0.1:1\(daemon.socket)")
        #expect(closed.status == 3)
        #expect(closed.standardError.contains("ssh://\(ann)@127.0.0.1:1"), "\(closed.standardError)")
        // A user sshd does not let in.
        let stranger = try remote("nobody", ["status"])
        #expect(stranger.status == 3)
        #expect(stranger.standardError.contains("Permission denied"), "\(stranger.standardError)")
        // No ssh on this machine.
        let noSSH = try runProcess(
            Binaries.ledgerctl, ["--host", server.url(user: ann, socket: daemon.socket), "status"],
            environment: ["LEDGER_SSH_COMMAND": "/nonexistent/ssh"])
        #expect(noSSH.status == 3)
        #expect(noSSH.standardError.contains("/nonexistent/ssh cannot be run"), "\(noSSH.standardError)")
        // An address ssh would read as an option is refused before anything runs.
        for hostile in [
            "ssh://-oProxyCommand=touch${IFS}/tmp/pwned@h", "ssh://ann@-oProxyCommand=x", "http://h/s", "ssh://h:99999",
        ] {
            let refused = try remote(ann, ["status"], host: hostile)
            #expect(refused.status == 2, "\(hostile): \(refused.standardError)")
        }
        #expect(!FileManager.default.fileExists(atPath: "/tmp/pwned"))
    }
}
