import Foundation
import Testing

@Suite("Live tail", .serialized)
struct LiveTailTests {
    /// Appends `batches` batches of `size` events from `writers` threads at once.
    private func appendConcurrently(_ daemon: TestDaemon, writers: Int, batches: Int, size: Int, tag: String) throws {
        let socket = daemon.socket
        DispatchQueue.concurrentPerform(iterations: writers) { writer in
            for batch in 0..<batches {
                let body = (0..<size).map { n in
                    #"{"type":"assert","id":"\#(tag)-\#(writer)-\#(batch)-\#(n)","subject":"tail:\#(writer)","predicate":"n","object":\#(n),"source":"s"}"#
                }.joined(separator: "\n")
                _ = try? UnixHTTP.request(
                    socket: socket, "POST /v1/events", body: Array(body.utf8), headers: ["Content-Type": "application/x-ndjson"])
            }
        }
    }

    @Test func followGoesFromCatchUpToLiveWithNothingMissedOrRepeated() throws {
        let daemon = try TestDaemon()
        try appendConcurrently(daemon, writers: 2, batches: 20, size: 25, tag: "before")  // 1,000 to catch up on
        let follower = try StreamingProcess(Binaries.ledgerctl, ["--socket", daemon.socket, "replay", "--from", "1", "--follow"])
        // Appends go on while the follower catches up, across the boundary, and after it.
        try appendConcurrently(daemon, writers: 4, batches: 25, size: 20, tag: "during")  // 2,000 more
        let head = try daemon.head()
        #expect(head == 3_000)
        #expect(follower.wait { $0.count >= head }, "the follower printed \(follower.lines.count) of \(head) events")
        Thread.sleep(forTimeInterval: 0.3)
        #expect(seqs(of: follower.lines) == Array(1...head), "every seq once, in order")
        #expect(follower.isRunning, "it keeps following")
    }

    @Test func aFollowerReconnectsAndResumesAfterItsLastSeq() throws {
        let daemon = try TestDaemon()
        _ = try daemon.ctl("append", "--file", Seed.path)
        let follower = try StreamingProcess(Binaries.ledgerctl, ["--socket", daemon.socket, "tail", "-n", "3"])
        #expect(follower.wait { seqs(of: $0) == [14, 15, 16] })
        daemon.stop()  // the follower's stream ends; it waits for ledgerd to come back
        #expect(daemon.exitStatus == 0, "ledgerd stops at once with a follower attached")
        try daemon.start()
        try appendConcurrently(daemon, writers: 1, batches: 1, size: 5, tag: "after")
        #expect(follower.wait { seqs(of: $0).count >= 8 })
        Thread.sleep(forTimeInterval: 0.3)
        #expect(seqs(of: follower.lines) == Array(14...21), "resumed after seq 16, nothing twice: \(follower.standardError)")
    }

    @Test func theAPIFollowsOneSubjectAndStopsAtTo() throws {
        let daemon = try TestDaemon()
        _ = try daemon.ctl("append", "--file", Seed.path)
        let result = try UnixHTTP.request(socket: daemon.socket, "GET /v1/events?follow=true&to=5")
        #expect(result.status == 200)
        #expect(seqs(of: result.text.split(separator: "\n").map(String.init)) == [1, 2, 3, 4, 5])
        let follower = try StreamingProcess(
            Binaries.ledgerctl, ["--socket", daemon.socket, "replay", "--follow", "--subject", "tail:0", "--from", "1"])
        try appendConcurrently(daemon, writers: 2, batches: 3, size: 2, tag: "subject")  // writer 0 writes tail:0
        #expect(follower.wait { $0.count >= 6 })
        Thread.sleep(forTimeInterval: 0.3)
        let lines = follower.lines
        #expect(lines.count == 6 && lines.allSatisfy { $0.contains(#""subject":"tail:0""#) }, "\(lines)")
    }
}
