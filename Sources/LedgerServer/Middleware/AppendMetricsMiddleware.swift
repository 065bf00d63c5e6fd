import Hummingbird
import LedgerKit

/// Counts each append request by how it ended (``LedgerMetrics/AppendOutcome``): the client's mistakes
/// (4xx) are refusals, the daemon's failures (5xx) are failures.
struct AppendMetricsMiddleware: RouterMiddleware {
    let metrics: LedgerMetrics

    func handle(
        _ request: Request, context: LedgerRequestContext, next: (Request, LedgerRequestContext) async throws -> Response
    ) async throws -> Response {
        do {
            let response = try await next(request, context)
            metrics.appendRequest(.appended)
            return response
        } catch {
            metrics.appendRequest(APIError(describing: error).status.code < 500 ? .refused : .failed)
            throw error
        }
    }
}
