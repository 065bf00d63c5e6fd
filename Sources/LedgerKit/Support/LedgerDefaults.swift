#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where `ledgerd` and `ledgerctl` look when nothing else is said.
public enum LedgerDefaults {
    /// `$XDG_RUNTIME_DIR/ledgerd.sock` when that is set, else `.ledger/ledgerd.sock` under the working directory.
    public static var socketPath: String {
        if let runtime = getenv("XDG_RUNTIME_DIR").map({ String(cString: $0) }), !runtime.isEmpty {
            return runtime + "/ledgerd.sock"
        }
        return ".ledger/ledgerd.sock"
    }

    /// `.ledger/data` under the working directory.
    public static let dataDirectory = ".ledger/data"

    /// The environment variable `ledgerctl` reads for the socket path.
    public static let socketEnvironmentVariable = "LEDGER_SOCKET"

    /// The ledger's version.
    public static let version = "0.1.0"
}
