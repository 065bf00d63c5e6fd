import Foundation
import LedgerTestSupport
import Testing

@testable import LedgerKit

/// One depth rule for a claim's object (``EventDecoder/maximumObjectDepth``), counted alike by the fast
/// path, the full path and every reader of the answers that embed an event: what one accepts the others
/// accept, and every accepted event comes back whole from history, receipts and the stored bytes.
@Suite("Nesting depth: one rule for every reader")
struct NestingDepthTests {
    /// Depths at and around every limit: the object's, and the parser's for a whole document.
    static let depths = [0, 1, 2, 63, 64, 65, 66, 100, 125, 126, 127, 128, 129, 130, 200, 252, 253, 254, 255, 256, 257, 300]

    /// A value that nests exactly `depth` deep, each level an array or an object chosen at random, with
    /// scalar siblings here and there.
    static func nested(_ depth: Int, using random: inout SeededRandom) -> String {
        var text = Bool.random(using: &random) ? "1" : #""leaf""#
        for _ in 0..<depth {
            let withSibling = Int.random(in: 0..<4, using: &random) == 0
            if Bool.random(using: &random) {
                text = withSibling ? "[true,\(text)]" : "[\(text)]"
            } else {
                text = withSibling ? #"{"a":0,"b":\#(text)}"# : #"{"a":\#(text)}"#
            }
        }
        return text
    }

    static func event(object: String, id: String) -> String {
        #"{"id":"\#(id)","type":"assert","subject":"s","predicate":"p","object":\#(object),"source":"x"}"#
    }

    static func fullDrafts(_ bytes: [UInt8], isNDJSON: Bool) -> [EventDraft]? {
        try? bytes.withUnsafeBytes { buffer in
            try EventDecoder.drafts(from: (isNDJSON ? AppendRequest(ndjson: buffer) : AppendRequest(json: buffer)).events)
        }
    }

    static func plainDrafts(_ bytes: [UInt8], isNDJSON: Bool) -> [EventDraft]? {
        bytes.withUnsafeBytes { isNDJSON ? AppendRequest.plainDrafts(ndjson: $0) : AppendRequest.plainDrafts(json: $0) }
    }

    @Test func theFastAndTheFullPathAcceptAndRefuseAlike() {
        var random = SeededRandom(seed: 2026_12_01)
        var accepted = 0
        var refused = 0
        for round in 0..<400 {
            let depth =
                round < Self.depths.count * 4 ? Self.depths[round % Self.depths.count] : Int.random(in: 0...300, using: &random)
            let object = Self.nested(depth, using: &random)
            let isNDJSON = Bool.random(using: &random)
            let events = (0..<Int.random(in: 1...3, using: &random)).map { Self.event(object: object, id: "d\(round)-\($0)") }
            let body = Array(
                (isNDJSON ? events.joined(separator: "\n") : #"{"events":[\#(events.joined(separator: ","))]}"#).utf8)
            let full = Self.fullDrafts(body, isNDJSON: isNDJSON)
            let plain = Self.plainDrafts(body, isNDJSON: isNDJSON)
            let agree = full == plain  // compared first: the values are too deep to print
            #expect(
                agree,
                "round \(round): depth \(depth), \(isNDJSON ? "NDJSON" : "JSON"): fast \(plain != nil), full \(full != nil)")
            #expect((full != nil) == (depth <= EventDecoder.maximumObjectDepth), "round \(round): depth \(depth)")
            if full != nil { accepted += 1 } else { refused += 1 }
        }
        #expect(accepted > 50 && refused > 50)
    }

    @Test func aTooDeepObjectIsRefusedNamingTheField() async throws {
        var random = SeededRandom(seed: 7)
        let text = Self.event(object: Self.nested(EventDecoder.maximumObjectDepth + 1, using: &random), id: "deep")
        let error = try #require(throws: LedgerError.self) { try Fixtures.draft(text) }
        #expect(error.problems.first?.field == "object")
        #expect(error.message.contains("at most \(EventDecoder.maximumObjectDepth)"))
    }

    /// Stored events are read as they were kept, whatever the rule when they were written: a ledger of an
    /// earlier release may hold deeper objects, and must still replay, restore and answer.
    @Test func aStoredEventDeeperThanTheRuleIsStillRead() async throws {
        var random = SeededRandom(seed: 8)
        let object = try JSONParser.parse(Self.nested(128, using: &random))
        let event = Event(
            seq: 1, recordedAt: Timestamp(rfc3339: "2015-12-07T00:00:00Z")!, actor: "ann", id: "old",
            body: .assert(Assertion(subject: "s", predicate: "p", object: object, source: "x")))
        let bytes = event.canonicalBytes
        #expect(bytes.withUnsafeBytes { try? EventDecoder.storedEvent(from: $0) } == event)
        #expect(try JSONParser.parse(#"{"events":[{"entry":"# + String(decoding: bytes, as: UTF8.self) + "}]}") != .null)
    }

    /// Every accepted event, at the deepest the rule allows, comes back whole from each answer that
    /// embeds it, read back by the decoder ledgerctl uses.
    @Test(arguments: StoreBackend.allCases)
    func everyAcceptedEventRoundTripsThroughEveryAnswer(_ backend: StoreBackend) async throws {
        let directory = try TemporaryDirectory()
        let store = try await backend.store(directory: directory.path)
        var random = SeededRandom(seed: 9)
        var objects: [JSONValue] = []
        for depth in [0, 1, 2, 32, 63, 64] {
            let text = Self.event(object: Self.nested(depth, using: &random), id: "rt-\(depth)")
            let draft = try Fixtures.draft(text)
            guard case .assert(let claim) = draft.body else {
                Issue.record("not a claim")
                return
            }
            objects.append(claim.object)
            _ = try store.ledger.append([draft], actor: "ann")
        }
        let encoder = JSONValueEncoder()
        let decoder = JSONValueDecoder()
        // History, as the daemon answers it and ledgerctl reads it.
        let history = try #require(try await store.queries.history(subject: "s"))
        let historyBytes = try encoder.canonicalBytes(of: HistoryResponse(subject: "s", events: history))
        let readHistory = try decoder.decode(HistoryResponse.self, from: historyBytes)
        #expect(readHistory.events.map(\.object) == objects)
        // A receipt.
        let signer = try NoteSigner(name: "tests.example/ledger")
        let receipt = try #require(
            try await store.queries.receipt(
                subject: "s", predicate: nil, horizon: .latest, origin: "tests.example/ledger", signer: signer))
        let readReceipt = try decoder.decode(BeliefReceipt.self, from: try encoder.canonicalBytes(of: receipt))
        let verified = try ReceiptVerifier(pinnedKey: signer.verifierKey).verify(readReceipt)
        #expect(Set(verified.belief.predicates.flatMap { $0.candidates.map(\.object) }) == Set(objects))
        // The stored bytes, as show and replay send them.
        for seq in 1...UInt64(objects.count) {
            let stored = try #require(try await store.queries.event(seq: seq))
            let decoded = try EventDecoder.storedEvent(from: JSONParser.parse(stored.bytes))
            guard case .assert(let claim) = decoded.body else {
                Issue.record("seq \(seq) is not a claim")
                continue
            }
            #expect(claim.object == objects[Int(seq - 1)])
        }
    }
}
