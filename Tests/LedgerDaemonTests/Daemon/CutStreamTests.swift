import Foundation
import Testing

/// A stream that was cut must not look complete: the daemon finishes a streamed answer to a client that
/// half-closed after its request, and every reader of a stream that ends without its last chunk (a
/// daemon killed mid-replay) fails loudly instead of stopping quietly.
@Suite("Streams cut short", .serialized)
struct CutStreamTests {
    /// A ledger whose replay is about 3 MB.
    static func bigLedger() throws -> TestDaemon {
        let daemon = try TestDaemon()
        let filler = String(repeating: "x", count: 200)
        let lines = (0..<12_000).map {
            #"{"id":"e\#($0)","type":"assert","subject":"s\#($0 % 100)","predicate":"p","object":"\#(filler)","source":"src"}"#
        }
        let result = try daemon.ctl("append", "--file", "-", input: Data(lines.joined(separator: "\n").utf8))
        #expect(result.status == 0, "\(result.standardError)")
        return daemon
    }

    static let terminator = Array("\r\n0\r\n\r\n".utf8)

    @Test func aClientThatHalfClosesAfterItsRequestGetsTheWholeReplay() throws {
        let daemon = try Self.bigLedger()
        let whole = try UnixHTTP.request(socket: daemon.socket, "GET /v1/events")
        #expect(whole.status == 200)
        for round in 0..<10 {
            let connection = try UnixHTTP.Connection(path: daemon.socket)
            try connection.send(Array("GET /v1/events HTTP/1.1\r\nHost: ledger\r\n\r\n".utf8))
            connection.finishSending()
            let answer = try connection.readToEnd()
            #expect(answer.suffix(Self.terminator.count).elementsEqual(Self.terminator), "round \(round): \(answer.count) bytes")
            #expect(try UnixHTTP.parse(answer).body == whole.body, "round \(round)")
        }
    }

    @Test func dialStdioCarriesAWholeReplayWhenItsInputEnds() throws {
        let daemon = try Self.bigLedger()
        let result = try runProcess(
            Binaries.ledgerctl, ["dial-stdio", "--socket", daemon.socket],
            input: Data("GET /v1/events HTTP/1.1\r\nHost: ledger\r\n\r\n".utf8))
        #expect(result.status == 0)
        #expect(result.standardOutput.hasSuffix("\r\n0\r\n\r\n"), "\(result.standardOutput.utf8.count) bytes")
        #expect(result.standardOutput.components(separatedBy: "\"type\":\"assert\"").count - 1 == 12_000)
    }

    /// ledgerctl replay into a pipe that is read slowly, the daemon killed meanwhile: the replay exits
    /// non-zero and says the answer was cut, though it wrote every whole line it got.
    @Test func aReplayCutByTheDaemonsDeathFailsLoudly() throws {
        let daemon = try Self.bigLedger()
        let output = daemon.directory + "/replay.out"
        let status = daemon.directory + "/replay.status"
        let script = """
            "$0" --socket "$1" replay 2>"$2.err" | { sleep 2; cat > "$2"; }; echo "${PIPESTATUS[0]}" > "$3"
            """
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/bash")
        shell.arguments = ["-c", script, Binaries.ledgerctl, daemon.socket, output, status]
        try shell.run()
        Thread.sleep(forTimeInterval: 1)
        daemon.stop(signal: SIGKILL)
        shell.waitUntilExit()
        let exitCode = try String(contentsOfFile: status, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let written = try String(contentsOfFile: output, encoding: .utf8)
        let said = (try? String(contentsOfFile: output + ".err", encoding: .utf8)) ?? ""
        #expect(exitCode == "3", "ledgerctl replay exited \(exitCode): \(said)")
        #expect(said.contains("closed"), "\(said)")
        #expect(written.split(separator: "\n").count < 12_000)
    }

    @Test func aRestoreRefusesAnExportCutInTheMiddleOfALine() throws {
        let source = try TestDaemon()
        _ = try source.ctl("append", "--file", Binaries.repository.appendingPathComponent("examples/deir-ezzor-2015.ndjson").path)
        let export = try source.ctl("replay").standardOutput
        let cut = String(export.dropLast(40))
        let target = try TestDaemon()
        let refused = try target.ctl("restore", "-", input: Data(cut.utf8))
        #expect(refused.status == 2)
        #expect(refused.standardError.contains("cut short"), "\(refused.standardError)")
        #expect(try target.head() == 0)
        #expect(try target.ctl("restore", "-", input: Data(export.utf8)).status == 0)
    }
}
