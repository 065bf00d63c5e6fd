import LedgerKit
import Logging
import NIOCore
import PostgresNIO
import Synchronization

/// Wakes a node following the shared log when another node appends: a connection of its own listens on
/// the `ledger_appended` channel every append notifies, for as long as the log's service runs. A wake-up
/// is only a hint: notifications are not delivered on standbys and are lost while the connection is down,
/// so the follower polls as well, and the listener wakes it once on every reconnect for what it may have
/// missed.
struct PostgreSQLAppendSignal: Sendable {
    static let channel = "ledger_appended"

    let wakeUp = WakeUp()

    /// Listens until the task is cancelled, reconnecting after a second when the connection is lost.
    func listen(configuration: PostgresConnection.Configuration, eventLoop: any EventLoop, logger: Logger) async {
        while !Task.isCancelled {
            do {
                let connection = try await PostgresConnection.connect(
                    on: eventLoop, configuration: configuration, id: 0, logger: logger)
                do {
                    try await connection.listen(on: Self.channel) { notifications in
                        wakeUp.signal()
                        for try await _ in notifications { wakeUp.signal() }
                    }
                } catch {
                    logger.debug("Stopped listening for appends", metadata: ["reason": "\(error)"])
                }
                try? await connection.close()
            } catch {
                logger.debug("Cannot listen for appends", metadata: ["reason": "\(error)"])
            }
            try? await Task.sleep(for: .seconds(1))
        }
    }

    /// Returns when another node may have appended, or after `timeout`, or when the task is cancelled.
    func wait(timeout: Duration) async {
        let wakeUp = self.wakeUp
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await wakeUp.wait() }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
        }
    }
}
