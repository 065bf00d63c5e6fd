import Foundation
import LedgerTestSupport
import Testing

@testable import LedgerKit

/// The fast path that reads events straight from their bytes must agree with the full decoder: on any
/// input it either steps aside (`nil`) or gives exactly what the full decoder gives, and it steps aside
/// only for what is not plain (refused events, escaped member names).
@Suite("The plain decoder agrees with the full one")
struct PlainDecoderTests {
    static let cases = DecoderFuzzTests.cases
    static let seed = DecoderFuzzTests.seed

    /// The full path: parse, then decode with every rule.
    static func fullDraft(_ bytes: [UInt8]) -> EventDraft? {
        guard let value = try? JSONParser.parse(bytes) else { return nil }
        return try? EventDecoder.drafts(from: [value]).first
    }

    static func fullStoredEvent(_ bytes: [UInt8]) -> Event? {
        guard let value = try? JSONParser.parse(bytes) else { return nil }
        return try? EventDecoder.storedEvent(from: value)
    }

    @Test func clientEventsDecodeAlikeOrStepAside() {
        var random = SeededRandom(seed: Self.seed &+ 10)
        var (fullAccepted, plainAccepted) = (0, 0)
        for round in 0..<Self.cases / 2 {
            var bytes = Array((round % 3 == 0 ? HostileJSON.validEvent(using: &random) : HostileJSON.event(using: &random)).utf8)
            if round % 3 != 0 { HostileJSON.mutate(&bytes, using: &random) }
            let full = Self.fullDraft(bytes)
            let plain = bytes.withUnsafeBytes { EventDecoder.plainDraft(from: $0) }
            if full != nil { fullAccepted += 1 }
            if let plain {
                plainAccepted += 1
                #expect(plain == full, "seed \(Self.seed) round \(round): \(String(decoding: bytes, as: UTF8.self))")
            }
        }
        // The generator never escapes member names, so every event the full path takes is plain.
        #expect(plainAccepted == fullAccepted, "full \(fullAccepted), plain \(plainAccepted)")
        #expect(fullAccepted > Self.cases / 8)
    }

    @Test func storedEventsDecodeAlikeOrStepAside() throws {
        var random = SeededRandom(seed: Self.seed &+ 11)
        var checked = 0
        for round in 0..<Self.cases / 2 {
            guard let draft = Self.fullDraft(Array(HostileJSON.validEvent(using: &random).utf8)) else { continue }
            let event = try DecoderFuzzTests.storedEvent(draft, round: round)
            var bytes = event.canonicalAndLeafBytes.stored
            #expect(bytes.withUnsafeBytes { EventDecoder.plainStoredEvent(from: $0) } == event)
            // Damaged by a few bytes: the plain path steps aside or agrees.
            HostileJSON.mutate(&bytes, using: &random)
            if let plain = bytes.withUnsafeBytes({ EventDecoder.plainStoredEvent(from: $0) }) {
                #expect(plain == Self.fullStoredEvent(bytes), "round \(round): \(String(decoding: bytes, as: UTF8.self))")
            }
            checked += 1
        }
        #expect(checked > Self.cases / 4)
    }

    @Test func appendBodiesDecodeAlikeOrStepAside() throws {
        var random = SeededRandom(seed: Self.seed &+ 12)
        var plainBodies = 0
        for round in 0..<Self.cases / 4 {
            let events = (0..<Int.random(in: 0...4, using: &random)).map { _ in
                Bool.random(using: &random) ? HostileJSON.validEvent(using: &random) : HostileJSON.event(using: &random)
            }
            let isNDJSON = Bool.random(using: &random)
            var bytes = Array(
                (isNDJSON ? events.joined(separator: "\n") : #"{"events":[\#(events.joined(separator: ","))]}"#).utf8)
            if round % 4 == 0 { HostileJSON.mutate(&bytes, using: &random) }
            let plain = bytes.withUnsafeBytes {
                isNDJSON ? AppendRequest.plainDrafts(ndjson: $0) : AppendRequest.plainDrafts(json: $0)
            }
            guard let plain else { continue }
            let full = try bytes.withUnsafeBytes {
                try EventDecoder.drafts(from: (isNDJSON ? AppendRequest(ndjson: $0) : AppendRequest(json: $0)).events)
            }
            #expect(plain == full, "round \(round): \(String(decoding: bytes, as: UTF8.self))")
            plainBodies += 1
        }
        #expect(plainBodies > Self.cases / 40)
    }

    @Test(arguments: [
        // Not plain, but right: the full path takes them.
        #"{"\u0074ype":"assert","subject":"s","predicate":"p","object":1,"source":"x"}"#,
        #"{"events":[],"expected_head":0}"#,
        // Wrong: the full path names the problem.
        #"{"type":"assert","subject":"s","predicate":"p","object":1,"source":"x","type":"assert"}"#,
        #"{"type":"assert","subject":"s","predicate":"p","object":1,"source":"x","evidence":{"quote":"q","salt":"00"}}"#,
        #"{"type":"assert","subject":"s","predicate":"p","object":1,"source":"x","seq":1}"#,
        #"{"type":"assert","subject":"s","predicate":"p","object":null,"source":"x"}"#,
        #"{"type":"assert","subject":"","predicate":"p","object":1,"source":"x"}"#,
        #"{"type":"assert","subject":"s","predicate":"p","object":1,"source":"x","evidence":{}}"#,
        #"{"type":"retract","target":"t","reason":"r","subject":"s"}"#,
        #"{"type":"erase","target":"t","reason":"r","effective_at":"2015-12-07T00:00:00Z"}"#,
        #"{"type":"assert","subject":"s","predicate":"p","object":1,"source":"x","confidence":"1"}"#,
        #"{"type":"assert","subject":"s","predicate":"p","object":1,"source":"x","effective_at":"2015-12-07"}"#,
        #"{"type":"assert","subject":"s","predicate":"p","object":1,"source":"x"} x"#,
    ])
    func whatIsNotPlainStepsAside(_ text: String) {
        #expect(Array(text.utf8).withUnsafeBytes { EventDecoder.plainDraft(from: $0) } == nil)
        #expect(Array(text.utf8).withUnsafeBytes { AppendRequest.plainDrafts(json: $0) } == nil)
    }

    @Test func anEscapedNameIsLeftToTheFullPathWhichTakesIt() {
        let text = #"{"\u0074ype":"assert","subject":"s","predicate":"p","object":1,"source":"x"}"#
        #expect(Self.fullDraft(Array(text.utf8)) != nil)
    }
}
