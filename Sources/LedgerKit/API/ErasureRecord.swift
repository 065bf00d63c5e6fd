/// An erasure as history shows it beside the claim it erased.
public struct ErasureRecord: Sendable, Hashable, Codable {
    /// The erase event's `seq` and `id`.
    public var seq: UInt64
    public var id: String
    public var recordedAt: String
    public var actor: String
    public var reason: String

    public init(seq: UInt64, id: String, recordedAt: String, actor: String, reason: String) {
        self.seq = seq
        self.id = id
        self.recordedAt = recordedAt
        self.actor = actor
        self.reason = reason
    }

    enum CodingKeys: String, CodingKey {
        case seq, id, actor, reason
        case recordedAt = "recorded_at"
    }
}
