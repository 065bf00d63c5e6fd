import Foundation
import Synchronization

/// A process whose standard output is collected while it runs, for commands that do not end by
/// themselves (`ledgerctl tail`, `replay --follow`).
final class StreamingProcess: Sendable {
    private let process: Process
    private let output = ByteSink()
    private let errors = ByteSink()

    init(_ executable: String, _ arguments: [String], environment extra: [String: String] = [:]) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "LEDGER_SOCKET")
        environment.merge(extra) { _, new in new }
        process.environment = environment
        let outputPipe = Pipe()
        let errorPipe = Pipe()
        process.standardOutput = outputPipe
        process.standardError = errorPipe
        outputPipe.fileHandleForReading.readabilityHandler = { [output] handle in output.append(handle.availableData) }
        errorPipe.fileHandleForReading.readabilityHandler = { [errors] handle in errors.append(handle.availableData) }
        try process.run()
    }

    /// The lines written so far.
    var lines: [String] {
        output.text.split(separator: "\n").map(String.init)
    }

    var standardError: String { errors.text }

    /// Waits until `condition` holds of the lines, or `seconds` pass; whether it held.
    func wait(seconds: Double = 20, until condition: ([String]) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition(lines) { return true }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return condition(lines)
    }

    var isRunning: Bool { process.isRunning }

    func stop() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }

    deinit { stop() }
}

/// Bytes that arrive on one thread and are read on another.
final class ByteSink: Sendable {
    private let bytes = Mutex<[UInt8]>([])
    func append(_ data: Data) { bytes.withLock { $0 += data } }
    var text: String { bytes.withLock { String(decoding: $0, as: UTF8.self) } }
}

/// The `seq` of each NDJSON event line.
func seqs(of lines: [String]) -> [Int] {
    lines.compactMap { line in
        ((try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any])?["seq"] as? Int
    }
}
