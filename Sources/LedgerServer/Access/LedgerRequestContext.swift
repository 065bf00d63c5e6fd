import Hummingbird
import LedgerKit

/// The request context of every route: Hummingbird's core storage plus who is asking.
struct LedgerRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The connecting process's identity, `nil` when the transport has none (in-process tests).
    let peer: PeerIdentity?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        peer = PeerIdentity.current
    }

    /// Bodies are read by the controllers with their own configured limit.
    var maxUploadSize: Int { 16 << 20 }
}
