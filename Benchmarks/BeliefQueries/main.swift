// Belief query latency on a large ledger, in-process and over ledgerd's socket, against the same
// query on a small ledger with the same number of claims per subject; and `contested` over the
// whole ledger. Run it in a release build (it starts the ledgerd built beside it):
//
//     swift build -c release && .build/release/BeliefQueries [events] [subjects]
import Foundation
import LedgerKit

let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let largeEvents = arguments.first ?? 1_000_000
let largeSubjects = arguments.dropFirst().first ?? 10_000
let claimsPerSubject = largeEvents / largeSubjects
let smallEvents = 10_000
let smallSubjects = max(1, smallEvents / claimsPerSubject)
let sources = (0..<8).map { "source-\($0)" }

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

func load(_ store: LedgerStore, events: Int, subjects: Int) throws {
    var random = SystemRandomNumberGenerator()
    for start in stride(from: 0, to: events, by: 1_000) {
        let batch = (start..<min(start + 1_000, events)).map { n in
            EventDraft(id: "e\(n)", body: .assert(Assertion(
                subject: "subject:\(n % subjects)", predicate: ["killed", "perpetrator", "wounded"][n % 3],
                object: .number(Double(Int.random(in: 0..<3, using: &random))), source: sources[n % sources.count],
                polarity: n % 5 == 0 ? .deny : nil,
                effectiveAt: Timestamp(microsecondsSinceEpoch: 1_449_446_400_000_000 + Int64(n) * 1_000))))
        }
        _ = try store.append(batch, actor: "bench")
    }
}

struct Percentiles {
    let p50: Double, p99: Double, mean: Double
    init(_ samples: [Double]) {
        let sorted = samples.sorted()
        p50 = sorted[sorted.count / 2]
        p99 = sorted[min(sorted.count - 1, sorted.count * 99 / 100)]
        mean = sorted.reduce(0, +) / Double(sorted.count)
    }
    var text: String { String(format: "p50 %7.1f µs   p99 %7.1f µs   mean %7.1f µs", p50 * 1e6, p99 * 1e6, mean * 1e6) }
}

func inProcess(_ store: LedgerStore, subjects: Int, queries: Int = 20_000) throws -> Percentiles {
    let clock = ContinuousClock()
    var samples: [Double] = []
    for i in 0..<queries {
        let subject = "subject:\((i &* 7919) % subjects)"
        let start = clock.now
        let now = Timestamp.now()
        _ = try store.belief(subject: subject, horizon: Horizon(at: now, asOf: now))
        samples.append(seconds(clock.now - start))
    }
    return Percentiles(samples)
}

func overSocket(directory: String, subjects: Int, queries: Int = 5_000) async throws -> Percentiles {
    let ledgerd = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("ledgerd").path
    let socket = directory + "/bench.sock"
    let daemon = Process()
    daemon.executableURL = URL(fileURLWithPath: ledgerd)
    daemon.arguments = ["--socket", socket, "--data-dir", directory, "--log-level", "warning"]
    try daemon.run()
    defer {
        daemon.terminate()
        daemon.waitUntilExit()
    }
    let client = LedgerClient(socketPath: socket)
    while !(await client.isHealthy()) { try await Task.sleep(for: .milliseconds(20)) }
    let clock = ContinuousClock()
    var samples: [Double] = []
    for i in 0..<queries {
        let subject = "subject:\((i &* 7919) % subjects)"
        let start = clock.now
        _ = try await client.belief(subject: subject)
        samples.append(seconds(clock.now - start))
    }
    return Percentiles(samples)
}

func withLedger<R>(events: Int, subjects: Int, _ body: (LedgerStore, String) async throws -> R) async throws -> R {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ledger-bench-\(UUID().uuidString.prefix(8))").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let store = try LedgerStore(directory: directory)
    let start = ContinuousClock.now
    try load(store, events: events, subjects: subjects)
    print(String(format: "loaded %d events over %d subjects in %.1f s", events, subjects, seconds(ContinuousClock.now - start)))
    return try await body(store, directory)
}

print("belief query latency, \(claimsPerSubject) claims per subject")
let small = try await withLedger(events: smallEvents, subjects: smallSubjects) { store, directory in
    (try inProcess(store, subjects: smallSubjects), nil as Percentiles?)
}
let (large, largeSocket, contestedSeconds, contestedCount) = try await withLedger(events: largeEvents, subjects: largeSubjects) { store, directory in
    let memory = try inProcess(store, subjects: largeSubjects)
    let start = ContinuousClock.now
    let now = Timestamp.now()
    let contested = try store.contested(horizon: Horizon(at: now, asOf: now), limit: Int.max)
    let contestedTime = seconds(ContinuousClock.now - start)
    return (memory, try await overSocket(directory: directory, subjects: largeSubjects), contestedTime, contested.count)
}
print("in-process, \(smallEvents) events:    \(small.0.text)")
print("in-process, \(largeEvents) events:  \(large.text)")
print("over the socket, \(largeEvents) events: \(largeSocket.text)")
print(String(format: "large / small ledger (p50): %.2fx", large.p50 / small.0.p50))
print(String(format: "contested over the whole ledger: %.2f s (%d contested predicates)", contestedSeconds, contestedCount))
