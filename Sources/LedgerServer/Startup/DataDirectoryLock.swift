import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// An exclusive lock on the data directory (`ledgerd.lock` inside it), held for the daemon's life, so
/// that a second `ledgerd` refuses to start on the same ledger.
final class DataDirectoryLock {
    private let descriptor: Int32
    let path: String

    /// Creates the directory if needed (mode 0700) and takes the lock.
    ///
    /// - Throws: ``StartupError`` when another process holds it or the directory cannot be used.
    init(directory: String) throws {
        do {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw StartupError("Cannot create the data directory \(directory): \(error.localizedDescription)")
        }
        path = directory + "/ledgerd.lock"
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw StartupError("Cannot open \(path): \(String(cString: strerror(errno))). Check the directory's owner and mode.")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw StartupError(
                "Another ledgerd holds the data directory \(directory) (lock \(path)); stop it, or give this one another --data-dir."
            )
        }
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
