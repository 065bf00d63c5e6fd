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
        var output: [UInt8] = []
        output.reserveCapacity(32 + results.count * 96)
        output.append(contentsOf: #"{"head":"#.utf8)
        output.append(contentsOf: String(head).utf8)
        output.append(contentsOf: #","results":["#.utf8)
        for (index, result) in results.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            output.append(contentsOf: (result.duplicate ? #"{"duplicate":true,"id":"# : #"{"duplicate":false,"id":"#).utf8)
            CanonicalJSON.appendString(result.id, to: &output)
            output.append(contentsOf: #","recorded_at":"#.utf8)
            CanonicalJSON.appendString(result.recordedAt, to: &output)
            output.append(contentsOf: #","seq":"#.utf8)
            output.append(contentsOf: String(result.seq).utf8)
            output.append(UInt8(ascii: "}"))
        }
        output.append(contentsOf: "]}".utf8)
        return output
    }
}
