import Foundation
import LedgerKit
import Testing

@Suite("ledgerctl")
struct LedgerctlTests {
    @Test func dialStdioCarriesRequestsToTheSocketAndAnswersBack() throws {
        let daemon = try TestDaemon()
        #expect(try daemon.ctl("append", "--file", Seed.path).status == 0)
        // Two kept-alive requests, then the end of the input: both answers come back before it exits.
        let requests = "GET /v1/status HTTP/1.1\r\nHost: l\r\n\r\nGET /v1/subjects HTTP/1.1\r\nHost: l\r\n\r\n"
        let dialed = try daemon.ctl(["dial-stdio"], input: Data(requests.utf8))
        #expect(dialed.status == 0, "\(dialed.standardError)")
        #expect(dialed.standardOutput.components(separatedBy: "HTTP/1.1 200").count == 3, "\(dialed.standardOutput)")
        #expect(dialed.standardOutput.contains(#""head":16"#) && dialed.standardOutput.contains(Seed.subject))
        let nowhere = try runProcess(Binaries.ledgerctl, ["--socket", daemon.directory + "/none.sock", "dial-stdio"])
        #expect(nowhere.status == 3 && nowhere.standardError.contains("none.sock"))
    }

    @Test func helpListsEveryCommandAndTheExitStatuses() throws {
        let help = try runProcess(Binaries.ledgerctl, ["--help"])
        #expect(help.status == 0)
        for command in ["append", "retract", "show", "replay", "status"] {
            #expect(help.standardOutput.contains("  \(command) "), "\(command) missing from --help")
        }
        #expect(help.standardOutput.contains("4 an audit check failed"))
        let append = try runProcess(Binaries.ledgerctl, ["append", "--help"])
        #expect(append.standardOutput.contains("ledgerctl append --file examples/deir-ezzor-2015.ndjson"))
    }

    @Test(
        "Wrong usage exits 2",
        arguments: [
            ["append", "--subject", "s"],
            ["append", "--subject", "s", "--predicate", "p", "--object", "1", "--source", "x", "--at", "last week"],
            ["retract", "some-id"],
            ["replay", "--limit", "0"],
            ["frobnicate"],
        ])
    func wrongUsage(arguments: [String]) throws {
        let result = try runProcess(Binaries.ledgerctl, ["--socket", "/nonexistent.sock"] + arguments)
        #expect(result.status == 2, "\(result.standardError)")
        #expect(!result.standardError.isEmpty)
    }

    @Test func anUnreachableDaemonExits3() throws {
        let result = try runProcess(Binaries.ledgerctl, ["--socket", "/nonexistent/ledgerd.sock", "status"])
        #expect(result.status == 3)
        #expect(result.standardError.contains("Cannot reach ledgerd at /nonexistent/ledgerd.sock"))
    }

    @Test func theSocketComesFromTheEnvironmentWhenNotGiven() throws {
        let daemon = try TestDaemon()
        let result = try runProcess(Binaries.ledgerctl, ["status", "--json"], environment: ["LEDGER_SOCKET": daemon.socket])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains(#""head":0"#))
    }

    @Test func objectIsJSONWhenItParsesElseAString() throws {
        let daemon = try TestDaemon()
        let claim = ["append", "--subject", "s", "--predicate", "p", "--source", "x"]
        for (flags, expected) in [
            (["--object", "4", "--id", "number"], JSONValue.number(4)),
            (["--object", "Russia", "--id", "word"], .string("Russia")),
            (["--object", #"{"min":3,"max":4}"#, "--id", "object"], ["max": 4, "min": 3]),
            (["--object", "4", "--object-string", "--id", "forced"], .string("4")),
        ] {
            let appended = try runProcess(Binaries.ledgerctl, ["--socket", daemon.socket] + claim + flags)
            #expect(appended.status == 0, "\(appended.standardError)")
            let shown = try daemon.ctl("--json", "show", flags[flags.count - 1])
            let event = try EventDecoder.storedEvent(
                from: JSONParser.parse(shown.standardOutput.trimmingCharacters(in: .newlines)))
            guard case .assert(let assertion) = event.body else {
                Issue.record("not a claim")
                continue
            }
            #expect(assertion.object == expected)
        }
    }

    @Test func aClaimFromFlagsKeepsEveryField() throws {
        let daemon = try TestDaemon()
        let result = try daemon.ctl(
            "append", "--subject", Seed.subject, "--predicate", "perpetrator", "--object", "US-led coalition",
            "--source", "US-led coalition (Col. Steve Warren)", "--deny", "--at", "2015-12-07", "--confidence", "0.9",
            "--quote", "we did not conduct any strikes", "--citation", "https://example.org/vice", "--id", "warren")
        #expect(result.status == 0)
        #expect(result.standardOutput.hasPrefix("Recorded seq 1 (id warren)"))
        let shown = try daemon.ctl("show", "warren").standardOutput
        #expect(shown.contains("polarity       deny"))
        #expect(shown.contains("effective_at   2015-12-07T00:00:00.000000Z"))
        #expect(shown.contains("confidence     0.9"))
        #expect(shown.contains("quote          \u{201C}we did not conduct any strikes\u{201D}"))
        let again = try daemon.ctl(
            "append", "--subject", Seed.subject, "--predicate", "perpetrator", "--object", "Russia",
            "--source", "US-led coalition (Col. Steve Warren)", "--id", "warren")
        #expect(again.status == 1)
        #expect(again.standardError.contains("already used by event 1 with different content"))
    }

    @Test func aBadLineInAFileIsNamedByLineNumber() throws {
        let daemon = try TestDaemon()
        let lines = Seed.lines.prefix(3) + ["", #"{"type":"assert","subject":"s","predicate":"p","object":1}"#]
        let result = try daemon.ctl("append", "--file", "-", input: Data(lines.joined(separator: "\n").utf8))
        #expect(result.status == 1)
        #expect(result.standardError.contains("-:5: Event: source is required."))
        #expect(try daemon.head() == 0)
    }

    /// An answer whose head and body arrive in one read larger than the header limit is still read.
    @Test func aBatchWhoseAnswerIsLargerThan64KiBIsRead() throws {
        let daemon = try TestDaemon()
        let lines = (0..<3_000).map { index in
            #"{"type":"assert","subject":"s","predicate":"p","object":\#(index),"source":"src","id":"e-\#(index)"}"#
        }
        let result = try daemon.ctl(
            "append", "--file", "-", "--batch-size", "3000", input: Data(lines.joined(separator: "\n").utf8))
        #expect(result.status == 0, "\(result.standardError)")
        #expect(try daemon.head() == 3_000)
    }
}
