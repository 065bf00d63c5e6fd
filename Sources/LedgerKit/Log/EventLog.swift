/// The durable record of the ledger: its events in `seq` order, each exactly as stored, and the little
/// that cannot be rebuilt from them. Everything derived (belief views, the id and subject indexes, the
/// Merkle tree) lives in ``BeliefViews``, which any node builds and rebuilds from this.
///
/// An embedded LMDB file (``LMDBEventLog``) is the default; a shared database can stand behind the same
/// seam, with every node keeping its own views.
public protocol EventLog: AnyObject, Sendable {
    /// The last `seq` (0 when empty), its `recorded_at`, and how far a restore into an empty ledger got.
    func head() throws -> LogHead

    /// Plans and commits one group of requests: fixes the head no other writer may move until the commit
    /// (a transaction of its own, or a lock held to commit), looks up the facts the plan needs as of that
    /// head (a log that keeps no indexes of its own asks `localFacts`, which brings the local views up to
    /// that head first), plans with `plan`, writes the planned events and rewrites durably, and returns
    /// the plan. A refused request is in the plan's results and writes nothing.
    ///
    /// - Throws: ``LedgerError`` when the storage fails; then nothing of the group is written.
    func append(
        _ group: [WriteRequest], localFacts: (FactRequest, LogHead) throws -> LedgerFacts,
        plan: (LedgerFacts) -> AppendPlan
    ) throws -> AppendPlan

    /// Visits the events with `seq` in `range` in order, on one snapshot, until `body` returns false.
    ///
    /// - Warning: The buffer must not escape `body`; page through a large range.
    func forEachEvent(
        in range: ClosedRange<UInt64>, _ body: (_ seq: UInt64, _ bytes: UnsafeRawBufferPointer) throws -> Bool) throws

    /// Visits the events with `seq` in `range` with their committed leaf hashes, in order, until `body`
    /// returns false.
    func forEachEventWithLeaf(
        in range: ClosedRange<UInt64>,
        _ body: (_ seq: UInt64, _ bytes: UnsafeRawBufferPointer, _ leafHash: [UInt8]?) throws -> Bool
    ) throws

    /// The stored bytes of event `seq`, or `nil` past the head.
    func event(seq: UInt64) throws -> StoredEvent?

    /// The stored bytes at each of `seqs` that exists, on one snapshot.
    func storedBytes(at seqs: some Sequence<UInt64>) throws -> [UInt64: [UInt8]]

    /// The leaf hashes committed for events `from` on, up to `limit` of them, in order.
    func leafHashes(from: UInt64, limit: Int) throws -> [[UInt8]]

    /// The last tree head the log committed with a size in `sizes`, for a node following a shared log to
    /// check the events it is about to apply; `nil` when there is none, or the log keeps no roots (an
    /// embedded log: its own views are derived from it alone).
    func committedRoot(in sizes: ClosedRange<UInt64>) throws -> TreeHeadRecord?

    /// Up to `limit` of the tree heads the log committed, from tree size `size` on, in order: for an audit
    /// to check each against the events (none for an embedded log).
    func committedRoots(from size: UInt64, limit: Int) throws -> [TreeHeadRecord]

    /// Returns when another writer may have appended to the log, or after `timeout`: a node following a
    /// shared log waits on it between catch-ups. A hint only; an embedded log, which no one else
    /// writes, just waits.
    func waitForAppends(timeout: Duration) async

    /// Rewrites the log's storage with only live data, so that what an erasure removed is nowhere in it
    /// any more; returns its size in bytes before and after.
    func compact() throws -> (before: Int, after: Int)

    /// Flushes what was committed without waiting for the disk; nothing to do for a log that always waits.
    func sync() throws

    /// Where the log is, for messages: a directory, or a database.
    var location: String { get }
}

extension EventLog {
    public func committedRoot(in sizes: ClosedRange<UInt64>) throws -> TreeHeadRecord? { nil }

    public func committedRoots(from size: UInt64, limit: Int) throws -> [TreeHeadRecord] { [] }

    public func waitForAppends(timeout: Duration) async { try? await Task.sleep(for: timeout) }
}

/// A Merkle tree head as a log committed it: the tree's size and its root hash.
public struct TreeHeadRecord: Sendable, Hashable {
    public var size: UInt64
    public var root: [UInt8]

    public init(size: UInt64, root: [UInt8]) {
        self.size = size
        self.root = root
    }
}

/// Where a log stands.
public struct LogHead: Sendable, Hashable {
    /// The last `seq`, 0 for an empty ledger.
    public var seq: UInt64
    /// The last event's `recorded_at`; `nil` for an empty ledger.
    public var lastRecordedAt: Timestamp?
    /// While the ledger holds nothing but restored events: the head the restore reached; else 0.
    public var restoredThrough: UInt64

    public init(seq: UInt64, lastRecordedAt: Timestamp?, restoredThrough: UInt64 = 0) {
        self.seq = seq
        self.lastRecordedAt = lastRecordedAt
        self.restoredThrough = restoredThrough
    }
}
