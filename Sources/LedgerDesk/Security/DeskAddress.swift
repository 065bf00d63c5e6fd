import Synchronization

/// Where the desk listens, known once its socket is bound: the only `Host` it answers and the only
/// `Origin` it takes a form from (a page of another site, or a DNS name rebound to 127.0.0.1, has another).
public final class DeskAddress: Sendable {
    private let port = Atomic<Int>(0)

    public init() {}

    /// The port bound, 0 before.
    public var boundPort: Int { port.load(ordering: .acquiring) }

    func bind(port: Int) { self.port.store(port, ordering: .releasing) }

    /// The desk's URL, without a path.
    public var origin: String { "http://127.0.0.1:\(boundPort)" }

    /// Whether `host` (the request's `Host`) names this desk: `127.0.0.1:PORT` or `localhost:PORT`.
    func accepts(host: String?) -> Bool {
        guard let host, boundPort != 0 else { return false }
        let lowered = String(decoding: host.utf8.map { (65...90).contains($0) ? $0 + 32 : $0 }, as: UTF8.self)
        return [Array("127.0.0.1:\(boundPort)".utf8), Array("localhost:\(boundPort)".utf8)].contains(Array(lowered.utf8))
    }

    /// Whether `origin` (a request's `Origin`) is this desk's.
    func accepts(origin: String) -> Bool {
        let bytes = Array(origin.utf8)
        return bytes == Array("http://127.0.0.1:\(boundPort)".utf8) || bytes == Array("http://localhost:\(boundPort)".utf8)
    }
}
