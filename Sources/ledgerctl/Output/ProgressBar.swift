import Foundation

/// A progress bar on standard error for long work (imports, restores, verification), drawn only when
/// standard error is a terminal, and at most ten times a second.
final class ProgressBar {
    let total: Int
    let label: String
    private let isTerminal = isatty(STDERR_FILENO) == 1
    private var lastDrawn = ContinuousClock.now - .seconds(1)
    private var drawn = false

    init(total: Int, label: String) {
        self.total = total
        self.label = label
    }

    func update(_ done: Int) {
        guard isTerminal, total > 0 else { return }
        let now = ContinuousClock.now
        guard now - lastDrawn >= .milliseconds(100) || done == total else { return }
        lastDrawn = now
        drawn = true
        let width = max(10, min(40, Terminal.columns - 40))
        let filled = width * min(done, total) / total
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let percent = 100 * min(done, total) / total
        FileHandle.standardError.write(Data("\r\(bar) \(percent)% \(done) of \(total) \(label)\u{1B}[K".utf8))
    }

    /// Clears the bar, so the result prints on a clean line.
    func finish() {
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
