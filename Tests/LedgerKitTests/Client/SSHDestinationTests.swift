import Testing

@testable import LedgerKit

@Suite("ssh:// addresses of remote daemons")
struct SSHDestinationTests {
    @Test func theFormsDockerTakesReadBackAsWritten() throws {
        let full = try SSHDestination(url: "ssh://ann@newsroom.example:2222/run/ledger/ledgerd.sock")
        #expect(full.user == "ann" && full.host == "newsroom.example" && full.port == 2222)
        #expect(full.socketPath == "/run/ledger/ledgerd.sock")
        #expect(full.description == "ssh://ann@newsroom.example:2222/run/ledger/ledgerd.sock")
        #expect(
            full.sshArguments == [
                "-p", "2222", "-l", "ann", "--", "newsroom.example", "ledgerctl dial-stdio --socket '/run/ledger/ledgerd.sock'",
            ])
        let bare = try SSHDestination(url: "ssh://newsroom.example")
        #expect(bare.user == nil && bare.port == nil && bare.socketPath == nil)
        #expect(bare.sshArguments == ["--", "newsroom.example", "ledgerctl dial-stdio"])
    }

    @Test func aSocketPathReachesTheRemoteShellAsOneWord() throws {
        let odd = try SSHDestination(url: "ssh://h/tmp/it's $(here);.sock")
        #expect(odd.sshArguments.last == #"ledgerctl dial-stdio --socket '/tmp/it'\''s $(here);.sock'"#)
    }

    @Test func whatSshWouldTakeForAnOptionOrNothingIsRefused() {
        for bad in [
            "http://h/s", "ssh://", "ssh://-oProxyCommand=x", "ssh://-l@h", "ssh://ann@", "ssh://h:0", "ssh://h:65536",
            "ssh://h:port", "ssh://a b@h", "ssh://h/", "ssh://'h'",
        ] {
            #expect(throws: LedgerClientError.self, "\(bad)") { _ = try SSHDestination(url: bad) }
        }
    }
}
