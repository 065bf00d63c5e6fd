import LMDB

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whether the views may be trusted at start. Their commits skip fsync, so a crash of the machine (not of
/// the process: the kernel's page cache survives that) may leave them damaged. While the views are open
/// a file holds the kernel's boot id; a clean stop flushes the views and removes it.
///
/// At start: no file, a clean stop, trust the views; the file with this boot's id, ledgerd was killed but
/// the machine went on, trust them (LMDB keeps them consistent) and catch them up; the file with another
/// boot's id, or none readable, the machine stopped while they were open: rebuild them from the log.
struct ViewsMark {
    let path: String

    init(directory: String) {
        path = directory + "/open.boot"
    }

    enum State: Equatable {
        case clean
        case openThisBoot
        case openOtherBoot(String)
    }

    /// The kernel's boot id (`/proc/sys/kernel/random/boot_id`), new at every boot.
    static var bootID: String? {
        guard let text = try? readFile("/proc/sys/kernel/random/boot_id") else { return nil }
        let id = text.filter { !$0.isWhitespace }
        return id.isEmpty ? nil : id
    }

    var state: State {
        guard let text = try? Self.readFile(path) else { return .clean }
        let recorded = text.filter { !$0.isWhitespace }
        guard let current = Self.bootID, recorded == current else { return .openOtherBoot(recorded) }
        return .openThisBoot
    }

    /// Records that the views are open in this boot, durably (written, flushed, renamed into place).
    func markOpen() throws {
        let temporary = path + ".partial"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw Self.failure("create", temporary) }
        let text = Array(((Self.bootID ?? "unknown") + "\n").utf8)
        let written = text.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor)
        close(descriptor)
        guard written == text.count, synced == 0 else { throw Self.failure("write", temporary) }
        guard rename(temporary, path) == 0 else { throw Self.failure("rename", temporary) }
        Self.syncDirectory(of: path)
    }

    /// Records a clean stop: the views were flushed first.
    func markClean() {
        unlink(path)
        Self.syncDirectory(of: path)
    }

    private static func syncDirectory(of path: String) {
        let directory = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
        let descriptor = open(directory.isEmpty ? "/" : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }

    private static func readFile(_ path: String) throws -> String {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure("open", path) }
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        guard count >= 0 else { throw failure("read", path) }
        return String(decoding: buffer[..<count], as: UTF8.self)
    }

    private static func failure(_ what: String, _ path: String) -> LedgerError {
        LedgerError(code: .storageFailure, message: "Cannot \(what) \(path): \(String(cString: strerror(errno))).")
    }
}
