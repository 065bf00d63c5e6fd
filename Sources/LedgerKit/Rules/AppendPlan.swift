/// An event the writer is about to commit, or the views to apply: its final form, its stored bytes and
/// its leaf hash.
///
/// A class: the log, the views and the plan share one without copying its many parts.
public final class PlannedEvent: Sendable {
    public let seq: UInt64
    /// The event; `nil` for a stored event that cannot be read back (the views keep its leaf, and its id
    /// when that can be read, so the id stays taken).
    public let event: Event?
    /// The id of a damaged event, when its bytes still show it.
    public let damagedID: String?
    /// The RFC 8785 bytes the log keeps.
    public let stored: [UInt8]
    /// `SHA-256(0x00 || leaf)` (RFC 6962).
    public let leafHash: [UInt8]
    /// For a claim: its object's canonical bytes, which the belief views key candidates by.
    public let objectBytes: [UInt8]
    /// For a damaged stored event: whether its bytes no longer give the leaf hash the log committed.
    public let leafMismatch: Bool

    public init(event: Event, stored: [UInt8], leafHash: [UInt8], objectBytes: [UInt8]) {
        seq = event.seq
        self.event = event
        damagedID = nil
        self.stored = stored
        self.leafHash = leafHash
        self.objectBytes = objectBytes
        leafMismatch = false
    }

    /// A damaged stored event at `seq`, of which only the committed leaf, and perhaps the id, are known.
    public init(damagedAt seq: UInt64, id: String?, leafHash: [UInt8], leafMismatch: Bool = false) {
        self.seq = seq
        event = nil
        damagedID = id
        stored = []
        self.leafHash = leafHash
        objectBytes = []
        self.leafMismatch = leafMismatch
    }
}

/// A stored event to be written again: a claim whose evidence an erasure removes.
public struct Rewrite: Sendable, Hashable {
    public let seq: UInt64
    public let bytes: [UInt8]
}

/// What the writer commits for a group: the new events in `seq` order, the rewrites erasures need, and
/// each request's outcome (a refused request contributes nothing).
public struct AppendPlan: Sendable {
    public var events: [PlannedEvent] = []
    public var rewrites: [Rewrite] = []
    /// One per request, in the group's order.
    public var results: [Result<AppendResult, LedgerError>] = []
    /// The head after the group.
    public var head: UInt64
    /// The last event's `recorded_at` after the group.
    public var lastRecordedAt: Timestamp?
    /// Set when the group restored events: the head the restore reached.
    public var restoredThrough: UInt64?

    public init(head: UInt64, lastRecordedAt: Timestamp?) {
        self.head = head
        self.lastRecordedAt = lastRecordedAt
    }
}
