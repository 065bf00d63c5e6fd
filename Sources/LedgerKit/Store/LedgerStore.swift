import Foundation
import LMDB
public import Logging
import Synchronization

/// The ledger: its durable event log (``LMDBEventLog``) and the views derived from it (``BeliefViews``),
/// kept in step. A commit writes the log, then brings the views up to date, before anyone is answered,
/// so every read sees every acknowledged event.
///
/// ```swift
/// let store = try LedgerStore(directory: "/var/lib/ledger")
/// let result = try store.append(try EventDecoder.drafts(from: [json]), actor: "alice")
/// let belief = try store.belief(subject: "strike:deir-ezzor:2015-12-06", horizon: .latest)
/// ```
///
/// At open it checks the views (``ViewsMark``): after a clean stop, or a crash of ledgerd alone, they are
/// caught up from the log; when the machine stopped while they were open, they are rebuilt before the
/// store answers anything.
public final class LedgerStore: Sendable {
    /// The durable record: the embedded LMDB log, or a shared one (PostgreSQL) behind the same seam.
    public let log: any EventLog
    /// The log when it is the embedded LMDB file: backups, compaction and map metrics need it.
    public let embeddedLog: LMDBEventLog?
    /// The directory of this node's files: the LMDB log when it is embedded, and the views.
    public let directory: String
    public let views: BeliefViews
    let clock: @Sendable () -> Timestamp
    let logger: Logger
    /// The settings it was opened with.
    public let configuration: LedgerStoreConfiguration
    /// One commit at a time: the writer's thread, or a caller of ``append(_:actor:expectedHead:)``.
    let commitLock = Mutex(())
    private let mark: ViewsMark
    private let isClosed = Mutex(false)

    /// How the views were found at open, for the log.
    public enum ViewsAtOpen: Sendable, Equatable {
        /// Trusted as they were (after a clean stop, or a crash of the process alone), then caught up.
        case caughtUp(events: UInt64)
        /// Rebuilt from the log: missing, from another machine boot, or not from this log.
        case rebuilt(events: UInt64, reason: String)
    }

    /// What happened to the views at open.
    public let viewsAtOpen: ViewsAtOpen

    /// Opens the ledger in `directory` (which must exist), creating an empty one if there is none, and
    /// its views in `directory/views`.
    ///
    /// - Parameters:
    ///   - clock: The source of `recorded_at`; the store never lets it step back along `seq`.
    /// - Throws: ``LedgerError`` naming the directory when LMDB cannot open it.
    public convenience init(
        directory: String,
        configuration: LedgerStoreConfiguration = .init(),
        logger: Logger = Logger(label: "ledger.store"),
        clock: @escaping @Sendable () -> Timestamp = Timestamp.now
    ) throws {
        let log = try LMDBEventLog(directory: directory, environment: configuration.environment, logger: logger)
        try self.init(log: log, directory: directory, configuration: configuration, logger: logger, clock: clock)
    }

    /// Opens the ledger on `log`, with this node's views in `directory/views`: they are built from the
    /// log, and follow it.
    ///
    /// - Throws: ``LedgerError`` when the log or the views cannot be read.
    public init(
        log: any EventLog,
        directory: String,
        configuration: LedgerStoreConfiguration = .init(),
        logger: Logger = Logger(label: "ledger.store"),
        clock: @escaping @Sendable () -> Timestamp = Timestamp.now
    ) throws {
        self.configuration = configuration
        self.logger = logger
        self.clock = clock
        self.log = log
        embeddedLog = log as? LMDBEventLog
        self.directory = directory
        let viewsDirectory = directory + "/views"
        mark = ViewsMark(directory: viewsDirectory)
        var rebuildReason: String?
        if configuration.environment.isReadOnly {
            rebuildReason = nil
        } else if case .openOtherBoot(let boot) = mark.state {
            rebuildReason = "the machine stopped while they were open (boot \(boot.isEmpty ? "unknown" : boot))"
            try Self.removeViews(at: viewsDirectory)
        } else if !FileManager.default.fileExists(atPath: viewsDirectory + "/data.mdb"), try log.head().seq > 0 {
            rebuildReason = "there were none"
        }
        try FileManager.default.createDirectory(
            atPath: viewsDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        views = try BeliefViews(directory: viewsDirectory, configuration: configuration.viewsEnvironment, logger: logger)
        if !configuration.environment.isReadOnly { try mark.markOpen() }
        if rebuildReason == nil, let reason = try Self.viewsDisagree(with: log, views) {
            rebuildReason = reason
            try views.reset()
        }
        let caughtUp = try Self.catchUp(views, from: log, logger: logger)
        try Self.checkHeadRecord(of: log)
        viewsAtOpen = rebuildReason.map { .rebuilt(events: caughtUp, reason: $0) } ?? .caughtUp(events: caughtUp)
    }

    deinit {
        close()
    }

    /// Flushes the views and records a clean stop, so the next open trusts them without a rebuild. Called
    /// at graceful shutdown (and when the store is released).
    public func close() {
        let wasClosed = isClosed.withLock { closed in
            defer { closed = true }
            return closed
        }
        guard !wasClosed else { return }
        guard !configuration.environment.isReadOnly else { return }
        do {
            try views.sync()
            mark.markClean()
        } catch {
            logger.error("Cannot flush the views at close; the next start rebuilds them", metadata: ["error": "\(error)"])
        }
    }

    private static func removeViews(at directory: String) throws {
        for file in ["data.mdb", "lock.mdb"] {
            let path = directory + "/" + file
            if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
        }
    }

    /// Flushes committed transactions to disk; only needed when ``EnvironmentConfiguration/skipsSync``.
    public func sync() throws {
        try log.sync()
        try views.sync()
    }

    /// LMDB reader slots of the embedded log in use and available (of the views for a shared log).
    public var readers: (used: Int, maximum: Int) { (embeddedLog?.environment ?? views.environment).readers }

    /// How much of the embedded log's LMDB map is in use, in bytes (of the views' for a shared log).
    public var storageUse: (mapSize: Int, used: Int, maximum: Int) {
        let environment = embeddedLog?.environment ?? views.environment
        return (environment.mapSize, environment.usedSize, environment.configuration.maximumMapSize)
    }

    /// The `seq` of the last event every reader sees, 0 for an empty ledger.
    public func head() throws -> UInt64 {
        try views.appliedThrough()
    }

    /// What the log itself records beside its events, and one page of the tree heads it committed from
    /// size `from` on (none for an embedded log), read on one call each.
    public func logRecords(from: UInt64, limit: Int) throws -> LogRecordsResponse {
        let head = try log.head()
        let roots = try log.committedRoots(from: from, limit: limit)
        return LogRecordsResponse(
            location: log.location, head: head.seq, lastRecordedAt: head.lastRecordedAt?.rfc3339,
            restoredThrough: head.restoredThrough,
            treeHeads: roots.map { TreeHead(treeSize: $0.size, rootHash: Hex.encode($0.root)) },
            nextFrom: roots.count == limit ? roots.last.map { $0.size + 1 } : nil)
    }

    /// The event at `seq`, or `nil` past the head.
    public func event(seq: UInt64) throws -> StoredEvent? {
        try log.event(seq: seq)
    }

    /// The event with `id`, or `nil` if there is none.
    public func event(id: String) throws -> StoredEvent? {
        guard let seq = try views.read({ txn in try views.seq(ofID: id, in: txn) }) else { return nil }
        return try log.event(seq: seq)
    }

    /// Visits the events with `seq` in `range` in order, on one snapshot, until `body` returns false.
    ///
    /// - Warning: The buffer points into the memory map and must not escape `body`. Keep `body` fast:
    ///   a read snapshot held for long keeps LMDB from reusing freed pages. Page through a large range.
    public func forEachEvent(
        in range: ClosedRange<UInt64>, _ body: (_ seq: UInt64, _ bytes: UnsafeRawBufferPointer) throws -> Bool
    ) throws {
        try log.forEachEvent(in: range, body)
    }

    /// Copies up to `limit` events starting at `seq` `from`.
    public func events(from: UInt64, limit: Int) throws -> [StoredEvent] {
        var result: [StoredEvent] = []
        guard limit > 0 else { return result }
        try forEachEvent(in: max(from, 1)...UInt64.max) { seq, bytes in
            result.append(StoredEvent(seq: seq, bytes: Array(bytes)))
            return result.count < limit
        }
        return result
    }
}
