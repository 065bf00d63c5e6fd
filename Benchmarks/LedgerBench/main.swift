// The ledger's benchmark suite: the daemon on the workloads of issue 7, next to a raw LMDB and a
// SQLite baseline doing the same work in the same run. Release build, durable commits:
//
//     swift build -c release && .build/release/LedgerBench            (about 6 minutes)
//     .build/release/LedgerBench --quick                             (under a minute)
//     .build/release/LedgerBench --events 200000 --start-events 0    (other sizes; 0 skips the 10M start)
//     .build/release/LedgerBench --start-directory DIR               (start on a ledger built before)
import Foundation
import LedgerKit

let arguments = CommandLine.arguments.dropFirst()
func option(_ name: String) -> Int? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.endIndex else { return nil }
    return Int(arguments[index + 1])
}
let quick = arguments.contains("--quick")
let eventCount = option("--events") ?? (quick ? 50_000 : 1_000_000)
let startEvents = option("--start-events") ?? (quick ? 0 : 10_000_000)
let startDirectoryGiven: String? = arguments.firstIndex(of: "--start-directory").flatMap {
    $0 + 1 < arguments.endIndex ? arguments[$0 + 1] : nil
}
let queries = quick ? 1_000 : 5_000
let subjects = 10_000

let directory = try temporaryDirectory("ledger")
defer { try? FileManager.default.removeItem(atPath: directory) }
say("LedgerBench\(quick ? " --quick" : ""): \(eventCount) events over \(subjects) subjects, batches of 1,000, durable commits")
for fact in Machine.facts(directory: directory) { say(fact) }
say("")
var report = Report()

let lines = (0..<eventCount).map { eventJSON($0, subjects: subjects) }
let bodies = stride(from: 0, to: eventCount, by: 1_000).map { start in
    Array(lines[start..<min(start + 1_000, eventCount)].joined(separator: "\n").utf8)
}

// 1. Bulk ingest over the socket, batches of 1,000, against the baselines with the same events.
var daemon = try await Daemon(directory: directory)
let client = LedgerClient(socketPath: daemon.socket)
var start = ContinuousClock.now
for body in bodies { _ = try await client.append(ndjson: body) }
let ingest = Double(eventCount) / seconds(since: start)
let store = try LedgerStore(directory: directory)  // a reader beside the daemon, for the baselines' bytes
let stored = try store.events(from: 1, limit: eventCount).map { try $0.decoded() }
let rawLMDB = try RawLMDBBaseline()
let lmdbRate = try rawLMDB.insert(stored.map(\.canonicalBytes), batchSize: 1_000)
let sqlite = try SQLiteBaseline()
let sqliteRate = try sqlite.insert(stored, batchSize: 1_000)
report.add(
    Row(
        workload: "bulk ingest, socket, batches of 1,000", ledger: rateText(ingest), rawLMDB: rateText(lmdbRate),
        sqlite: rateText(sqliteRate),
        ratio: String(format: "%.2fx SQLite", ingest / sqliteRate), target: "≥ 300,000/s, ≥ 1.0x SQLite",
        met: ingest >= 300_000 && ingest >= sqliteRate))

// 2. 64 concurrent clients appending single events.
let perClient = quick ? 30 : 100
start = ContinuousClock.now
let concurrent = try await withThrowingTaskGroup(of: Latencies.self) { group in
    for clientNumber in 0..<64 {
        group.addTask {
            var latencies = Latencies()
            for n in 0..<perClient {
                let body = Array(eventJSON(10_000_000 + clientNumber * perClient + n, subjects: subjects).utf8)
                _ = try await timed(&latencies) { try await client.append(ndjson: body) }
            }
            return latencies
        }
    }
    var all: [Latencies] = []
    for try await latencies in group { all.append(latencies) }
    return all
}
let concurrentRate = Double(64 * perClient) / seconds(since: start)
var concurrentLatencies = Latencies()
for latencies in concurrent { concurrentLatencies.merge(latencies) }
let fsyncBound = try RawLMDBBaseline.singleCommits(stored.prefix(quick ? 300 : 2_000).map(\.canonicalBytes))
report.add(
    Row(
        workload: "64 clients, single events", ledger: "\(rateText(concurrentRate)), \(concurrentLatencies.text)",
        rawLMDB: "one commit an event: \(rateText(1 / fsyncBound.p50))",
        ratio: String(format: "%.1fx one fsync an event", concurrentRate * fsyncBound.p50),
        target: "≥ 40,000/s, p99 < 5 ms", met: concurrentRate >= 40_000 && concurrentLatencies.p99 < 0.005))

// 3. One client, single events, one at a time.
func singleAppends(_ count: Int) async throws -> Latencies {
    var latencies = Latencies()
    for n in 0..<count {
        let body = Array(eventJSON(20_000_000 + n, subjects: subjects).utf8)
        _ = try await timed(&latencies) { try await client.append(ndjson: body) }
    }
    return latencies
}
let single = try await singleAppends(quick ? 300 : 2_000)
let sqliteSingle = try sqlite.singleInserts(
    Array(stored.prefix(quick ? 300 : 2_000)).map { event in
        var copy = event
        copy.seq += 100_000_000
        return copy
    })
report.add(
    Row(
        workload: "one client, single events", ledger: single.text, rawLMDB: "p50 \(durationText(fsyncBound.p50))",
        sqlite: "p50 \(durationText(sqliteSingle.p50))",
        ratio: String(format: "%.2fx SQLite's p50", single.p50 / sqliteSingle.p50),
        target: "p50 < 500 µs", met: single.p50 < 0.0005))

// 4. Belief over the socket on this ledger, against the same query on a 10,000-event ledger with as
//    many claims a subject.
func socketBelief(_ client: LedgerClient, subjects: Int) async throws -> Latencies {
    var latencies = Latencies()
    for i in 0..<queries {
        let subject = "subject:\((i &* 7919) % subjects)"
        _ = try await timed(&latencies) { try await client.belief(subject: subject) }
    }
    return latencies
}
let largeBelief = try await socketBelief(client, subjects: subjects)
let smallDirectory = try temporaryDirectory("small")
defer { try? FileManager.default.removeItem(atPath: smallDirectory) }
let smallDaemon = try await Daemon(directory: smallDirectory)
let smallClient = LedgerClient(socketPath: smallDaemon.socket)
let smallSubjects = max(1, 10_000 / max(1, eventCount / subjects))
let smallLines = (0..<10_000).map { eventJSON($0, subjects: smallSubjects) }
for start in stride(from: 0, to: smallLines.count, by: 1_000) {
    _ = try await smallClient.append(ndjson: Array(smallLines[start..<start + 1_000].joined(separator: "\n").utf8))
}
let smallBelief = try await socketBelief(smallClient, subjects: smallSubjects)
smallDaemon.stop()
let growth = largeBelief.p50 / smallBelief.p50
report.add(
    Row(
        workload: "belief over the socket, \(eventCount / subjects) claims a subject", ledger: largeBelief.text,
        ratio: String(format: "%.2fx the 10,000-event ledger (p50 %@)", growth, durationText(smallBelief.p50)),
        target: "p50 < 150 µs, p99 < 1 ms, ≤ 1.5x", met: largeBelief.p50 < 0.000150 && largeBelief.p99 < 0.001 && growth <= 1.5))

// 5. The same query in-process, against SQLite fetching the subject's rows and computing the same belief.
let now = Timestamp.now()
let horizon = Horizon(at: now, asOf: now)
var inProcess = Latencies()
var sqliteBelief = Latencies()
for i in 0..<(queries * 2) {
    let subject = "subject:\((i &* 7919) % subjects)"
    var t = ContinuousClock.now
    let ours = try store.belief(subject: subject, horizon: horizon)
    inProcess.record(seconds(since: t))
    t = ContinuousClock.now
    let theirs = sqlite.belief(subject: subject, horizon: horizon)
    sqliteBelief.record(seconds(since: t))
    if i == 0, ours?.predicates.map(\.status) != theirs.predicates.map(\.status) {
        say("warning: the ledger and SQLite disagree")
    }
}
report.add(
    Row(
        workload: "belief in-process", ledger: inProcess.text, sqlite: sqliteBelief.text,
        ratio: String(format: "%.1fx faster than SQLite", sqliteBelief.p50 / inProcess.p50), target: "≥ 3x faster than SQLite",
        met: sqliteBelief.p50 / inProcess.p50 >= 3))

// 6. Replay over the socket to a file.
start = ContinuousClock.now
let replayed = try await replay(client, to: directory + "/replay.ndjson")
let replayRate = Double(replayed) / seconds(since: start)
let lmdbScan = try rawLMDB.scan(to: directory + "/lmdb.ndjson")
let sqliteScan = try sqlite.scan(to: directory + "/sqlite.ndjson")
report.add(
    Row(
        workload: "replay over the socket to a file", ledger: rateText(replayRate), rawLMDB: "\(rateText(lmdbScan)) in-process",
        sqlite: "\(rateText(sqliteScan)) in-process", ratio: String(format: "%.2fx raw LMDB", replayRate / lmdbScan),
        target: "≥ 1,000,000/s", met: replayRate >= 1_000_000))

// 7. ledgerctl audit verify: every leaf, evidence hash and the root, over the socket.
start = ContinuousClock.now
let verifyStatus = try run(sibling("ledgerctl"), ["--socket", daemon.socket, "audit", "verify"])
let verifyRate = Double(replayed) / seconds(since: start)
let hashFloor = try rawLMDB.scan(to: directory + "/unused", hashing: true)
report.add(
    Row(
        workload: "ledgerctl audit verify",
        ledger: "\(rateText(verifyRate))\(verifyStatus == 0 ? "" : " (exit \(verifyStatus))")",
        rawLMDB: "read + SHA-256 alone: \(rateText(hashFloor))",
        ratio: String(format: "%.2fx read + SHA-256", verifyRate / hashFloor),
        target: "≥ 1,000,000/s", met: verifyStatus == 0 && verifyRate >= 1_000_000))

// 8. ledgerctl belief as a whole process: start, connect, query, print, exit.
func processRuns(_ count: Int, socket: String) async throws -> (ledgerctl: Latencies, floor: Latencies) {
    var ledgerctl = Latencies()
    var floor = Latencies()
    for i in 0..<count {
        let subject = "subject:\((i &* 7919) % subjects)"
        try await timed(&ledgerctl) { _ = try run(sibling("ledgerctl"), ["--socket", socket, "belief", subject]) }
        try await timed(&floor) { _ = try run(URL(fileURLWithPath: "/bin/true"), []) }
    }
    return (ledgerctl, floor)
}
let (wholeProcess, floor) = try await processRuns(quick ? 30 : 200, socket: daemon.socket)
report.add(
    Row(
        workload: "ledgerctl belief, whole process", ledger: wholeProcess.text,
        rawLMDB: "/bin/true: p50 \(durationText(floor.p50))",
        target: "< 30 ms", met: wholeProcess.p50 < 0.030))

// 9. Start: time to serving without replay, and resident anonymous memory when idle.
daemon.stop()
var startDirectory = startDirectoryGiven ?? directory
var startCount = eventCount + 64 * perClient + single.count
if let startDirectoryGiven {
    startCount = Int(try LedgerStore(directory: startDirectoryGiven).head())
} else if startEvents > 0 {
    startDirectory = try temporaryDirectory("start")
    say("building a \(startEvents)-event ledger for the start workload (in-process, fsync at the end)…")
    startCount = try LargeLedger.build(in: startDirectory, events: startEvents, subjects: subjects)
}
defer {
    if startDirectory != directory, startDirectoryGiven == nil { try? FileManager.default.removeItem(atPath: startDirectory) }
}
var starts = Latencies()
var resident = 0
for _ in 0..<5 {
    let started = try await Daemon(directory: startDirectory)
    starts.record(started.startSeconds)
    try await Task.sleep(for: .seconds(1))
    resident = max(resident, started.residentAnonymousKiB)
    started.stop()
}
report.add(
    Row(
        workload: "daemon start on \(startCount) events",
        ledger: "p50 \(durationText(starts.p50)) to serving, \(resident / 1024) MiB anonymous idle",
        target: "< 200 ms (10,000,000), < 64 MiB", met: starts.p50 < 0.2 && resident < 64 * 1024 && startCount >= 10_000_000))

say("")
report.printTable()
