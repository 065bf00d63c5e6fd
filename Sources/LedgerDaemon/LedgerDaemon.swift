import ArgumentParser
import Foundation
import LedgerKit
import LedgerServer
import Logging
import Metrics
import Prometheus

/// `ledgerd`: stores claims in an event log and serves the ledger's HTTP/JSON API on a Unix socket.
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

    @Option(name: .customLong("data-dir"), help: "The directory of the data files (the embedded log and the views).")
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
        var configuration = DaemonConfiguration()
        do {
            if let config { try configuration.apply(tomlFile: config) }
            try configuration.override(socket: socket, dataDirectory: dataDir, postgreSQL: postgreSQL, logLevel: logLevel)
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
        let server = LedgerServer(configuration: configuration, metricsRegistry: metricsRegistry, logger: logger)
        do {
            if rebuildViews { try await server.rebuildViews() } else { try await server.run() }
        } catch let error as StartupError {
            logger.critical("Cannot start: \(error.description)")
            throw ExitCode(1)
        } catch let error as LedgerError {
            logger.critical("Cannot start: \(error.message)")
            throw ExitCode(1)
        }
    }
}
