import LedgerKit
import Synchronization
import Testing

@Suite("Event store")
struct LedgerStoreTests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
    }

    @Test(arguments: StoreBackend.allCases) func appendsAssignDenseSeqAndTheDaemonsFields(backend: StoreBackend) throws {
        let store = try backend.store(directory: directory.path)
        let result = try store.append(
            [Fixtures.claim(id: "a"), Fixtures.claim(id: "b", quote: "Russia did it"), Fixtures.claim()],
            actor: "alice")
        #expect(result.head == 3)
        #expect(result.events.map(\.seq) == [1, 2, 3])
        #expect(result.events.map(\.isDuplicate) == [false, false, false])
        let second = try #require(try store.event(seq: 2)?.decoded())
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
        #expect(try store.event(id: result.events[2].id)?.seq == 3)
    }

    @Test(arguments: StoreBackend.allCases) func storedBytesAreTheCanonicalJSONOfTheEvent(backend: StoreBackend) throws {
        let store = try backend.store(directory: directory.path)
        _ = try store.append([Fixtures.claim(id: "a", quote: "q")], actor: "alice")
        let stored = try #require(try store.event(seq: 1))
        let event = try stored.decoded()
        #expect(stored.bytes == event.canonicalBytes)
        #expect(stored.bytes == CanonicalJSON.encode(try JSONParser.parse(stored.bytes)))
        let text = String(decoding: stored.bytes, as: UTF8.self)
        #expect(text.hasPrefix(#"{"actor":"alice","effective_at":"2015-12-07T18:00:00.000000Z","evidence":{"#))
    }

    @Test(arguments: StoreBackend.allCases) func aBadEventAtIndexSevenOfTenWritesNothing(backend: StoreBackend) throws {
        let store = try backend.store(directory: directory.path)
        _ = try store.append([Fixtures.claim(id: "existing")], actor: "alice")
        var batch = (0..<10).map { Fixtures.claim(id: "batch-\($0)") }
        batch[7] = Fixtures.retraction(target: "no-such-claim")
        let error = try #require(throws: LedgerError.self) { try store.append(batch, actor: "alice") }
        #expect(error.code == .unknownTarget)
        #expect(error.index == 7)
        #expect(error.field == "target")
        #expect(try store.head() == 1)
        #expect(try store.event(id: "batch-0") == nil)
    }

    @Test(arguments: StoreBackend.allCases) func reAppendingTheSameEventIsADuplicate(backend: StoreBackend) throws {
        let store = try backend.store(directory: directory.path)
        let first = try store.append([Fixtures.claim(id: "a", quote: "q")], actor: "alice")
        let again = try store.append([Fixtures.claim(id: "a", quote: "q"), Fixtures.claim(id: "b")], actor: "bob")
        #expect(again.events[0] == AppendedEvent(seq: 1, id: "a", recordedAt: first.events[0].recordedAt, isDuplicate: true))
        #expect(again.events[1].seq == 2)
        #expect(again.head == 2)
        // The original actor and salt are kept.
        #expect(try store.event(seq: 1)?.decoded().actor == "alice")
    }

    @Test(arguments: StoreBackend.allCases) func duplicatesInsideOneBatchAnswerTheFirstSeq(backend: StoreBackend) throws {
        let store = try backend.store(directory: directory.path)
        let result = try store.append([Fixtures.claim(id: "a"), Fixtures.claim(id: "a")], actor: "alice")
        #expect(result.events.map(\.seq) == [1, 1])
        #expect(result.events.map(\.isDuplicate) == [false, true])
        #expect(result.head == 1)
    }

    @Test(arguments: StoreBackend.allCases) func sameIDWithDifferentContentIsAConflict(backend: StoreBackend) throws {
        let store = try backend.store(directory: directory.path)
        _ = try store.append([Fixtures.claim(id: "a", object: "Russia")], actor: "alice")
        let error = try #require(throws: LedgerError.self) {
            try store.append([Fixtures.claim(id: "b"), Fixtures.claim(id: "a", object: "US-led coalition")], actor: "alice")
        }
        #expect(error.code == .idConflict)
        #expect(error.index == 1)
        #expect(error.field == "id")
        #expect(try store.head() == 1)
    }

    @Test(arguments: StoreBackend.allCases) func leavingOutAnOptionalFieldIsDifferentContent(backend: StoreBackend) throws {
        let store = try backend.store(directory: directory.path)
        _ = try store.append([Fixtures.claim(id: "a", effectiveAt: nil)], actor: "alice")
        #expect(throws: LedgerError(code: .idConflict, message: "")) {
            try store.append([Fixtures.claim(id: "a", effectiveAt: "2015-12-07T18:00:00Z")], actor: "alice")
        }
        // The absent effective_at stays absent in the stored event.
        let text = String(decoding: try #require(try store.event(seq: 1)).bytes, as: UTF8.self)
        #expect(!text.contains("effective_at"))
    }

    @Test(arguments: StoreBackend.allCases) func retractionRules(backend: StoreBackend) throws {
        let store = try backend.store(directory: directory.path)
        _ = try store.append([Fixtures.claim(id: "claim")], actor: "alice")
        let retracted = try store.append([Fixtures.retraction(id: "r1", target: "claim")], actor: "alice")
        #expect(retracted.head == 2)

        let again = try #require(throws: LedgerError.self) {
            try store.append([Fixtures.retraction(id: "r2", target: "claim")], actor: "alice")
        }
        #expect(again.code == .alreadyRetracted)
        #expect(again.field == "target")

        let ofRetraction = try #require(throws: LedgerError.self) {
            try store.append([Fixtures.retraction(target: "r1")], actor: "alice")
        }
        #expect(ofRetraction.code == .invalidTarget)

        let unknown = try #require(throws: LedgerError.self) {
            try store.append([Fixtures.retraction(target: "nothing")], actor: "alice")
        }
        #expect(unknown.code == .unknownTarget)
        #expect(try store.head() == 2)
        // Re-sending the same retraction is an idempotent duplicate, not a second retraction.
        #expect(try store.append([Fixtures.retraction(id: "r1", target: "claim")], actor: "alice").events[0].isDuplicate)
    }

    @Test(arguments: StoreBackend.allCases) func aClaimAndItsRetractionInOneBatch(backend: StoreBackend) throws {
        let store = try backend.store(directory: directory.path)
        let both = try store.append([Fixtures.claim(id: "c"), Fixtures.retraction(id: "r", target: "c")], actor: "alice")
        #expect(both.head == 2)
        let error = try #require(throws: LedgerError.self) {
            try store.append(
                [Fixtures.claim(id: "d"), Fixtures.retraction(target: "d"), Fixtures.retraction(target: "d")],
                actor: "alice")
        }
        #expect(error.code == .alreadyRetracted)
        #expect(error.index == 2)
        #expect(try store.head() == 2)
    }

    @Test(arguments: StoreBackend.allCases) func anEventOverTheSizeLimitIsRefused(backend: StoreBackend) throws {
        let store = try backend.store(directory: directory.path)
        let huge = String(repeating: "x", count: 70_000)
        let error = try #require(throws: LedgerError.self) {
            try store.append([Fixtures.claim(id: "small"), Fixtures.claim(quote: huge)], actor: "alice")
        }
        #expect(error.code == .eventTooLarge)
        #expect(error.index == 1)
        #expect(try store.head() == 0)
    }

    @Test func recordedAtNeverStepsBack() throws {
        let clock = Mutex(Timestamp(rfc3339: "2026-11-25T10:00:00Z")!)
        let store = try LedgerStore(directory: directory.path, clock: { clock.withLock { $0 } })
        _ = try store.append([Fixtures.claim()], actor: "alice")
        clock.withLock { $0 = Timestamp(rfc3339: "2026-11-25T09:00:00Z")! }  // the wall clock steps back
        let second = try store.append([Fixtures.claim()], actor: "alice")
        #expect(second.events[0].recordedAt == Timestamp(rfc3339: "2026-11-25T10:00:00Z"))
    }

    @Test func reopeningFindsEverythingAsItWas() throws {
        let path = directory.path
        var bytes: [[UInt8]] = []
        do {
            let store = try LedgerStore(directory: path)
            _ = try store.append([Fixtures.claim(id: "a", quote: "q"), Fixtures.claim(id: "b")], actor: "alice")
            _ = try store.append([Fixtures.retraction(id: "r", target: "a")], actor: "bob")
            bytes = try store.events(from: 1, limit: 10).map(\.bytes)
        }
        let reopened = try LedgerStore(directory: path)
        #expect(try reopened.head() == 3)
        #expect(try reopened.events(from: 1, limit: 10).map(\.bytes) == bytes)
        #expect(try reopened.event(id: "b")?.seq == 2)
        #expect(throws: LedgerError(code: .alreadyRetracted, message: "")) {
            try reopened.append([Fixtures.retraction(target: "a")], actor: "alice")
        }
    }

    @Test func theMapGrowsFromOneMebibyteFor100000Events() throws {
        var configuration = LedgerStoreConfiguration()
        configuration.initialMapSize = 1 << 20
        let growing = try TemporaryDirectory()
        let store = try LedgerStore(directory: growing.path, configuration: configuration)
        for batch in 0..<100 {
            let drafts = (0..<1_000).map { Fixtures.claim(id: "e-\(batch)-\($0)", object: .number(Double($0))) }
            _ = try store.append(drafts, actor: "alice")
        }
        #expect(try store.head() == 100_000)
        var count: UInt64 = 0
        try store.forEachEvent(in: 1...UInt64.max) { seq, _ in
            count += 1
            return seq == count
        }
        #expect(count == 100_000)
        #expect(try store.event(id: "e-99-999")?.seq == 100_000)
    }
}
