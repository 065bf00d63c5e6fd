import Foundation
import LedgerKit

/// An NDJSON document in memory: its bytes, and where each non-blank line is with its line number, so a
/// batch is a slice of the file sent as it is and a refusal can name the file's line.
struct NDJSONFile {
    struct Line {
        let range: Range<Int>
        let number: Int
    }

    let bytes: [UInt8]
    let lines: [Line]

    /// Reads `path` (`-` for standard input).
    init(reading path: String) throws {
        if path == "-" {
            self.init(bytes: [UInt8](FileHandle.standardInput.readDataToEndOfFile()))
        } else {
            guard let contents = FileManager.default.contents(atPath: path) else {
                throw UsageError("Cannot read \(path); check the path and its permissions.")
            }
            self.init(bytes: [UInt8](contents))
        }
    }

    /// Lines made here (a CSV file's rows), each with the line number it came from.
    init(generated: [(number: Int, text: String)]) {
        var bytes: [UInt8] = []
        var lines: [Line] = []
        for (number, text) in generated {
            let start = bytes.count
            bytes += text.utf8
            lines.append(Line(range: start..<bytes.count, number: number))
            bytes.append(UInt8(ascii: "\n"))
        }
        self.bytes = bytes
        self.lines = lines
    }

    private init(bytes: [UInt8]) {
        var lines: [Line] = []
        var start = 0
        var number = 0
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            number += 1
            // Blank as the daemon sees it: nothing but spaces, tabs and carriage returns.
            if bytes[start..<end].contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) {
                lines.append(Line(range: start..<end, number: number))
            }
            start = end + 1
        }
        self.bytes = bytes
        self.lines = lines
    }

    /// The bytes of `lines[batch]`, as one NDJSON body.
    func body(of batch: Range<Int>) -> [UInt8] {
        Array(bytes[lines[batch.lowerBound].range.lowerBound..<lines[batch.upperBound - 1].range.upperBound])
    }

    /// The refusal of `lines[batch]` with each "Event i" pointing at the file's line instead.
    func located(_ error: LedgerError, in batch: Range<Int>, path: String) -> LedgerError {
        var error = error
        error.message = locate(error, in: batch, path: path)
        error.problems = error.problems.map { problem in
            var problem = problem
            problem.message = locate(problem, in: batch, path: path)
            return problem
        }
        return error
    }

    /// The message with "Event i" pointing at the file's line instead.
    private func locate(_ problem: some LocatedProblem, in batch: Range<Int>, path: String) -> String {
        guard let index = problem.index, index < batch.count else { return problem.message }
        let line = lines[batch.lowerBound + index].number
        let prefix = "Event \(index)"
        guard problem.message.hasPrefix(prefix) else { return "\(path):\(line): " + problem.message }
        return "\(path):\(line): Event" + problem.message.dropFirst(prefix.count)
    }
}

protocol LocatedProblem {
    var index: Int? { get }
    var message: String { get }
}

extension LedgerError: LocatedProblem {}
extension EventProblem: LocatedProblem {}
