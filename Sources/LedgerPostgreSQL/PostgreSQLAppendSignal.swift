import Logging
import NIOCore
import PostgresNIO
import Synchronization

/// Wakes a node following the shared log when another node appends: a connection of its own listens on
/// the `ledger_appended` channel every append notifies. A wake-up is only a hint: notifications are not
/// delivered on standbys and are lost while the connection is down, so the follower polls as well, and
/// the listener wakes it once on every reconnect for what it may have missed.
final class PostgreSQLAppendSignal: Sendable {
    static let channel = "ledger_appended"

    private let wakeUps: AsyncStream<Void>
    private let listener: Task<Void, Never>

    init(configuration: PostgresConnection.Configuration, eventLoop: any EventLoop, logger: Logger) {
        let (wakeUps, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        self.wakeUps = wakeUps
        listener = Task {
            while !Task.isCancelled {
                do {
                    let connection = try await PostgresConnection.connect(
                        on: eventLoop, configuration: configuration, id: 0, logger: logger)
                    do {
                        try await connection.listen(on: Self.channel) { notifications in
                            continuation.yield()
                            for try await _ in notifications { continuation.yield() }
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
            continuation.finish()
        }
    }

    deinit { listener.cancel() }

    /// Returns when another node may have appended, or after `timeout`.
    func wait(timeout: Duration) async {
        let wakeUps = self.wakeUps
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                var iterator = wakeUps.makeAsyncIterator()
                _ = await iterator.next()
            }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
        }
    }
}
