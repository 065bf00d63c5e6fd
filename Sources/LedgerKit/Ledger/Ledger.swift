import Foundation
public import Logging
import Synchronization

/// The ledger as its writer sees it: the durable event log (``EventLog``) and this node's views derived
/// from it, kept in step. A commit writes the log, then brings the views up to date, before anyone is
/// answered, so every read sees every acknowledged event. Reads go through ``queries``.
///
/// ```swift
/// let ledger = try await Ledger.open(directory: "/var/lib/ledger")
/// _ = try ledger.append(try EventDecoder.drafts(from: [json]), actor: "alice")
/// let belief = try ledger.queries.belief(subject: "strike:deir-ezzor:2015-12-06", horizon: .latest)
/// ```
///
/// At open it checks the views (``ViewsMark``): after a clean stop, or a crash of ledgerd alone, they are
/// caught up from the log; when the machine stopped while they were open, they are rebuilt before the
/// ledger answers anything.
public final class Ledger: Sendable {
    /// The durable record: the embedded LMDB log, or a shared one behind the same seam.
    public let log: any EventLog
    /// The directory of this node's files: the views, and the embedded log.
    public let directory: String
    let views: BeliefViews
    let clock: @Sendable () -> Timestamp
    let logger: Logger
    /// The settings it was opened with.
    public let configuration: LedgerConfiguration
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

    /// The reads of this ledger: belief, history, subjects, proofs and receipts.
    public var queries: LedgerQueries { LedgerQueries(views: views, log: log, configuration: configuration) }

    private init(
        log: any EventLog, views: BeliefViews, mark: ViewsMark, directory: String, configuration: LedgerConfiguration,
        logger: Logger, clock: @escaping @Sendable () -> Timestamp, viewsAtOpen: ViewsAtOpen
    ) {
        self.log = log
        self.views = views
        self.mark = mark
        self.directory = directory
        self.configuration = configuration
        self.logger = logger
        self.clock = clock
        self.viewsAtOpen = viewsAtOpen
    }

    /// Opens the ledger in `directory` (which must exist) on its embedded LMDB log, creating an empty one
    /// if there is none, with its views in `directory/views`.
    ///
    /// - Parameters:
    ///   - clock: The source of `recorded_at`; the ledger never lets it step back along `seq`.
    /// - Throws: ``LedgerError`` naming the directory when LMDB cannot open it.
    public static func open(
        directory: String, configuration: LedgerConfiguration = .init(), logger: Logger = Logger(label: "ledger"),
        clock: @escaping @Sendable () -> Timestamp = Timestamp.now
    ) async throws -> Ledger {
        let log = try LMDBEventLog(directory: directory, configuration: configuration, logger: logger)
        return try await open(log: log, directory: directory, configuration: configuration, logger: logger, clock: clock)
    }

    /// Opens the ledger on `log`, with this node's views in `directory/views`: they are built from the
    /// log, and follow it.
    ///
    /// - Throws: ``LedgerError`` when the log or the views cannot be read, or the log is damaged
    ///   (``LogDamage``).
    public static func open(
        log: any EventLog, directory: String, configuration: LedgerConfiguration = .init(),
        logger: Logger = Logger(label: "ledger"), clock: @escaping @Sendable () -> Timestamp = Timestamp.now
    ) async throws -> Ledger {
        let viewsDirectory = directory + "/views"
        let mark = ViewsMark(directory: viewsDirectory)
        var rebuildReason: String?
        if configuration.isReadOnly {
            rebuildReason = nil
        } else if case .openOtherBoot(let boot) = mark.state {
            rebuildReason = "the machine stopped while they were open (boot \(boot.isEmpty ? "unknown" : boot))"
            try removeViews(at: viewsDirectory)
        } else if !FileManager.default.fileExists(atPath: viewsDirectory + "/data.mdb"), try await log.head().seq > 0 {
            rebuildReason = "there were none"
        }
        try FileManager.default.createDirectory(
            atPath: viewsDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let views = try BeliefViews(directory: viewsDirectory, configuration: configuration.viewsEnvironment, logger: logger)
        if !configuration.isReadOnly { try mark.markOpen() }
        if rebuildReason == nil, let reason = try await viewsDisagree(with: log, views) {
            rebuildReason = reason
            try views.reset()
        }
        let caughtUp = try await catchUp(views, from: log, logger: logger)
        try await checkHeadRecord(of: log)
        return Ledger(
            log: log, views: views, mark: mark, directory: directory, configuration: configuration, logger: logger,
            clock: clock,
            viewsAtOpen: rebuildReason.map { .rebuilt(events: caughtUp, reason: $0) } ?? .caughtUp(events: caughtUp))
    }

    deinit {
        close()
    }

    /// Flushes the views and records a clean stop, so the next open trusts them without a rebuild. Called
    /// at graceful shutdown (and when the ledger is released).
    public func close() {
        let wasClosed = isClosed.withLock { closed in
            defer { closed = true }
            return closed
        }
        guard !wasClosed, !configuration.isReadOnly else { return }
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

    /// Flushes committed transactions to disk; only needed when the log is not durable.
    public func sync() throws {
        try log.sync()
        try views.sync()
    }

    /// The `seq` of the last event every reader sees, 0 for an empty ledger.
    public func head() throws -> UInt64 {
        try views.appliedThrough()
    }

    /// What this node's views hold in their own storage (beside the log's ``EventLog/statistics()``).
    public var viewsStatistics: StorageStatistics { views.statistics }
}
