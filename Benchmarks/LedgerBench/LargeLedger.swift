import Foundation
import LedgerKit

/// A large ledger for the start workload, written in-process without fsync until the end: the same
/// files the daemon writes, made fast enough to build 10,000,000 events inside the suite's time.
enum LargeLedger {
    static func build(in directory: String, events: Int, subjects: Int) async throws -> Int {
        var configuration = LedgerConfiguration()
        configuration.isDurable = false
        let store = try await Ledger.open(directory: directory, configuration: configuration)
        let start = ContinuousClock.now
        for batch in stride(from: 0, to: events, by: 10_000) {
            let lines = (batch..<min(batch + 10_000, events)).map { eventJSON($0, subjects: subjects) }
            let request = try Array(lines.joined(separator: "\n").utf8).withUnsafeBytes { try AppendRequest(ndjson: $0) }
            _ = try store.append(try EventDecoder.drafts(from: request.events), actor: "bench")
            if batch % 1_000_000 == 0, batch > 0 {
                say(String(format: "  %d events, %.0f s", batch, seconds(since: start)))
            }
        }
        try store.sync()
        defer { store.close() }
        return Int(try store.head())
    }
}
