import LedgerKit
import Synchronization

/// The desk's secrets: the launch token printed in its URL, good for one exchange, and each browser
/// session it was exchanged for, with that session's CSRF token. They live as long as the process.
public final class DeskSessions: Sendable {
    /// One browser's session: the cookie's value and the token its forms carry.
    struct Session: Sendable {
        let id: String
        let csrf: String
    }

    private struct State {
        var launchToken: String?
        var sessions: [[UInt8]: Session] = [:]
    }

    private let state: Mutex<State>

    /// - Parameter launchToken: the token of the printed URL; a random one when `nil`.
    public init(launchToken: String? = nil) {
        state = Mutex(State(launchToken: launchToken ?? Self.randomToken()))
    }

    /// The token to print in the desk's URL, until a browser has exchanged it.
    public var launchToken: String? { state.withLock { $0.launchToken } }

    /// A new session for the launch token, which is then spent; `nil` for any other token, or once spent.
    func exchange(token: String) -> Session? {
        state.withLock { state in
            guard let launchToken = state.launchToken, Self.sameBytes(launchToken, token) else { return nil }
            state.launchToken = nil
            let session = Session(id: Self.randomToken(), csrf: Self.randomToken())
            state.sessions[Array(session.id.utf8)] = session
            return session
        }
    }

    /// The session whose cookie is `id`.
    func session(id: String) -> Session? {
        state.withLock { $0.sessions[Array(id.utf8)] }
    }

    /// 32 bytes of the system's secure randomness (`getrandom`), as 64 lowercase hex digits.
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return Hex.encode((0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    /// Whether two secrets are the same bytes, in time that depends only on their lengths.
    static func sameBytes(_ a: String, _ b: String) -> Bool {
        let a = Array(a.utf8)
        let b = Array(b.utf8)
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}
