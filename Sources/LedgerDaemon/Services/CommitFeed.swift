import Synchronization

/// The ledger's head as commits move it, for live tails: a follower waits here until the head passes
/// the last event it sent. The writer publishes after each commit; shutdown closes the feed, which
/// ends every follow.
final class CommitFeed: Sendable {
    private struct State {
        var head: UInt64
        var isClosed = false
        var waiters: [UInt64: CheckedContinuation<UInt64?, Never>] = [:]
        var nextWaiter: UInt64 = 0
    }

    private let state: Mutex<State>

    init(head: UInt64) {
        state = Mutex(State(head: head))
    }

    /// Called by the writer after a commit that made `head` the last `seq`.
    func publish(head: UInt64) {
        let waiters = state.withLock { state in
            state.head = max(state.head, head)
            defer { state.waiters = [:] }
            return state.waiters.values
        }
        for waiter in waiters { waiter.resume(returning: head) }
    }

    /// Ends every wait, now and later: the daemon is stopping.
    func close() {
        let waiters = state.withLock { state in
            state.isClosed = true
            defer { state.waiters = [:] }
            return state.waiters.values
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
                    state.waiters[id] = continuation
                    return nil
                }
                if let answer { continuation.resume(returning: answer) }
            }
        } onCancel: {
            let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
            waiter?.resume(returning: nil)
        }
    }
}
