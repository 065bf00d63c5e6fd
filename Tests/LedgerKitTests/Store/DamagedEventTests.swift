import Foundation
import LMDB
import LedgerKit
import LedgerTestSupport
import Testing

/// A stored event that cannot be decoded (written by an older release, or altered on disk) is reported
/// by the reads that meet it and never stops anyone's appends.
@Suite("A damaged stored event")
struct DamagedEventTests {
    /// A ledger of three claims whose last one was stored with a time no release can read back any more,
    /// as a release before the range check stored `0000-01-01T00:00:00+00:01`.
    static func ledgerWithAnUnreadableLastEvent(in directory: TemporaryDirectory) async throws {
        do {
            let store = try await TestNode.embedded(directory: directory.path)
            _ = try store.ledger.append([Fixtures.claim(id: "a"), Fixtures.claim(id: "b", quote: "q")], actor: "desk")
            _ = try store.ledger.append([Fixtures.claim(id: "c", quote: "kept")], actor: "desk")
        }
        let environment = try Environment(path: directory.path, databases: ["events", "leaves", "meta"])
        let events = environment.database(named: "events")
        let meta = environment.database(named: "meta")
        try environment.write { txn in
            for seq: UInt64 in [2, 3] {
                let bytes = try #require(try txn.value(for: seq, in: events))
                let text = String(decoding: bytes, as: UTF8.self)
                    .replacingOccurrences(of: #""recorded_at":"\d{4}"#, with: #""recorded_at":"-1"#, options: .regularExpression)
                try txn.put(Array(text.utf8), for: seq, in: events)
            }
            try txn.delete("last_recorded_at", in: meta)  // as a ledger written before the key existed
        }
    }

    @Test func appendsGoOnAndTheEventIsNamedWhereItIsMet() async throws {
        let directory = try TemporaryDirectory()
        try await Self.ledgerWithAnUnreadableLastEvent(in: directory)
        let store = try await TestNode.embedded(directory: directory.path)
        await #expect(throws: LedgerError.self) { try await store.queries.event(seq: 3)?.decoded() }
        // As after a machine crash: the views are rebuilt from the log, and meet the damaged events.
        try await store.ledger.rebuildViews()

        // New appends, a retraction of a readable claim, and a re-sent readable event all work.
        let appended = try store.ledger.append([Fixtures.claim(id: "d")], actor: "desk")
        #expect(appended.head == 4)
        #expect(try store.ledger.append([Fixtures.retraction(target: "a")], actor: "desk").head == 5)
        #expect(try store.ledger.append([Fixtures.claim(id: "a")], actor: "desk").events[0].isDuplicate)

        // What needs the damaged event is refused alone, as a conflict the client can act on, not a 500.
        let retract = try #require(throws: LedgerError.self) {
            try store.ledger.append([Fixtures.retraction(target: "c")], actor: "desk")
        }
        #expect(retract.code == .invalidTarget)
        #expect(retract.message.contains("damaged"))
        let resend = try #require(throws: LedgerError.self) {
            try store.ledger.append([Fixtures.claim(id: "c", quote: "kept")], actor: "desk")
        }
        #expect(resend.code == .idConflict)
        let erase = try #require(throws: LedgerError.self) {
            try store.ledger.append([EventDraft(body: .erase(Erasure(target: "b", reason: "r")))], actor: "desk")
        }
        #expect(erase.code == .invalidTarget)
        #expect(try store.ledger.head() == 5)

        // The damaged events' ids stay taken, and a rebuild leaves them out of the belief views and finishes.
        let taken = try #require(throws: LedgerError.self) { try store.ledger.append([Fixtures.claim(id: "b")], actor: "desk") }
        #expect(taken.code == .idConflict)
        try await store.ledger.rebuildViews()
        #expect(try store.queries.belief(subject: Fixtures.strike, horizon: .latest) != nil)

        // The audit names the first damaged event: its bytes no longer give its leaf.
        var verifier = LedgerVerifier()
        var firstDamaged: UInt64?
        let page = try await store.ledger.log.events(in: 1...5, limit: 5)
        for entry in page.entries {
            try verifier.add(line: Array(page.stored(entry)))
            if firstDamaged == nil, entry.leafHash != verifier.lastLeafHash { firstDamaged = entry.seq }
        }
        #expect(firstDamaged == 2)
    }

    @Test func recordedAtNeverStepsBackEvenWithoutTheKeptTime() async throws {
        let directory = try TemporaryDirectory()
        do {
            let clock = ManualClock("2026-11-25T10:00:00Z")
            let store = try await TestNode.embedded(directory: directory.path, clock: clock.read)
            _ = try store.ledger.append([Fixtures.claim(id: "a")], actor: "desk")
        }
        // Without last_recorded_at (an older ledger), the time is read from the last event's bytes.
        do {
            let environment = try Environment(path: directory.path, databases: ["events", "leaves", "meta"])
            try environment.write { txn in _ = try txn.delete("last_recorded_at", in: environment.database(named: "meta")) }
        }
        let clock = ManualClock("2026-11-25T09:00:00Z")
        let store = try await TestNode.embedded(directory: directory.path, clock: clock.read)
        let result = try store.ledger.append([Fixtures.claim(id: "b")], actor: "desk")
        #expect(result.events[0].recordedAt == Timestamp(rfc3339: "2026-11-25T10:00:00Z"))
    }
}
