import Foundation
import Testing

/// No process traps on a value it accepted: ledgerctl's every numeric flag with values at and past the
/// edges, and the report of subjects whose claims lie at the first and last instants the ledger keeps.
/// Each ends with an exit status of the interface (0 to 4), never a signal.
@Suite("Edge values never trap", .serialized)
struct EdgeValueTests {
    static let hostile = [
        "nan", "inf", "-inf", "1e300", "-1", "0", "18446744073709551616", "9223372036854775808", "1.5", "", "0x10",
    ]

    /// Every numeric flag of ledgerctl, as arguments with `VALUE` where the number goes.
    static let flags: [[String]] = [
        ["--timeout", "VALUE", "status"],
        ["append", "--subject", "s", "--predicate", "p", "--object", "1", "--source", "x", "--confidence", "VALUE"],
        ["append", "--subject", "s", "--predicate", "p", "--object", "1", "--source", "x", "--expected-head", "VALUE"],
        ["append", "--subject", "s", "--predicate", "p", "--object", "1", "--source", "x", "--expected-subject-seq", "VALUE"],
        ["append", "--file", "-", "--batch-size", "VALUE"],
        ["append", "--file", "-", "--in-flight", "VALUE"],
        ["replay", "--from", "VALUE"], ["replay", "--to", "VALUE"], ["replay", "--limit", "VALUE"],
        ["tail", "-n", "VALUE", "--timeout", "1"],
        ["audit", "head", "--tree-size", "VALUE"], ["audit", "prove", "VALUE"],
        ["audit", "prove", "1", "--tree-size", "VALUE"],
        ["--min-head", "VALUE", "belief", "strike:deir-ezzor:2015-12-06"],
        ["restore", "-", "--batch-size", "VALUE"], ["import", "-", "--batch-size", "VALUE"],
    ]

    @Test func everyNumericFlagEndsWithAnExitStatusOfTheInterface() throws {
        let daemon = try TestDaemon()
        _ = try daemon.ctl("append", "--file", Seed.path)
        for flag in Self.flags {
            for value in Self.hostile {
                let arguments = flag.map { $0 == "VALUE" ? value : $0 }
                // tail follows for ever when the value is taken: it is stopped by the timeout below.
                let result = try runProcessWithTimeout(
                    Binaries.ledgerctl, ["--socket", daemon.socket] + arguments, input: Data(), seconds: 3)
                #expect((0...4).contains(result.status) || result.timedOut, "\(arguments) ended with \(result.status)")
            }
        }
    }

    @Test(arguments: [
        "[limits]\nidle_timeout_seconds = 9223372036854775807", "[limits]\nmax_request_bytes = 99999999999999",
        "[storage]\ninitial_map_mib = 9223372036854775807", "[postgresql]\npoll_ms = 99999999999",
        "[limits]\nshutdown_grace_seconds = -1",
    ])
    func aLimitPastAnySensibleValueStopsTheDaemonWithASentence(toml: String) throws {
        let daemon = try TestDaemon(extraTOML: toml, start: false)
        #expect(throws: TestDaemonError.self) { try daemon.start() }
        #expect(daemon.exitStatus == 2)
        #expect(daemon.log.contains("must be a whole number from 1 to"), "\(daemon.log)")
    }

    @Test func aReportWithClaimsAtTheEdgesOfTimeIsWritten() throws {
        let daemon = try TestDaemon()
        let edges = [
            "0000-01-01T00:00:00Z", "0040-01-01T00:00:00Z", "2015-12-07T00:00:00Z", "9999-12-31T23:59:59.999999Z",
            "9999-12-31T00:00:00Z",
        ]
        var lines: [String] = []
        for (index, time) in edges.enumerated() {
            lines.append(
                #"{"id":"edge\#(index)","type":"assert","subject":"edges","predicate":"p","object":\#(index),"source":"s\#(index % 2)","effective_at":"\#(time)"}"#
            )
            lines.append(
                #"{"id":"pair\#(index)","type":"assert","subject":"pair\#(index)","predicate":"p","object":1,"source":"s","effective_at":"\#(time)"}"#
            )
        }
        #expect(try daemon.ctl("append", "--file", "-", input: Data(lines.joined(separator: "\n").utf8)).status == 0)
        let subjects = ["edges"] + edges.indices.map { "pair\($0)" }
        for subject in subjects {
            for at in [nil, "0000-01-01", "9999-12-31T23:59:59.999999Z", "2015-12-07"] {
                let out = daemon.directory + "/\(subject).html"
                let result = try daemon.ctl(["report", subject, "--out", out] + (at.map { ["--at", $0] } ?? []))
                #expect(result.status == 0, "\(subject) at \(at ?? "now"): \(result.status) \(result.standardError)")
                #expect(try daemon.ctl("verify-receipt", out).status == 0)
            }
        }
    }
}

/// A finished (or stopped) process: its exit status, and whether it was still running at the timeout.
struct TimedResult {
    var status: Int32
    var timedOut: Bool
}

/// Runs `executable`, giving it `seconds` before SIGTERM; a status above 128 is a death by signal.
func runProcessWithTimeout(_ executable: String, _ arguments: [String], input: Data, seconds: Double) throws -> TimedResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let stdin = Pipe()
    process.standardInput = stdin
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    stdin.fileHandleForWriting.write(input)
    try stdin.fileHandleForWriting.close()
    let deadline = Date().addingTimeInterval(seconds)
    while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
    let timedOut = process.isRunning
    if timedOut { process.terminate() }
    process.waitUntilExit()
    let status = process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
    return TimedResult(status: timedOut ? 0 : status, timedOut: timedOut)
}
