import Hummingbird
import HummingbirdCore
import LedgerKit
import Logging
import NIOCore
import Prometheus

#if canImport(Glibc)
import Glibc
#endif

/// Builds the HTTP application serving `store` on the configured Unix socket.
///
/// - Parameter onServerRunning: Called once the socket is bound and accepting.
func buildApplication(
    configuration: DaemonConfiguration, store: LedgerStore, signer: NoteSigner, metricsRegistry: PrometheusCollectorRegistry,
    logger: Logger, onServerRunning: @escaping @Sendable () async -> Void = {}
) -> some ApplicationProtocol {
    let access = AccessControl(policy: configuration.access, daemonUID: getuid())
    let router = Router(context: LedgerRequestContext.self)
    router.add(middleware: MetricsMiddleware())
    let routes = RouteMethods()
    router.add(middleware: APIErrorMiddleware(routes: routes))
    router.add(
        middleware: MinimumHeadMiddleware(store: store, wait: .milliseconds(configuration.storage.readWaitMilliseconds)))
    let metrics = LedgerMetrics()
    let feed = CommitFeed(head: (try? store.head()) ?? 0)
    let writer = EventWriter(store: store, feed: feed, metrics: metrics, logger: logger)
    EventsController(
        store: store, writer: writer, feed: feed, access: access, limits: configuration.limits, metrics: metrics
    ).addRoutes(to: router)
    AdminController(store: store, writer: writer, access: access, limits: configuration.limits, logger: logger).addRoutes(
        to: router)
    MetricsController(store: store, access: access, registry: metricsRegistry, metrics: metrics).addRoutes(to: router)
    BeliefController(store: store, access: access).addRoutes(to: router)
    AuditController(store: store, access: access, signer: signer, origin: configuration.origin).addRoutes(to: router)
    StatusController(
        store: store, writer: writer, access: access, socketPath: configuration.socketPath, verifierKey: signer.verifierKey,
        startedAt: .now
    ).addRoutes(to: router)

    routes.record(router)

    let limits = configuration.limits
    let http1 = HTTP1Channel.Configuration(
        additionalChannelHandlers: [ParseErrorBodyHandler(), FinishWritesBeforeCloseHandler()],
        idleTimeout: .seconds(Int64(limits.idleTimeoutSeconds)),
        httpDecoderConfiguration: .init(
            maxHeaderFieldSize: limits.maximumHeaderBytes, maxHeaderListSize: limits.maximumHeaderBytes,
            maxHeaderFieldCount: 100))
    return Application(
        router: router,
        server: .http1WithPeerCredentials(configuration: http1, maximumBodyBytes: limits.maximumRequestBytes),
        configuration: .init(
            address: .unixDomainSocket(path: configuration.socketPath), serverName: nil,
            availableConnectionsDelegate: MaximumAvailableConnections(limits.maximumConnections)),
        // Shut down in reverse, after the server has answered its last request: the writer drains last.
        services: [writer] + (configuration.storage.isDurable ? [] : [SyncService(store: store, logger: logger)])
            + (store.embeddedLog == nil
                ? [LogFollower(store: store, interval: .milliseconds(configuration.storage.pollMilliseconds), logger: logger)]
                : []),
        onServerRunning: { _ in await onServerRunning() },
        logger: logger)
}
