/// Who may append and who may only read, by Unix user and group name.
///
/// The daemon's own user may always append. `*` in a list means everyone who can open the socket.
struct AccessPolicy: Sendable, Equatable {
    var appendUsers: [String] = []
    var appendGroups: [String] = []
    var readUsers: [String] = []
    var readGroups: [String] = []
    /// Who may erase a claim's evidence, besides the daemon's own user (empty by default).
    var eraseUsers: [String] = []
    var eraseGroups: [String] = []
    /// Who may back up and restore the ledger, besides the daemon's own user.
    var adminUsers: [String] = []
    var adminGroups: [String] = []

    /// What `peer` may do, given the uid the daemon runs as.
    func permissions(of peer: PeerIdentity, daemonUID: UInt32) -> Permissions {
        let canAdminister = peer.uid == daemonUID || Self.matches(peer, users: adminUsers, groups: adminGroups)
        let canAppend = peer.uid == daemonUID || Self.matches(peer, users: appendUsers, groups: appendGroups)
        let canErase = peer.uid == daemonUID || Self.matches(peer, users: eraseUsers, groups: eraseGroups)
        let canRead = canAppend || canErase || canAdminister || Self.matches(peer, users: readUsers, groups: readGroups)
        return Permissions(canAppend: canAppend, canRead: canRead, canErase: canErase, canAdminister: canAdminister)
    }

    /// What one caller may do.
    struct Permissions: Equatable {
        var canAppend: Bool
        var canRead: Bool
        var canErase: Bool
        var canAdminister: Bool
    }

    private static func matches(_ peer: PeerIdentity, users: [String], groups: [String]) -> Bool {
        users.contains("*") || groups.contains("*") || users.contains(peer.userName)
            || users.contains("uid:\(peer.uid)") || groups.contains(where: peer.groupNames.contains)
    }
}
