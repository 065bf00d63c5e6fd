import Foundation
import LedgerClient
import LedgerKit
import Synchronization

/// Sends an NDJSON file's events in batches with a few of them in flight at once, each on its own
/// connection, so the daemon decodes one batch while it commits another. The daemon's group commit makes
/// concurrent batches share fsyncs; ids make a re-run after a refusal safe.
enum BatchSender {
    struct Totals {
        var appended = 0
        var duplicates = 0
        var head: UInt64 = 0
    }

    /// Appends every line of `file`, `batchSize` at a time, `inFlight` batches at once, with a progress bar
    /// on a terminal. A refusal names the file's line; the batches after it are not sent.
    static func send(_ file: NDJSONFile, from path: String, batchSize: Int, inFlight: Int, client: LedgerClient) throws -> Totals
    {
        let batches = stride(from: 0, to: file.lines.count, by: batchSize).map { $0..<min($0 + batchSize, file.lines.count) }
        let shared = Shared(file: file)
        let progress = ProgressBar(total: file.lines.count, label: "events sent")
        defer { progress.finish() }
        let workers = (0..<max(1, min(inFlight, batches.count))).map { _ in
            Thread {
                while let (number, batch) = shared.state.withLock({ $0.next(of: batches) }) {
                    do {
                        let response = try client.append(ndjson: shared.file.body(of: batch))
                        shared.state.withLock { state in
                            state.totals.appended += response.results.count { !$0.duplicate }
                            state.totals.duplicates += response.results.count(where: \.duplicate)
                            state.totals.head = max(state.totals.head, response.head)
                            state.sent += batch.count
                        }
                    } catch {
                        shared.state.withLock { $0.fail(batch: number, error) }
                    }
                }
                shared.state.withLock { $0.running -= 1 }
            }
        }
        shared.state.withLock { $0.running = workers.count }
        for worker in workers { worker.start() }
        while let sent = shared.state.withLock({ $0.running > 0 ? $0.sent : nil }) {
            progress.update(sent)
            Thread.sleep(forTimeInterval: 0.002)
        }
        let (totals, failure) = shared.state.withLock { ($0.totals, $0.failure) }
        guard let (number, error) = failure else { return totals }
        guard var refusal = error as? LedgerError else { throw error }
        refusal = file.located(refusal, in: batches[number], path: path)
        if number > 0 || batches.count > 1 {
            refusal.message += " Other batches of \(path) may have been recorded; fix the line and re-run (ids make it safe)."
        }
        throw refusal
    }

    private struct State {
        var nextBatch = 0
        var sent = 0
        var running = 0
        var totals = Totals()
        /// The earliest batch that failed, and why.
        var failure: (Int, any Error)?

        mutating func next(of batches: [Range<Int>]) -> (Int, Range<Int>)? {
            guard failure == nil, nextBatch < batches.count else { return nil }
            defer { nextBatch += 1 }
            return (nextBatch, batches[nextBatch])
        }

        mutating func fail(batch: Int, _ error: any Error) {
            if failure.map({ batch < $0.0 }) ?? true { failure = (batch, error) }
        }
    }

    /// What the workers share: the file, which they only read, and the state, behind its lock.
    private final class Shared: @unchecked Sendable {
        // Safe: `file` is never changed after init; `state` is a Mutex.
        let file: NDJSONFile
        let state = Mutex(State())

        init(file: NDJSONFile) { self.file = file }
    }
}
