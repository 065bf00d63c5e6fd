import Foundation
import LedgerKit

/// Seconds since `start`.
func seconds(since start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

/// p50 and p99 of samples in seconds.
struct Latencies {
    let p50: Double
    let p99: Double
    init(_ samples: [Double]) {
        let sorted = samples.sorted()
        p50 = sorted[sorted.count / 2]
        p99 = sorted[min(sorted.count - 1, sorted.count * 99 / 100)]
    }
    var text: String { String(format: "p50 %7.1f µs  p99 %7.1f µs", p50 * 1e6, p99 * 1e6) }
}

/// A fresh directory, removed at exit of the benchmark.
func temporaryDirectory(_ label: String) throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("ledger-bench-\(label)-\(UUID().uuidString.prefix(8))").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// The benchmark's event: about 200 bytes once stored, over `subjects` subjects.
func eventJSON(_ n: Int, subjects: Int) -> String {
    let predicate = ["killed", "perpetrator", "wounded"][n % 3]
    let polarity = n % 5 == 0 ? #","polarity":"deny""# : ""
    return #"{"type":"assert","id":"e\#(n)","subject":"subject:\#(n % subjects)","predicate":"\#(predicate)","object":\#(n % 3),"source":"source-\#(n % 8)","effective_at":"2015-12-07T10:00:00Z"\#(polarity)}"#
}

/// The built ledgerd, serving `directory` on a socket inside it, until `stop()`.
final class Daemon {
    let process = Process()
    let socket: String
    let startSeconds: Double

    init(directory: String) async throws {
        socket = directory + "/bench.sock"
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("ledgerd")
        process.arguments = ["--socket", socket, "--data-dir", directory, "--log-level", "warning"]
        let start = ContinuousClock.now
        try process.run()
        while UnixSocketProbe.failure(connectingTo: socket) != nil { try await Task.sleep(for: .milliseconds(1)) }
        startSeconds = seconds(since: start)
    }

    /// `RssAnon` of /proc/PID/status, in KiB.
    var residentAnonymousKiB: Int {
        let status = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("RssAnon:") } ?? ""
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }

    func stop() {
        process.terminate()
        process.waitUntilExit()
    }
}

/// One line of the results table.
struct Row {
    let workload: String
    let figure: String
    let target: String
}
