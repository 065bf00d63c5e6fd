import HTTPTypes
import LedgerKit
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// Gives the answer to a request the HTTP parser refused outright (a broken request line or header) the
/// API's error body: Hummingbird answers it `400` with an empty body and closes the connection.
///
/// A parse error inside a request's body reaches the route instead, whose error middleware answers it.
final class ParseErrorBodyHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private var parseError: HTTPParserError?

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let error = error as? HTTPParserError { parseError = error }
        context.fireErrorCaught(error)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard let parseError, case .head(var head) = unwrapOutboundIn(data), head.status == .badRequest,
            head.headerFields[.contentLength] == "0"
        else {
            context.write(data, promise: promise)
            return
        }
        let body = APIErrorBody(code: LedgerError.Code.badRequest.rawValue, message: APIError.sentence(for: parseError))
        let bytes = (try? JSONValueEncoder().canonicalBytes(of: body)) ?? []
        head.headerFields[.contentLength] = String(bytes.count)
        head.headerFields[.contentType] = "application/json"
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(ByteBuffer(bytes: bytes))), promise: promise)
    }
}
