public import LedgerKit
public import Logging
import NIOCore
import NIOPosix
import PostgresNIO
public import ServiceLifecycle

/// The event log in a PostgreSQL database that several ledgerd nodes share (``PostgreSQLSchema``); each
/// node keeps its own views, built from this log and following it.
///
/// An append from any node is one transaction that locks the head row, brings the node's views up to that
/// head, checks every rule against them, writes the new events with their leaf hashes, records the root
/// they reach, moves the head and commits: the lock held to commit serializes the nodes, so `seq` is dense
/// and commit order is `seq` order. A connection lost on the way answers `storage_unavailable` and writes
/// nothing the node acknowledges.
///
/// A `Service`, as postgres-nio's own client is: ``run()`` runs the pooled client that serves reads and the
/// listener that wakes followers, and at the end closes every connection and its event loop.
public final class PostgreSQLEventLog: EventLog, Service {
    let url: PostgreSQLURL
    let logger: Logger
    private let eventLoopGroup: MultiThreadedEventLoopGroup
    private let connectionConfiguration: PostgresConnection.Configuration
    /// Reads: pooled connections, `async`, on the log's event loop.
    private let client: PostgresClient
    /// Writes: the writer thread's own connection.
    let writer: PostgreSQLWriterSession
    private let appendSignal = PostgreSQLAppendSignal()
    /// Events a read asks the server for at a time.
    static let page = 2_000

    private init(url: PostgreSQLURL, logger: Logger) throws {
        self.url = url
        self.logger = logger
        eventLoopGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        connectionConfiguration = try url.configuration()
        client = PostgresClient(
            configuration: url.clientConfiguration(), eventLoopGroup: eventLoopGroup, backgroundLogger: logger)
        writer = PostgreSQLWriterSession(
            url: url, configuration: connectionConfiguration, eventLoop: eventLoopGroup.next(), logger: logger)
    }

    /// Connects to `url`, creating the schema in an empty database, and checks that the database holds the
    /// ledger `origin` signed by `verifierKey`. Run the log (``run()``) before reading it.
    ///
    /// - Throws: ``LedgerError``: `storage_unavailable` naming the URL when the server cannot be reached,
    ///   `storage_failure` when the database holds another ledger.
    public static func open(
        url: PostgreSQLURL, origin: String, verifierKey: String, logger: Logger
    ) async throws
        -> PostgreSQLEventLog
    {
        let log = try PostgreSQLEventLog(url: url, logger: logger)
        do {
            let connection: PostgresConnection
            do {
                connection = try await PostgresConnection.connect(
                    on: log.eventLoopGroup.next(), configuration: log.connectionConfiguration, id: 1, logger: logger)
            } catch {
                throw PostgreSQLFailure.unavailable(url, error)
            }
            defer { Task { try? await connection.close() } }
            try await PostgreSQLSchema.prepare(connection, url: url, origin: origin, verifierKey: verifierKey, logger: logger)
        } catch {
            try? await log.eventLoopGroup.shutdownGracefully()
            throw error
        }
        return log
    }

    public func run() async throws {
        let (configuration, eventLoop, logger) = (connectionConfiguration, eventLoopGroup.next(), logger)
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { tasks in
                tasks.addTask { await self.client.run() }
                tasks.addTask {
                    await self.appendSignal.listen(configuration: configuration, eventLoop: eventLoop, logger: logger)
                }
            }
        }
        writer.close()
        try await eventLoopGroup.shutdownGracefully()
    }

    public var location: String { url.description }

    public var isShared: Bool { true }

    // MARK: Reads

    /// The rows of `query`, through the pooled client; a cancelled caller returns at once
    /// (``returningOnCancel(_:)``), even while the query waits for a connection.
    private func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        let (client, logger) = (client, logger)
        do {
            return try await returningOnCancel {
                var rows: [PostgresRow] = []
                for try await row in try await client.query(query, logger: logger) { rows.append(row) }
                return rows
            }
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw PostgreSQLFailure.error(error, url: url)
        }
    }

    public func head() async throws -> LogHead {
        try Self.head(try await rows(Self.headQuery(locking: false)), location: location)
    }

    static func headQuery(locking: Bool) -> PostgresQuery {
        locking
            ? "SELECT seq, last_recorded_at, restored_through FROM log_head WHERE id = 0 FOR UPDATE"
            : "SELECT seq, last_recorded_at, restored_through FROM log_head WHERE id = 0"
    }

    static func head(_ rows: [PostgresRow], location: String) throws -> LogHead {
        guard let row = rows.first else {
            throw LedgerError(code: .storageFailure, message: "The database at \(location) has no log_head row.")
        }
        let (seq, lastRecordedAt, restoredThrough) = try row.decode((Int64, Int64?, Int64).self)
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

    static func eventsQuery(in range: ClosedRange<UInt64>, limit: Int) -> PostgresQuery {
        """
        SELECT seq, leaf_hash, body FROM events WHERE seq >= \(Int64(clamping: range.lowerBound))
        AND seq <= \(Int64(clamping: range.upperBound)) ORDER BY seq LIMIT \(Int64(limit))
        """
    }

    static func page(_ rows: [PostgresRow], location: String) throws -> EventPage {
        var page = EventPage()
        for row in rows {
            let (seq, leaf, body) = try row.decode((Int64, ByteBuffer, ByteBuffer).self)
            page.append(
                seq: try position(seq, "events.seq", location), stored: body.readableBytesView, leafHash: Array(buffer: leaf))
        }
        return page
    }

    /// Always with the leaves: they come in the same rows.
    public func events(in range: ClosedRange<UInt64>, limit: Int, withLeaves: Bool) async throws -> EventPage {
        guard limit > 0 else { return EventPage() }
        return try Self.page(try await rows(Self.eventsQuery(in: range, limit: min(limit, Self.page))), location: location)
    }

    static func storedBytesQuery(_ seqs: [UInt64]) -> PostgresQuery {
        "SELECT seq, body FROM events WHERE seq = ANY(\(seqs.map { Int64(clamping: $0) })::int8[])"
    }

    static func storedBytes(_ rows: [PostgresRow], location: String) throws -> [UInt64: [UInt8]] {
        var found: [UInt64: [UInt8]] = [:]
        for row in rows {
            let (seq, bytes) = try row.decode((Int64, ByteBuffer).self)
            found[try position(seq, "events.seq", location)] = Array(buffer: bytes)
        }
        return found
    }

    public func storedBytes(at seqs: [UInt64]) async throws -> [UInt64: [UInt8]] {
        guard !seqs.isEmpty else { return [:] }
        return try Self.storedBytes(try await rows(Self.storedBytesQuery(seqs)), location: location)
    }

    public func leafHashes(from: UInt64, limit: Int) async throws -> [[UInt8]] {
        guard limit > 0 else { return [] }
        return try await rows(
            "SELECT leaf_hash FROM events WHERE seq >= \(Int64(clamping: max(from, 1))) ORDER BY seq LIMIT \(Int64(limit))"
        ).map { Array(buffer: try $0.decode(ByteBuffer.self)) }
    }

    static func committedRootQuery(_ sizes: ClosedRange<UInt64>) -> PostgresQuery {
        """
        SELECT size, root_hash FROM tree_heads WHERE size >= \(Int64(clamping: sizes.lowerBound))
        AND size <= \(Int64(clamping: sizes.upperBound)) ORDER BY size DESC LIMIT 1
        """
    }

    static func treeHeads(_ rows: [PostgresRow], location: String) throws -> [TreeHeadRecord] {
        try rows.map { row in
            let (size, root) = try row.decode((Int64, ByteBuffer).self)
            return TreeHeadRecord(size: try position(size, "tree_heads.size", location), root: Array(buffer: root))
        }
    }

    public func committedRoot(in sizes: ClosedRange<UInt64>) async throws -> TreeHeadRecord? {
        try Self.treeHeads(try await rows(Self.committedRootQuery(sizes)), location: location).first
    }

    public func committedRoots(from size: UInt64, limit: Int) async throws -> [TreeHeadRecord] {
        guard limit > 0 else { return [] }
        return try Self.treeHeads(
            try await rows(
                "SELECT size, root_hash FROM tree_heads WHERE size >= \(Int64(clamping: size)) ORDER BY size LIMIT \(Int64(limit))"
            ),
            location: location)
    }

    public func statistics() async throws -> StorageStatistics {
        let rows = try await rows(
            "SELECT pg_total_relation_size('events') + pg_total_relation_size('tree_heads') + pg_total_relation_size('log_head')")
        return StorageStatistics(usedBytes: Int(try rows.first?.decode(Int64.self) ?? 0))
    }

    public func waitForAppends(timeout: Duration) async {
        await appendSignal.wait(timeout: timeout)
    }

    // MARK: Writes

    public func withAppendTransaction<R>(_ body: (inout any AppendTransaction) throws -> R) throws -> R {
        try writer.transaction { session in
            let head = try Self.head(try session.query(Self.headQuery(locking: true)), location: location)
            var append: any AppendTransaction = PostgreSQLAppendTransaction(log: self, session: session, head: head)
            return try body(&append)
        }
    }

    /// `VACUUM FULL events`: rewrites the table without the dead row versions an erasure left behind, so
    /// the erased evidence is gone from the table's files (not from WAL archives, base backups or
    /// replicas: see docs/postgresql.md). Appends wait while it runs.
    ///
    /// PostgreSQL keeps a dead version while a snapshot taken before it died may still see it (a
    /// session idle in a transaction, a backend still connecting, or a transaction in any database of
    /// the server, which holds back the rewrite's own snapshot). So the rewrite first waits, up to
    /// ``snapshotWait``, until every snapshot older than the call has ended, and refuses with a
    /// sentence naming the sessions that still hold one.
    public func compact() async throws -> (before: Int, after: Int) {
        try await client.withConnection { connection in
            func size() async throws -> Int {
                let rows = try await connection.query("SELECT pg_total_relation_size('events')", logger: logger)
                for try await size in rows.decode(Int64.self) { return Int(size) }
                return 0
            }
            do {
                let holders = try await Self.waitForOlderSnapshots(on: connection, upTo: Self.snapshotWait, logger: logger)
                if !holders.isEmpty {
                    throw LedgerError(
                        code: .storageUnavailable,
                        message: "PostgreSQL sessions with snapshots older than this compaction are still open ("
                            + holders.joined(separator: "; ") + "); it would keep the erased evidence's old row versions. "
                            + "End those transactions (see pg_stat_activity), then run compact again.")
                }
                let before = try await size()
                try await connection.query("VACUUM FULL events", logger: logger)
                return (before, try await size())
            } catch {
                throw PostgreSQLFailure.error(error, url: url)
            }
        }
    }

    /// How long ``compact()`` waits for snapshots older than itself to end.
    static let snapshotWait = Duration.seconds(10)

    /// Waits until nothing that could still see a row version the call's own transaction saw die is
    /// left: no session of this database (or one not yet in any) with a snapshot older than now, and no
    /// transaction anywhere on the server that was running then (`VACUUM FULL`'s own snapshot counts
    /// those, whatever their database). Returns what still holds one after `limit`, described for a person.
    private static func waitForOlderSnapshots(
        on connection: PostgresConnection, upTo limit: Duration, logger: Logger
    ) async throws -> [String] {
        var now = ""
        for try await xid in try await connection.query("SELECT pg_current_xact_id()::text", logger: logger)
            .decode(String.self)
        {
            now = xid
        }
        let deadline = ContinuousClock.now + limit
        while true {
            var holders: [String] = []
            let sessions = try await connection.query(
                """
                SELECT pid::text || ' ' || coalesce(state, 'starting') || coalesce(' as ' || usename::text, '')
                  || coalesce(' from ' || nullif(application_name, ''), '')
                FROM pg_stat_activity
                WHERE pid <> pg_backend_pid() AND backend_xmin IS NOT NULL
                  AND (datid IS NULL OR datid = (SELECT oid FROM pg_database WHERE datname = current_database()))
                  AND age(backend_xmin) >= age(xid(\(now)::text::xid8))
                """, logger: logger)
            for try await holder in sessions.decode(String.self) { holders.append(holder) }
            let running = try await connection.query(
                """
                SELECT CASE WHEN pg_snapshot_xmin(pg_current_snapshot()) > \(now)::text::xid8 THEN ''
                  ELSE coalesce((SELECT string_agg(pid::text || ' in database ' || coalesce(datname::text, '?'), ', ')
                    FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND backend_xid IS NOT NULL
                      AND age(backend_xid) >= age(xid(\(now)::text::xid8))), 'one this role may not see')
                  END
                """, logger: logger)
            for try await transactions in running.decode(String.self) where !transactions.isEmpty {
                holders.append("a transaction begun earlier elsewhere on the server: " + transactions)
            }
            if holders.isEmpty || ContinuousClock.now >= deadline { return holders }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Nothing to flush: every commit waited for the server's.
    public func sync() throws {}
}

/// A shared log's side of a commit: queries on the writer's connection, inside the transaction that holds
/// the head row's lock.
struct PostgreSQLAppendTransaction: AppendTransaction {
    let log: PostgreSQLEventLog
    let session: PostgreSQLWriterSession
    let head: LogHead

    var recordsRoots: Bool { true }

    func events(in range: ClosedRange<UInt64>, limit: Int) throws -> EventPage {
        try PostgreSQLEventLog.page(
            try session.query(PostgreSQLEventLog.eventsQuery(in: range, limit: min(limit, PostgreSQLEventLog.page))),
            location: log.location)
    }

    func storedBytes(at seqs: [UInt64]) throws -> [UInt64: [UInt8]] {
        guard !seqs.isEmpty else { return [:] }
        return try PostgreSQLEventLog.storedBytes(
            try session.query(PostgreSQLEventLog.storedBytesQuery(seqs)), location: log.location)
    }

    func committedRoot(in sizes: ClosedRange<UInt64>) throws -> TreeHeadRecord? {
        try PostgreSQLEventLog.treeHeads(
            try session.query(PostgreSQLEventLog.committedRootQuery(sizes)), location: log.location
        ).first
    }

    mutating func write(_ plan: AppendPlan, reaching edge: MerkleRightEdge?) throws {
        if !plan.events.isEmpty {
            var ids: [ByteBuffer] = []
            var seqs: [Int64] = []
            var leaves: [ByteBuffer] = []
            var bodies: [ByteBuffer] = []
            for event in plan.events {
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
        for rewrite in plan.rewrites {
            try session.query("UPDATE events SET body = \(ByteBuffer(bytes: rewrite.bytes)) WHERE seq = \(Int64(rewrite.seq))")
        }
        if !plan.events.isEmpty, var edge {
            // The root this group reaches, from this node's checked views: every node following the log
            // checks the events against it before applying them.
            for event in plan.events { edge.append(leafHash: event.leafHash) }
            try session.query(
                "INSERT INTO tree_heads (size, root_hash) VALUES (\(Int64(edge.size)), \(ByteBuffer(bytes: edge.root)))")
        }
        let lastRecordedAt = plan.lastRecordedAt?.microsecondsSinceEpoch
        let restored = Int64(plan.restoredThrough ?? head.restoredThrough)
        try session.query(
            """
            UPDATE log_head SET seq = \(Int64(plan.head)), last_recorded_at = \(lastRecordedAt),
            restored_through = \(restored) WHERE id = 0
            """)
        try session.query("SELECT pg_notify(\(PostgreSQLAppendSignal.channel), \(String(plan.head)))")
    }
}
