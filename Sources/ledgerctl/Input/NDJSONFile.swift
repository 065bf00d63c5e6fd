import Foundation
import LedgerKit

/// The non-blank lines of an NDJSON file, numbered.
enum NDJSONFile {
    struct Line {
        let number: Int
        let text: String
    }

    static func lines(of path: String) throws -> [Line] {
        let data: Data
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let contents = FileManager.default.contents(atPath: path) else {
                throw UsageError("Cannot read \(path); check the path and its permissions.")
            }
            data = contents
        }
        return String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .enumerated()
            .compactMap { offset, line in
                line.allSatisfy(\.isWhitespace) ? nil : Line(number: offset + 1, text: String(line))
            }
    }

    /// Appends the lines in batches, with a progress bar on a terminal; a refusal names the file's line.
    static func send(
        _ lines: [Line], from path: String, batchSize: Int, client: LedgerClient
    ) async throws -> (appended: Int, duplicates: Int, head: UInt64) {
        var (appended, duplicates, head) = (0, 0, UInt64(0))
        let progress = ProgressBar(total: lines.count, label: "events sent")
        defer { progress.finish() }
        for start in stride(from: 0, to: lines.count, by: batchSize) {
            progress.update(start)
            let batch = lines[start..<min(start + batchSize, lines.count)]
            let body = Array(batch.map(\.text).joined(separator: "\n").utf8)
            do {
                let response = try await client.append(ndjson: body)
                appended += response.results.count(where: { !$0.duplicate })
                duplicates += response.results.count(where: \.duplicate)
                head = response.head
            } catch let refusal as LedgerError {
                var error = located(refusal, in: batch, path: path)
                if start > 0 { error.message += " Events before line \(batch.first!.number) were recorded; re-run to finish." }
                throw error
            }
        }
        return (appended, duplicates, head)
    }

    /// The refusal of `batch` with each "Event i" pointing at the file's line instead.
    static func located(_ error: LedgerError, in batch: ArraySlice<Line>, path: String) -> LedgerError {
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
    static func locate(_ problem: some LocatedProblem, in batch: ArraySlice<Line>, path: String) -> String {
        guard let index = problem.index, index < batch.count else { return problem.message }
        let line = batch[batch.startIndex + index].number
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
