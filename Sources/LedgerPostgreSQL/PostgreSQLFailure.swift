import LedgerKit
import PostgresNIO

/// PostgreSQL's failures as the ledger reports them: the server cannot serve now (`storage_unavailable`:
/// nothing was written, retry), its disk is full (`storage_full`), or it refused a query of ours
/// (`storage_failure`, with its message).
enum PostgreSQLFailure {
    /// Whether a server error (by its SQLSTATE) means the server cannot serve now rather than that it
    /// refused the query: the connection is lost or being shut down (class 08, 57P01 admin shutdown, 57P02
    /// crash of another backend, 57P03 starting up, 57P05 idle timeout), the server is full of connections
    /// (53300), it became a read-only standby (25006), or a statement timed out (57014). Retrying later
    /// can succeed; nothing was written.
    static func meansUnavailable(sqlState: String) -> Bool {
        sqlState.hasPrefix("08") || ["57P01", "57P02", "57P03", "57P05", "53300", "25006", "57014"].contains(sqlState)
    }

    /// The ledger's error for `error`, a failure of a query to the database at `url`.
    static func error(_ error: any Error, url: PostgreSQLURL) -> LedgerError {
        if let error = error as? LedgerError { return error }
        if let error = error as? PSQLError, let info = error.serverInfo {
            let message = info[.message] ?? "\(error.code)"
            let state = info[.sqlState] ?? ""
            if meansUnavailable(sqlState: state) { return unavailable(url, error) }
            if state == "53100" {
                return LedgerError(
                    code: .storageFull,
                    message: "PostgreSQL at \(url) has no disk space left (\(message)); nothing was written. Free space on "
                        + "the database server and retry.")
            }
            return LedgerError(
                code: .storageFailure, message: "PostgreSQL at \(url) refused a query of the ledger's: \(message).")
        }
        return unavailable(url, error)
    }

    /// Whether `error` means the connection it came on cannot be used again.
    static func breaksConnection(_ error: any Error) -> Bool {
        guard let error = error as? PSQLError, let state = error.serverInfo?[.sqlState] else { return true }
        return meansUnavailable(sqlState: state)
    }

    static func unavailable(_ url: PostgreSQLURL, _ error: any Error) -> LedgerError {
        let reason = (error as? PSQLError).map { "\($0.code)" + ($0.underlying.map { ": \($0)" } ?? "") } ?? "\(error)"
        return LedgerError(
            code: .storageUnavailable,
            message: "PostgreSQL at \(url) cannot be reached (\(reason)); nothing was written. Retry when it is back.")
    }
}
