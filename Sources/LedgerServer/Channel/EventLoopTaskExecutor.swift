import NIOCore

/// Runs a connection's tasks on the event loop its bytes arrive on, so that a request read from the
/// socket is routed, answered from the views and written back on one thread, with no hop to Swift's
/// cooperative pool and back. An append leaves it once, for the writer thread, and returns to it when the
/// writer resumes the request (the resumed job is enqueued here, not on the pool).
///
/// Safe because nothing a route does blocks: views and the LMDB log are read in read transactions, which
/// never wait for the writer; waits (the writer, `min_head`, a followed replay) are suspensions.
final class EventLoopTaskExecutor: TaskExecutor {
    let eventLoop: any EventLoop

    init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
