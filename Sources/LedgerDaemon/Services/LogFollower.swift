import LedgerKit
import Logging
import NIOPosix
import ServiceLifecycle

/// With a shared log, brings this node's views up to the events other nodes appended: polls the log's
/// head every `interval` and applies what is new, in `seq` order. A node's own appends are in its views
/// before they are answered; polling is what guarantees the rest (a notification can be missed).
struct LogFollower: Service {
    let store: LedgerStore
    let interval: Duration
    let logger: Logger

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            await follow()
            try? await Task.sleep(for: interval)
        }
    }

    /// On NIO's blocking pool: reading the log waits for the database.
    private func follow() async {
        let store = self.store
        do {
            let applied = try await NIOThreadPool.singleton.runIfActive { try store.catchUpViews() }
            if applied > 0 { logger.debug("Followed the shared log", metadata: ["events": "\(applied)"]) }
        } catch {
            logger.warning("Cannot follow the shared log; retrying", metadata: ["reason": "\(error)"])
        }
    }
}
