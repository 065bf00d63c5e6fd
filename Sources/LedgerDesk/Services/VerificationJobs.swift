import Dispatch
import LedgerClient
import LedgerKit
import Synchronization

/// Full verifications started from the audit page, each on a Dispatch thread (the client blocks), with
/// their progress for the page's bar.
final class VerificationJobs: Sendable {
    struct Progress: Sendable {
        var done: UInt64 = 0
        var total: UInt64 = 0
        /// The sentence to show: running, verified, or what failed.
        var state = "Starting: reading the log's head."
        var finished = false
        var failed = false
    }

    private let jobs = Mutex<[Int: Progress]>([:])
    private let client: LedgerClient

    init(client: LedgerClient) {
        self.client = client
    }

    /// Starts a verification and returns its number.
    func start() -> Int {
        let job = jobs.withLock { jobs in
            let job = jobs.count + 1
            jobs[job] = Progress()
            return job
        }
        let client = client
        DispatchQueue.global().async { [self] in
            do {
                let (count, root) = try AuditRun(client: client).verify { done, total in
                    update(job) {
                        $0.done = done
                        $0.total = total
                        $0.state = "Verifying: \(done) of \(total) events."
                    }
                }
                update(job) {
                    $0.done = count
                    $0.total = max($0.total, count)
                    $0.state = "Verified \(count) events: every leaf, every evidence hash and the root \(Hex.encode(root)) match."
                    $0.finished = true
                }
            } catch {
                update(job) {
                    $0.state = "Verification failed: \(error)"
                    $0.finished = true
                    $0.failed = true
                }
            }
        }
        return job
    }

    func progress(of job: Int) -> Progress? {
        jobs.withLock { $0[job] }
    }

    private func update(_ job: Int, _ change: (inout Progress) -> Void) {
        jobs.withLock { jobs in
            if var progress = jobs[job] {
                change(&progress)
                jobs[job] = progress
            }
        }
    }
}
