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
        uniqueKeysWithValues: AppendResult.allCases.map { result in
            (result, Counter(label: "ledger_append_requests_total", dimensions: [("result", result.rawValue)]))
        })

    /// How an append request ended.
    enum AppendResult: String, CaseIterable {
        /// Written (or every event already there).
        case appended
        /// Bad input, a failed precondition, a limit, or not allowed.
        case refused
        /// Storage full or failing.
        case failed
    }

    func appendRequest(_ result: AppendResult) {
        appendRequests[result]?.increment()
    }

    /// The gauges read at scrape time: map size and use, readers, head.
    func refreshGauges(from store: LedgerStore) {
        let storage = store.storageUse
        Gauge(label: "ledger_lmdb_map_size_bytes").record(storage.mapSize)
        Gauge(label: "ledger_lmdb_map_used_bytes").record(storage.used)
        Gauge(label: "ledger_lmdb_map_maximum_bytes").record(storage.maximum)
        let readers = store.readers
        Gauge(label: "ledger_lmdb_readers_used").record(readers.used)
        Gauge(label: "ledger_lmdb_readers_maximum").record(readers.maximum)
        if let head = try? store.head() { Gauge(label: "ledger_head_seq").record(Int(head)) }
    }
}
