import LedgerKit

/// Why a ``LedgerClient`` call got no answer from the daemon.
///
/// When the daemon answers with an error, the client throws a ``LedgerError`` instead.
public struct LedgerClientError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Sendable, Equatable {
        /// Nothing answers on the socket, or the connection broke.
        case unreachable
        /// The daemon answered with something that is not the API's.
        case invalidResponse
        /// The address given for the daemon (`--host`) cannot be used.
        case invalidAddress
    }

    public var kind: Kind
    public var message: String

    public var description: String { message }

    static func unreachable(_ socketPath: String, _ reason: String) -> Self {
        Self(
            kind: .unreachable,
            message: "Cannot reach ledgerd at \(socketPath) (\(reason)). Start it with `ledgerd`, or point --socket "
                + "(or $LEDGER_SOCKET) at the socket it serves.")
    }

    static func unreachable(_ socketPath: String, _ cause: any Error) -> Self {
        unreachable(socketPath, "\(cause)")
    }
}
