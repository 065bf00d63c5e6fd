import LMDB

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension LedgerError {
    /// A failure of LMDB under `directory`, worded for the person running the ledger.
    static func storage(_ error: LMDBError, at directory: String) -> LedgerError {
        if error.code == .noSpace || error.code == .ioError, let free = freeDiskBytes(directory), free < 1 << 20 {
            return LedgerError(
                code: .storageFull,
                message: "The disk holding \(directory) is full (\(free) bytes free); nothing of this request was "
                    + "written. Free disk space and retry; ledgerd needs no restart.")
        }
        return switch error.code {
        case .mapFull, .noSpace:
            LedgerError(
                code: .storageFull,
                message: "The ledger at \(directory) is full (\(error.message)); nothing of this request was written. "
                    + "Free disk space, or raise the maximum map size (storage.max_map_mib in ledgerd's configuration), then retry."
            )
        default:
            LedgerError(
                code: .storageFailure, message: "The ledger at \(directory) failed: \(error.message) (\(error.function)).")
        }
    }

    /// Bytes free for unprivileged use on the file system of `directory`.
    private static func freeDiskBytes(_ directory: String) -> UInt64? {
        var stats = statvfs()
        guard statvfs(directory, &stats) == 0 else { return nil }
        return UInt64(stats.f_bavail) * UInt64(stats.f_frsize)
    }
}
