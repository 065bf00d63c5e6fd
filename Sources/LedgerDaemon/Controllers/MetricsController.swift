import Hummingbird
import LedgerKit
import NIOCore
import Prometheus

/// `GET /metrics`: every metric in Prometheus' text format.
struct MetricsController {
    let store: LedgerStore
    let access: AccessControl
    let registry: PrometheusCollectorRegistry
    let metrics: LedgerMetrics

    func addRoutes(to router: Router<LedgerRequestContext>) {
        router.get("/metrics", use: scrape)
    }

    @Sendable func scrape(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        _ = try access.authorize(context, to: .read)
        metrics.refreshGauges(from: store)
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
    }
}
