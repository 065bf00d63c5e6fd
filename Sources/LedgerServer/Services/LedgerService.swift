import LedgerKit
import ServiceLifecycle

/// Holds the ledger open while the daemon serves and closes it at shutdown, after every service that
/// uses it has stopped (it is first in the group, so it stops last): the views are flushed and marked
/// clean, so the next start trusts them.
struct LedgerService: Service {
    let ledger: Ledger

    func run() async throws {
        try? await gracefulShutdown()
        ledger.close()
    }
}
