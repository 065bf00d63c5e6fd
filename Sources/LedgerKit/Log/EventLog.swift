/// The durable record of the ledger: its events in `seq` order, each exactly as stored, and the little
/// that cannot be rebuilt from them. Everything derived (belief views, the id and subject indexes, the
/// Merkle tree) lives in the views, which any node builds and rebuilds from this.
///
/// An embedded LMDB file (``LMDBEventLog``) is the default; a database several nodes share stands behind
/// the same seam, with every node keeping its own views. Nothing outside a backend knows which one it
/// has: what differs between them (whether other nodes append, what storage it takes, whether it can be
/// backed up as a file) is said here.
///
/// Reads are `async` and may run on any task: the embedded log answers them at once from its memory
/// map, a shared one awaits its server. Writes run on the ledger's one writer thread, inside
/// ``withAppendTransaction(_:)``.
public protocol EventLog: AnyObject, Sendable {
    /// The last `seq` (0 when empty), its `recorded_at`, and how far a restore into an empty ledger got.
    func head() async throws -> LogHead

    /// Up to `limit` events with `seq` in `range`, in order, each with the leaf hash committed for it
    /// when `withLeaves` (a replay needs only the bytes; a log may give the leaves anyway).
    func events(in range: ClosedRange<UInt64>, limit: Int, withLeaves: Bool) async throws -> EventPage

    /// The stored bytes at each of `seqs` that exists, on one snapshot.
    func storedBytes(at seqs: [UInt64]) async throws -> [UInt64: [UInt8]]

    /// The leaf hashes committed for events `from` on, up to `limit` of them, in order.
    func leafHashes(from: UInt64, limit: Int) async throws -> [[UInt8]]

    /// The last tree head the log committed with a size in `sizes`: a node following a shared log checks
    /// the events it is about to apply against it. `nil` when there is none, or the log keeps no roots
    /// (an embedded log: its own views are derived from it alone).
    func committedRoot(in sizes: ClosedRange<UInt64>) async throws -> TreeHeadRecord?

    /// Up to `limit` of the tree heads the log committed, from tree size `size` on, in order, for an
    /// audit to check each against the events (none for an embedded log).
    func committedRoots(from size: UInt64, limit: Int) async throws -> [TreeHeadRecord]

    /// Runs `body` in the log's append transaction, on the writer's thread: the head it sees is the
    /// log's and no other writer moves it until the transaction ends (the embedded log reads it inside
    /// its own write transaction; a shared one locks it). What `body` writes is committed durably when
    /// it returns, and nothing of it when it throws.
    ///
    /// - Throws: ``LedgerError`` when the storage fails; then nothing is written.
    func withAppendTransaction<R>(_ body: (inout any AppendTransaction) throws -> R) throws -> R

    /// Whether other nodes append to this log too, so that this node's views must follow it.
    var isShared: Bool { get }

    /// What the log's storage holds and may hold, for status and metrics.
    func statistics() async throws -> StorageStatistics

    /// The log's own backup, when it is a file ledgerd can copy while appends go on; `nil` when the log is
    /// backed up with its database's tools.
    var backup: (any EventLogBackup)? { get }

    /// Returns when another writer may have appended to the log, or after `timeout`: a node following a
    /// shared log waits on it between catch-ups. A hint only; a log no one else writes just waits.
    func waitForAppends(timeout: Duration) async

    /// Rewrites the log's storage with only live data, so that what an erasure removed is nowhere in it
    /// any more; returns its size in bytes before and after.
    func compact() async throws -> (before: Int, after: Int)

    /// Flushes what was committed without waiting for the disk; nothing to do for a log that always waits.
    func sync() throws

    /// Where the log is, for messages: a directory, or a database.
    var location: String { get }
}

extension EventLog {
    /// Up to `limit` events with `seq` in `range`, in order, each with the leaf hash committed for it.
    public func events(in range: ClosedRange<UInt64>, limit: Int) async throws -> EventPage {
        try await events(in: range, limit: limit, withLeaves: true)
    }

    public func committedRoot(in sizes: ClosedRange<UInt64>) async throws -> TreeHeadRecord? { nil }

    public func committedRoots(from size: UInt64, limit: Int) async throws -> [TreeHeadRecord] { [] }

    public var backup: (any EventLogBackup)? { nil }

    public func waitForAppends(timeout: Duration) async { try? await Task.sleep(for: timeout) }
}

/// The log's side of one group commit, lent to the body of ``EventLog/withAppendTransaction(_:)``: the
/// head as of the transaction, reads within it, and the write of the group's plan.
public protocol AppendTransaction {
    /// The log's head, fixed for the transaction.
    var head: LogHead { get }

    /// Whether the log records the root each commit reaches (a shared log does, for the other nodes to
    /// check what they follow): then ``write(_:reaching:)`` is given the tree's edge.
    var recordsRoots: Bool { get }

    /// Events of the log within the transaction: a shared log's other nodes may have appended some that
    /// this node's views do not hold yet.
    func events(in range: ClosedRange<UInt64>, limit: Int) throws -> EventPage

    /// The stored bytes at each of `seqs` that exists, within the transaction.
    func storedBytes(at seqs: [UInt64]) throws -> [UInt64: [UInt8]]

    /// ``EventLog/committedRoot(in:)`` within the transaction.
    func committedRoot(in sizes: ClosedRange<UInt64>) throws -> TreeHeadRecord?

    /// Writes the plan's new events (with their leaf hashes), its rewrites and the head it reaches; with
    /// `edge` (the tree's right edge at ``head``), also the root the new events reach.
    mutating func write(_ plan: AppendPlan, reaching edge: MerkleRightEdge?) throws
}

/// A page of stored events: their bytes one after another, each followed by a newline (a replay's
/// NDJSON as it is sent), and where each one is.
public struct EventPage: Sendable {
    /// One stored event of the page.
    public struct Entry: Sendable, Hashable {
        public var seq: UInt64
        /// Where its bytes are in ``EventPage/bytes`` (without the newline).
        public var range: Range<Int>
        /// The leaf hash the log committed for it, when the log keeps one.
        public var leafHash: [UInt8]?

        public init(seq: UInt64, range: Range<Int>, leafHash: [UInt8]?) {
            self.seq = seq
            self.range = range
            self.leafHash = leafHash
        }
    }

    /// Every event's stored bytes, each followed by `\n`.
    public private(set) var bytes: [UInt8] = []
    public private(set) var entries: [Entry] = []

    public init() {}

    /// Adds the event `seq` stored as `stored`.
    public mutating func append(seq: UInt64, stored: some Collection<UInt8>, leafHash: [UInt8]?) {
        let start = bytes.count
        bytes.append(contentsOf: stored)
        entries.append(Entry(seq: seq, range: start..<bytes.count, leafHash: leafHash))
        bytes.append(UInt8(ascii: "\n"))
    }

    public var isEmpty: Bool { entries.isEmpty }
    public var count: Int { entries.count }
    /// The last event's `seq`, if any.
    public var lastSeq: UInt64? { entries.last?.seq }

    /// The stored bytes of `entry`.
    public func stored(_ entry: Entry) -> ArraySlice<UInt8> { bytes[entry.range] }
}

/// The backup of a log that is a file: a consistent, compacted copy made while appends go on.
public protocol EventLogBackup: Sendable {
    /// Writes the copy into `directory` (new, or empty and the daemon's user's), with the files named in
    /// `files` (in the log's directory) beside it, and returns the tree head the copy holds.
    ///
    /// - Throws: ``LedgerError``: ``LedgerError/Code/invalidValue`` naming the rule the path breaks,
    ///   ``LedgerError/Code/backupExists`` when the directory is taken, ``LedgerError/Code/storageFull``.
    func backup(to directory: String, alongWith files: [String]) throws -> TreeHeadRecord
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
