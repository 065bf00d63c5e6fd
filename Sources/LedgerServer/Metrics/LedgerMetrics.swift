import CoreMetrics
import LedgerKit

/// The daemon's own metrics, through swift-metrics (Prometheus text at `GET /metrics`). Request
/// latency by route comes from Hummingbird's MetricsMiddleware.
struct LedgerMetrics: Sendable {
    /// Events written (duplicates of events already in the ledger are not counted).
    private let eventsAppended = Counter(label: "ledger_events_appended_total")
    /// Events in each commit group, and append requests in it.
    private let groupEvents = Recorder(label: "ledger_commit_group_events", aggregate: true)
    private let groupRequests = Recorder(label: "ledger_commit_group_requests", aggregate: true)

    /// One commit of the writer: the requests and events it carried, and the events new to the ledger.
    func recordCommit(requests: Int, events: Int, appended: Int) {
        groupRequests.record(requests)
        groupEvents.record(events)
        eventsAppended.increment(by: appended)
    }

    /// Append requests by result.
    private let appendRequests = Dictionary(
        uniqueKeysWithValues: AppendOutcome.allCases.map { result in
            (result, Counter(label: "ledger_append_requests_total", dimensions: [("result", result.rawValue)]))
        })

    /// How an append request ended.
    enum AppendOutcome: String, CaseIterable {
        /// Written (or every event already there).
        case appended
        /// Bad input, a failed precondition, a limit, or not allowed.
        case refused
        /// Storage full or failing.
        case failed
    }

    func appendRequest(_ result: AppendOutcome) {
        appendRequests[result]?.increment()
    }

    /// The gauges read at scrape time: the log's and the views' storage, readers, head.
    func refreshGauges(from ledger: Ledger) async {
        if let log = try? await ledger.log.statistics() { record(log, as: "log") }
        record(ledger.viewsStatistics, as: "views")
        if let head = try? ledger.head() { Gauge(label: "ledger_head_seq").record(Int(head)) }
    }

    private func record(_ statistics: StorageStatistics, as storage: String) {
        let dimensions = [("storage", storage)]
        Gauge(label: "ledger_storage_used_bytes", dimensions: dimensions).record(statistics.usedBytes)
        if let allocated = statistics.allocatedBytes {
            Gauge(label: "ledger_storage_allocated_bytes", dimensions: dimensions).record(allocated)
        }
        if let maximum = statistics.maximumBytes {
            Gauge(label: "ledger_storage_maximum_bytes", dimensions: dimensions).record(maximum)
        }
        if let used = statistics.readersUsed, let maximum = statistics.readersMaximum {
            Gauge(label: "ledger_storage_readers_used", dimensions: dimensions).record(used)
            Gauge(label: "ledger_storage_readers_maximum", dimensions: dimensions).record(maximum)
        }
    }
}
