import Foundation
import HTTPTypes
import LedgerKit
import Testing

@testable import LedgerServer

/// `min_head`: a read waits for the head it names, woken by the commit that reaches it, and is a 503
/// `behind` when it is not reached in time.
@Suite("Reads wait for the head they name")
struct MinimumHeadTests {
    static let claim = #"{"type":"assert","subject":"s","predicate":"p","object":1,"source":"x"}"#

    @Test func aHeadNotReachedInTimeIs503BehindWithTheNodesHead() async throws {
        try await InProcessDaemon.run(.configured { $0.storage.readWaitMilliseconds = 200 }) { daemon in
            try await daemon.append(Self.claim)
            let started = ContinuousClock.now
            let answer = try await daemon.request(.get, "/v1/belief?subject=s&min_head=3", as: Caller.reader)
            #expect(answer.status == 503, "\(answer.text)")
            #expect(answer.error?.code == "behind")
            #expect(
                answer.error?.message == "This node holds the ledger through seq 1, not yet 3; retry, or ask another node.")
            #expect(ContinuousClock.now - started >= .milliseconds(200), "it answered before the wait was over")
        }
    }

    /// The wait is far longer than any test: a 200 means the commit woke the read. No clock is
    /// read, so a loaded machine cannot fail it.
    @Test func aReadIsAnsweredOnceTheCommitItWaitsForLands() async throws {
        try await InProcessDaemon.run(.configured { $0.storage.readWaitMilliseconds = 3_600_000 }) { daemon in
            let read = Task { try await daemon.request(.get, "/v1/belief?subject=s&min_head=1", as: Caller.reader) }
            for _ in 0..<12_000 where daemon.feed.waiting == 0 { try await Task.sleep(for: .milliseconds(5)) }
            try #require(daemon.feed.waiting == 1, "the read never waited for the head")
            try await daemon.append(Self.claim)
            let answer = try await read.value
            #expect(answer.status == 200, "\(answer.text)")
            #expect(answer.text.contains(#""subject":"s""#))
        }
    }

    @Test func aHeadAlreadyHeldIsAnsweredAtOnceAndABadOneIs400() async throws {
        try await InProcessDaemon.run(.configured { $0.storage.readWaitMilliseconds = 20_000 }) { daemon in
            try await daemon.append(Self.claim)
            #expect(try await daemon.request(.get, "/v1/belief?subject=s&min_head=1", as: Caller.reader).status == 200)
            #expect(try await daemon.request(.get, "/v1/belief?subject=s&min_head=0", as: Caller.reader).status == 200)
            for bad in ["-1", "x", "", "1.5", "18446744073709551616"] {
                let answer = try await daemon.request(.get, "/v1/belief?subject=s&min_head=\(bad)", as: Caller.reader)
                #expect(answer.status == 400, "min_head=\(bad): \(answer.text)")
                #expect(answer.error?.code == "invalid_value", "min_head=\(bad)")
            }
        }
    }
}
