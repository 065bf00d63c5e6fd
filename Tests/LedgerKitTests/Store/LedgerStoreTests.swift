import LedgerKit
import LedgerTestSupport
import Synchronization
import Testing

@Suite("Event store")
struct LedgerStoreTests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
    }

    @Test(arguments: StoreBackend.allCases) func appendsAssignDenseSeqAndTheDaemonsFields(backend: StoreBackend) async throws {
        let store = try await backend.store(directory: directory.path)
        let result = try store.ledger.append(
            [Fixtures.claim(id: "a"), Fixtures.claim(id: "b", quote: "Russia did it"), Fixtures.claim()],
            actor: "alice")
        #expect(result.head == 3)
        #expect(result.events.map(\.seq) == [1, 2, 3])
        #expect(result.events.map(\.isDuplicate) == [false, false, false])
        let second = try #require(try await store.queries.event(seq: 2)?.decoded())
        #expect(second.id == "b")
        #expect(second.actor == "alice")
        #expect(second.recordedAt == result.events[1].recordedAt)
        guard case .assert(let claim) = second.body else {
            Issue.record("not a claim")
            return
        }
        let evidence = try #require(claim.evidence)
        #expect(evidence.salt?.utf8.count == 32)
        #expect(claim.evidenceHash == evidence.hash)
        // The daemon made a UUID for the event without an id.
        #expect(result.events[2].id.utf8.count == 36)
        #expect(try await store.queries.event(id: result.events[2].id)?.seq == 3)
    }

    @Test(arguments: StoreBackend.allCases) func storedBytesAreTheCanonicalJSONOfTheEvent(backend: StoreBackend) async throws {
        let store = try await backend.store(directory: directory.path)
        _ = try store.ledger.append([Fixtures.claim(id: "a", quote: "q")], actor: "alice")
        let stored = try #require(try await store.queries.event(seq: 1))
        let event = try stored.decoded()
        #expect(stored.bytes == event.canonicalBytes)
        #expect(stored.bytes == CanonicalJSON.encode(try JSONParser.parse(stored.bytes)))
        let text = String(decoding: stored.bytes, as: UTF8.self)
        #expect(text.hasPrefix(#"{"actor":"alice","effective_at":"2015-12-07T18:00:00.000000Z","evidence":{"#))
    }

    @Test(arguments: StoreBackend.allCases) func aBadEventAtIndexSevenOfTenWritesNothing(backend: StoreBackend) async throws {
        let store = try await backend.store(directory: directory.path)
        _ = try store.ledger.append([Fixtures.claim(id: "existing")], actor: "alice")
        var batch = (0..<10).map { Fixtures.claim(id: "batch-\($0)") }
        batch[7] = Fixtures.retraction(target: "no-such-claim")
        let error = try #require(throws: LedgerError.self) { try store.ledger.append(batch, actor: "alice") }
        #expect(error.code == .unknownTarget)
        #expect(error.index == 7)
        #expect(error.field == "target")
        #expect(try store.ledger.head() == 1)
        #expect(try await store.queries.event(id: "batch-0") == nil)
    }

    @Test(arguments: StoreBackend.allCases) func reAppendingTheSameEventIsADuplicate(backend: StoreBackend) async throws {
        let store = try await backend.store(directory: directory.path)
        let first = try store.ledger.append([Fixtures.claim(id: "a", quote: "q")], actor: "alice")
        let again = try store.ledger.append([Fixtures.claim(id: "a", quote: "q"), Fixtures.claim(id: "b")], actor: "bob")
        #expect(again.events[0] == AppendedEvent(seq: 1, id: "a", recordedAt: first.events[0].recordedAt, isDuplicate: true))
        #expect(again.events[1].seq == 2)
        #expect(again.head == 2)
        // The original actor and salt are kept.
        #expect(try await store.queries.event(seq: 1)?.decoded().actor == "alice")
    }

    @Test(arguments: StoreBackend.allCases) func duplicatesInsideOneBatchAnswerTheFirstSeq(backend: StoreBackend) async throws {
        let store = try await backend.store(directory: directory.path)
        let result = try store.ledger.append([Fixtures.claim(id: "a"), Fixtures.claim(id: "a")], actor: "alice")
        #expect(result.events.map(\.seq) == [1, 1])
        #expect(result.events.map(\.isDuplicate) == [false, true])
        #expect(result.head == 1)
    }

    @Test(arguments: StoreBackend.allCases) func sameIDWithDifferentContentIsAConflict(backend: StoreBackend) async throws {
        let store = try await backend.store(directory: directory.path)
        _ = try store.ledger.append([Fixtures.claim(id: "a", object: "Russia")], actor: "alice")
        let error = try #require(throws: LedgerError.self) {
            try store.ledger.append(
                [Fixtures.claim(id: "b"), Fixtures.claim(id: "a", object: "US-led coalition")], actor: "alice")
        }
        #expect(error.code == .idConflict)
        #expect(error.index == 1)
        #expect(error.field == "id")
        #expect(try store.ledger.head() == 1)
    }

    @Test(arguments: StoreBackend.allCases) func leavingOutAnOptionalFieldIsDifferentContent(backend: StoreBackend) async throws {
        let store = try await backend.store(directory: directory.path)
        _ = try store.ledger.append([Fixtures.claim(id: "a", effectiveAt: nil)], actor: "alice")
        #expect(throws: LedgerError(code: .idConflict, message: "")) {
            try store.ledger.append([Fixtures.claim(id: "a", effectiveAt: "2015-12-07T18:00:00Z")], actor: "alice")
        }
        // The absent effective_at stays absent in the stored event.
        let text = String(decoding: try #require(try await store.queries.event(seq: 1)).bytes, as: UTF8.self)
        #expect(!text.contains("effective_at"))
    }

    @Test(arguments: StoreBackend.allCases) func retractionRules(backend: StoreBackend) async throws {
        let store = try await backend.store(directory: directory.path)
        _ = try store.ledger.append([Fixtures.claim(id: "claim")], actor: "alice")
        let retracted = try store.ledger.append([Fixtures.retraction(id: "r1", target: "claim")], actor: "alice")
        #expect(retracted.head == 2)

        let again = try #require(throws: LedgerError.self) {
            try store.ledger.append([Fixtures.retraction(id: "r2", target: "claim")], actor: "alice")
        }
        #expect(again.code == .alreadyRetracted)
        #expect(again.field == "target")

        let ofRetraction = try #require(throws: LedgerError.self) {
            try store.ledger.append([Fixtures.retraction(target: "r1")], actor: "alice")
        }
        #expect(ofRetraction.code == .invalidTarget)

        let unknown = try #require(throws: LedgerError.self) {
            try store.ledger.append([Fixtures.retraction(target: "nothing")], actor: "alice")
        }
        #expect(unknown.code == .unknownTarget)
        #expect(try store.ledger.head() == 2)
        // Re-sending the same retraction is an idempotent duplicate, not a second retraction.
        #expect(try store.ledger.append([Fixtures.retraction(id: "r1", target: "claim")], actor: "alice").events[0].isDuplicate)
    }

    @Test(arguments: StoreBackend.allCases) func aClaimAndItsRetractionInOneBatch(backend: StoreBackend) async throws {
        let store = try await backend.store(directory: directory.path)
        let both = try store.ledger.append([Fixtures.claim(id: "c"), Fixtures.retraction(id: "r", target: "c")], actor: "alice")
        #expect(both.head == 2)
        let error = try #require(throws: LedgerError.self) {
            try store.ledger.append(
                [Fixtures.claim(id: "d"), Fixtures.retraction(target: "d"), Fixtures.retraction(target: "d")],
                actor: "alice")
        }
        #expect(error.code == .alreadyRetracted)
        #expect(error.index == 2)
        #expect(try store.ledger.head() == 2)
    }

    @Test(arguments: StoreBackend.allCases) func anEventOverTheSizeLimitIsRefused(backend: StoreBackend) async throws {
        let store = try await backend.store(directory: directory.path)
        let huge = String(repeating: "x", count: 70_000)
        let error = try #require(throws: LedgerError.self) {
            try store.ledger.append([Fixtures.claim(id: "small"), Fixtures.claim(quote: huge)], actor: "alice")
        }
        #expect(error.code == .eventTooLarge)
        #expect(error.index == 1)
        #expect(try store.ledger.head() == 0)
    }

    @Test func recordedAtNeverStepsBack() async throws {
        let clock = Mutex(Timestamp(rfc3339: "2026-11-25T10:00:00Z")!)
        let store = try await TestNode.embedded(directory: directory.path, clock: { clock.withLock { $0 } })
        _ = try store.ledger.append([Fixtures.claim()], actor: "alice")
        clock.withLock { $0 = Timestamp(rfc3339: "2026-11-25T09:00:00Z")! }  // the wall clock steps back
        let second = try store.ledger.append([Fixtures.claim()], actor: "alice")
        #expect(second.events[0].recordedAt == Timestamp(rfc3339: "2026-11-25T10:00:00Z"))
    }

    @Test func reopeningFindsEverythingAsItWas() async throws {
        let path = directory.path
        var bytes: [[UInt8]] = []
        do {
            let store = try await TestNode.embedded(directory: path)
            _ = try store.ledger.append([Fixtures.claim(id: "a", quote: "q"), Fixtures.claim(id: "b")], actor: "alice")
            _ = try store.ledger.append([Fixtures.retraction(id: "r", target: "a")], actor: "bob")
            bytes = try await store.queries.events(from: 1, limit: 10).map(\.bytes)
        }
        let reopened = try await TestNode.embedded(directory: path)
        #expect(try reopened.ledger.head() == 3)
        #expect(try await reopened.queries.events(from: 1, limit: 10).map(\.bytes) == bytes)
        #expect(try await reopened.queries.event(id: "b")?.seq == 2)
        #expect(throws: LedgerError(code: .alreadyRetracted, message: "")) {
            try reopened.ledger.append([Fixtures.retraction(target: "a")], actor: "alice")
        }
    }

    @Test func theMapGrowsFromOneMebibyteFor100000Events() async throws {
        var configuration = LedgerConfiguration()
        configuration.initialMapSize = 1 << 20
        let growing = try TemporaryDirectory()
        let store = try await TestNode.embedded(directory: growing.path, configuration: configuration)
        for batch in 0..<100 {
            let drafts = (0..<1_000).map { Fixtures.claim(id: "e-\(batch)-\($0)", object: .number(Double($0))) }
            _ = try store.ledger.append(drafts, actor: "alice")
        }
        #expect(try store.ledger.head() == 100_000)
        var count: UInt64 = 0
        while true {
            let page = try await store.ledger.log.events(in: (count + 1)...UInt64.max, limit: 10_000)
            guard !page.isEmpty else { break }
            #expect(page.entries.map(\.seq) == Array((count + 1)...(count + UInt64(page.count))))
            count += UInt64(page.count)
        }
        #expect(count == 100_000)
        #expect(try await store.queries.event(id: "e-99-999")?.seq == 100_000)
    }
}
