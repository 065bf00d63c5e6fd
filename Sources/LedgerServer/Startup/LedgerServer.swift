import Foundation
import Hummingbird
import LedgerKit
import LedgerPostgreSQL
public import Logging
public import Prometheus
import ServiceLifecycle
import UnixSignals

/// `ledgerd` as a library: opens the configured event log and this node's views, and serves the API on
/// the Unix socket until SIGTERM or SIGINT, then stops in order (the server drains, the writer commits
/// what is pending, the ledger closes, the log's connections close).
public struct LedgerServer: Sendable {
    public let configuration: DaemonConfiguration
    public let metricsRegistry: PrometheusCollectorRegistry
    public let logger: Logger

    public init(configuration: DaemonConfiguration, metricsRegistry: PrometheusCollectorRegistry, logger: Logger) {
        self.configuration = configuration
        self.metricsRegistry = metricsRegistry
        self.logger = logger
    }

    /// Serves until a signal stops it.
    ///
    /// - Throws: ``StartupError`` or ``LedgerError`` with a sentence when it cannot start.
    public func run() async throws {
        let socketFile = SocketFile(path: configuration.socketPath)
        if try socketFile.prepare() {
            logger.notice("Removed a stale socket left by an earlier ledgerd", metadata: ["socket": "\(socketFile.path)"])
        }
        let lock = try DataDirectoryLock(directory: configuration.dataDirectory)
        defer {
            socketFile.remove()
            withExtendedLifetime(lock) {}
            logger.notice("Stopped", metadata: ["socket": "\(configuration.socketPath)"])
        }
        // The key is read first: a shared log checks it is the key its ledger is signed with.
        let signer = try CheckpointKey.loadOrCreate(in: configuration.dataDirectory, name: configuration.origin)
        let backend = try await StorageBackend.open(configuration, signer: signer)
        let node = NodeService(server: self, backend: backend, signer: signer, socketFile: socketFile)
        // A client that stops reading its answer must not hold a stop for ever: past the grace period the
        // server's connections are closed (the writer still finishes, see EventWriter). The log's own
        // services come first, so that they stop last.
        var group = ServiceGroupConfiguration(
            services: backend.services + [node], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        group.maximumGracefulShutdownDuration = .seconds(configuration.limits.shutdownGraceSeconds)
        // Past the grace period and as long again, the process ends whatever still waits (ShutdownDeadline).
        let deadline = ShutdownDeadline.watch(limit: .seconds(2 * configuration.limits.shutdownGraceSeconds + 5), logger: logger)
        defer { deadline.cancel() }
        try await ServiceGroup(configuration: group).run()
    }

    /// Drops every derived view, rebuilds it from the event log and returns (`ledgerd --rebuild-views`).
    public func rebuildViews() async throws {
        let lock = try DataDirectoryLock(directory: configuration.dataDirectory)
        defer { withExtendedLifetime(lock) {} }
        let signer = try CheckpointKey.loadOrCreate(in: configuration.dataDirectory, name: configuration.origin)
        let backend = try await StorageBackend.open(configuration, signer: signer)
        try await backend.whileRunning {
            let ledger = try await openLedger(on: backend.log)
            defer { ledger.close() }
            let before = try ledger.viewsDigest()
            let started = ContinuousClock.now
            try await ledger.rebuildViews { done, head in
                if done % 1_000_000 < 20_000 || done == head {
                    logger.info("Rebuilding the views", metadata: ["through": "\(done)", "head": "\(head)"])
                }
            }
            let (after, head) = (try ledger.viewsDigest(), try ledger.head())
            logger.notice(
                "Rebuilt the views", metadata: ["head": "\(head)", "digest": "\(after)", "seconds": "\(started.secondsSince)"])
            if before != after {
                logger.warning(
                    "The views before the rebuild differed from the event log; they are rebuilt now",
                    metadata: ["digest_before": "\(before)"])
            }
        }
    }

    /// Opens the ledger on `log`, saying how its views were found.
    func openLedger(on log: any EventLog) async throws -> Ledger {
        let opening = ContinuousClock.now
        let ledger = try await Ledger.open(
            log: log, directory: configuration.dataDirectory, configuration: configuration.ledgerConfiguration,
            logger: Logger(label: "ledger.store"))
        let head = try ledger.head()
        switch ledger.viewsAtOpen {
        case .caughtUp(let events):
            logger.info(
                "Views trusted", metadata: ["caught_up": "\(events)", "head": "\(head)", "seconds": "\(opening.secondsSince)"])
        case .rebuilt(let events, let reason):
            logger.notice(
                "Rebuilt the views from the log before serving",
                metadata: ["reason": "\(reason)", "events": "\(events)", "seconds": "\(opening.secondsSince)"])
        }
        return ledger
    }
}

/// This node: the ledger opened once the log runs, then the writer, the follower, the feed and the HTTP
/// server, in a group of their own that stops in reverse: the feed ends every follow, the server drains,
/// the follower and the writer stop, and the ledger closes last.
struct NodeService: Service {
    let server: LedgerServer
    let backend: StorageBackend
    let signer: NoteSigner
    let socketFile: SocketFile

    func run() async throws {
        let (configuration, logger) = (server.configuration, server.logger)
        let ledger = try await server.openLedger(on: backend.log)
        let head = try ledger.head()
        let metrics = LedgerMetrics()
        let feed = CommitFeed(head: head)
        let writer = EventWriter(ledger: ledger, feed: feed, metrics: metrics, logger: logger)
        let follower =
            backend.log.isShared
            ? LogFollower(
                ledger: ledger, writer: writer, interval: .milliseconds(configuration.storage.pollMilliseconds), logger: logger)
            : nil
        let parts = LedgerApplicationParts(
            ledger: ledger, writer: writer, feed: feed, follower: follower, metrics: metrics, signer: signer)
        let app = buildApplication(
            configuration: configuration, parts: parts, metricsRegistry: server.metricsRegistry, logger: logger
        ) {
            do {
                try socketFile.setAccess(mode: configuration.socketMode, group: configuration.socketGroup)
            } catch {
                logger.error("Cannot set the socket's access", metadata: ["reason": "\(error)"])
            }
            logger.notice(
                "Serving",
                metadata: [
                    "socket": "\(configuration.socketPath)", "data_dir": "\(configuration.dataDirectory)", "head": "\(head)",
                    "verifier_key": "\(signer.verifierKey)", "pid": "\(ProcessInfo.processInfo.processIdentifier)",
                ])
        }
        var services: [any Service] = [LedgerService(ledger: ledger), writer]
        if !configuration.storage.isDurable { services.append(SyncService(ledger: ledger, logger: logger)) }
        if let follower { services.append(follower) }
        services += [app, feed]
        try await ServiceGroup(services: services, logger: logger).run()
    }
}

/// The configured event log, and the services it needs running (a shared log's connections and listener).
struct StorageBackend: Sendable {
    let log: any EventLog
    let services: [any Service]

    static func open(_ configuration: DaemonConfiguration, signer: NoteSigner) async throws -> StorageBackend {
        switch configuration.storage.backend {
        case .lmdb:
            let log = try LMDBEventLog(
                directory: configuration.dataDirectory, configuration: configuration.ledgerConfiguration,
                logger: Logger(label: "ledger.log"))
            return StorageBackend(log: log, services: [])
        case .postgresql:
            let url: PostgreSQLURL
            do {
                url = try PostgreSQLURL(configuration.storage.postgreSQLURL ?? "")
            } catch {
                throw StartupError(error.description)
            }
            let log = try await PostgreSQLEventLog.open(
                url: url, origin: configuration.origin, verifierKey: signer.verifierKey, logger: Logger(label: "ledger.log"))
            return StorageBackend(log: log, services: [log])
        }
    }

    /// Runs `body` while the log's services run, then stops them.
    func whileRunning(_ body: @Sendable () async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for service in services { group.addTask { try await service.run() } }
            defer { group.cancelAll() }
            try await body()
        }
    }
}
