import Foundation
import LedgerKit

/// The ledger's one writer, with group commit: appends that arrive while a commit is in progress wait
/// and go together into the next write transaction, one fsync for all, each in a child transaction so
/// a refused batch never fails its neighbours. When idle, an append is committed at once: the group
/// is whatever arrived during the previous commit, so the window adapts to load.
///
/// It runs on a thread of its own, so a blocking LMDB commit never holds a thread of Swift's
/// cooperative pool.
final class EventWriter: @unchecked Sendable {
    // Safe: `pending` and `isRunning` are touched only while holding `condition`.
    private let condition = NSCondition()
    private var pending: [(batch: AppendBatch, continuation: CheckedContinuation<AppendResult, any Error>)] = []
    private let store: LedgerStore
    private let feed: CommitFeed?
    private let metrics: LedgerMetrics?
    /// The most batches in one group.
    static let maximumGroup = 256
    /// The most events in one group (a single batch may exceed it alone), so one transaction's dirty
    /// pages stay well inside LMDB's limit.
    static let maximumGroupEvents = 20_000
    private var counts = (commits: 0, batches: 0)

    /// - Parameter feed: Told the new head after each commit, for live tails.
    init(store: LedgerStore, feed: CommitFeed? = nil, metrics: LedgerMetrics? = nil) {
        self.store = store
        self.feed = feed
        self.metrics = metrics
        let thread = Thread { self.run() }  // the writer lives as long as the daemon
        thread.name = "ledger.writer"
        thread.qualityOfService = .userInitiated
        thread.start()
    }

    /// Appends `batch` with the next group; see ``LedgerStore/append(batches:)``.
    func append(_ batch: AppendBatch) async throws -> AppendResult {
        try await withCheckedThrowingContinuation { continuation in
            condition.withLock {
                pending.append((batch, continuation))
                condition.signal()
            }
        }
    }

    /// Write transactions committed, and the append requests they carried.
    var commitCounts: (commits: Int, batches: Int) { condition.withLock { counts } }

    private func run() {
        while true {
            let group = condition.withLock {
                while pending.isEmpty { condition.wait() }
                var count = 0
                var events = 0
                for item in pending.prefix(Self.maximumGroup) {
                    if count > 0 && events + item.batch.drafts.count > Self.maximumGroupEvents { break }
                    count += 1
                    events += item.batch.drafts.count
                }
                let taken = Array(pending.prefix(count))
                pending.removeFirst(count)
                return taken
            }
            do {
                let results = try store.append(batches: group.map(\.batch))
                condition.withLock { counts = (counts.commits + 1, counts.batches + group.count) }
                if let head = results.compactMap({ try? $0.get().head }).max() { feed?.publish(head: head) }
                metrics?.recordCommit(
                    requests: group.count, events: group.reduce(0) { $0 + $1.batch.drafts.count },
                    appended: results.reduce(0) { total, result in
                        total + ((try? result.get().events.count { !$0.isDuplicate }) ?? 0)
                    })
                for (item, result) in zip(group, results) { item.continuation.resume(with: result.mapError { $0 }) }
            } catch {
                for item in group { item.continuation.resume(throwing: error) }
            }
        }
    }
}
