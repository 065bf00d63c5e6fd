import Hummingbird
import LedgerKit
import Logging
import NIOCore

/// Turns every failure of a route into the API's error shape, and logs each request.
struct APIErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            let response = try await next(request, context)
            context.logger.debug("Served", metadata: ["method": "\(request.method)", "path": "\(request.uri.path)",
                "status": "\(response.status.code)"])
            return response
        } catch let error as APIError {
            log(error, request, context)
            throw error
        } catch let error as LedgerError {
            let apiError = APIError(error)
            log(apiError, request, context)
            throw apiError
        } catch is NIOTooManyBytesError {
            let apiError = APIError(.contentTooLarge, code: .bodyTooLarge,
                "The request body is over the limit (limits.max_request_bytes); send fewer events per request.")
            log(apiError, request, context)
            throw apiError
        } catch let error as HTTPError {
            let apiError = translate(error, request)
            log(apiError, request, context)
            throw apiError
        } catch {
            context.logger.error("Request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            throw APIError(.internalServerError, code: .init(rawValue: "internal"), "ledgerd failed to answer: \(error).")
        }
    }

    private func translate(_ error: HTTPError, _ request: Request) -> APIError {
        switch error.status {
        case .notFound:
            APIError(.notFound, code: .notFound,
                "There is no \(request.method) \(request.uri.path) in the API; see the README for its paths.")
        default:
            APIError(error.status, code: .badRequest, error.body ?? "The request is not one the API takes.")
        }
    }

    private func log(_ error: APIError, _ request: Request, _ context: Context) {
        context.logger.info("Refused", metadata: [
            "method": "\(request.method)", "path": "\(request.uri.path)", "status": "\(error.status.code)",
            "code": "\(error.body.error.code)",
        ])
    }
}
