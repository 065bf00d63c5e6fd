import Synchronization

/// Runs `operation` on a task of its own and returns its result, or throws `CancellationError` as soon as
/// the calling task is cancelled, whether or not the operation has noticed.
///
/// A query on the pooled client that waits for a connection while the server is down, or whose event
/// loop has shut down, may never return and ignores cancellation; a caller that must stop (the log
/// follower at shutdown) then stops anyway, and the abandoned operation ends when its client does.
func returningOnCancel<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) async throws -> T {
    let outcome = OnceOutcome<T>()
    let task = Task { outcome.finish(await Result(awaiting: operation)) }
    return try await withTaskCancellationHandler {
        try await withCheckedThrowingContinuation { continuation in outcome.wait(continuation) }
    } onCancel: {
        task.cancel()
        outcome.finish(.failure(CancellationError()))
    }
}

/// The first result given, handed to the one waiter whenever it arrives.
private final class OnceOutcome<T: Sendable>: Sendable {
    private struct State {
        var result: Result<T, any Error>?
        var waiter: CheckedContinuation<T, any Error>?
        var delivered = false
    }

    private let state = Mutex(State())

    func finish(_ result: Result<T, any Error>) {
        let waiter = state.withLock { state -> CheckedContinuation<T, any Error>? in
            guard state.result == nil, !state.delivered else { return nil }
            guard let waiter = state.waiter else {
                state.result = result
                return nil
            }
            state.delivered = true
            state.waiter = nil
            return waiter
        }
        waiter?.resume(with: result)
    }

    func wait(_ continuation: CheckedContinuation<T, any Error>) {
        let ready = state.withLock { state -> Result<T, any Error>? in
            guard let result = state.result else {
                state.waiter = continuation
                return nil
            }
            state.delivered = true
            return result
        }
        if let ready { continuation.resume(with: ready) }
    }
}

extension Result where Failure == any Error {
    fileprivate init(awaiting body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
