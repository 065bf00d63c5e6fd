import LMDB
public import Logging

/// The event log in an LMDB environment (`data.mdb` in the data directory): `events` maps `seq` (8 bytes,
/// big-endian) to the event's canonical bytes and `leaves` to its Merkle leaf hash, both appended in
/// order; `meta` keeps the last `recorded_at` and how far a restore got. Each group of appends is one
/// write transaction, flushed to disk before it is acknowledged (``EnvironmentConfiguration/skipsSync``
/// trades that for speed).
///
/// Only this is durable; the views are rebuilt from it. A commit writes the new events and leaves,
/// sequentially, and one meta page: not the scattered index pages of the views. The leaf hashes are
/// kept because they are the ledger's commitment: a rebuild takes the tree from them, so an event whose
/// bytes were altered on disk is still caught by `audit verify`, as its bytes no longer give its leaf.
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

    let environment: Environment
    let events: Database
    let leaves: Database
    let meta: Database
    let logger: Logger

    /// The directory holding `data.mdb`.
    public var directory: String { environment.path }

    /// Opens the log in `directory` (which must exist), creating an empty one if there is none.
    ///
    /// - Throws: ``LedgerError`` naming the directory when LMDB cannot open it.
    public convenience init(
        directory: String, configuration: LedgerStoreConfiguration = .init(), logger: Logger = Logger(label: "ledger.log")
    ) throws {
        try self.init(directory: directory, environment: configuration.environment, logger: logger)
    }

    init(directory: String, environment configuration: EnvironmentConfiguration, logger: Logger) throws {
        do {
            environment = try Environment(path: directory, databases: Layout.all, configuration: configuration, logger: logger)
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
        events = environment.database(named: Layout.events)
        leaves = environment.database(named: Layout.leaves)
        meta = environment.database(named: Layout.meta)
        self.logger = logger
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
                guard key.count == 9, key[0] == 0 else { return false }
                batch.append((UInt64(bigEndianBytes: UnsafeRawBufferPointer(rebasing: key[1...]))! + 1, Array(value)))
                return true
            }
            for (seq, hash) in batch { try txn.put(hash, for: seq, in: leaves, options: .append) }
        }
    }

    public func head() throws -> LogHead {
        try read { txn in try head(in: txn) }
    }

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

    public func append(
        _ group: [WriteRequest], localFacts: (FactRequest, LogHead) throws -> LedgerFacts,
        plan: (LedgerFacts) -> AppendPlan
    ) throws -> AppendPlan {
        // One process writes this file, under the store's commit lock: the head stays put until the commit.
        let planned = plan(try localFacts(FactRequest(for: group), try head()))
        guard !planned.events.isEmpty || !planned.rewrites.isEmpty else { return planned }
        try write { txn in
            for event in planned.events {
                try txn.put(event.stored, for: event.seq, in: events, options: .append)
                try txn.put(event.leafHash, for: event.seq, in: leaves, options: .append)
            }
            for rewrite in planned.rewrites { try txn.put(rewrite.bytes, for: rewrite.seq, in: events) }
            if let last = planned.lastRecordedAt {
                try txn.put(UInt64(bitPattern: last.microsecondsSinceEpoch), for: Layout.lastRecordedAt, in: meta)
            }
            if let restored = planned.restoredThrough { try txn.put(restored, for: Layout.restoredThrough, in: meta) }
        }
        return planned
    }

    public var location: String { directory }

    public func storedBytes(at seqs: some Sequence<UInt64>) throws -> [UInt64: [UInt8]] {
        try read { txn in
            var found: [UInt64: [UInt8]] = [:]
            for seq in seqs { found[seq] = try txn.value(for: seq, in: events) }
            return found
        }
    }

    public func forEachEvent(in range: ClosedRange<UInt64>, _ body: (UInt64, UnsafeRawBufferPointer) throws -> Bool) throws {
        try read { txn in
            try txn.forEach(in: events, from: range.lowerBound) { key, value in
                guard let seq = UInt64(bigEndianBytes: key), seq <= range.upperBound else { return false }
                return try body(seq, value)
            }
        }
    }

    /// The leaf hashes committed for events `from` on, up to `limit` of them, in order.
    public func leafHashes(from: UInt64, limit: Int) throws -> [[UInt8]] {
        try read { txn in
            var hashes: [[UInt8]] = []
            guard limit > 0 else { return hashes }
            try txn.forEach(in: leaves, from: max(from, 1)) { _, value in
                hashes.append(Array(value))
                return hashes.count < limit
            }
            return hashes
        }
    }

    /// Visits events with `seq` in `range` with their committed leaf hashes, on one snapshot.
    public func forEachEventWithLeaf(
        in range: ClosedRange<UInt64>,
        _ body: (_ seq: UInt64, _ bytes: UnsafeRawBufferPointer, _ leafHash: [UInt8]?) throws -> Bool
    ) throws {
        try read { txn in
            try txn.forEach(in: events, from: range.lowerBound) { key, value in
                guard let seq = UInt64(bigEndianBytes: key), seq <= range.upperBound else { return false }
                let leaf = try txn.value(for: seq, in: leaves)
                return try body(seq, value, leaf)
            }
        }
    }

    public func event(seq: UInt64) throws -> StoredEvent? {
        try read { txn in try txn.withValue(for: seq, in: events) { $0.map { StoredEvent(seq: seq, bytes: Array($0)) } } }
    }

    /// Rewrites the data file with only live entries (see ``Environment/compact()``). Every read and
    /// append waits while it runs.
    public func compact() throws -> (before: Int, after: Int) {
        do {
            return try environment.compact()
        } catch let error as LMDBError {
            throw LedgerError.storage(error, at: directory)
        } catch {
            throw LedgerError(code: .storageFailure, message: "The ledger could not be compacted: \(error)")
        }
    }

    /// Flushes committed transactions to disk; only needed when ``EnvironmentConfiguration/skipsSync``.
    public func sync() throws {
        do {
            try environment.sync()
        } catch {
            throw LedgerError.storage(error, at: directory)
        }
    }

    func read<R>(_ body: (borrowing Transaction) throws -> R) throws -> R {
        do {
            return try environment.read(body)
        } catch let error as LMDBError {
            throw LedgerError.storage(error, at: directory)
        }
    }

    func write<R>(_ body: (borrowing Transaction) throws -> R) throws -> R {
        do {
            return try environment.write(body)
        } catch let error as LMDBError {
            throw LedgerError.storage(error, at: directory)
        }
    }
}
