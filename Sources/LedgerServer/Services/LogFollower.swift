import LedgerKit
import Logging
import ServiceLifecycle

/// With a shared log, brings this node's views up to the events other nodes appended, in `seq` order:
/// woken when another node appends (the log's notification), when a read waits for a head
/// (``catchUpNow()``), and every `interval` whatever happens, for a notification can be missed. It reads
/// the log on its own task and hands each page to the writer, the views' one writer. A node's own
/// appends are in its views before they are answered.
struct LogFollower: Service {
    let ledger: Ledger
    let writer: EventWriter
    let interval: Duration
    let logger: Logger
    private let wakeUp = WakeUp()

    init(ledger: Ledger, writer: EventWriter, interval: Duration, logger: Logger) {
        self.ledger = ledger
        self.writer = writer
        self.interval = interval
        self.logger = logger
    }

    func run() async throws {
        // A wait for the next append ends with the shutdown, not at its timeout.
        await cancelWhenGracefulShutdown {
            var failing = false
            while !Task.isCancelled {
                failing = await follow(failing: failing)
                await withTaskGroup(of: Void.self) { group in
                    group.addTask { await ledger.log.waitForAppends(timeout: interval) }
                    group.addTask { await wakeUp.wait() }
                    await group.next()
                    group.cancelAll()
                }
            }
        }
    }

    /// Asks for a catch-up at once: a read is waiting for a head this node may not hold yet.
    func catchUpNow() {
        wakeUp.signal()
    }

    /// Says once that the log cannot be read, and once that it can again, not at every poll; returns
    /// whether it failed.
    private func follow(failing: Bool) async -> Bool {
        do {
            var applied: UInt64 = 0
            while let (page, committed) = try await ledger.nextFollowedPage() {
                let count = try await writer.applyFollowed(page, committed: committed)
                applied += count
                if count == 0 { break }
            }
            if applied > 0 { logger.debug("Followed the shared log", metadata: ["events": "\(applied)"]) }
            if failing { logger.notice("Following the shared log again", metadata: ["head": "\((try? ledger.head()) ?? 0)"]) }
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
