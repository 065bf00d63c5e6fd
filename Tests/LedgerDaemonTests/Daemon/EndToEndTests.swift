import Foundation
import LedgerKit
import Testing

@Suite("ledgerd end to end", .serialized)
struct EndToEndTests {
    @Test(arguments: StorageBackend.allCases)
    func appendShowRetractReplayAndStatus(backend: StorageBackend) throws {
        let daemon = try TestDaemon(backend: backend)
        let first = try daemon.ctl("append", "--file", Seed.path)
        #expect(first.status == 0, "\(first.standardError)")
        #expect(first.standardOutput.contains("Recorded 16 new events (0 already there)"))

        // Re-running the same file is safe: every id is already there with the same content.
        let again = try daemon.ctl("append", "--file", Seed.path)
        #expect(again.standardOutput.contains("Recorded 0 new events (16 already there)"))
        #expect(try daemon.head() == 16)

        let shown = try daemon.ctl("--json", "show", "deir-ezzor-2015:sohr-killed")
        let event = try EventDecoder.storedEvent(from: JSONParser.parse(shown.standardOutput.trimmingCharacters(in: .newlines)))
        #expect(event.seq == 13)
        #expect(event.actor == NSUserName())
        guard case .assert(let claim) = event.body else {
            Issue.record("not a claim")
            return
        }
        #expect(claim.object == 4)
        #expect(claim.evidenceHash == claim.evidence!.hash)

        let retracted = try daemon.ctl("retract", "deir-ezzor-2015:sohr-killed", "--reason", "Counted twice")
        #expect(retracted.status == 0)
        #expect(retracted.standardOutput.hasPrefix("Retracted deir-ezzor-2015:sohr-killed with seq 17"))
        let twice = try daemon.ctl("retract", "deir-ezzor-2015:sohr-killed", "--reason", "Counted twice")
        #expect(twice.status == 1)
        #expect(twice.standardError.contains("already retracted by event 17"))

        // Replay is the stored bytes, one canonical event a line, in seq order.
        let replay = try daemon.ctl("replay")
        let lines = replay.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.count == 17)
        for (offset, line) in lines.enumerated() {
            let event = try EventDecoder.storedEvent(from: JSONParser.parse(line))
            #expect(event.seq == UInt64(offset + 1))
            #expect(Array(line.utf8) == event.canonicalBytes)
            let stored = try UnixHTTP.request(socket: daemon.socket, "GET /v1/events/\(event.id)")
            #expect(stored.body == Array(line.utf8))
        }
        let subjectOnly = try daemon.ctl("replay", "--subject", Seed.subject)
        #expect(subjectOnly.standardOutput.split(separator: "\n").count == 14)  // 13 claims and the retraction

        let status = try daemon.ctl("status")
        let headLine = status.standardOutput.split(separator: "\n").first { $0.hasPrefix("head ") }
        #expect(headLine?.split(separator: " ").last == "17")
        #expect(status.standardOutput.contains("who may append and read"))
    }

    @Test(arguments: StorageBackend.allCases)
    func theSameIDWithOtherContentIsAConflict(backend: StorageBackend) throws {
        let daemon = try TestDaemon(backend: backend)
        let claim = #"{"type":"assert","id":"c1","subject":"s","predicate":"p","object":1,"source":"x"}"#
        let ok = try UnixHTTP.request(socket: daemon.socket, "POST /v1/events", body: Array(#"{"events":[\#(claim)]}"#.utf8))
        #expect(ok.status == 200)
        #expect(ok.text.contains(#""duplicate":false"#))
        let duplicate = try UnixHTTP.request(
            socket: daemon.socket, "POST /v1/events", body: Array(#"{"events":[\#(claim)]}"#.utf8))
        #expect(duplicate.text.contains(#""duplicate":true"#))
        let other = claim.replacingOccurrences(of: #""object":1"#, with: #""object":2"#)
        let conflict = try UnixHTTP.request(
            socket: daemon.socket, "POST /v1/events", body: Array(#"{"events":[\#(other)]}"#.utf8))
        #expect(conflict.status == 409)
        #expect(conflict.errorCode == "id_conflict")
        #expect(try daemon.head() == 1)
    }

    @Test(arguments: StorageBackend.allCases)
    func expectedHeadGuardsTheAppend(backend: StorageBackend) throws {
        let daemon = try TestDaemon(backend: backend)
        let event = #"{"type":"assert","subject":"s","predicate":"p","object":1,"source":"x"}"#
        let stale = try UnixHTTP.request(
            socket: daemon.socket, "POST /v1/events", body: Array(#"{"events":[\#(event)],"expected_head":3}"#.utf8))
        #expect(stale.status == 409)
        #expect(stale.errorCode == "head_moved")
        let fresh = try UnixHTTP.request(
            socket: daemon.socket, "POST /v1/events", body: Array(#"{"events":[\#(event)],"expected_head":0}"#.utf8))
        #expect(fresh.status == 200)
    }

    @Test func restartFindsEverything() throws {
        let daemon = try TestDaemon()
        _ = try daemon.ctl("append", "--file", Seed.path)
        let before = try daemon.ctl("replay").standardOutput
        let log = daemon.stop()
        #expect(daemon.exitStatus == 0)
        #expect(log.contains("Stopped"))
        #expect(!FileManager.default.fileExists(atPath: daemon.socket))
        try daemon.start()
        #expect(try daemon.ctl("replay").standardOutput == before)
        #expect(try daemon.head() == 16)
    }

    @Test func sigtermWhileAClientStreamsAppendsLosesNoAcknowledgedEvent() throws {
        let daemon = try TestDaemon()
        let acknowledged = LockedIDs()
        let socket = daemon.socket
        let client = Thread {
            for n in 0..<100_000 {
                let event = #"{"type":"assert","id":"stream-\#(n)","subject":"s","predicate":"p","object":\#(n),"source":"x"}"#
                guard
                    let response = try? UnixHTTP.request(
                        socket: socket, "POST /v1/events", body: Array(#"{"events":[\#(event)]}"#.utf8)),
                    response.status == 200
                else { break }
                acknowledged.add("stream-\(n)")
            }
            acknowledged.finish()
        }
        client.start()
        while acknowledged.count < 50 { Thread.sleep(forTimeInterval: 0.01) }
        daemon.stop(signal: SIGTERM)
        #expect(daemon.exitStatus == 0)
        acknowledged.waitUntilFinished()
        try daemon.start()
        let ids = acknowledged.all
        #expect(ids.count >= 50)
        let replay = try daemon.ctl("replay").standardOutput.split(separator: "\n")
        let stored = Set(try replay.map { try EventDecoder.storedEvent(from: JSONParser.parse(String($0))).id })
        #expect(ids.allSatisfy(stored.contains))
        #expect(replay.count == stored.count)  // each exactly once
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/curl"), "needs /usr/bin/curl"))
    func curlWorksOnTheSocket() throws {
        let daemon = try TestDaemon()
        let result = try runProcess("/usr/bin/curl", ["-s", "--unix-socket", daemon.socket, "http://ledger/v1/status"])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains(#""head":0"#))
    }
}

/// Ids acknowledged by a client thread.
final class LockedIDs: @unchecked Sendable {
    // Safe: every access holds `condition`.
    private let condition = NSCondition()
    private var ids: [String] = []
    private var finished = false

    func add(_ id: String) { condition.withLock { ids.append(id) } }
    var count: Int { condition.withLock { ids.count } }
    var all: [String] { condition.withLock { ids } }

    func finish() {
        condition.withLock {
            finished = true
            condition.broadcast()
        }
    }

    func waitUntilFinished() {
        condition.withLock { while !finished { condition.wait() } }
    }
}
