// The ledger's benchmark suite: the daemon on the workloads of issue 7, next to a raw LMDB and a
// SQLite baseline doing the same work in the same run. Release build, durable commits:
//
//     swift build -c release && .build/release/LedgerBench [events]      (default 1,000,000)
import Foundation
import LedgerKit

let eventCount = CommandLine.arguments.dropFirst().compactMap { Int($0) }.first ?? 1_000_000
let subjects = 10_000
nonisolated(unsafe) var rows: [Row] = []  // the benchmark runs its workloads one after another
@MainActor func report(_ workload: String, _ figure: String, target: String) {
    rows.append(Row(workload: workload, figure: figure, target: target))
    print("\(workload): \(figure)   [target: \(target)]")
}

let lines = (0..<eventCount).map { eventJSON($0, subjects: subjects) }
let bodies = stride(from: 0, to: eventCount, by: 1_000).map { start in
    Array(lines[start..<min(start + 1_000, eventCount)].joined(separator: "\n").utf8)
}
let directory = try temporaryDirectory("ledger")
defer { try? FileManager.default.removeItem(atPath: directory) }

// 1. Bulk ingest over the socket, batches of 1,000, against the baselines with the same events.
var daemon = try await Daemon(directory: directory)
let client = LedgerClient(socketPath: daemon.socket)
var start = ContinuousClock.now
for body in bodies { _ = try await client.append(ndjson: body) }
let ingest = Double(eventCount) / seconds(since: start)
let store = try LedgerStore(directory: directory)  // a reader beside the daemon, for the baselines' bytes
let stored = try store.events(from: 1, limit: eventCount).map { try $0.decoded() }
let lmdbRate = try RawLMDBBaseline.insert(stored.map(\.canonicalBytes), batchSize: 1_000)
let sqlite = try SQLiteBaseline()
let sqliteRate = try sqlite.insert(stored, batchSize: 1_000)
report("bulk ingest, socket, batches of 1,000", String(format: "%.0f events/s (raw LMDB %.0f, SQLite %.0f: %.2fx SQLite)",
    ingest, lmdbRate, sqliteRate, ingest / sqliteRate), target: "≥ 300,000 events/s and ≥ 1.0x SQLite")

// 2. 64 concurrent clients appending single events.
let perClient = 100
start = ContinuousClock.now
let concurrentSamples = try await withThrowingTaskGroup(of: [Double].self) { group in
    for clientNumber in 0..<64 {
        group.addTask {
            var samples: [Double] = []
            for n in 0..<perClient {
                let t = ContinuousClock.now
                _ = try await client.append(ndjson: Array(eventJSON(10_000_000 + clientNumber * perClient + n, subjects: subjects).utf8))
                samples.append(seconds(since: t))
            }
            return samples
        }
    }
    var all: [Double] = []
    for try await samples in group { all += samples }
    return all
}
let concurrentRate = Double(concurrentSamples.count) / seconds(since: start)
report("64 clients, single events", String(format: "%.0f events/s, %@", concurrentRate, Latencies(concurrentSamples).text),
    target: "≥ 40,000 events/s, p99 < 5 ms")

// 3. One client, single events, one at a time.
var singleSamples: [Double] = []
for n in 0..<2_000 {
    let t = ContinuousClock.now
    _ = try await client.append(ndjson: Array(eventJSON(20_000_000 + n, subjects: subjects).utf8))
    singleSamples.append(seconds(since: t))
}
let fsyncBound = try RawLMDBBaseline.singleCommits(stored.prefix(2_000).map(\.canonicalBytes))
report("one client, single events", "\(Latencies(singleSamples).text) (raw LMDB, one durable commit an event: \(fsyncBound.text))",
    target: "p50 < 500 µs")

// 4. Belief over the socket on this ledger, against the same query on a 10,000-event ledger.
func socketBelief(_ client: LedgerClient, subjects: Int, queries: Int = 5_000) async throws -> Latencies {
    var samples: [Double] = []
    for i in 0..<queries {
        let t = ContinuousClock.now
        _ = try await client.belief(subject: "subject:\((i &* 7919) % subjects)")
        samples.append(seconds(since: t))
    }
    return Latencies(samples)
}
let largeBelief = try await socketBelief(client, subjects: subjects)
let smallDirectory = try temporaryDirectory("small")
defer { try? FileManager.default.removeItem(atPath: smallDirectory) }
let smallDaemon = try await Daemon(directory: smallDirectory)
let smallClient = LedgerClient(socketPath: smallDaemon.socket)
let smallSubjects = 10_000 / (eventCount / subjects)
let smallLines = (0..<10_000).map { eventJSON($0, subjects: max(1, smallSubjects)) }
for start in stride(from: 0, to: smallLines.count, by: 1_000) {
    _ = try await smallClient.append(ndjson: Array(smallLines[start..<start + 1_000].joined(separator: "\n").utf8))
}
let smallBelief = try await socketBelief(smallClient, subjects: max(1, smallSubjects))
smallDaemon.stop()
report("belief over the socket, \(eventCount / subjects) claims a subject",
    String(format: "%@ (10,000-event ledger: p50 %.1f µs; %.2fx)", largeBelief.text, smallBelief.p50 * 1e6, largeBelief.p50 / smallBelief.p50),
    target: "p50 < 150 µs, p99 < 1 ms, ≤ 1.5x the small ledger")

// 5. The same query in-process, against SQLite fetching the subject's rows and computing the same belief.
let now = Timestamp.now()
let horizon = Horizon(at: now, asOf: now)
var ledgerSamples: [Double] = []
var sqliteSamples: [Double] = []
for i in 0..<10_000 {
    let subject = "subject:\((i &* 7919) % subjects)"
    var t = ContinuousClock.now
    let ours = try store.belief(subject: subject, horizon: horizon)
    ledgerSamples.append(seconds(since: t))
    t = ContinuousClock.now
    let theirs = sqlite.belief(subject: subject, horizon: horizon)
    sqliteSamples.append(seconds(since: t))
    if i == 0, ours?.predicates.map(\.status) != theirs.predicates.map(\.status) { print("warning: the baselines disagree") }
}
let inProcess = Latencies(ledgerSamples)
let sqliteBelief = Latencies(sqliteSamples)
report("belief in-process", String(format: "%@ (SQLite p50 %.1f µs: %.2fx faster)", inProcess.text, sqliteBelief.p50 * 1e6,
    sqliteBelief.p50 / inProcess.p50), target: "≥ 3x faster than SQLite")

// 6. Replay over the socket to a file.
let replayFile = directory + "/replay.ndjson"
_ = FileManager.default.createFile(atPath: replayFile, contents: nil)
let output = try FileHandle(forWritingTo: URL(fileURLWithPath: replayFile))
var replayed = 0
start = ContinuousClock.now
try await client.replayChunks { chunk in
    replayed += chunk.count(where: { $0 == 10 })
    output.write(Data(chunk))
}
try output.close()
report("replay over the socket to a file", String(format: "%.0f events/s (%d events)", Double(replayed) / seconds(since: start), replayed),
    target: "≥ 1,000,000 events/s")

// 7. ledgerctl audit verify.
let ctl = Process()
ctl.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("ledgerctl")
ctl.arguments = ["--socket", daemon.socket, "audit", "verify"]
ctl.standardOutput = FileHandle.nullDevice
start = ContinuousClock.now
try ctl.run()
ctl.waitUntilExit()
report("ledgerctl audit verify", String(format: "%.0f events/s (exit %d)", Double(replayed) / seconds(since: start), ctl.terminationStatus),
    target: "≥ 1,000,000 events/s")

// 8. Start on this ledger: time to serving, and resident anonymous memory when idle.
daemon.stop()
daemon = try await Daemon(directory: directory)
try await Task.sleep(for: .seconds(1))
report("daemon start on \(replayed) events", String(format: "%.0f ms to serving, %d KiB resident anonymous when idle",
    daemon.startSeconds * 1_000, daemon.residentAnonymousKiB), target: "< 200 ms (10,000,000 events), < 64 MiB")
daemon.stop()

print("\nworkload | figure | target")
for row in rows { print("\(row.workload) | \(row.figure) | \(row.target)") }
