import LedgerKit
import Logging
import ServiceLifecycle

/// With `durable = false`, flushes committed appends to disk every second, and once more at shutdown.
struct SyncService: Service {
    let store: LedgerStore
    let logger: Logger

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            try? await Task.sleep(for: .seconds(1))
            flush()
        }
        flush()
    }

    private func flush() {
        do {
            try store.sync()
        } catch {
            logger.error("Cannot flush the ledger to disk", metadata: ["reason": "\(error)"])
        }
    }
}
