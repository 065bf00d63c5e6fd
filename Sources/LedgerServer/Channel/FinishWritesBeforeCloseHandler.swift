import NIOCore
import NIOHTTPTypes

/// Lets an answer finish when the client has half-closed its side (`shutdown(SHUT_WR)` after its request,
/// as `ledgerctl dial-stdio` does when its input ends). The server closes its output after the last
/// answer; once the peer's input is closed, NIO turns that into a full close, which drops what is still
/// queued for the socket: a long replay would end early, without its last chunk. So the close waits for
/// the last write to reach the socket.
///
/// A full close (an idle timeout, an error) is passed on at once.
final class FinishWritesBeforeCloseHandler: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private var lastWrite: EventLoopFuture<Void>?

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let written = promise ?? context.eventLoop.makePromise()
        lastWrite = written.futureResult
        context.write(data, promise: written)
    }

    func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        guard mode == .output, let lastWrite else {
            context.close(mode: mode, promise: promise)
            return
        }
        self.lastWrite = nil
        // At once when it has been written already; else when it is.
        lastWrite.assumeIsolated().whenComplete { _ in context.close(mode: mode, promise: promise) }
    }
}
