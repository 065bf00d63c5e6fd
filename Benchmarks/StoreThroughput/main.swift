// Appends 1,000,000 events of about 200 bytes in batches of 1,000 to a fresh store, then reads them
// back, printing events/s for each phase. Run it in a release build:
//
//     swift run -c release StoreThroughput [events] [batch-size]
import Foundation
import LedgerClient
import LedgerKit

let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let eventCount = arguments.first ?? 1_000_000
let batchSize = arguments.dropFirst().first ?? 1_000

let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ledger-bench-\(UUID().uuidString)")
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: directory) }

var configuration = LedgerConfiguration()
// LEDGER_BENCH_NOSYNC=1 skips fsync, to tell the disk's share of an append from the CPU's.
configuration.isDurable = ProcessInfo.processInfo.environment["LEDGER_BENCH_NOSYNC"] != "1"
let ledger = try await Ledger.open(directory: directory.path, configuration: configuration)
let queries = ledger.queries

/// The stored events with `seq` in `range`, a page at a time.
func pages(in range: ClosedRange<UInt64>) async throws -> [EventPage] {
    var pages: [EventPage] = []
    var next = range.lowerBound
    while next <= range.upperBound {
        let page = try await ledger.log.events(in: next...range.upperBound, limit: 10_000)
        guard let last = page.lastSeq else { break }
        pages.append(page)
        next = last + 1
    }
    return pages
}

/// Visits each event of `pages`.
func forEachEvent(in pages: [EventPage], _ body: (UnsafeRawBufferPointer) throws -> Void) rethrows {
    for page in pages { for entry in page.entries { try page.stored(entry).withUnsafeBytes(body) } }
}
let sources = ["Syrian Foreign Ministry", "Syrian Observatory for Human Rights", "US-led coalition (Col. Steve Warren)"]

func draft(_ n: Int) -> EventDraft {
    EventDraft(
        id: "bench-\(n)",
        body: .assert(
            Assertion(
                subject: "strike:deir-ezzor:\(n % 10_000)", predicate: n % 2 == 0 ? "killed" : "perpetrator",
                object: .number(Double(n % 7)), source: sources[n % sources.count],
                effectiveAt: Timestamp(microsecondsSinceEpoch: 1_449_446_400_000_000 + Int64(n) * 1_000_000))))
}

func seconds(_ body: () async throws -> Void) async rethrows -> Double {
    let start = ContinuousClock.now
    try await body()
    return start.secondsSince
}

func rate(_ count: Int, _ elapsed: Double) -> String {
    String(format: "%10.0f events/s  (%d events in %.2f s)", Double(count) / elapsed, count, elapsed)
}

// Prepare the batches first, so that only the store is timed.
let batches = stride(from: 0, to: eventCount, by: batchSize).map { start in
    (start..<min(start + batchSize, eventCount)).map(draft)
}

/// Bytes this process has passed to write calls (`wchar`) and caused to be written to storage
/// (`write_bytes`), from /proc/self/io: their ratio is the filesystem's write amplification.
func bytesWritten() -> (syscalls: Int, storage: Int) {
    let io = (try? String(contentsOfFile: "/proc/self/io", encoding: .utf8)) ?? ""
    func field(_ name: String) -> Int {
        let line = io.split(separator: "\n").first { $0.hasPrefix(name + ":") } ?? ""
        return Int(line.split(separator: " ").last ?? "") ?? 0
    }
    return (field("wchar"), field("write_bytes"))
}
let writtenBefore = bytesWritten()
let appendTime = try await seconds {
    for batch in batches { _ = try ledger.append(batch, actor: "bench") }
}
let eventBytes = try await queries.event(seq: 1)!.bytes.count

var scanned = 0
var scannedBytes = 0
let scanTime = try await seconds {
    var next: UInt64 = 1
    while true {
        let page = try await queries.events(from: next, limit: 10_000)
        guard let last = page.last else { break }
        scanned += page.count
        scannedBytes += page.reduce(0) { $0 + $1.bytes.count }
        next = last.seq + 1
    }
}

var decoded = 0
let allPages = try await pages(in: 1...UInt64(eventCount))
let decodeTime = try await seconds {
    try forEachEvent(in: allPages) { bytes in
        _ = try EventDecoder.storedEvent(from: bytes)
        decoded += 1
    }
}

// The Merkle log's share of an append: the leaf (canonical bytes without evidence) and its hash, and
// the tree nodes it completes, on events already decoded.
var sampleEvents: [Event] = []
try forEachEvent(in: try await pages(in: 1...UInt64(min(eventCount, 200_000)))) { bytes in
    sampleEvents.append(try EventDecoder.storedEvent(from: bytes))
}
var tree = InMemoryMerkleTree()
let merkleTime = await seconds {
    for event in sampleEvents { tree.append(leafHash: MerkleHash.leaf(event.leafBytes)) }
}

// What an auditor's pass costs in-process: parse, check, leaf, hash, root.
var verifier = LedgerVerifier()
let verifyTime = try await seconds {
    try forEachEvent(in: allPages) { bytes in try verifier.add(line: bytes) }
}
let storedRoot = Hex.encode(try queries.treeHead().root)
ledger.close()
precondition(Hex.encode(verifier.root) == storedRoot, "the recomputed root differs")

// The same over the socket: ledgerctl audit verify against ledgerd on this ledger.
let binaries = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
let socket = directory.path + "/bench.sock"
let daemon = Process()
daemon.executableURL = binaries.appendingPathComponent("ledgerd")
daemon.arguments = ["--socket", socket, "--data-dir", directory.path, "--log-level", "warning"]
try daemon.run()
while !LedgerClient(socketPath: socket).isHealthy() { usleep(20_000) }
let ctl = Process()
ctl.executableURL = binaries.appendingPathComponent("ledgerctl")
ctl.arguments = ["--socket", socket, "audit", "verify"]
ctl.standardOutput = FileHandle.nullDevice
let auditTime = try await seconds {
    try ctl.run()
    ctl.waitUntilExit()
}
daemon.terminate()
daemon.waitUntilExit()

print("ledger store throughput, \(eventCount) events of \(eventBytes) bytes, batches of \(batchSize), durable commits")
let writtenAfter = bytesWritten()
print(
    "append          \(rate(eventCount, appendTime))  written an event: \((writtenAfter.syscalls - writtenBefore.syscalls) / eventCount) "
        + "bytes by LMDB, \((writtenAfter.storage - writtenBefore.storage) / eventCount) to storage")
print("read back (raw) \(rate(scanned, scanTime))  \(scannedBytes / 1_048_576) MiB")
print("decode          \(rate(decoded, decodeTime))")
print(
    "merkle leaf+tree\(rate(sampleEvents.count, merkleTime))  (the log's share of an append: \(String(format: "%.2f", merkleTime / Double(sampleEvents.count) * 1e6)) µs an event)"
)
print("verify in-process \(rate(eventCount, verifyTime))")
print("ledgerctl audit verify \(rate(eventCount, auditTime))  (exit \(ctl.terminationStatus))")
