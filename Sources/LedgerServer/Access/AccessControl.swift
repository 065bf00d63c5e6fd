import Hummingbird
import LedgerKit

/// Applies the ``AccessPolicy`` to a request's caller, with one sentence per right a caller may lack.
struct AccessControl: Sendable {
    let policy: AccessPolicy
    /// The uid ledgerd runs as; that user may do everything.
    let daemonUID: UInt32

    /// What a route asks of its caller.
    enum Need: Sendable {
        case read
        /// Append events of some kind: asserts and retractions need the right to append, erasures the
        /// right to erase; which is known once the body is read (``authorize(_:toWrite:)``).
        case write
        /// Back up, restore and compact.
        case administer
    }

    /// A right of the policy, with what a refusal says of it.
    private enum Right {
        case read, append, erase, administer

        /// What the caller may not do, and the configuration keys that would let them.
        var refusal: (may: String, keys: String, instead: String) {
            switch self {
            case .read: ("read this ledger", "read_users or read_groups", "")
            case .append: ("append to this ledger", "append_users or append_groups", "")
            case .erase:
                (
                    "erase evidence from this ledger", "erase_users or erase_groups",
                    "run the command as the user ledgerd runs as, or "
                )
            case .administer:
                (
                    "back up, restore or compact this ledger", "admin_users or admin_groups",
                    "run the command as the user ledgerd runs as, or "
                )
            }
        }

        func isGranted(_ permissions: AccessPolicy.Permissions) -> Bool {
            switch self {
            case .read: permissions.canRead
            case .append: permissions.canAppend
            case .erase: permissions.canErase
            case .administer: permissions.canAdminister
            }
        }
    }

    /// The caller, if they may do what `need` says (for ``Need/write``: append or erase).
    ///
    /// - Throws: ``APIError`` 403 saying who the caller is and what they lack.
    func authorize(_ peer: PeerIdentity?, to need: Need) throws -> PeerIdentity {
        let peer = try identified(peer)
        let permissions = policy.permissions(of: peer, daemonUID: daemonUID)
        switch need {
        case .read: try require(.read, peer, permissions)
        case .administer: try require(.administer, peer, permissions)
        case .write where permissions.canAppend || permissions.canErase: break
        case .write: try require(.append, peer, permissions)
        }
        return peer
    }

    /// Whether the caller may write events of each type in `types`: erase events need the right to erase,
    /// asserts and retractions the right to append.
    func authorize(_ peer: PeerIdentity?, toWrite types: Set<EventType>) throws {
        let peer = try identified(peer)
        let permissions = policy.permissions(of: peer, daemonUID: daemonUID)
        if types.contains(where: { $0 != .erase }) { try require(.append, peer, permissions) }
        if types.contains(.erase) { try require(.erase, peer, permissions) }
    }

    private func identified(_ peer: PeerIdentity?) throws -> PeerIdentity {
        guard let peer else {
            throw APIError(
                .forbidden, code: .forbidden,
                "ledgerd could not read your Unix credentials from the socket, so it cannot tell who you are.")
        }
        return peer
    }

    private func require(_ right: Right, _ peer: PeerIdentity, _ permissions: AccessPolicy.Permissions) throws {
        guard !right.isGranted(permissions) else { return }
        let (may, keys, instead) = right.refusal
        throw APIError(
            .forbidden, code: .forbidden,
            "You are \(peer.description), who may not \(may); \(instead)ask its operator to add your user or one of "
                + "your groups to \(keys) in ledgerd's configuration.")
    }
}

/// Refuses a route's request, 403 with the sentence of the right it lacks, unless its caller has
/// ``AccessControl/Need``: one check for every route of a group, before the handler runs.
struct AuthorizationMiddleware: RouterMiddleware {
    let access: AccessControl
    let need: AccessControl.Need

    func handle(
        _ request: Request, context: LedgerRequestContext, next: (Request, LedgerRequestContext) async throws -> Response
    ) async throws -> Response {
        _ = try access.authorize(context.peer, to: need)
        return try await next(request, context)
    }
}
