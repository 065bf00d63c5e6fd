import Foundation
import LedgerKit

#if canImport(Glibc)
import Glibc
#endif

/// The daemon's checkpoint-signing key: made on first start, kept in the data directory, readable by
/// the daemon's user alone.
enum CheckpointKey {
    static let fileName = "checkpoint.key"

    /// Loads the key in `directory`, or makes one named `name` and saves it with mode 0600.
    static func loadOrCreate(in directory: String, name: String) throws -> NoteSigner {
        let path = directory + "/" + fileName
        if let data = FileManager.default.contents(atPath: path) {
            do {
                return try NoteSigner(privateKeyText: String(decoding: data, as: UTF8.self))
            } catch {
                throw StartupError(
                    "The checkpoint key \(path) cannot be read: \(error). Restore it from a backup; "
                        + "a new key would make earlier checkpoints unverifiable with the published verifier key.")
            }
        }
        let signer = try NoteSigner(name: name)
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw StartupError("Cannot create the checkpoint key \(path): \(String(cString: strerror(errno))).")
        }
        defer { close(descriptor) }
        let text = Array((signer.privateKeyText + "\n").utf8)
        guard write(descriptor, text, text.count) == text.count, fsync(descriptor) == 0 else {
            throw StartupError("Cannot write the checkpoint key \(path): \(String(cString: strerror(errno))).")
        }
        return signer
    }

    /// `HOSTNAME/ledger`, the origin when the configuration names none.
    static var defaultOrigin: String {
        var buffer = [CChar](repeating: 0, count: 256)
        gethostname(&buffer, buffer.count)
        let name = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        let host = String(decoding: name, as: UTF8.self).filter { !$0.isWhitespace && $0 != "+" }
        return (host.isEmpty ? "localhost" : host) + "/ledger"
    }
}
