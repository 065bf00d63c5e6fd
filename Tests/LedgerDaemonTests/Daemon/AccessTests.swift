import Foundation
import Testing

/// Runs as another user with setpriv; needs root, as CI and the development machines have.
@Suite(
    "Access by Unix identity", .serialized,
    .enabled(if: getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")))
struct AccessTests {
    func asNobody(_ daemon: TestDaemon, _ arguments: [String]) throws -> ProcessResult {
        try runProcess(
            "/usr/bin/setpriv",
            [
                "--reuid=nobody", "--regid=nogroup", "--clear-groups", Binaries.ledgerctl, "--socket", daemon.socket,
            ] + arguments)
    }

    /// A daemon whose socket anyone may open, with `access` as its `[access]` lines.
    func daemonOpenToOthers(access: String = "") throws -> TestDaemon {
        let daemon = try TestDaemon(
            extraTOML: """
                socket_mode = "0666"
                [access]
                \(access)
                """)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: daemon.directory)
        return daemon
    }

    static let claimFlags = ["append", "--subject", "s", "--predicate", "p", "--object", "1", "--source", "x"]

    @Test func aUserInNeitherListIsRefused() throws {
        let daemon = try daemonOpenToOthers()
        let append = try asNobody(daemon, Self.claimFlags)
        #expect(append.status == 1)
        #expect(append.standardError.contains("You are nobody (uid 65534), who may not append"))
        let replay = try asNobody(daemon, ["replay"])
        #expect(replay.status == 1)
        #expect(replay.standardError.contains("may not read"))
        #expect(try daemon.head() == 0)
    }

    @Test func aReaderMayReadButNotAppend() throws {
        let daemon = try daemonOpenToOthers(access: #"read_users = ["nobody"]"#)
        #expect(try daemon.ctl("append", "--file", Seed.path).status == 0)
        let replay = try asNobody(daemon, ["replay"])
        #expect(replay.status == 0)
        #expect(replay.standardOutput.split(separator: "\n").count == 16)
        #expect(try asNobody(daemon, Self.claimFlags).status == 1)
    }

    @Test func theActorIsTheCallersUserAndCannotBeForged() throws {
        let daemon = try daemonOpenToOthers(access: #"append_groups = ["nogroup"]"#)
        let append = try asNobody(daemon, Self.claimFlags + ["--id", "by-nobody"])
        #expect(append.status == 0, "\(append.standardError)")
        let shown = try daemon.ctl("--json", "show", "by-nobody")
        #expect(shown.standardOutput.contains(#""actor":"nobody""#))
    }

    @Test func anAppenderMayNotEraseUnlessListedAndNothingIsWritten() throws {
        let daemon = try daemonOpenToOthers(access: #"append_users = ["nobody"]"#)
        #expect(try daemon.ctl("append", "--file", Seed.path).status == 0)
        let erase = try asNobody(daemon, ["erase", "deir-ezzor-2015:sfm-killed", "--reason", "not mine to erase"])
        #expect(erase.status == 1)
        #expect(erase.standardError.contains("You are nobody (uid 65534), who may not erase evidence"), "\(erase.standardError)")
        #expect(erase.standardError.contains("erase_users"))
        #expect(try daemon.head() == 16)
        #expect(try daemon.ctl("show", "deir-ezzor-2015:sfm-killed").standardOutput.contains("Three Syrian soldiers"))
        // Backing up and compacting are for the daemon's user and admin_users only.
        let backup = try asNobody(daemon, ["backup", daemon.directory + "/by-nobody"])
        #expect(backup.status == 1 && backup.standardError.contains("may not back up"))
        #expect(try asNobody(daemon, ["compact"]).status == 1)
    }

    @Test func aUserInEraseUsersMayErase() throws {
        let daemon = try daemonOpenToOthers(access: #"erase_users = ["nobody"]"#)
        #expect(try daemon.ctl("append", "--file", Seed.path).status == 0)
        let erase = try asNobody(daemon, ["erase", "deir-ezzor-2015:sfm-killed", "--reason", "a court order"])
        #expect(erase.status == 0, "\(erase.standardError)")
        let erasure = try daemon.ctl("replay", "--from", "17").standardOutput
        #expect(erasure.contains(#""actor":"nobody""#) && erasure.contains(#""reason":"a court order""#))
        // Erasing is not appending: nobody still may not assert.
        #expect(try asNobody(daemon, Self.claimFlags).status == 1)
    }
}
