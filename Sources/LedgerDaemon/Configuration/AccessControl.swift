import Hummingbird
import LedgerKit

/// Applies the ``AccessPolicy`` to a request's caller.
struct AccessControl: Sendable {
    let policy: AccessPolicy
    /// The uid ledgerd runs as; that user may always append.
    let daemonUID: UInt32

    enum Need {
        case read, append
        /// Back up and restore.
        case administer
        /// Erase a claim's evidence.
        case erase
    }

    /// The caller, if they may write events of each type in `types`: erase events need the right to
    /// erase, asserts and retractions the right to append. With no types, either right will do (the
    /// check made before a batch is read).
    func authorize(_ context: LedgerRequestContext, toWrite types: Set<EventType>) throws -> PeerIdentity {
        if types.isEmpty, let peer = try? authorize(context, to: .erase) { return peer }
        if types.contains(.erase) { _ = try authorize(context, to: .erase) }
        if types.isEmpty || types.contains(where: { $0 != .erase }) { return try authorize(context, to: .append) }
        return try authorize(context, to: .erase)
    }

    /// The caller, if they may do what `need` says.
    ///
    /// - Throws: ``APIError`` 403 saying who the caller is and what they lack.
    func authorize(_ context: LedgerRequestContext, to need: Need) throws -> PeerIdentity {
        guard let peer = context.peer else {
            throw APIError(
                .forbidden, code: .forbidden,
                "ledgerd could not read your Unix credentials from the socket, so it cannot tell who you are.")
        }
        let permissions = policy.permissions(of: peer, daemonUID: daemonUID)
        switch need {
        case .append where !permissions.canAppend:
            throw APIError(
                .forbidden, code: .forbidden,
                "You are \(peer.description), who may not append to this ledger; ask its operator to add your user "
                    + "or one of your groups to append_users or append_groups in ledgerd's configuration.")
        case .read where !permissions.canRead:
            throw APIError(
                .forbidden, code: .forbidden,
                "You are \(peer.description), who may not read this ledger; ask its operator to add your user "
                    + "or one of your groups to read_users or read_groups in ledgerd's configuration.")
        case .erase where !permissions.canErase:
            throw APIError(
                .forbidden, code: .forbidden,
                "You are \(peer.description), who may not erase evidence from this ledger; run the command as the user "
                    + "ledgerd runs as, or ask its operator to add your user or one of your groups to erase_users or "
                    + "erase_groups in ledgerd's configuration.")
        case .administer where !permissions.canAdminister:
            throw APIError(
                .forbidden, code: .forbidden,
                "You are \(peer.description), who may not back up or restore this ledger; run the command as the user "
                    + "ledgerd runs as, or ask its operator to add your user or one of your groups to admin_users or "
                    + "admin_groups in ledgerd's configuration.")
        default:
            return peer
        }
    }
}
