import Foundation
import Hummingbird
import LedgerKit
import NIOCore

/// An error answer in the API's shape, `{"error":{"code","message","index","field"}}`, with its status.
struct APIError: HTTPResponseError {
    let status: HTTPResponse.Status
    let body: APIErrorBody

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

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let bytes = (try? JSONResponse.encode(body)) ?? Array(#"{"error":{"code":"internal","message":"?"}}"#.utf8)
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// The HTTP status for each kind of LedgerKit error: 400 invalid input, 403 not allowed, 404 unknown,
    /// 409 conflict, 413 too large, 507 storage full.
    static func status(of code: LedgerError.Code) -> HTTPResponse.Status {
        switch code {
        case .notFound, .unknownTarget: .notFound
        case .idConflict, .alreadyRetracted, .headMoved, .subjectMoved, .notEmpty, .notErasable, .alreadyErased: .conflict
        case .eventTooLarge, .batchTooLarge, .bodyTooLarge: .contentTooLarge
        case .forbidden: .forbidden
        case .storageFull: .init(code: 507, reasonPhrase: "Insufficient Storage")
        case .shuttingDown: .serviceUnavailable
        case .storageFailure, .damagedEvent: .internalServerError
        default: .badRequest
        }
    }
}
