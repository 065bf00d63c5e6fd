import LedgerKit

/// Events from the seed article, and helpers to build batches.
enum Fixtures {
    static let strike = "strike:deir-ezzor:2015-12-06"

    static func claim(
        id: String? = nil, predicate: String = "perpetrator", object: JSONValue = "Russia",
        source: String = "anonymous Pentagon official (Washington Post)", polarity: Polarity? = nil,
        effectiveAt: String? = "2015-12-07T18:00:00Z", quote: String? = nil
    ) -> EventDraft {
        EventDraft(
            id: id,
            body: .assert(
                Assertion(
                    subject: strike, predicate: predicate, object: object, source: source, polarity: polarity,
                    effectiveAt: effectiveAt.flatMap { Timestamp(rfc3339: $0) },
                    evidence: quote.map { Evidence(quote: $0, citation: "https://news.vice.com/article/syria-deir-ezzor") })))
    }

    static func retraction(id: String? = nil, target: String, reason: String = "entered by mistake") -> EventDraft {
        EventDraft(id: id, body: .retract(Retraction(target: target, reason: reason)))
    }

    /// Decodes one event from JSON text, as the daemon would.
    static func draft(_ json: String) throws -> EventDraft {
        try EventDecoder.drafts(from: [JSONParser.parse(json)])[0]
    }
}
