import LedgerKit
import Logging
import NIOPosix
import ServiceLifecycle

/// With `durable = false`, flushes committed appends to disk every second, and once more at shutdown.
struct SyncService: Service {
    let ledger: Ledger
    let logger: Logger

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            try? await Task.sleep(for: .seconds(1))
            await flush()
        }
        await flush()
    }

    /// On NIO's blocking pool: an fsync must not hold a thread of the cooperative pool.
    private func flush() async {
        let ledger = self.ledger
        do {
            try await NIOThreadPool.singleton.runIfActive { try ledger.sync() }
        } catch {
            logger.error("Cannot flush the ledger to disk", metadata: ["reason": "\(error)"])
        }
    }
}
