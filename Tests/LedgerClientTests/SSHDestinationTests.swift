import Foundation
import LedgerKit
import Testing

@testable import LedgerClient

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

    /// The vectors both clients read (`Vectors/ssh-urls.json`): one grammar, one set of answers.
    struct Vector: Decodable {
        var url: String
        var user: String?
        var host: String?
        var port: Int?
        var socket: String?
        var says: String?
    }

    struct VectorFile: Decodable {
        var valid: [Vector]
        var invalid: [Vector]
    }

    static let vectors: VectorFile = {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Vectors/ssh-urls.json")
        guard let bytes = try? Data(contentsOf: path),
            let file = try? JSONValueDecoder().decode(VectorFile.self, from: Array(bytes))
        else {
            return VectorFile(valid: [], invalid: [])
        }
        return file
    }()

    @Test func theVectorsAreThere() {
        #expect(Self.vectors.valid.count >= 8 && Self.vectors.invalid.count >= 20)
    }

    @Test(arguments: vectors.valid.map(\.url))
    func eachValidAddressReadsAsTheVectorSays(url: String) throws {
        let vector = try #require(Self.vectors.valid.first { $0.url == url })
        let destination = try SSHDestination(url: url)
        #expect(destination.user == vector.user && destination.host == vector.host)
        #expect(destination.port == vector.port && destination.socketPath == vector.socket)
        // It reads back as written, and ssh is handed the host without brackets.
        #expect(try SSHDestination(url: destination.description) == destination)
        #expect(destination.sshArguments.contains(vector.host ?? ""))
    }

    @Test(arguments: vectors.invalid.map(\.url))
    func eachInvalidAddressIsRefusedAsTheVectorSays(url: String) throws {
        let vector = try #require(Self.vectors.invalid.first { $0.url == url })
        let error = try #require(throws: LedgerClientError.self) { _ = try SSHDestination(url: url) }
        #expect(error.kind == .invalidAddress)
        #expect(error.message.contains(vector.says ?? "?"), "\(error.message)")
    }
}
