public import LedgerKit
public import Logging
import NIOCore
import PostgresNIO
import Synchronization

/// The event log in a PostgreSQL database that several ledgerd nodes share (``PostgreSQLSchema``);
/// each node keeps its own views, built from this log and following it.
///
/// An append from any node is one transaction that locks the head row, brings the node's views up to
/// that head, checks every rule against them, writes the new events with their leaf hashes, moves the
/// head and commits: the lock held to commit serializes the nodes, so `seq` is dense and commit order
/// is `seq` order. A connection lost on the way answers `storage_unavailable` and writes nothing the
/// node acknowledges.
public final class PostgreSQLEventLog: EventLog {
    let sessions: PostgreSQLSessions
    /// Started by the first ``waitForAppends(timeout:)``: a node that never follows never listens.
    private let appendSignal: Mutex<PostgreSQLAppendSignal?> = Mutex(nil)
    /// Events a read asks the server for at a time.
    static let page = 2_000

    /// Connects to `url`, creating the schema in an empty database, and checks that the database holds
    /// the ledger `origin` signed by `verifierKey`.
    ///
    /// - Throws: ``LedgerError``: `storage_unavailable` naming the URL when the server cannot be reached,
    ///   `storage_failure` when the database holds another ledger.
    public init(url: PostgreSQLURL, origin: String, verifierKey: String, logger: Logger) throws {
        sessions = try PostgreSQLSessions(url: url, logger: logger)
        try sessions.withSession { session in
            try PostgreSQLSchema.prepare(session, origin: origin, verifierKey: verifierKey)
        }
    }

    public var location: String { sessions.url.description }

    public func head() throws -> LogHead {
        try sessions.withSession { session in try Self.head(session, locking: false) }
    }

    static func head(_ session: PostgreSQLSession, locking: Bool) throws -> LogHead {
        let rows = try session.query(
            locking
                ? "SELECT seq, last_recorded_at, restored_through FROM log_head WHERE id = 0 FOR UPDATE"
                : "SELECT seq, last_recorded_at, restored_through FROM log_head WHERE id = 0")
        guard let row = rows.first else {
            throw LedgerError(code: .storageFailure, message: "The database at \(session.url) has no log_head row.")
        }
        let (seq, lastRecordedAt, restoredThrough) = try row.decode((Int64, Int64?, Int64).self)
        let location = session.url.description
        var lastTime: Timestamp?
        if let lastRecordedAt {
            guard let time = Timestamp(validatingMicroseconds: lastRecordedAt) else {
                throw LogDamage.impossibleValue(field: "log_head.last_recorded_at", value: "\(lastRecordedAt)")
                    .error(location: location)
            }
            lastTime = time
        }
        return LogHead(
            seq: try position(seq, "log_head.seq", location), lastRecordedAt: lastTime,
            restoredThrough: try position(restoredThrough, "log_head.restored_through", location))
    }

    /// A seq or a size read from the database: a whole number from 0 on, or the log is damaged.
    static func position(_ value: Int64, _ field: String, _ location: String) throws -> UInt64 {
        guard let position = UInt64(exactly: value) else {
            throw LogDamage.impossibleValue(field: field, value: "\(value)").error(location: location)
        }
        return position
    }

    public func append(
        _ group: [WriteRequest], localFacts: (FactRequest, LogHead) throws -> LedgerFacts,
        plan: (LedgerFacts) -> AppendPlan
    ) throws -> AppendPlan {
        try sessions.withSession { session in
            try session.transaction {
                let head = try Self.head(session, locking: true)
                var request = FactRequest(for: group)
                request.treeEdge = true
                let facts = try localFacts(request, head)
                let planned = plan(facts)
                guard !planned.events.isEmpty || !planned.rewrites.isEmpty else { return planned }
                if !planned.events.isEmpty {
                    var ids: [ByteBuffer] = []
                    var seqs: [Int64] = []
                    var leaves: [ByteBuffer] = []
                    var bodies: [ByteBuffer] = []
                    for event in planned.events {
                        seqs.append(Int64(event.seq))
                        ids.append(ByteBuffer(string: event.event?.id ?? event.damagedID ?? "seq:\(event.seq)"))
                        leaves.append(ByteBuffer(bytes: event.leafHash))
                        bodies.append(ByteBuffer(bytes: event.stored))
                    }
                    try session.query(
                        """
                        INSERT INTO events (seq, event_id, leaf_hash, body)
                        SELECT * FROM unnest(\(seqs)::int8[], \(ids)::bytea[], \(leaves)::bytea[], \(bodies)::bytea[])
                        """)
                }
                for rewrite in planned.rewrites {
                    try session.query(
                        "UPDATE events SET body = \(ByteBuffer(bytes: rewrite.bytes)) WHERE seq = \(Int64(rewrite.seq))")
                }
                if !planned.events.isEmpty, var edge = facts.treeEdge {
                    // The root this group reaches, from this node's checked views: every node following the
                    // log checks the events against it before applying them.
                    for event in planned.events { edge.append(leafHash: event.leafHash) }
                    try session.query(
                        "INSERT INTO tree_heads (size, root_hash) VALUES (\(Int64(edge.size)), \(ByteBuffer(bytes: edge.root)))")
                }
                let lastRecordedAt = planned.lastRecordedAt?.microsecondsSinceEpoch
                let restored = Int64(planned.restoredThrough ?? head.restoredThrough)
                try session.query(
                    """
                    UPDATE log_head SET seq = \(Int64(planned.head)), last_recorded_at = \(lastRecordedAt),
                    restored_through = \(restored) WHERE id = 0
                    """)
                try session.query("SELECT pg_notify(\(PostgreSQLAppendSignal.channel), \(String(planned.head)))")
                return planned
            }
        }
    }

    public func forEachEvent(
        in range: ClosedRange<UInt64>, _ body: (_ seq: UInt64, _ bytes: UnsafeRawBufferPointer) throws -> Bool
    ) throws {
        try forEachEventWithLeaf(in: range) { seq, bytes, _ in try body(seq, bytes) }
    }

    public func forEachEventWithLeaf(
        in range: ClosedRange<UInt64>,
        _ body: (_ seq: UInt64, _ bytes: UnsafeRawBufferPointer, _ leafHash: [UInt8]?) throws -> Bool
    ) throws {
        var next = range.lowerBound
        while next <= range.upperBound {
            let rows = try sessions.withSession { session in
                try session.query(
                    """
                    SELECT seq, leaf_hash, body FROM events
                    WHERE seq >= \(Int64(clamping: next)) AND seq <= \(Int64(clamping: range.upperBound)) ORDER BY seq LIMIT \(Int64(Self.page))
                    """)
            }
            guard !rows.isEmpty else { return }
            for row in rows {
                let (rowSeq, leaf, bytes) = try row.decode((Int64, ByteBuffer, ByteBuffer).self)
                let seq = try Self.position(rowSeq, "events.seq", location)
                let goOn = try bytes.withUnsafeReadableBytes { stored in try body(seq, stored, Array(buffer: leaf)) }
                guard goOn else { return }
                next = seq + 1
            }
        }
    }

    public func event(seq: UInt64) throws -> StoredEvent? {
        try storedBytes(at: [seq])[seq].map { StoredEvent(seq: seq, bytes: $0) }
    }

    public func storedBytes(at seqs: some Sequence<UInt64>) throws -> [UInt64: [UInt8]] {
        let wanted = seqs.map { Int64(bitPattern: $0) }
        guard !wanted.isEmpty else { return [:] }
        let rows = try sessions.withSession { session in
            try session.query("SELECT seq, body FROM events WHERE seq = ANY(\(wanted)::int8[])")
        }
        var found: [UInt64: [UInt8]] = [:]
        for row in rows {
            let (seq, bytes) = try row.decode((Int64, ByteBuffer).self)
            found[try Self.position(seq, "events.seq", location)] = Array(buffer: bytes)
        }
        return found
    }

    public func leafHashes(from: UInt64, limit: Int) throws -> [[UInt8]] {
        guard limit > 0 else { return [] }
        let rows = try sessions.withSession { session in
            try session.query(
                "SELECT leaf_hash FROM events WHERE seq >= \(Int64(clamping: max(from, 1))) ORDER BY seq LIMIT \(Int64(limit))")
        }
        return try rows.map { Array(buffer: try $0.decode(ByteBuffer.self)) }
    }

    public func committedRoot(in sizes: ClosedRange<UInt64>) throws -> TreeHeadRecord? {
        let rows = try sessions.withSession { session in
            try session.query(
                """
                SELECT size, root_hash FROM tree_heads WHERE size >= \(Int64(clamping: sizes.lowerBound))
                AND size <= \(Int64(clamping: sizes.upperBound)) ORDER BY size DESC LIMIT 1
                """)
        }
        guard let row = rows.first else { return nil }
        let (size, root) = try row.decode((Int64, ByteBuffer).self)
        return TreeHeadRecord(size: try Self.position(size, "tree_heads.size", location), root: Array(buffer: root))
    }

    public func committedRoots(from size: UInt64, limit: Int) throws -> [TreeHeadRecord] {
        guard limit > 0 else { return [] }
        let rows = try sessions.withSession { session in
            try session.query(
                """
                SELECT size, root_hash FROM tree_heads WHERE size >= \(Int64(clamping: size))
                ORDER BY size LIMIT \(Int64(limit))
                """)
        }
        return try rows.map { row in
            let (size, root) = try row.decode((Int64, ByteBuffer).self)
            return TreeHeadRecord(size: try Self.position(size, "tree_heads.size", location), root: Array(buffer: root))
        }
    }

    public func waitForAppends(timeout: Duration) async {
        let signal = appendSignal.withLock { signal in
            if signal == nil { signal = sessions.appendSignal() }
            return signal!
        }
        await signal.wait(timeout: timeout)
    }

    /// `VACUUM FULL events`: rewrites the table without the dead row versions an erasure left behind, so
    /// the erased evidence is gone from the table's files (not from WAL archives, base backups or
    /// replicas: see the README). Appends wait while it runs.
    public func compact() throws -> (before: Int, after: Int) {
        try sessions.withSession { session in
            func size() throws -> Int {
                let rows = try session.query("SELECT pg_total_relation_size('events')")
                return Int(try rows.first?.decode(Int64.self) ?? 0)
            }
            let before = try size()
            try session.query("VACUUM FULL events")
            return (before, try size())
        }
    }

    /// Nothing to flush: every commit waited for the server's.
    public func sync() throws {}
}
