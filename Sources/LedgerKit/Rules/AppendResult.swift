/// What an append did with one event.
public struct AppendedEvent: Sendable, Hashable {
    /// Where the event is in the ledger.
    public var seq: UInt64
    /// Its id, the client's or the one the daemon made.
    public var id: String
    /// When it was committed (for a duplicate: when the original was).
    public var recordedAt: Timestamp
    /// True when an event with this id and the same content was already there, so nothing was written.
    public var isDuplicate: Bool

    public init(seq: UInt64, id: String, recordedAt: Timestamp, isDuplicate: Bool) {
        self.seq = seq
        self.id = id
        self.recordedAt = recordedAt
        self.isDuplicate = isDuplicate
    }
}

/// What an append did with a batch.
public struct AppendResult: Sendable, Hashable {
    /// The ledger's head (`seq` of its last event) after the append.
    public var head: UInt64
    /// One entry per event of the batch, in order.
    public var events: [AppendedEvent]

    public init(head: UInt64, events: [AppendedEvent]) {
        self.head = head
        self.events = events
    }
}
