#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Who is on the other end of a Unix socket connection, from the kernel's peer credentials.
struct PeerIdentity: Sendable, Hashable {
    var pid: Int32
    var uid: UInt32
    var gid: UInt32
    /// The user's name, or `uid:N` when the user has no entry in the password database.
    var userName: String
    /// Names of the user's groups (primary and supplementary).
    var groupNames: Set<String>

    /// The task-local identity of the connection whose requests the current task serves.
    @TaskLocal static var current: PeerIdentity?

    /// Looks up the names of `uid`, `gid` and the user's groups.
    init(pid: Int32, uid: UInt32, gid: UInt32) {
        self.pid = pid
        self.uid = uid
        self.gid = gid
        let name = Self.userName(of: uid)
        self.userName = name ?? "uid:\(uid)"
        var groups: Set<String> = [Self.groupName(of: gid) ?? "gid:\(gid)"]
        if let name {
            for id in Self.groupIDs(of: name, primary: gid) { groups.insert(Self.groupName(of: id) ?? "gid:\(id)") }
        }
        self.groupNames = groups
    }

    /// An identity with its names given, not looked up (in-process tests).
    init(pid: Int32, uid: UInt32, gid: UInt32, userName: String, groupNames: Set<String>) {
        self.pid = pid
        self.uid = uid
        self.gid = gid
        self.userName = userName
        self.groupNames = groupNames
    }

    /// The identity of this process.
    static var ofThisProcess: PeerIdentity {
        PeerIdentity(pid: getpid(), uid: getuid(), gid: getgid())
    }

    private static func userName(of uid: UInt32) -> String? {
        var entry = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getpwuid_r(uid, &entry, &buffer, buffer.count, &result) == 0, result != nil else { return nil }
        return String(cString: entry.pw_name)
    }

    private static func groupName(of gid: UInt32) -> String? {
        var entry = group()
        var result: UnsafeMutablePointer<group>?
        var buffer = [CChar](repeating: 0, count: 16384)
        guard getgrgid_r(gid, &entry, &buffer, buffer.count, &result) == 0, result != nil else { return nil }
        return String(cString: entry.gr_name)
    }

    private static func groupIDs(of user: String, primary: UInt32) -> [UInt32] {
        var count: Int32 = 64
        var groups = [gid_t](repeating: 0, count: Int(count))
        if getgrouplist(user, primary, &groups, &count) == -1 {
            groups = [gid_t](repeating: 0, count: Int(count))
            guard getgrouplist(user, primary, &groups, &count) != -1 else { return [] }
        }
        return Array(groups.prefix(Int(count)))
    }

    /// `name (uid N)`, for messages.
    var description: String { "\(userName) (uid \(uid))" }
}
