import Hummingbird
import LedgerKit
import NIOCore
import Prometheus

/// `GET /metrics`: every metric in Prometheus' text format.
struct MetricsController {
    let ledger: Ledger
    let registry: PrometheusCollectorRegistry
    let metrics: LedgerMetrics

    func addRoutes(to group: RouterGroup<LedgerRequestContext>) {
        group.get("/metrics", use: scrape)
    }

    @Sendable func scrape(_ request: Request, context: LedgerRequestContext) async throws -> Response {
        await metrics.refreshGauges(from: ledger)
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
    }
}
