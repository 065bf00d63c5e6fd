import Foundation
import LedgerKit
import LedgerTestSupport
import Testing

/// Seeded random input for the decoders every request goes through: events built from a grammar of
/// hostile values, then mutated byte by byte. Nothing may crash; every input is either refused with a
/// ``LedgerError`` (or ``JSONParseError``) or accepted, and what is accepted round-trips: stored, read
/// back and written again, it is the same event and the same bytes.
///
/// `LEDGER_FUZZ_CASES` (default 100,000) and `LEDGER_FUZZ_SEED` change the run; a failure prints the
/// seed and the input.
@Suite("Fuzzing the decoders")
struct DecoderFuzzTests {
    static let cases = ProcessInfo.processInfo.environment["LEDGER_FUZZ_CASES"].flatMap(Int.init) ?? 100_000
    static let seed = ProcessInfo.processInfo.environment["LEDGER_FUZZ_SEED"].flatMap(UInt64.init) ?? 8785

    @Test func eventsAreRefusedOrRoundTrip() throws {
        var random = SeededRandom(seed: Self.seed)
        var accepted = 0
        for round in 0..<Self.cases {
            // A third are valid events with hostile values, to test the round trip; the rest are mutated.
            var bytes = Array((round % 3 == 0 ? HostileJSON.validEvent(using: &random) : HostileJSON.event(using: &random)).utf8)
            if round % 3 != 0 { HostileJSON.mutate(&bytes, using: &random) }
            let value: JSONValue
            do {
                value = try JSONParser.parse(bytes)
            } catch {
                continue
            }
            let drafts: [EventDraft]
            do {
                drafts = try EventDecoder.drafts(from: [value])
            } catch let error as LedgerError {
                #expect(
                    !error.problems.isEmpty && error.problems.allSatisfy { $0.index == 0 }, "seed \(Self.seed) round \(round)")
                continue
            }
            accepted += 1
            try Self.checkRoundTrip(drafts[0], input: bytes, round: round)
        }
        #expect(accepted > Self.cases / 4, "too few inputs were valid events to test the round trip: \(accepted)")
    }

    /// The draft as the daemon would store it at position `round + 1`: its evidence salted (with a fixed
    /// salt) and hashed, the daemon's fields set.
    static func storedEvent(_ draft: EventDraft, round: Int) throws -> Event {
        var body = draft.body
        if case .assert(var claim) = body, var evidence = claim.evidence {
            evidence.salt = "0123456789abcdef0123456789abcdef"
            claim.evidence = evidence
            claim.evidenceHash = evidence.hash
            body = .assert(claim)
        }
        return Event(
            seq: UInt64(round + 1), recordedAt: try Timestamp(parsing: "2026-12-01T00:00:00Z"), actor: "fuzz",
            id: draft.id ?? "generated", body: body)
    }

    /// Stored with the daemon's fields, read back and written again: the same event, the same bytes.
    static func checkRoundTrip(_ draft: EventDraft, input: [UInt8], round: Int) throws {
        let event = try storedEvent(draft, round: round)
        let (stored, leaf) = event.canonicalAndLeafBytes
        let context = "seed \(seed) round \(round): \(String(decoding: input, as: UTF8.self))"
        #expect(stored == CanonicalJSON.encode(try JSONParser.parse(stored)), "\(context)")
        let decoded = try stored.withUnsafeBytes { try EventDecoder.storedEvent(from: $0) }
        #expect(decoded == event, "\(context)")
        #expect(decoded.canonicalAndLeafBytes.stored == stored && decoded.canonicalAndLeafBytes.leaf == leaf, "\(context)")
        #expect(EventDraft(id: decoded.id, body: draft.body).contentValue(id: decoded.id) == draft.contentValue(id: decoded.id))
    }

    @Test func timesAreRefusedOrRoundTrip() throws {
        var random = SeededRandom(seed: Self.seed &+ 1)
        for _ in 0..<Self.cases {
            var bytes = Array(HostileJSON.time(using: &random).utf8)
            if Bool.random(using: &random) { HostileJSON.mutate(&bytes, using: &random) }
            let text = String(decoding: bytes, as: UTF8.self)
            guard let time = try? Timestamp(parsing: text) else { continue }
            #expect(time.isInRange, "\(text)")
            #expect(try Timestamp(parsing: time.rfc3339) == time, "\(text)")
            #expect(Timestamp(dateOrRFC3339: text) == time, "\(text)")
        }
    }

    /// The request bodies of `POST /v1/events`, JSON and NDJSON, as the daemon reads them.
    @Test func appendBodiesAreRefusedOrRoundTrip() throws {
        var random = SeededRandom(seed: Self.seed &+ 2)
        for round in 0..<Self.cases / 4 {
            let events = (0..<Int.random(in: 0...4, using: &random)).map { _ in HostileJSON.event(using: &random) }
            let isNDJSON = Bool.random(using: &random)
            var extra = ""
            if Int.random(in: 0..<5, using: &random) == 0 { extra = #","expected_head":"# + HostileJSON.number(using: &random) }
            if Int.random(in: 0..<5, using: &random) == 0 {
                extra +=
                    #","expected_subject_seq":{"# + HostileJSON.string(using: &random) + ":" + HostileJSON.number(using: &random)
                    + "}"
            }
            var bytes = Array(
                (isNDJSON ? events.joined(separator: "\n") : #"{"events":[\#(events.joined(separator: ","))]\#(extra)}"#).utf8)
            if round % 2 == 0 { HostileJSON.mutate(&bytes, using: &random) }
            let request: AppendRequest
            do {
                request = try bytes.withUnsafeBytes { isNDJSON ? try AppendRequest(ndjson: $0) : try AppendRequest(json: $0) }
            } catch is LedgerError {
                continue
            }
            // What the daemon accepted as a request re-encodes and reads back to the same request.
            let again = try CanonicalJSON.encode(request.jsonValue).withUnsafeBytes { try AppendRequest(json: $0) }
            #expect(again.events == request.events && again.expectedHead == request.expectedHead)
            #expect(again.expectedSubjectSeqs == request.expectedSubjectSeqs)
            guard let drafts = try? EventDecoder.drafts(from: request.events) else { continue }
            for draft in drafts { try Self.checkRoundTrip(draft, input: bytes, round: round) }
        }
    }
}
