import Foundation
import Testing

/// Runs as another user with setpriv; needs root, as CI and the development machines have.
@Suite("Access by Unix identity", .serialized, .enabled(if: getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")))
struct AccessTests {
    func asNobody(_ daemon: TestDaemon, _ arguments: [String]) throws -> ProcessResult {
        try runProcess("/usr/bin/setpriv", [
            "--reuid=nobody", "--regid=nogroup", "--clear-groups", Binaries.ledgerctl, "--socket", daemon.socket,
        ] + arguments)
    }

    static let claimFlags = ["append", "--subject", "s", "--predicate", "p", "--object", "1", "--source", "x"]

    @Test func aUserInNeitherListIsRefused() throws {
        let daemon = try TestDaemon(extraTOML: #"socket_mode = "0666""#)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: daemon.directory)
        let append = try asNobody(daemon, Self.claimFlags)
        #expect(append.status == 1)
        #expect(append.standardError.contains("You are nobody (uid 65534), who may not append"))
        let replay = try asNobody(daemon, ["replay"])
        #expect(replay.status == 1)
        #expect(replay.standardError.contains("may not read"))
        #expect(try daemon.head() == 0)
    }

    @Test func aReaderMayReadButNotAppend() throws {
        let daemon = try TestDaemon(extraTOML: """
            socket_mode = "0666"
            [access]
            read_users = ["nobody"]
            """)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: daemon.directory)
        #expect(try daemon.ctl("append", "--file", Seed.path).status == 0)
        let replay = try asNobody(daemon, ["replay"])
        #expect(replay.status == 0)
        #expect(replay.standardOutput.split(separator: "\n").count == 16)
        #expect(try asNobody(daemon, Self.claimFlags).status == 1)
    }

    @Test func theActorIsTheCallersUserAndCannotBeForged() throws {
        let daemon = try TestDaemon(extraTOML: """
            socket_mode = "0666"
            [access]
            append_groups = ["nogroup"]
            """)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: daemon.directory)
        let append = try asNobody(daemon, Self.claimFlags + ["--id", "by-nobody"])
        #expect(append.status == 0, "\(append.standardError)")
        let shown = try daemon.ctl("--json", "show", "by-nobody")
        #expect(shown.standardOutput.contains(#""actor":"nobody""#))
    }
}
