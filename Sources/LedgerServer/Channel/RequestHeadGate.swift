import LedgerKit
import NIOCore
import NIOHTTP1

/// Decides at a request's head what can be decided there, before a byte of its body is read, on the
/// HTTP/1 parts (the version is still known here):
///
/// - a body in a transfer coding other than `chunked` alone (`gzip, chunked`) is answered 501 (RFC 9112
///   section 6.1): read as plain chunks it would be stored as something the client never meant;
/// - a `Content-Length` over `limits.max_request_bytes` is answered 413 at once, whether or not the
///   client waits for `100 Continue`, rather than after it has sent the whole body;
/// - `Expect: 100-continue` gets `100 Continue` at once from an HTTP/1.1 client, so curl sends its body
///   without waiting a second, and is ignored from an HTTP/1.0 one (RFC 9110 section 10.1.1), whose
///   connection closes after its answer unless it asked to keep it alive.
///
/// A refused request's body is not read: the answer says `Connection: close`, and the connection closes
/// once it is written.
final class RequestHeadGate: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private let maximumBodyBytes: Int
    /// Set once a request was refused: its body parts, and anything after, go nowhere.
    private var isRefusing = false

    init(maximumBodyBytes: Int) {
        self.maximumBodyBytes = maximumBodyBytes
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !isRefusing else { return }
        guard case .head(var head) = unwrapInboundIn(data) else {
            context.fireChannelRead(data)
            return
        }
        if let (status, code, message) = refusal(of: head) {
            isRefusing = true
            refuse(context: context, version: head.version, status: status, code: code, message: message)
            return
        }
        if head.headers[canonicalForm: "expect"].contains(where: { $0.lowercased() == "100-continue" }) {
            if head.version.major > 1 || (head.version.major == 1 && head.version.minor >= 1) {
                context.writeAndFlush(
                    wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .continue))), promise: nil)
            } else {
                head.headers.remove(name: "expect")
            }
        }
        // HTTP/1.0 closes after each answer unless it asked to keep the connection (RFC 9112 section 9.3).
        if head.version.major == 1, head.version.minor == 0,
            !head.headers[canonicalForm: "connection"].contains(where: { $0.lowercased() == "keep-alive" })
        {
            head.headers.replaceOrAdd(name: "connection", value: "close")
        }
        context.fireChannelRead(wrapInboundOut(.head(head)))
    }

    private func refusal(of head: HTTPRequestHead) -> (HTTPResponseStatus, LedgerError.Code, String)? {
        let codings = head.headers[canonicalForm: "transfer-encoding"].map { $0.lowercased() }
        if let other = codings.first(where: { $0 != "chunked" }) {
            return (
                .notImplemented, .init(rawValue: "not_implemented"),
                "The request body has the transfer coding \(other), which ledgerd does not take; nothing of it was "
                    + "written. Send the body as it is, with a Content-Length or chunked alone."
            )
        }
        if let text = head.headers.first(name: "content-length"), let length = Int(text), length > maximumBodyBytes {
            return (
                .payloadTooLarge, .bodyTooLarge,
                "The request body is \(length) bytes, over the limit of \(maximumBodyBytes) (limits.max_request_bytes); "
                    + "nothing of it was written. Send fewer events per request."
            )
        }
        return nil
    }

    private func refuse(
        context: ChannelHandlerContext, version: HTTPVersion, status: HTTPResponseStatus, code: LedgerError.Code,
        message: String
    ) {
        let body = (try? JSONValueEncoder().canonicalBytes(of: APIErrorBody(code: code.rawValue, message: message))) ?? []
        var headers = HTTPHeaders()
        headers.add(name: "content-type", value: "application/json")
        headers.add(name: "content-length", value: String(body.count))
        headers.add(name: "connection", value: "close")
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: version, status: status, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: body)))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in context.close(promise: nil) }
    }
}
