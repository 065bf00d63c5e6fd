import Foundation
import LedgerKit

#if canImport(Glibc)
import Glibc
#endif

/// The Unix socket file's life outside the server: refusing a socket another daemon serves, clearing
/// one a crash left behind, setting its mode and group once bound, and removing it at exit.
struct SocketFile {
    let path: String

    /// Makes the path ready to bind; returns true when it removed a socket a crashed daemon left.
    ///
    /// - Throws: ``StartupError`` if a live daemon answers on it or it is not a socket.
    @discardableResult
    func prepare() throws -> Bool {
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty {
            try? FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        }
        guard path.utf8.count < 108 else {
            throw StartupError(
                "The socket path \(path) is \(path.utf8.count) bytes; Unix sockets allow 107. Choose a shorter --socket.")
        }
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return false }
        guard attributes[.type] as? FileAttributeType == .typeSocket else {
            throw StartupError("\(path) exists and is not a socket; remove it or choose another --socket.")
        }
        if isServed() {
            throw StartupError("Another ledgerd serves the socket \(path); stop it, or give this one another --socket.")
        }
        unlink(path)
        return true
    }

    /// Whether something accepts connections on the socket.
    func isServed() -> Bool {
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = sockaddr_un()
        guard path.utf8.count < MemoryLayout.size(ofValue: address.sun_path) else { return false }
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (offset, byte) in path.utf8.enumerated() { buffer[offset] = byte }
        }
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) == 0
            }
        }
    }

    /// Sets the socket's permission bits and, when given, its group.
    func setAccess(mode: UInt32, group: String?) throws {
        guard chmod(path, mode_t(mode)) == 0 else {
            throw StartupError("Cannot set the mode of \(path): \(String(cString: strerror(errno))).")
        }
        if let group {
            guard let entry = getgrnam(group) else {
                throw StartupError("The socket group \(group) does not exist; create it or change daemon.socket_group.")
            }
            guard chown(path, uid_t.max, entry.pointee.gr_gid) == 0 else {
                throw StartupError("Cannot give \(path) to group \(group): \(String(cString: strerror(errno))).")
            }
        }
    }

    func remove() {
        unlink(path)
    }
}
