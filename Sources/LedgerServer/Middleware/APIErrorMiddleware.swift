import Hummingbird
import LedgerKit
import Logging
import NIOCore

/// Turns every failure of a route into the API's error shape, and logs each request.
struct APIErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The methods each path answers: a path that exists, asked with another method, is a 405.
    let routes: RouteMethods

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response
    {
        do {
            let response = try await next(request, context)
            context.logger.debug(
                "Served",
                metadata: [
                    "method": "\(request.method)", "path": "\(request.uri.path)",
                    "status": "\(response.status.code)",
                ])
            return response
        } catch {
            var apiError = APIError(describing: error, method: request.method, path: request.uri.path)
            if let error = error as? HTTPError, error.status == .notFound {
                let allowed = routes.methods(for: request.uri.path)
                if !allowed.isEmpty {
                    apiError = .methodNotAllowed(request.method, path: request.uri.path, allowed: allowed)
                }
            }
            if apiError.status.code >= 500 {
                context.logger.error(
                    "Request failed",
                    metadata: [
                        "method": "\(request.method)", "path": "\(request.uri.path)", "status": "\(apiError.status.code)",
                        "code": "\(apiError.body.error.code)", "error": "\(error)",
                    ])
            } else {
                context.logger.info(
                    "Refused",
                    metadata: [
                        "method": "\(request.method)", "path": "\(request.uri.path)", "status": "\(apiError.status.code)",
                        "code": "\(apiError.body.error.code)",
                    ])
            }
            throw apiError
        }
    }
}
