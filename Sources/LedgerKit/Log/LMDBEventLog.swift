import LMDB
public import Logging

/// The event log in an LMDB environment (`data.mdb` in the data directory): `events` maps `seq` (8 bytes,
/// big-endian) to the event's canonical bytes and `leaves` to its Merkle leaf hash, both appended in
/// order; `meta` keeps the last `recorded_at` and how far a restore got. Each group of appends is one
/// write transaction, flushed to disk before it is acknowledged (``LedgerConfiguration/isDurable``
/// trades that for speed).
///
/// Only this is durable; the views are rebuilt from it. A commit writes the new events and leaves,
/// sequentially, and one meta page: not the scattered index pages of the views. The leaf hashes are
/// kept because they are the ledger's commitment: a rebuild takes the tree from them, so an event whose
/// bytes were altered on disk is still caught by `audit verify`, as its bytes no longer give its leaf.
///
/// Reads are of the memory map: they answer at once and never wait for the writer.
public final class LMDBEventLog: EventLog {
    enum Layout {
        static let events = "events"
        static let leaves = "leaves"
        static let meta = "meta"
        static let all = [events, leaves, meta]
        /// Derived databases an earlier release kept in this file; dropped at open (the views rebuild them).
        static let legacy = [
            "event_ids", "retractions", "erasures", "subject_claims", "subjects", "source_claims", "merkle_nodes",
        ]
        /// In `meta`: the `recorded_at` of the last event, in microseconds (8 bytes, big-endian).
        static let lastRecordedAt = "last_recorded_at"
        /// In `meta`: the head a restore reached, while the ledger holds nothing else.
        static let restoredThrough = "restored_through"
    }

    let storage: LMDBStorage
    let events: Database
    let leaves: Database
    let meta: Database
    let logger: Logger
    /// The settings it was opened with (a backup reopens its copy with them, read-only).
    let configuration: LedgerConfiguration

    /// The directory holding `data.mdb`.
    public var directory: String { storage.directory }

    /// Opens the log in `directory` (which must exist), creating an empty one if there is none.
    ///
    /// - Throws: ``LedgerError`` naming the directory when LMDB cannot open it.
    public init(
        directory: String, configuration: LedgerConfiguration = .init(), logger: Logger = Logger(label: "ledger.log")
    ) throws {
        let environment: Environment
        do {
            environment = try Environment(
                path: directory, databases: Layout.all, configuration: configuration.environment, logger: logger)
            if !configuration.isReadOnly {
                try Self.keepLegacyLeaves(in: environment)
                let dropped = try environment.dropDatabases(named: Layout.legacy)
                if !dropped.isEmpty {
                    logger.notice(
                        "Dropped the derived databases of an earlier release; the views are rebuilt from the log",
                        metadata: ["dropped": "\(dropped.joined(separator: ","))", "path": "\(directory)"])
                }
            }
        } catch {
            let reason = (error as? LMDBError).map { "\($0.message) (\($0.function))" } ?? "\(error)"
            throw LedgerError(
                code: .storageFailure,
                message: "The ledger at \(directory) cannot be opened: \(reason). Check that the directory exists and is "
                    + "writable by this user.")
        }
        storage = LMDBStorage(environment: environment)
        events = environment.database(named: Layout.events)
        leaves = environment.database(named: Layout.leaves)
        meta = environment.database(named: Layout.meta)
        self.logger = logger
        self.configuration = configuration
    }

    /// An earlier release kept every Merkle node in this file; its level 0, the leaf hashes committed at
    /// append time, moves to `leaves` before the rest is dropped.
    private static func keepLegacyLeaves(in environment: Environment) throws {
        let legacy = try environment.openExistingDatabase(named: "merkle_nodes")
        guard let legacy else { return }
        let leaves = environment.database(named: Layout.leaves)
        try environment.write { txn in
            guard try txn.count(in: leaves) == 0 else { return }
            var batch: [(UInt64, [UInt8])] = []
            try txn.forEach(in: legacy, from: [UInt8](repeating: 0, count: 9)) { key, value in
                guard key.count == 9, key[0] == 0, let index = UInt64(bigEndianBytes: UnsafeRawBufferPointer(rebasing: key[1...]))
                else { return false }
                batch.append((index + 1, Array(value)))
                return true
            }
            for (seq, hash) in batch { try txn.put(hash, for: seq, in: leaves, options: .append) }
        }
    }

    public var location: String { directory }

    public var isShared: Bool { false }

    // MARK: Reads

    public func head() async throws -> LogHead {
        try storage.read { txn in try head(in: txn) }
    }

    /// The head as `txn` sees it.
    func head(in txn: borrowing Transaction) throws -> LogHead {
        let seq = try txn.withCursor(on: events) { cursor in
            try cursor.move(.last) ? UInt64(bigEndianBytes: cursor.key) ?? 0 : 0
        }
        guard seq > 0 else { return LogHead(seq: 0, lastRecordedAt: nil) }
        var lastRecordedAt = try txn.withValue(for: Layout.lastRecordedAt, in: meta) { bytes in
            bytes.flatMap { UInt64(bigEndianBytes: $0) }.flatMap { Timestamp(validatingMicroseconds: Int64(bitPattern: $0)) }
        }
        if lastRecordedAt == nil {
            // A log written before the key existed: read the member from the last event's bytes; if even
            // that fails, the clock will do rather than stop every append.
            lastRecordedAt = try txn.withValue(for: seq, in: events) { $0.flatMap(StoredEventLine.recordedAt(of:)) }
            if lastRecordedAt == nil {
                logger.error(
                    "The last event's recorded_at cannot be read; the next appends use the clock", metadata: ["seq": "\(seq)"])
            }
        }
        let restored = try txn.withValue(for: Layout.restoredThrough, in: meta) { $0.flatMap { UInt64(bigEndianBytes: $0) } } ?? 0
        return LogHead(seq: seq, lastRecordedAt: lastRecordedAt, restoredThrough: restored)
    }

    public func events(in range: ClosedRange<UInt64>, limit: Int, withLeaves: Bool) async throws -> EventPage {
        try storage.read { txn in
            try txn.withUnsafeReference { try events(in: range, limit: limit, withLeaves: withLeaves, txn: $0) }
        }
    }

    func events(
        in range: ClosedRange<UInt64>, limit: Int, withLeaves: Bool = true, txn: UnsafeTransaction
    ) throws
        -> EventPage
    {
        var page = EventPage()
        guard limit > 0 else { return page }
        try txn.forEach(in: events, from: range.lowerBound) { key, value in
            guard let seq = UInt64(bigEndianBytes: key), seq <= range.upperBound else { return false }
            page.append(seq: seq, stored: value, leafHash: withLeaves ? try txn.value(for: seq, in: leaves) : nil)
            return page.count < limit
        }
        return page
    }

    public func storedBytes(at seqs: [UInt64]) async throws -> [UInt64: [UInt8]] {
        try storage.read { txn in try txn.withUnsafeReference { try storedBytes(at: seqs, txn: $0) } }
    }

    func storedBytes(at seqs: [UInt64], txn: UnsafeTransaction) throws -> [UInt64: [UInt8]] {
        var found: [UInt64: [UInt8]] = [:]
        for seq in seqs { found[seq] = try txn.value(for: seq, in: events) }
        return found
    }

    public func leafHashes(from: UInt64, limit: Int) async throws -> [[UInt8]] {
        try storage.read { txn in
            var hashes: [[UInt8]] = []
            guard limit > 0 else { return hashes }
            try txn.forEach(in: leaves, from: max(from, 1)) { _, value in
                hashes.append(Array(value))
                return hashes.count < limit
            }
            return hashes
        }
    }

    public func statistics() async throws -> StorageStatistics {
        storage.statistics
    }

    // MARK: Writes

    public func withAppendTransaction<R>(_ body: (inout any AppendTransaction) throws -> R) throws -> R {
        try storage.write { txn in
            try txn.withUnsafeReference { reference in
                // The head is read inside the write transaction it is written in: nothing moves it between.
                var append: any AppendTransaction = LMDBAppendTransaction(log: self, txn: reference, head: try head(in: txn))
                return try body(&append)
            }
        }
    }

    /// Rewrites the data file with only live entries (LMDB's compacting copy, put in place of the file).
    /// Every read and append waits while it runs; it runs on a thread of its own.
    public func compact() async throws -> (before: Int, after: Int) {
        let storage = self.storage
        return try await ThreadOfItsOwn.run(name: "ledger.compact") { try storage.compact() }
    }

    /// Flushes committed transactions to disk; only needed when the log is not durable.
    public func sync() throws {
        try storage.sync()
    }

    public var backup: (any EventLogBackup)? { self }
}

/// The embedded log's side of a commit: reads and writes in its one write transaction.
struct LMDBAppendTransaction: AppendTransaction {
    let log: LMDBEventLog
    let txn: UnsafeTransaction
    let head: LogHead

    var recordsRoots: Bool { false }

    func events(in range: ClosedRange<UInt64>, limit: Int) throws -> EventPage {
        try log.events(in: range, limit: limit, txn: txn)
    }

    func storedBytes(at seqs: [UInt64]) throws -> [UInt64: [UInt8]] {
        try log.storedBytes(at: seqs, txn: txn)
    }

    func committedRoot(in sizes: ClosedRange<UInt64>) throws -> TreeHeadRecord? { nil }

    // LMDB's errors pass through unconverted: a full map must reach `Environment.write`, which grows
    // the map and runs the transaction again; `LMDBStorage.write` words whatever is left.
    mutating func write(_ plan: AppendPlan, reaching edge: MerkleRightEdge?) throws {
        for event in plan.events {
            try txn.put(event.stored, for: event.seq, in: log.events, options: .append)
            try txn.put(event.leafHash, for: event.seq, in: log.leaves, options: .append)
        }
        for rewrite in plan.rewrites { try txn.put(rewrite.bytes, for: rewrite.seq, in: log.events) }
        if let last = plan.lastRecordedAt {
            try txn.put(
                UInt64(bitPattern: last.microsecondsSinceEpoch), for: LMDBEventLog.Layout.lastRecordedAt, in: log.meta)
        }
        if let restored = plan.restoredThrough {
            try txn.put(restored, for: LMDBEventLog.Layout.restoredThrough, in: log.meta)
        }
    }
}

@available(*, unavailable, message: "An LMDB transaction belongs to the thread running its body.")
extension LMDBAppendTransaction: Sendable {}
