import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTPTypesHTTP1

#if canImport(Glibc)
import Glibc
#endif

/// An HTTP/1 child channel that first reads the connecting process's credentials (`SO_PEERCRED`) and
/// serves the connection's requests with ``PeerIdentity/current`` set to them, on the connection's own
/// event loop (``EventLoopTaskExecutor``).
struct PeerCredentialsChannel: ServerChildChannel {
    struct Value: ServerChildChannelValue {
        let http: HTTP1Channel.Value
        let credentials: Credentials?
        var channel: any Channel { http.channel }
    }

    /// Layout of Linux's `struct ucred` (`<sys/socket.h>`), which Swift's Glibc module does not export.
    struct Credentials: Sendable {
        var pid: Int32 = 0
        var uid: UInt32 = 0
        var gid: UInt32 = 0
    }

    let http: HTTP1Channel
    /// The largest request body, refused at the head when its Content-Length is over it.
    let maximumBodyBytes: Int

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        readCredentials(of: channel).flatMap { credentials in
            http.setup(channel: channel, logger: logger).flatMapThrowing { value in
                // On the HTTP/1 parts, before they become HTTP types: the request's version is known there.
                let pipeline = channel.pipeline.syncOperations
                let codec = try pipeline.handler(type: HTTP1ToHTTPServerCodec.self)
                try pipeline.addHandler(RequestHeadGate(maximumBodyBytes: maximumBodyBytes), position: .before(codec))
                return Value(http: value, credentials: credentials)
            }
        }
    }

    func handle(value: Value, logger: Logger) async {
        let identity = value.credentials.map { PeerIdentity(pid: $0.pid, uid: $0.uid, gid: $0.gid) }
        await withTaskExecutorPreference(EventLoopTaskExecutor.forLoop(value.channel.eventLoop)) {
            await PeerIdentity.$current.withValue(identity) {
                await http.handle(value: value.http, logger: logger)
            }
        }
    }

    private func readCredentials(of channel: any Channel) -> EventLoopFuture<Credentials?> {
        // On a TCP socket SO_PEERCRED answers nonsense rather than failing, so ask Unix sockets only.
        guard channel.localAddress?.protocol == .unix, let provider = channel as? any SocketOptionProvider else {
            return channel.eventLoop.makeSucceededFuture(nil)
        }
        assert(MemoryLayout<Credentials>.size == 12, "struct ucred is 12 bytes on Linux")
        let future: EventLoopFuture<Credentials> = provider.unsafeGetSocketOption(
            level: SocketOptionLevel(SOL_SOCKET), name: SocketOptionName(SO_PEERCRED))
        return future.map { Optional($0) }.recover { _ in nil }
    }
}

extension HTTPServerBuilder {
    /// HTTP/1 with the peer's Unix credentials available to every request.
    static func http1WithPeerCredentials(configuration: HTTP1Channel.Configuration, maximumBodyBytes: Int) -> HTTPServerBuilder {
        .init { responder in
            PeerCredentialsChannel(
                http: HTTP1Channel(responder: responder, configuration: configuration), maximumBodyBytes: maximumBodyBytes)
        }
    }
}
