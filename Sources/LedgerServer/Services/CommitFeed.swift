import ServiceLifecycle
import Synchronization

/// The ledger's head as commits move it, for live tails and reads that wait for a head: a waiter is
/// woken when the head passes the `seq` it waits for. The writer publishes after each commit (its own
/// and the events it applies from a followed log). A `Service`: at graceful shutdown, before the server
/// drains, it closes, which ends every follow.
final class CommitFeed: Service {
    private struct State {
        var head: UInt64
        var isClosed = false
        var waiters: [UInt64: (after: UInt64, continuation: CheckedContinuation<UInt64?, Never>)] = [:]
        var nextWaiter: UInt64 = 0
    }

    private let state: Mutex<State>

    init(head: UInt64) {
        state = Mutex(State(head: head))
    }

    func run() async throws {
        try? await gracefulShutdown()
        close()
    }

    /// Called by the writer after a commit that made `head` the last `seq`.
    func publish(head: UInt64) {
        let woken = state.withLock { state in
            state.head = max(state.head, head)
            let ready = state.waiters.filter { $0.value.after < state.head }
            for id in ready.keys { state.waiters[id] = nil }
            return (ready.values.map(\.continuation), state.head)
        }
        for waiter in woken.0 { waiter.resume(returning: woken.1) }
    }

    /// How many waits are pending.
    var waiting: Int { state.withLock { $0.waiters.count } }

    /// Ends every wait, now and later: the daemon is stopping.
    func close() {
        let waiters = state.withLock { state in
            state.isClosed = true
            defer { state.waiters = [:] }
            return state.waiters.values.map(\.continuation)
        }
        for waiter in waiters { waiter.resume(returning: nil) }
    }

    /// The head once it is past `seq`; `nil` when the feed closes or the task is cancelled first.
    func head(after seq: UInt64) async -> UInt64? {
        let id = state.withLock { state in
            defer { state.nextWaiter += 1 }
            return state.nextWaiter
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let answer: UInt64?? = state.withLock { state in
                    if state.isClosed || Task.isCancelled { return .some(nil) }
                    if state.head > seq { return .some(state.head) }
                    state.waiters[id] = (seq, continuation)
                    return nil
                }
                if let answer { continuation.resume(returning: answer) }
            }
        } onCancel: {
            let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
            waiter?.continuation.resume(returning: nil)
        }
    }

    /// Whether the head reaches `seq` within `timeout`.
    func head(reaching seq: UInt64, within timeout: Duration) async -> Bool {
        guard seq > 0 else { return true }
        return await withTaskGroup(of: Bool.self) { group in
            group.addTask { await self.head(after: seq - 1) != nil }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return false
            }
            let reached = await group.next() ?? false
            group.cancelAll()
            return reached
        }
    }
}
