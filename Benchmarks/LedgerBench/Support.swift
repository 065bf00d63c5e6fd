import Foundation
import Histogram
import LedgerClient
import LedgerKit
import Synchronization

/// Seconds since `start`.
func seconds(since start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

/// Latencies recorded in an HdrHistogram (nanoseconds, three significant digits).
struct Latencies {
    private var histogram = Histogram<UInt64>(highestTrackableValue: 600_000_000_000, numberOfSignificantValueDigits: .three)

    init() {}

    init(_ samples: [Double]) {
        for sample in samples { record(sample) }
    }

    /// Records one latency, in seconds.
    mutating func record(_ seconds: Double) {
        _ = histogram.record(UInt64(max(0, seconds * 1e9)))
    }

    /// Adds another run's latencies.
    mutating func merge(_ other: Latencies) {
        histogram.add(other.histogram)
    }

    var count: Int { Int(histogram.totalCount) }
    /// A percentile, in seconds.
    func at(_ percentile: Double) -> Double { Double(histogram.valueAtPercentile(percentile)) / 1e9 }
    var p50: Double { at(50) }
    var p99: Double { at(99) }
    var p999: Double { at(99.9) }

    /// "p50 … p99 … p99.9 …" in the unit that suits the figures.
    var text: String {
        func format(_ seconds: Double) -> String {
            seconds >= 0.01 ? String(format: "%.1f ms", seconds * 1e3) : String(format: "%.0f µs", seconds * 1e6)
        }
        return "p50 \(format(p50)), p99 \(format(p99)), p99.9 \(format(p999))"
    }
}

/// Runs `body` and returns its latency, recording it.
@discardableResult
func timed<T>(_ latencies: inout Latencies, _ body: () throws -> T) rethrows -> T {
    let start = ContinuousClock.now
    let result = try body()
    latencies.record(seconds(since: start))
    return result
}

/// A fresh directory, removed at exit of the benchmark.
func temporaryDirectory(_ label: String) throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent(
        "ledger-bench-\(label)-\(UUID().uuidString.prefix(8))"
    ).path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// The benchmark's event: about 200 bytes once stored, over `subjects` subjects.
func eventJSON(_ n: Int, subjects: Int) -> String {
    let predicate = ["killed", "perpetrator", "wounded"][n % 3]
    let polarity = n % 5 == 0 ? #","polarity":"deny""# : ""
    return
        #"{"type":"assert","id":"e\#(n)","subject":"subject:\#(n % subjects)","predicate":"\#(predicate)","object":\#(n % 3),"source":"source-\#(n % 8)","effective_at":"2015-12-07T10:00:00Z"\#(polarity)}"#
}

/// A built executable: ledgerd and ledgerctl from `--binaries DIR` when given (to measure another build
/// with this harness in the same run), everything else beside this one.
func sibling(_ name: String) -> URL {
    let arguments = CommandLine.arguments
    if name == "ledgerd" || name == "ledgerctl", let index = arguments.firstIndex(of: "--binaries"),
        index + 1 < arguments.endIndex
    {
        return URL(fileURLWithPath: arguments[index + 1]).appendingPathComponent(name)
    }
    return URL(fileURLWithPath: arguments[0]).deletingLastPathComponent().appendingPathComponent(name)
}

/// The floor responder (`Benchmarks/FloorResponder`): a fixed 200 for every request on a Unix socket,
/// one thread, blocking reads; until `stop()`.
final class FloorResponder {
    let process = Process()
    let socket: String

    init(directory: String) throws {
        socket = directory + "/floor.sock"
        process.executableURL = sibling("FloorResponder")
        process.arguments = [socket]
        try process.run()
        while !LedgerClient.socketAccepts(socket) { usleep(200) }
    }

    func stop() {
        process.terminate()
        process.waitUntilExit()
    }
}

/// The built ledgerd, serving `directory` on a socket inside it, until `stop()`.
final class Daemon {
    let process = Process()
    let socket: String
    let startSeconds: Double

    init(directory: String, arguments: [String] = []) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        socket = directory + "/bench.sock"
        process.executableURL = sibling("ledgerd")
        process.arguments = ["--socket", socket, "--data-dir", directory, "--log-level", "warning"] + arguments
        let start = ContinuousClock.now
        try process.run()
        let probe = LedgerClient(socketPath: socket)
        while !probe.isHealthy() { usleep(200) }
        startSeconds = seconds(since: start)
    }

    /// `RssAnon` of /proc/PID/status, in KiB.
    var residentAnonymousKiB: Int {
        let status = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("RssAnon:") } ?? ""
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }

    /// CPU seconds ledgerd's threads used so far, by thread name: the first field of
    /// /proc/PID/task/*/schedstat, nanoseconds on a CPU (the clock ticks of `stat` are 10 ms, too coarse
    /// for a few hundred requests).
    var cpuByThread: [String: Double] {
        let tasks = "/proc/\(process.processIdentifier)/task"
        var result: [String: Double] = [:]
        for task in (try? FileManager.default.contentsOfDirectory(atPath: tasks)) ?? [] {
            guard let name = try? String(contentsOfFile: "\(tasks)/\(task)/comm", encoding: .utf8),
                let schedstat = try? String(contentsOfFile: "\(tasks)/\(task)/schedstat", encoding: .utf8),
                let nanoseconds = schedstat.split(separator: " ").first.flatMap({ Double($0) })
            else { continue }
            result[name.trimmingCharacters(in: .whitespacesAndNewlines), default: 0] += nanoseconds / 1e9
        }
        return result
    }

    /// Runs `body`, returning its result and the CPU seconds ledgerd's threads spent meanwhile, by name.
    func measuringCPU<T>(_ body: () throws -> T) rethrows -> (T, [String: Double]) {
        let before = cpuByThread
        let result = try body()
        var spent = cpuByThread
        for (name, seconds) in before { spent[name, default: 0] -= seconds }
        return (result, spent)
    }

    func stop() {
        process.terminate()
        process.waitUntilExit()
    }
}

/// "12.3 µs CPU an event (writer 4.1, other threads 8.2)".
func cpuText(_ spent: [String: Double], events: Int) -> String {
    let total = spent.values.reduce(0, +)
    let writer = spent["ledger.writer", default: 0]
    return String(
        format: "%.1f µs CPU an event (writer %.1f, other threads %.1f)", total / Double(events) * 1e6,
        writer / Double(events) * 1e6,
        (total - writer) / Double(events) * 1e6)
}

/// "38 µs CPU a request: writer 12, event loops 20, pool 6": CPU seconds by thread over `count`
/// requests, threads grouped by what they are (NIO's event loops, Swift's cooperative pool, the writer).
func cpuSplitText(_ spent: [String: Double], count: Int, unit: String = "a request") -> String {
    var groups: [String: Double] = [:]
    for (name, seconds) in spent {
        let group =
            name.hasPrefix("NIO-")
            ? "event loops"
            : name == "ledger.writer"
                ? "writer"
                : name.contains("default-qos") || name.contains("global") ? "pool" : "other"
        groups[group, default: 0] += seconds
    }
    let total = groups.values.reduce(0, +)
    let parts = ["event loops", "pool", "writer", "other"].compactMap { name in
        groups[name].map { name + String(format: " %.1f", $0 / Double(count) * 1e6) }
    }
    return String(format: "%.1f µs CPU ", total / Double(count) * 1e6) + unit + " (" + parts.joined(separator: ", ") + ")"
}

/// Appends `bodies` (NDJSON batches) with `inFlight` of them at once, each sender on its own thread and
/// connection; returns events/s.
func sendInFlight(_ bodies: [[UInt8]], client: LedgerClient, inFlight: Int) throws -> Double {
    let next = Counter()
    let failures = Counter()
    let firstFailure = Mutex<String?>(nil)
    let events = bodies.reduce(0) { $0 + $1.count(where: { $0 == UInt8(ascii: "\n") }) + 1 }
    let start = ContinuousClock.now
    let threads = (0..<inFlight).map { _ in
        Thread {
            while true {
                let index = next.increment() - 1
                guard index < bodies.count else { return }
                do {
                    _ = try client.send("POST", "/v1/events", body: bodies[index], contentType: "application/x-ndjson")
                } catch {
                    _ = failures.increment()
                    firstFailure.withLock { $0 = $0 ?? "\(error)" }
                }
            }
        }
    }
    let done = Counter()
    for thread in threads { thread.start() }
    while next.value < bodies.count + inFlight { usleep(500) }
    _ = done
    guard failures.value == 0 else {
        throw AuditError("\(failures.value) batches failed, the first with: \(firstFailure.withLock { $0 } ?? "?")")
    }
    return Double(events) / seconds(since: start)
}

/// `clients` threads, each with its own connection, appending `each` single events one after another;
/// their latencies and the rate of all of them.
func concurrentAppends(clients: Int, each: Int, client: LedgerClient, subjects: Int) throws -> (Latencies, Double) {
    let all = LatencyCollector()
    let finished = Counter()
    let start = ContinuousClock.now
    for clientNumber in 0..<clients {
        Thread {
            var latencies = Latencies()
            for n in 0..<each {
                let body = Array(eventJSON(10_000_000 + clientNumber * each + n, subjects: subjects).utf8)
                let begin = ContinuousClock.now
                _ = try? client.send("POST", "/v1/events", body: body, contentType: "application/x-ndjson")
                latencies.record(seconds(since: begin))
            }
            all.merge(latencies)
            _ = finished.increment()
        }.start()
    }
    while finished.value < clients { usleep(500) }
    return (all.latencies, Double(clients * each) / seconds(since: start))
}

/// A counter threads share.
final class Counter: Sendable {
    private let count = Mutex(0)
    /// Adds one; returns the new count.
    func increment() -> Int {
        count.withLock {
            $0 += 1
            return $0
        }
    }
    var value: Int { count.withLock { $0 } }
}

/// Latencies threads merge into.
final class LatencyCollector: @unchecked Sendable {
    // Safe: `merged` is touched only while holding `lock`.
    private let lock = NSLock()
    private var merged = Latencies()

    func merge(_ other: Latencies) { lock.withLock { merged.merge(other) } }
    var latencies: Latencies { lock.withLock { merged } }
}

extension LedgerClient {
    /// The first `count` events as stored, decoded.
    func storedEvents(count: Int) throws -> [Event] {
        var events: [Event] = []
        events.reserveCapacity(count)
        try replay(to: UInt64(count)) { line in events.append(try EventDecoder.storedEvent(from: line)) }
        return events
    }
}

/// Runs a program to its end with its output discarded; its exit status. posix_spawn and waitpid
/// directly: Foundation's Process adds tens of milliseconds of its own to a short program.
@discardableResult
func run(_ executable: URL, _ arguments: [String]) throws -> Int32 {
    var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    let argv = ([executable.path] + arguments).map { strdup($0) } + [nil]
    defer { for argument in argv { free(argument) } }
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, executable.path, &actions, nil, argv, environ)
    guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EIO) }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    return (status >> 8) & 0xFF
}

/// Streams the whole replay to `file`; the number of events. Outside main.swift so that the chunk
/// callback is not main-actor code, which would hop threads for every chunk.
func replay(_ client: LedgerClient, to file: String) throws -> Int {
    _ = FileManager.default.createFile(atPath: file, contents: nil)
    let output = try FileHandle(forWritingTo: URL(fileURLWithPath: file))
    defer { try? output.close() }
    var events = 0
    try client.replayChunks { chunk in
        events += chunk.count(where: { $0 == UInt8(ascii: "\n") })
        output.write(Data(chunk))
    }
    return events
}

/// Prints a line at once, also when standard output is a file (print would buffer it to the end).
func say(_ text: String = "") {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}

/// `count` requests for `target` over the socket, one after another on one kept-alive connection.
func requestLatencies(_ client: LedgerClient, _ target: String, count: Int) throws -> Latencies {
    var latencies = Latencies()
    for _ in 0..<count { try timed(&latencies) { _ = try client.send("GET", target) } }
    return latencies
}

/// `queries` beliefs over the socket, about subjects spread over all of them, answers read as bytes.
func beliefLatencies(_ client: LedgerClient, queries: Int, subjects: Int) throws -> Latencies {
    var beliefs = Latencies()
    for i in 0..<queries {
        let subject = "subject:\((i &* 7919) % subjects)"
        try timed(&beliefs) { _ = try client.send("GET", "/v1/belief?subject=" + subject) }
    }
    return beliefs
}
