import HTTPTypes
import LedgerKit
import Testing

@testable import LedgerServer

/// A graceful shutdown: the writer commits what was pending and stops; an append that comes later is a
/// 503 `shutting_down` that writes nothing, while reads still answer.
@Suite("An append after the writer stopped")
struct ShutdownTests {
    @Test func isA503ShuttingDownAndReadsStillAnswer() async throws {
        try await InProcessDaemon.run { daemon in
            try await daemon.append(#"{"type":"assert","subject":"s","predicate":"p","object":1,"source":"x"}"#)
            try await daemon.stopWriter()
            let answer = try await daemon.request(
                .post, "/v1/events",
                body: #"{"events":[{"type":"assert","subject":"s","predicate":"p","object":2,"source":"y"}]}"#)
            #expect(answer.status == 503, "\(answer.text)")
            #expect(answer.error?.code == "shutting_down")
            #expect(answer.error?.message == "ledgerd is shutting down and takes no more appends; retry once it is back.")
            #expect(try daemon.ledger.head() == 1)
            #expect(try await daemon.request(.get, "/v1/belief?subject=s", as: Caller.reader).status == 200)
        }
    }

    @Test func appendsPendingWhenItStopsAreCommitted() async throws {
        try await InProcessDaemon.run { daemon in
            let appends = (0..<50).map { index in
                Task {
                    try await daemon.request(
                        .post, "/v1/events",
                        body: #"{"events":[{"type":"assert","subject":"s","predicate":"p","object":\#(index),"source":"x"}]}"#)
                }
            }
            try await daemon.stopWriter()
            var committed: UInt64 = 0
            for append in appends {
                let answer = try await append.value
                #expect([200, 503].contains(answer.status), "\(answer.text)")
                if answer.status == 200 { committed += 1 }
            }
            // Every append answered 200 is in the ledger, and no other.
            #expect(try daemon.ledger.head() == committed)
        }
    }
}
