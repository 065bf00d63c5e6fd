import Hummingbird
import HummingbirdCore
import LedgerKit
import Logging
import NIOCore
import Prometheus

#if canImport(Glibc)
import Glibc
#endif

/// What the HTTP application serves with: the ledger, its writer and feed, and who may do what.
struct LedgerApplicationParts {
    let ledger: Ledger
    let writer: EventWriter
    let feed: CommitFeed
    let follower: LogFollower?
    let metrics: LedgerMetrics
    let signer: NoteSigner
}

/// Builds the HTTP application serving `parts` on the configured Unix socket. Its routes are grouped by
/// the right they need (read, write, administer), each group checked once by ``AuthorizationMiddleware``.
///
/// - Parameter onServerRunning: Called once the socket is bound and accepting.
func buildApplication(
    configuration: DaemonConfiguration, parts: LedgerApplicationParts, metricsRegistry: PrometheusCollectorRegistry,
    logger: Logger, daemonUID: UInt32 = getuid(), onServerRunning: @escaping @Sendable () async -> Void = {}
) -> some ApplicationProtocol {
    let router = buildRouter(
        configuration: configuration, parts: parts, metricsRegistry: metricsRegistry, logger: logger, daemonUID: daemonUID)
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
        onServerRunning: { _ in await onServerRunning() },
        logger: logger)
}

/// The API's router: every route, its middleware, and the error shape of every failure.
func buildRouter(
    configuration: DaemonConfiguration, parts: LedgerApplicationParts, metricsRegistry: PrometheusCollectorRegistry,
    logger: Logger, daemonUID: UInt32
) -> Router<LedgerRequestContext> {
    let access = AccessControl(policy: configuration.access, daemonUID: daemonUID)
    let router = Router(context: LedgerRequestContext.self)
    let routes = RouteMethods()
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: APIErrorMiddleware(routes: routes))
    router.add(
        middleware: MinimumHeadMiddleware(
            ledger: parts.ledger, feed: parts.feed, follower: parts.follower,
            wait: .milliseconds(configuration.storage.readWaitMilliseconds)))
    let reading = router.group().add(middleware: AuthorizationMiddleware(access: access, need: .read))
    let writing = router.group().add(middleware: AuthorizationMiddleware(access: access, need: .write))
        .add(middleware: AppendMetricsMiddleware(metrics: parts.metrics))
    let administering = router.group().add(middleware: AuthorizationMiddleware(access: access, need: .administer))
    let queries = parts.ledger.queries
    EventsController(queries: queries, writer: parts.writer, feed: parts.feed, access: access, limits: configuration.limits)
        .addRoutes(reading: reading, writing: writing)
    BeliefController(queries: queries).addRoutes(to: reading)
    AuditController(queries: queries, signer: parts.signer, origin: configuration.origin).addRoutes(to: reading)
    MetricsController(ledger: parts.ledger, registry: metricsRegistry, metrics: parts.metrics).addRoutes(to: reading)
    AdminController(ledger: parts.ledger, writer: parts.writer, limits: configuration.limits, logger: logger)
        .addRoutes(to: administering)
    StatusController(
        ledger: parts.ledger, writer: parts.writer, access: access, socketPath: configuration.socketPath,
        verifierKey: parts.signer.verifierKey, startedAt: .now
    ).addRoutes(to: router)
    routes.record(router)
    return router
}
