/// The answer to `POST /v1/events`: the head after the append and one result per event, in order.
public struct AppendResponse: Codable, Sendable, Hashable {
    /// One event's outcome.
    public struct Result: Codable, Sendable, Hashable {
        public var seq: UInt64
        public var id: String
        /// RFC 3339 UTC with microseconds.
        public var recordedAt: String
        /// True when the event was already in the ledger with the same content.
        public var duplicate: Bool

        enum CodingKeys: String, CodingKey {
            case seq, id, duplicate
            case recordedAt = "recorded_at"
        }
    }

    public var head: UInt64
    public var results: [Result]

    public init(_ result: AppendResult) {
        head = result.head
        results = result.events.map {
            Result(seq: $0.seq, id: $0.id, recordedAt: $0.recordedAt.rfc3339, duplicate: $0.isDuplicate)
        }
    }

    /// The response as JSON (keys sorted, as ``JSONEncoder`` with `.sortedKeys` writes them), written
    /// directly: a batch of thousands of results is answered without a `JSONEncoder` pass.
    public var jsonBytes: [UInt8] {
        var writer = JSONWriter(capacity: 32 + results.count * 96)
        writer.object { json in
            json.key("head")
            json.value(.number(Double(head)))
            json.key("results")
            json.array(results) { json, result in
                json.object { json in
                    json.key("duplicate")
                    json.value(.bool(result.duplicate))
                    json.key("id")
                    json.string(result.id)
                    json.key("recorded_at")
                    json.string(result.recordedAt)
                    json.key("seq")
                    json.value(.number(Double(result.seq)))
                }
            }
        }
        return writer.bytes
    }
}
