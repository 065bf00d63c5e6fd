// The ledger's benchmark suite: the daemon on the workloads of issue 15, next to a raw LMDB and a SQLite
// baseline doing the same work in the same run. Release build, durable commits; every client is lean
// (LedgerClient: blocking HTTP/1.1 on the socket, one thread a client):
//
//     swift build -c release && .build/release/LedgerBench            (about 6 minutes)
//     .build/release/LedgerBench --quick                             (under a minute)
//     .build/release/LedgerBench --events 200000 --start-events 0    (other sizes; 0 skips the 10M start)
//     .build/release/LedgerBench --start-directory DIR               (start on a ledger built before)
//     .build/release/LedgerBench --postgresql                        (also the event log on PostgreSQL)
//     .build/release/LedgerBench --binaries DIR                      (ledgerd and ledgerctl of another build)
import Foundation
import LedgerClient
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
let queries = quick ? 2_000 : 10_000
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

// 1. Bulk ingest over the socket, batches of 1,000 with three in flight (as `append --file` sends them),
//    against the baselines with the same events.
var daemon = try Daemon(directory: directory)
let client = LedgerClient(socketPath: daemon.socket, timeout: .seconds(120))
let (ingest, ingestCPU) = try daemon.measuringCPU { try sendInFlight(bodies, client: client, inFlight: 3) }
let stored = try client.storedEvents(count: eventCount)
let rawLMDB = try RawLMDBBaseline()
let lmdbRate = try rawLMDB.insert(stored.map(\.canonicalBytes), batchSize: 1_000)
let sqlite = try SQLiteBaseline()
let sqliteRate = try sqlite.insert(stored, batchSize: 1_000)
report.add(
    Row(
        workload: "bulk ingest, socket, batches of 1,000 (3 in flight)",
        ledger: "\(rateText(ingest)); ledgerd \(cpuText(ingestCPU, events: eventCount))", rawLMDB: rateText(lmdbRate),
        sqlite: rateText(sqliteRate) + " (unique id + subject indexes)",
        ratio: String(format: "%.2fx SQLite", ingest / sqliteRate), target: "≥ 300,000/s, ≥ 2.0x SQLite",
        met: ingest >= 300_000 && ingest >= 2 * sqliteRate))

// 2. ledgerctl append --file of the same events, into a fresh ledger.
let fileDirectory = try temporaryDirectory("file")
defer { try? FileManager.default.removeItem(atPath: fileDirectory) }
let ndjsonFile = fileDirectory + "/events.ndjson"
try Data(lines.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: ndjsonFile))
let fileDaemon = try Daemon(directory: fileDirectory + "/ledger")
var started = ContinuousClock.now
let appendStatus = try run(sibling("ledgerctl"), ["--socket", fileDaemon.socket, "append", "--file", ndjsonFile])
let appendFileRate = Double(eventCount) / seconds(since: started)
fileDaemon.stop()
report.add(
    Row(
        workload: "ledgerctl append --file, same events",
        ledger: rateText(appendFileRate) + (appendStatus == 0 ? "" : " (exit \(appendStatus))"),
        ratio: String(format: "%.2fx the socket's bulk ingest", appendFileRate / ingest), target: "≥ 200,000/s",
        met: appendStatus == 0 && appendFileRate >= 200_000))

// 3. 64 concurrent clients appending single events, each on its own connection and thread.
let perClient = quick ? 100 : 400
let (concurrent, concurrentRate) = try concurrentAppends(clients: 64, each: perClient, client: client, subjects: subjects)
let fsyncBound = try RawLMDBBaseline.singleCommits(stored.prefix(quick ? 300 : 2_000).map(\.canonicalBytes))
report.add(
    Row(
        workload: "64 clients, single events", ledger: "\(rateText(concurrentRate)), \(concurrent.text)",
        rawLMDB: "one commit an event: \(rateText(1 / fsyncBound.p50))",
        ratio: String(format: "%.1fx one fsync an event", concurrentRate * fsyncBound.p50),
        target: "≥ 10x one fsync an event, p99 < 5 ms", met: concurrentRate * fsyncBound.p50 >= 10 && concurrent.p99 < 0.005))

// 4. One client, single events, one at a time.
var single = Latencies()
let singleCount = quick ? 300 : 2_000
let (_, singleCPU) = try daemon.measuringCPU {
    for n in 0..<singleCount {
        let body = Array(eventJSON(20_000_000 + n, subjects: subjects).utf8)
        try timed(&single) { _ = try client.send("POST", "/v1/events", body: body, contentType: "application/x-ndjson") }
    }
}
let singleCPUPerRequest = singleCPU.values.reduce(0, +) / Double(singleCount)
let sqliteSingle = try sqlite.singleInserts(
    Array(stored.prefix(quick ? 300 : 2_000)).map { event in
        var copy = event
        copy.seq += 100_000_000
        copy.id += "-single"
        return copy
    })
report.add(
    Row(
        workload: "one client, single events", ledger: "\(single.text); ledgerd \(cpuSplitText(singleCPU, count: singleCount))",
        rawLMDB: "p50 \(durationText(fsyncBound.p50))", sqlite: "p50 \(durationText(sqliteSingle.p50))",
        ratio: String(
            format: "raw LMDB + %.0f µs; %.2fx SQLite's p50", (single.p50 - fsyncBound.p50) * 1e6, single.p50 / sqliteSingle.p50),
        target: "p50 ≤ raw LMDB + 150 µs, ≤ 40 µs CPU",
        met: single.p50 <= fsyncBound.p50 + 0.000150 && singleCPUPerRequest <= 0.000040))

// 4b. What HTTP/1.1 costs on this socket at all: the floor responder and ledgerd's /v1/health, with the
//     same client, taken in turns so that both see the same machine.
let floorResponder = try FloorResponder(directory: directory)
let floorClient = LedgerClient(socketPath: floorResponder.socket)
var floorLatencies = Latencies()
var health = Latencies()
for _ in 0..<10 {
    floorLatencies.merge(try requestLatencies(floorClient, "/v1/health", count: queries / 10))
    health.merge(try requestLatencies(client, "/v1/health", count: queries / 10))
}
floorResponder.stop()
report.add(
    Row(
        workload: "GET /v1/health over the socket", ledger: health.text, rawLMDB: "floor responder: \(floorLatencies.text)",
        ratio: String(format: "%.2fx the floor", health.p50 / floorLatencies.p50), target: "p50 ≤ 2.5x the floor",
        met: health.p50 <= 2.5 * floorLatencies.p50))

// 5. Belief over the socket on this ledger (1,000,000 events: 100 claims a subject).
let (beliefs, beliefCPU) = try daemon.measuringCPU { try beliefLatencies(client, queries: queries, subjects: subjects) }
report.add(
    Row(
        workload: "belief over the socket, \(eventCount) events (\(eventCount / subjects) claims a subject)",
        ledger: "\(beliefs.text); ledgerd \(cpuSplitText(beliefCPU, count: queries))",
        rawLMDB: "floor responder: p50 \(durationText(floorLatencies.p50))",
        ratio: String(format: "%.2fx the floor", beliefs.p50 / floorLatencies.p50), target: "p50 ≤ 4x the floor, p99 < 1 ms",
        met: beliefs.p50 <= 4 * floorLatencies.p50 && beliefs.p99 < 0.001))

// 6. The same query in-process (the daemon stopped, its views opened here), against SQLite fetching the
//    subject's rows and computing the same belief.
daemon.stop()
let reader = try await Ledger.open(directory: directory)
let now = Timestamp.now()
let horizon = Horizon(at: now, asOf: now)
var inProcess = Latencies()
var sqliteBelief = Latencies()
for i in 0..<(queries * 2) {
    let subject = "subject:\((i &* 7919) % subjects)"
    var t = ContinuousClock.now
    let ours = try reader.queries.belief(subject: subject, horizon: horizon)
    inProcess.record(seconds(since: t))
    t = ContinuousClock.now
    let theirs = sqlite.belief(subject: subject, horizon: horizon)
    sqliteBelief.record(seconds(since: t))
    if i == 0, ours?.predicates.map(\.status) != theirs.predicates.map(\.status) {
        say("warning: the ledger and SQLite disagree")
    }
}
reader.close()
report.add(
    Row(
        workload: "belief in-process", ledger: inProcess.text, sqlite: sqliteBelief.text,
        ratio: String(format: "%.1fx faster than SQLite", sqliteBelief.p50 / inProcess.p50), target: "≥ 3x faster than SQLite",
        met: sqliteBelief.p50 / inProcess.p50 >= 3))
withExtendedLifetime(reader) {}

// 6b. What grading costs a belief: 50 sources, before and after grades and part_of chains.
report.add(try await GradedBelief.row(queries: queries))

// 7. Replay over the socket to a file.
daemon = try Daemon(directory: directory)
let replayClient = LedgerClient(socketPath: daemon.socket, timeout: .seconds(120))
started = ContinuousClock.now
let replayed = try replay(replayClient, to: directory + "/replay.ndjson")
let replayRate = Double(replayed) / seconds(since: started)
let lmdbScan = try rawLMDB.scan(to: directory + "/lmdb.ndjson")
let sqliteScan = try sqlite.scan(to: directory + "/sqlite.ndjson")
report.add(
    Row(
        workload: "replay over the socket to a file", ledger: rateText(replayRate), rawLMDB: "\(rateText(lmdbScan)) in-process",
        sqlite: "\(rateText(sqliteScan)) in-process", ratio: String(format: "%.2fx raw LMDB", replayRate / lmdbScan),
        target: "≥ 1,500,000/s", met: replayRate >= 1_500_000))

// 8. ledgerctl audit verify: every leaf, evidence hash and the root, over the socket.
started = ContinuousClock.now
let verifyStatus = try run(sibling("ledgerctl"), ["--socket", daemon.socket, "audit", "verify"])
let verifyRate = Double(replayed) / seconds(since: started)
let hashFloor = try rawLMDB.scan(to: directory + "/unused", hashing: true)
report.add(
    Row(
        workload: "ledgerctl audit verify",
        ledger: "\(rateText(verifyRate))\(verifyStatus == 0 ? "" : " (exit \(verifyStatus))")",
        rawLMDB: "read + SHA-256 alone: \(rateText(hashFloor))",
        ratio: String(format: "%.2fx read + SHA-256", verifyRate / hashFloor),
        target: "≥ 1,000,000/s", met: verifyStatus == 0 && verifyRate >= 1_000_000))

// 9. ledgerctl belief as a whole process: start, connect, query, print, exit.
var wholeProcess = Latencies()
var version = Latencies()
var floor = Latencies()
var deskVersion = Latencies()  // what NIO and Hummingbird cost at start, had ledgerctl linked them
for i in 0..<(quick ? 50 : 300) {
    let subject = "subject:\((i &* 7919) % subjects)"
    try timed(&wholeProcess) { _ = try run(sibling("ledgerctl"), ["--socket", daemon.socket, "belief", subject]) }
    try timed(&version) { _ = try run(sibling("ledgerctl"), ["--version"]) }
    try timed(&floor) { _ = try run(URL(fileURLWithPath: "/bin/true"), []) }
    try timed(&deskVersion) { _ = try run(sibling("ledger-desk"), ["--version"]) }
}
report.add(
    Row(
        workload: "ledgerctl belief, whole process", ledger: wholeProcess.text,
        rawLMDB: "/bin/true: p50 \(durationText(floor.p50))",
        target: "p50 ≤ 8 ms", met: wholeProcess.p50 <= 0.008))
report.add(
    Row(
        workload: "ledgerctl --version, whole process", ledger: version.text,
        rawLMDB: "/bin/true: p50 \(durationText(floor.p50)); ledger-desk --version: p50 \(durationText(deskVersion.p50))",
        target: "p50 ≤ 4 ms", met: version.p50 <= 0.004))
// 9b. The desk's page of a subject with 100 claims, through ledger-desk and this ledgerd.
report.add(try DeskPage.row(client: client, socket: daemon.socket, queries: queries))
daemon.stop()

// 10. Start on a large ledger after a clean stop: time to serving, anonymous memory when idle; and
// 11. the rebuild of its views, as after a machine crash.
var startDirectory = startDirectoryGiven ?? directory
var startCount = Int(try await Ledger.open(directory: directory).head())
if let startDirectoryGiven {
    startCount = Int(try await Ledger.open(directory: startDirectoryGiven).head())
} else if startEvents > 0 {
    startDirectory = try temporaryDirectory("start")
    say("building a \(startEvents)-event ledger for the start workload (in-process, fsync at the end)…")
    startCount = try await LargeLedger.build(in: startDirectory, events: startEvents, subjects: subjects)
}
defer {
    if startDirectory != directory, startDirectoryGiven == nil { try? FileManager.default.removeItem(atPath: startDirectory) }
}
var starts = Latencies()
var resident = 0
for _ in 0..<5 {
    let started = try Daemon(directory: startDirectory)
    starts.record(started.startSeconds)
    try await Task.sleep(for: .seconds(1))
    resident = max(resident, started.residentAnonymousKiB)
    started.stop()
}
report.add(
    Row(
        workload: "daemon start on \(startCount) events, after a clean stop",
        ledger: "p50 \(durationText(starts.p50)) to serving, \(resident / 1024) MiB anonymous idle",
        target: "< 200 ms (10,000,000), < 64 MiB", met: starts.p50 < 0.2 && resident < 64 * 1024 && startCount >= 10_000_000))

// A machine crash leaves the views' mark with another boot's id: ledgerd rebuilds them before serving.
try Data("a-boot-before-the-crash\n".utf8).write(to: URL(fileURLWithPath: startDirectory + "/views/open.boot"))
let crashed = try Daemon(directory: startDirectory)
let rebuildSeconds = crashed.startSeconds
// ledgerd replaces the mark once it has rebuilt the views and opened them in this boot.
let rebuiltAll = (try? String(contentsOfFile: startDirectory + "/views/open.boot", encoding: .utf8))?.hasPrefix("a-boot") == false
crashed.stop()
let rebuildRate = Double(startCount) / rebuildSeconds
report.add(
    Row(
        workload: "start after a machine crash: rebuild of the views from the log, \(startCount) events",
        ledger: "\(rateText(rebuildRate)) (\(durationText(rebuildSeconds)) to serving)\(rebuiltAll ? "" : " (no rebuild seen)")",
        target: "≥ 300,000/s", met: rebuiltAll && rebuildRate >= 300_000))

// 12. The event log on PostgreSQL (--postgresql): one node, two nodes, a follower, a new node.
if arguments.contains("--postgresql") {
    try PostgreSQLWorkloads.run(bodies: bodies, stored: stored, subjects: subjects, queries: queries, report: &report)
}

say("")
report.printTable()
