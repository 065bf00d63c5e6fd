/// What a log records of itself beside its events: its head row and one page of the tree heads it
/// committed, for an audit that checks the log against its own events.
public struct LogRecords: Sendable, Hashable {
    /// Where the log is, as the daemon's messages name it.
    public var location: String
    /// The head the log records.
    public var head: LogHead
    /// One page of committed tree heads, by size (none for an embedded log, which commits no roots).
    public var treeHeads: [TreeHeadRecord]
    /// The size to start the next page from; `nil` on the last page.
    public var nextFrom: UInt64?

    public init(location: String, head: LogHead, treeHeads: [TreeHeadRecord], nextFrom: UInt64?) {
        self.location = location
        self.head = head
        self.treeHeads = treeHeads
        self.nextFrom = nextFrom
    }
}
