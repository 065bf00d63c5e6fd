import Foundation
import LedgerKit
import Logging
import ServiceLifecycle

/// The ledger's one writer, with group commit: requests that arrive while a commit is in progress wait
/// and go together into the next one (``Ledger/commit(_:)``: one log transaction, one fsync), each
/// planned on its own so a refused request never fails its neighbours. When idle, a request is committed
/// at once: the group is whatever arrived during the previous commit, so the window adapts to load.
///
/// It is also the views' one writer: events a follower read from a shared log are applied here, in turn
/// with the commits.
///
/// A `Service`: its thread starts in `run()`, so a blocking commit never holds a thread of Swift's
/// cooperative pool, and at graceful shutdown (after the server has answered its last request) it
/// commits what is pending, refuses what comes later (503), and stops.
final class EventWriter: Service, @unchecked Sendable {
    // Safe: `pending`, `state` and `counts` are touched only while holding `condition`.
    private let condition = NSCondition()
    private var pending: [Job] = []
    private var state = State.running
    private var counts = (commits: 0, requests: 0)
    private let ledger: Ledger
    private let feed: CommitFeed?
    private let metrics: LedgerMetrics?
    private let logger: Logger

    private enum State {
        case running
        /// Graceful shutdown: commit what is pending, then stop.
        case draining
        case stopped
    }

    /// What the writer is asked to do.
    private enum Job {
        /// A request, committed with the others of its group.
        case write(WriteRequest, CheckedContinuation<AppendResult, any Error>)
        /// Events of a followed log, applied to the views.
        case follow(EventPage, TreeHeadRecord?, CheckedContinuation<UInt64, any Error>)

        var eventCount: Int {
            switch self {
            case .write(let request, _): request.eventCount
            case .follow(let page, _, _): page.count
            }
        }
    }

    /// The most requests in one group.
    static let maximumGroup = 256
    /// The most events in one group (a single request may exceed it alone), so one transaction's dirty
    /// pages stay well inside LMDB's limit.
    static let maximumGroupEvents = 20_000

    /// - Parameter feed: Told the new head after each commit, for live tails.
    init(ledger: Ledger, feed: CommitFeed? = nil, metrics: LedgerMetrics? = nil, logger: Logger) {
        self.ledger = ledger
        self.feed = feed
        self.metrics = metrics
        self.logger = logger
    }

    /// Commits `request` with the next group.
    ///
    /// - Throws: ``LedgerError``: the request's refusal, a storage failure, or ``LedgerError/Code/shuttingDown``.
    func append(_ request: WriteRequest) async throws -> AppendResult {
        try await withCheckedThrowingContinuation { continuation in enqueue(.write(request, continuation)) }
    }

    /// Applies a page read from a followed log to the views (``Ledger/applyFollowed(_:committed:)``);
    /// returns how many events it applied.
    func applyFollowed(_ page: EventPage, committed: TreeHeadRecord?) async throws -> UInt64 {
        try await withCheckedThrowingContinuation { continuation in enqueue(.follow(page, committed, continuation)) }
    }

    private func enqueue(_ job: Job) {
        let accepted = condition.withLock {
            guard case .running = state else { return false }
            pending.append(job)
            condition.signal()
            return true
        }
        guard !accepted else { return }
        let refusal = LedgerError(
            code: .shuttingDown, message: "ledgerd is shutting down and takes no more appends; retry once it is back.")
        switch job {
        case .write(_, let continuation): continuation.resume(throwing: refusal)
        case .follow(_, _, let continuation): continuation.resume(throwing: refusal)
        }
    }

    /// Write transactions committed, and the requests they carried.
    var commitCounts: (commits: Int, requests: Int) { condition.withLock { counts } }

    func run() async throws {
        let stopped = AsyncStream<Void>.makeStream()
        let thread = Thread { [self] in
            // Named for the kernel too, so per-thread CPU (/proc/PID/task/*/comm) and perf show it.
            Thread.current.name = "ledger.writer"
            loop()
            stopped.continuation.finish()
        }
        thread.name = "ledger.writer"
        thread.qualityOfService = .userInitiated
        thread.start()
        // Until graceful shutdown (or cancellation), then drain and wait for the thread to finish.
        try? await gracefulShutdown()
        condition.withLock {
            state = .draining
            condition.signal()
        }
        // Past a shutdown's grace period this task is cancelled: the thread still finishes the commit it is
        // in and what was pending, and is waited for here (an unstructured task is not cancelled with it).
        await Task { for await _ in stopped.stream {} }.value
        logger.info("The writer committed what was pending and stopped", metadata: ["commits": "\(commitCounts.commits)"])
    }

    private func loop() {
        while let jobs = nextJobs() {
            if case .follow(let page, let committed, let continuation) = jobs[0] {
                continuation.resume(with: Result { try ledger.applyFollowed(page, committed: committed) })
                if let head = try? ledger.head() { feed?.publish(head: head) }
                continue
            }
            let group = jobs.compactMap { job -> (WriteRequest, CheckedContinuation<AppendResult, any Error>)? in
                guard case .write(let request, let continuation) = job else { return nil }
                return (request, continuation)
            }
            do {
                let results = try ledger.commit(group.map(\.0))
                condition.withLock { counts = (counts.commits + 1, counts.requests + group.count) }
                if let head = results.compactMap({ try? $0.get().head }).max() { feed?.publish(head: head) }
                metrics?.recordCommit(
                    requests: group.count, events: group.reduce(0) { $0 + $1.0.eventCount },
                    appended: results.reduce(0) { total, result in
                        total + ((try? result.get().events.count { !$0.isDuplicate }) ?? 0)
                    })
                for ((_, continuation), result) in zip(group, results) { continuation.resume(with: result.mapError { $0 }) }
            } catch {
                for (_, continuation) in group { continuation.resume(throwing: error) }
            }
        }
    }

    /// The next jobs, waiting for some: a group of writes, or one follow; `nil` once draining and nothing
    /// is pending.
    private func nextJobs() -> [Job]? {
        condition.withLock {
            while pending.isEmpty {
                if case .draining = state {
                    state = .stopped
                    return nil
                }
                condition.wait()
            }
            if case .follow = pending[0] { return [pending.removeFirst()] }
            var count = 0
            var events = 0
            for job in pending.prefix(Self.maximumGroup) {
                guard case .write = job else { break }
                if count > 0 && events + job.eventCount > Self.maximumGroupEvents { break }
                count += 1
                events += job.eventCount
            }
            let taken = Array(pending.prefix(count))
            pending.removeFirst(count)
            return taken
        }
    }
}

extension WriteRequest {
    /// How many events it carries.
    var eventCount: Int {
        switch self {
        case .append(let batch): batch.events.count
        case .restore(let lines): lines.count
        }
    }
}
