import Dispatch
import Foundation
import Logging
import UnixSignals

/// The backstop of a stop: once SIGTERM or SIGINT has come, the process ends within `limit` whatever is
/// still awaited. The group's own grace period closes connections and cancels services first; this is
/// for an await that a cancellation cannot end (seen once, after PostgreSQL was killed and restarted
/// under load, when ledgerd stayed up after SIGTERM with every service idle). Nothing acknowledged is at
/// risk: each append was durable in the log before its answer, and the views are checked against the
/// log at the next start.
enum ShutdownDeadline {
    /// Watches for the signals until the returned task is cancelled (when the daemon stopped by itself).
    static func watch(limit: Duration, logger: Logger) -> Task<Void, Never> {
        Task.detached {
            for await signal in await UnixSignalsSequence(trapping: .sigterm, .sigint) {
                logger.debug(
                    "Stop requested", metadata: ["signal": "\(signal)", "deadline_seconds": "\(limit.components.seconds)"])
                Thread.detachNewThread {
                    Thread.sleep(forTimeInterval: Double(limit.components.seconds))
                    logger.critical(
                        "ledgerd did not stop within its deadline after the signal; ending the process (every acknowledged append is in the log)",
                        metadata: ["deadline_seconds": "\(limit.components.seconds)"])
                    exit(70)
                }
                return
            }
        }
    }
}
