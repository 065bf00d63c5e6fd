// Appends 1,000,000 events of about 200 bytes in batches of 1,000 to a fresh store, then reads them
// back, printing events/s for each phase. Run it in a release build:
//
//     swift run -c release StoreThroughput [events] [batch-size]
import Foundation
import LedgerKit

let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let eventCount = arguments.first ?? 1_000_000
let batchSize = arguments.dropFirst().first ?? 1_000

let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ledger-bench-\(UUID().uuidString)")
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: directory) }

let store = try LedgerStore(directory: directory.path)
let sources = ["Syrian Foreign Ministry", "Syrian Observatory for Human Rights", "US-led coalition (Col. Steve Warren)"]

func draft(_ n: Int) -> EventDraft {
    EventDraft(id: "bench-\(n)", body: .assert(Assertion(
        subject: "strike:deir-ezzor:\(n % 10_000)", predicate: n % 2 == 0 ? "killed" : "perpetrator",
        object: .number(Double(n % 7)), source: sources[n % sources.count],
        effectiveAt: Timestamp(microsecondsSinceEpoch: 1_449_446_400_000_000 + Int64(n) * 1_000_000))))
}

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = ContinuousClock.now
    try body()
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

func rate(_ count: Int, _ elapsed: Double) -> String {
    String(format: "%10.0f events/s  (%d events in %.2f s)", Double(count) / elapsed, count, elapsed)
}


// Prepare the batches first, so that only the store is timed.
let batches = stride(from: 0, to: eventCount, by: batchSize).map { start in
    (start..<min(start + batchSize, eventCount)).map(draft)
}

let appendTime = try seconds {
    for batch in batches { _ = try store.append(batch, actor: "bench") }
}
let eventBytes = try store.event(seq: 1)!.bytes.count

var scanned = 0
var scannedBytes = 0
let scanTime = try seconds {
    var next: UInt64 = 1
    while true {
        let page = try store.events(from: next, limit: 10_000)
        guard let last = page.last else { break }
        scanned += page.count
        scannedBytes += page.reduce(0) { $0 + $1.bytes.count }
        next = last.seq + 1
    }
}

var decoded = 0
let decodeTime = try seconds {
    try store.forEachEvent(in: 1...UInt64(eventCount)) { _, bytes in
        _ = try EventDecoder.storedEvent(from: bytes)
        decoded += 1
        return true
    }
}

print("ledger store throughput, \(eventCount) events of \(eventBytes) bytes, batches of \(batchSize), durable commits")
print("append          \(rate(eventCount, appendTime))")
print("read back (raw) \(rate(scanned, scanTime))  \(scannedBytes / 1_048_576) MiB")
print("read + decode   \(rate(decoded, decodeTime))")
