import Hummingbird
import LedgerKit
import NIOCore
import NIOHTTP1

/// An error answer in the API's shape, `{"error":{"code","message","index","field"}}`, with its status.
struct APIError: HTTPResponseError {
    let status: HTTPResponse.Status
    let body: APIErrorBody
    /// Headers the answer carries beside its body (`Allow` on a 405).
    var headers: HTTPFields = [:]

    init(status: HTTPResponse.Status, body: APIErrorBody) {
        self.status = status
        self.body = body
    }

    init(_ error: LedgerError) {
        self.init(status: Self.status(of: error.code), body: APIErrorBody(error))
    }

    init(_ status: HTTPResponse.Status, code: LedgerError.Code, _ message: String) {
        self.init(status: status, body: APIErrorBody(code: code.rawValue, message: message))
    }

    /// The API error for any failure of a route: LedgerKit's refusals by their code, a body that breaks
    /// HTTP or the size limit as the client's mistake (400, 413), and anything unforeseen as a 500.
    init(describing error: any Error, method: HTTPRequest.Method? = nil, path: String = "") {
        switch error {
        case let error as APIError:
            self = error
        case let error as LedgerError:
            self.init(error)
        case is NIOTooManyBytesError:
            self.init(
                .contentTooLarge, code: .bodyTooLarge,
                "The request body is over the limit (limits.max_request_bytes); send fewer events per request.")
        case let error as HTTPParserError:
            self.init(.badRequest, code: .badRequest, Self.sentence(for: error))
        case let error as HTTPError where error.status == .notFound:
            self.init(
                .notFound, code: .notFound,
                "There is no \(method.map { "\($0)" } ?? "such") \(path) in the API; docs/interface.md lists its paths.")
        case let error as HTTPError:
            self.init(error.status, code: .badRequest, error.body ?? "The request is not one the API takes.")
        default:
            self.init(.internalServerError, code: .init(rawValue: "internal"), "ledgerd failed to answer: \(error).")
        }
    }

    /// A method the path does not answer: 405, with the methods it does.
    static func methodNotAllowed(_ method: HTTPRequest.Method, path: String, allowed: [HTTPRequest.Method]) -> APIError {
        let names = allowed.map(\.rawValue)
        var error = APIError(
            .methodNotAllowed, code: .init(rawValue: "method_not_allowed"),
            "\(path) does not take \(method); it takes \(names.joined(separator: " and ")).")
        error.headers[.allow] = names.joined(separator: ", ")
        return error
    }

    /// What a client did wrong, for HTTP the parser could not read.
    static func sentence(for error: HTTPParserError) -> String {
        switch error {
        case .invalidEOFState:
            "The request ended before its body did (shorter than its Content-Length, or without its last chunk); "
                + "nothing of it was written. Send the whole body."
        case .invalidChunkSize:
            "A chunk size of the request body is not hexadecimal; nothing of it was written. Send a valid chunked body "
                + "or a Content-Length."
        default:
            "The request is not HTTP/1.1 that ledgerd can read (\(error)); nothing of it was written."
        }
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let bytes = (try? JSONResponse.encode(body)) ?? Array(#"{"error":{"code":"internal","message":"?"}}"#.utf8)
        var fields = headers
        fields[.contentType] = "application/json"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// The HTTP status for each kind of LedgerKit error: 400 invalid input, 403 not allowed, 404 unknown,
    /// 409 conflict, 413 too large, 503 storage unavailable or shutting down, 507 storage full.
    static func status(of code: LedgerError.Code) -> HTTPResponse.Status {
        switch code {
        case .notFound, .unknownTarget: .notFound
        case .idConflict, .alreadyRetracted, .headMoved, .subjectMoved, .notEmpty, .notErasable, .alreadyErased, .backupExists:
            .conflict
        case .eventTooLarge, .batchTooLarge, .bodyTooLarge: .contentTooLarge
        case .forbidden: .forbidden
        case .storageFull: .init(code: 507, reasonPhrase: "Insufficient Storage")
        case .shuttingDown, .storageUnavailable, .behind: .serviceUnavailable
        case .storageFailure, .damagedEvent, .damagedLog: .internalServerError
        default: .badRequest
        }
    }
}
