import ArgumentParser
import Foundation
import Hummingbird
import LedgerKit
import LedgerPostgreSQL
import Logging
import Metrics
import Prometheus
import ServiceLifecycle
import UnixSignals

/// `ledgerd`: stores claims in LMDB and serves the ledger's HTTP/JSON API on a Unix socket.
@main
struct LedgerDaemon: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledgerd",
        abstract: "Serve the fact ledger on a Unix socket.",
        discussion: """
            With no options ledgerd runs on its embedded defaults: data in .ledger/data under the working \
            directory, socket at $XDG_RUNTIME_DIR/ledgerd.sock (or .ledger/ledgerd.sock). config/ledgerd.toml \
            documents every setting; flags override the file.
            """,
        version: LedgerDefaults.version)

    @Option(help: "A TOML configuration file (see config/ledgerd.toml).")
    var config: String?

    @Option(help: "The Unix socket to serve on.")
    var socket: String?

    @Option(name: .customLong("data-dir"), help: "The directory of the LMDB data files.")
    var dataDir: String?

    @Option(
        name: .customLong("postgresql"),
        help:
            "Keep the event log in this PostgreSQL database (postgresql://USER@/DATABASE?host=/run/postgresql), shared with other ledgerd nodes; the views stay in --data-dir."
    )
    var postgreSQL: String?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String?

    @Flag(
        name: [.customLong("rebuild-views"), .customLong("rebuild-projections")],
        help: "Drop every derived view (belief views, indexes, the Merkle tree), rebuild it from the event log, and exit.")
    var rebuildViews = false

    func run() async throws {
        let configuration: DaemonConfiguration
        do {
            configuration = try resolvedConfiguration()
        } catch {
            FileHandle.standardError.write(Data("ledgerd: \(error)\n".utf8))
            throw ExitCode(2)
        }
        let level = configuration.logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "ledgerd")
        let metricsRegistry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: metricsRegistry))
        do {
            try await serve(configuration, metricsRegistry: metricsRegistry, logger: logger)
        } catch let error as StartupError {
            logger.critical("Cannot start: \(error.description)")
            throw ExitCode(1)
        } catch let error as LedgerError {
            logger.critical("Cannot start: \(error.message)")
            throw ExitCode(1)
        }
    }

    private func resolvedConfiguration() throws -> DaemonConfiguration {
        var configuration = DaemonConfiguration()
        if let config { try configuration.apply(tomlFile: config) }
        if let socket { configuration.socketPath = socket }
        if let dataDir { configuration.dataDirectory = dataDir }
        if let postgreSQL {
            configuration.storage.backend = .postgresql
            configuration.storage.postgreSQLURL = postgreSQL
        }
        if let logLevel {
            guard let level = Logger.Level(rawValue: logLevel) else {
                throw ValidationError("--log-level must be trace, debug, info, notice, warning, error or critical.")
            }
            configuration.logLevel = level
        }
        return configuration
    }

    private func serve(
        _ configuration: DaemonConfiguration, metricsRegistry: PrometheusCollectorRegistry, logger: Logger
    ) async throws {
        let socketFile = SocketFile(path: configuration.socketPath)
        if try socketFile.prepare() {
            logger.notice("Removed a stale socket left by an earlier ledgerd", metadata: ["socket": "\(socketFile.path)"])
        }
        let lock = try DataDirectoryLock(directory: configuration.dataDirectory)
        let opening = ContinuousClock.now
        // The key is read first: a shared log checks it is the key its ledger is signed with.
        let signer = try CheckpointKey.loadOrCreate(in: configuration.dataDirectory, name: configuration.origin)
        let store = try openStore(configuration, signer: signer)
        defer { store.close() }
        let head = try store.head()
        switch store.viewsAtOpen {
        case .caughtUp(let events):
            logger.info(
                "Views trusted", metadata: ["caught_up": "\(events)", "head": "\(head)", "seconds": "\(opening.secondsSince)"])
        case .rebuilt(let events, let reason):
            logger.notice(
                "Rebuilt the views from the log before serving",
                metadata: ["reason": "\(reason)", "events": "\(events)", "seconds": "\(opening.secondsSince)"])
        }
        if rebuildViews {
            let before = try store.viewsDigest()
            let started = ContinuousClock.now
            try store.rebuildViews { done, head in
                if done % 1_000_000 < 20_000 || done == head {
                    logger.info("Rebuilding the views", metadata: ["through": "\(done)", "head": "\(head)"])
                }
            }
            let after = try store.viewsDigest()
            logger.notice(
                "Rebuilt the views", metadata: ["head": "\(head)", "digest": "\(after)", "seconds": "\(started.secondsSince)"])
            if before != after {
                logger.warning(
                    "The views before the rebuild differed from the event log; they are rebuilt now",
                    metadata: ["digest_before": "\(before)"])
            }
            return
        }
        let app = buildApplication(
            configuration: configuration, store: store, signer: signer, metricsRegistry: metricsRegistry, logger: logger
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
                    "verifier_key": "\(signer.verifierKey)",
                    "pid": "\(ProcessInfo.processInfo.processIdentifier)",
                ])
        }
        defer {
            socketFile.remove()
            withExtendedLifetime(lock) {}
            logger.notice("Stopped", metadata: ["socket": "\(configuration.socketPath)"])
        }
        // A client that stops reading its answer must not hold a stop for ever: past the grace period the
        // server's connections are closed (the writer still finishes, see EventWriter).
        var group = ServiceGroupConfiguration(services: [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        group.maximumGracefulShutdownDuration = .seconds(configuration.limits.shutdownGraceSeconds)
        try await ServiceGroup(configuration: group).run()
    }
}

extension LedgerDaemon {
    /// The store on the configured log: the embedded LMDB file, or a shared PostgreSQL database.
    private func openStore(_ configuration: DaemonConfiguration, signer: NoteSigner) throws -> LedgerStore {
        let logger = Logger(label: "ledger.store")
        switch configuration.storage.backend {
        case .lmdb:
            return try LedgerStore(
                directory: configuration.dataDirectory, configuration: configuration.storeConfiguration, logger: logger)
        case .postgresql:
            let url: PostgreSQLURL
            do {
                url = try PostgreSQLURL(configuration.storage.postgreSQLURL ?? "")
            } catch {
                throw StartupError(error.description)
            }
            let log = try PostgreSQLEventLog(
                url: url, origin: configuration.origin, verifierKey: signer.verifierKey, logger: Logger(label: "ledger.log"))
            return try LedgerStore(
                log: log, directory: configuration.dataDirectory, configuration: configuration.storeConfiguration,
                logger: logger)
        }
    }
}

extension ContinuousClock.Instant {
    /// Seconds from this instant to now.
    var secondsSince: Double {
        let elapsed = ContinuousClock.now - self
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}
