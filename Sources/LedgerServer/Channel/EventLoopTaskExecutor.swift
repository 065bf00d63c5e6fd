import NIOCore
import Synchronization

/// Runs a connection's tasks on the event loop its bytes arrive on, so that a request read from the
/// socket is routed, answered from the views and written back on one thread, with no hop to Swift's
/// cooperative pool and back. An append leaves it once, for the writer thread, and returns to it when the
/// writer resumes the request (the resumed job is enqueued here, not on the pool).
///
/// Safe because nothing a route does blocks: views and the LMDB log are read in read transactions, which
/// never wait for the writer; waits (the writer, `min_head`, a followed replay) are suspensions.
///
/// One executor an event loop, kept for the life of the process (``forLoop(_:)``): a task holds its
/// preferred executor unowned, so none may go away while a job of any task could still name it.
final class EventLoopTaskExecutor: TaskExecutor {
    let eventLoop: any EventLoop

    private init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    private static let executors = Mutex<[ObjectIdentifier: EventLoopTaskExecutor]>([:])

    /// The executor of `eventLoop`, made the first time a connection on it is served.
    static func forLoop(_ eventLoop: any EventLoop) -> EventLoopTaskExecutor {
        executors.withLock { executors in
            let key = ObjectIdentifier(eventLoop)
            if let executor = executors[key] { return executor }
            let executor = EventLoopTaskExecutor(eventLoop)
            executors[key] = executor
            return executor
        }
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
