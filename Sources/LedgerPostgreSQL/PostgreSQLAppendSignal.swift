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

    private let wakeUp = WakeUp()
    private let listener: Task<Void, Never>

    init(configuration: PostgresConnection.Configuration, eventLoop: any EventLoop, logger: Logger) {
        let wakeUp = self.wakeUp
        listener = Task {
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
    }

    deinit { listener.cancel() }

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

/// A wake-up one waiter takes: a signal with no one waiting is kept for the next wait (several make one).
final class WakeUp: Sendable {
    private struct State {
        var isPending = false
        var waiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
        var cancelled: Set<UInt64> = []
        var nextID: UInt64 = 0
    }

    private let state = Mutex(State())

    func signal() {
        let waiters = state.withLock { state in
            if state.waiters.isEmpty { state.isPending = true }
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns at the next signal (at once if one is pending), or when the task is cancelled.
    func wait() async {
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let now = state.withLock { state in
                    if state.cancelled.remove(id) != nil { return true }  // leaves a pending signal for the next wait
                    if state.isPending {
                        state.isPending = false
                        return true
                    }
                    state.waiters[id] = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            // Cancelled before the continuation was stored: the store sees the mark and resumes at once.
            let waiter = state.withLock { state in
                guard let waiter = state.waiters.removeValue(forKey: id) else {
                    state.cancelled.insert(id)
                    return nil as CheckedContinuation<Void, Never>?
                }
                return waiter
            }
            waiter?.resume()
        }
    }
}
