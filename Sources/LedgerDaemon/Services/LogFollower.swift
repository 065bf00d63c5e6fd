import LedgerKit
import Logging
import NIOPosix
import ServiceLifecycle

/// With a shared log, brings this node's views up to the events other nodes appended, in `seq` order:
/// woken when another node appends (the log's notification), and every `interval` whatever happens, for
/// a notification can be missed. A node's own appends are in its views before they are answered.
struct LogFollower: Service {
    let store: LedgerStore
    let interval: Duration
    let logger: Logger

    func run() async throws {
        // A wait for the next append ends with the shutdown, not at its timeout.
        await cancelWhenGracefulShutdown {
            var failing = false
            while !Task.isCancelled {
                failing = await follow(failing: failing)
                await store.log.waitForAppends(timeout: interval)
            }
        }
    }

    /// On NIO's blocking pool: reading the log waits for the database. Says once that the log cannot be
    /// read, and once that it can again, not at every poll; returns whether it failed.
    private func follow(failing: Bool) async -> Bool {
        let store = self.store
        do {
            let applied = try await NIOThreadPool.singleton.runIfActive { try store.catchUpViews() }
            if applied > 0 { logger.debug("Followed the shared log", metadata: ["events": "\(applied)"]) }
            if failing { logger.notice("Following the shared log again", metadata: ["head": "\((try? store.head()) ?? 0)"]) }
            return false
        } catch {
            if !failing {
                logger.warning(
                    "Cannot follow the shared log; reads answer from this node's views meanwhile, retrying",
                    metadata: ["reason": "\(error)"])
            }
            return true
        }
    }
}
