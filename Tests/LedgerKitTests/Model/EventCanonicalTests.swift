import LedgerKit
import LedgerTestSupport
import Testing

@Suite("The event's own canonical writer")
struct EventCanonicalTests {
    static let strings = ["s", "é ü", "😀", "\u{2028}", "q \"x\" \\ /", "\u{1}\n", "\u{E000}"]
    static let objects: [JSONValue] = [
        1, -0.5, 1e21, 1.5e-7, "Russia", true, [1, "two", ["k": 3]], ["b": 1, "a": [2], "é": "x"],
    ]

    @Test("Equals the generic RFC 8785 encoding of the event", arguments: 1...300)
    func matchesTheGenericEncoder(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        let time = Timestamp(microsecondsSinceEpoch: Int64.random(in: -1_000_000_000...4_000_000_000_000_000, using: &random))
        let body: EventBody
        if Bool.random(using: &random) {
            let evidence =
                Bool.random(using: &random)
                ? Evidence(
                    quote: Self.strings.randomElement(using: &random),
                    citation: Bool.random(using: &random) ? "https://x.org/a" : nil,
                    note: nil, salt: "00112233445566778899aabbccddeeff")
                : nil
            body = .assert(
                Assertion(
                    subject: Self.strings.randomElement(using: &random)!, predicate: Self.strings.randomElement(using: &random)!,
                    object: Self.objects.randomElement(using: &random)!, source: Self.strings.randomElement(using: &random)!,
                    polarity: [nil, .affirm, .deny].randomElement(using: &random)!,
                    effectiveAt: Bool.random(using: &random) ? time : nil,
                    confidence: Bool.random(using: &random) ? Double.random(in: 0...1, using: &random) : nil,
                    evidence: evidence, evidenceHash: evidence.map { $0.hash }))
        } else {
            body = .retract(
                Retraction(
                    target: "t-\(seed)", reason: Self.strings.randomElement(using: &random)!,
                    effectiveAt: Bool.random(using: &random) ? time : nil))
        }
        let event = Event(
            seq: UInt64.random(in: 1...1 << 40, using: &random), recordedAt: time, actor: "a", id: "e-\(seed)", body: body)
        #expect(event.canonicalBytes == CanonicalJSON.encode(event.jsonValue))
        guard case .object(var members) = event.jsonValue else {
            Issue.record("An event's JSON is not an object: \(event.jsonValue)")
            return
        }
        members["evidence"] = nil
        #expect(event.leafBytes == CanonicalJSON.encode(.object(members)))
    }
}
