/// The answer to `GET /v1/audit/log`: what the event log itself records beside its events (its head, and
/// for a shared log the tree head each commit reached), for an audit to check against the events.
public struct LogRecordsResponse: Codable, Sendable, Hashable {
    /// Where the log is, as the daemon's messages name it.
    public var location: String
    /// The last `seq` the log records.
    public var head: UInt64
    /// The `recorded_at` it records for that event; absent for an empty ledger.
    public var lastRecordedAt: String?
    /// While the ledger holds nothing but restored events: the head the restore reached; else 0.
    public var restoredThrough: UInt64
    /// One page of committed tree heads, by size, from the query's `from`.
    public var treeHeads: [TreeHead]
    /// Pass as `from` for the next page of tree heads; absent on the last page.
    public var nextFrom: UInt64?

    public init(
        location: String, head: UInt64, lastRecordedAt: String?, restoredThrough: UInt64, treeHeads: [TreeHead],
        nextFrom: UInt64?
    ) {
        self.location = location
        self.head = head
        self.lastRecordedAt = lastRecordedAt
        self.restoredThrough = restoredThrough
        self.treeHeads = treeHeads
        self.nextFrom = nextFrom
    }

    /// The records in their wire form: times in RFC 3339, roots in hex.
    public init(_ records: LogRecords) {
        self.init(
            location: records.location, head: records.head.seq, lastRecordedAt: records.head.lastRecordedAt?.rfc3339,
            restoredThrough: records.head.restoredThrough, treeHeads: records.treeHeads.map(TreeHead.init),
            nextFrom: records.nextFrom)
    }

    enum CodingKeys: String, CodingKey {
        case location, head
        case lastRecordedAt = "last_recorded_at"
        case restoredThrough = "restored_through"
        case treeHeads = "tree_heads"
        case nextFrom = "next_from"
    }
}
