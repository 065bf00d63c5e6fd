import ArgumentParser
import Foundation
import LedgerKit

struct Restore: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Restore a replay's export into an empty ledger, every field as it was.",
        discussion: """
            The export keeps seq, recorded_at, actor, ids and evidence salts, so the restored ledger has the \
            same root; the command prints it. Only into an empty ledger, and only by the user ledgerd runs as \
            or admin_users. A restore cut short can be run again into the same ledger: events it already \
            restored, byte for byte the same, are passed over.
            Example:
              ledgerctl replay > ledger.ndjson     (on the old daemon)
              ledgerctl restore ledger.ndjson      (on a new, empty one)
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "NDJSON written by ledgerctl replay; - for standard input.") var file: String
    @Option(help: "Events sent per request.") var batchSize = 10_000

    func validate() throws {
        guard batchSize > 0 else { throw ValidationError("--batch-size must be at least 1.") }
    }

    func run() async throws {
        try await Failure.reporting {
            let lines = try NDJSONFile.lines(of: file)
            guard !lines.isEmpty else { throw UsageError("\(file) has no events to restore.") }
            let client = global.client
            let progress = ProgressBar(total: lines.count, label: "restored")
            var response: RestoreResponse?
            for start in stride(from: 0, to: lines.count, by: batchSize) {
                let batch = lines[start..<min(start + batchSize, lines.count)]
                do {
                    response = try await client.restore(ndjson: Array(batch.map(\.text).joined(separator: "\n").utf8))
                } catch let error as LedgerError {
                    throw NDJSONFile.located(error, in: batch, path: file)
                }
                progress.update(batch.endIndex)
            }
            progress.finish()
            guard let response else { return }
            if global.isMachineOutput { return try JSONOutput.print(format: global.outputFormat, response) }
            printOut("Restored \(lines.count) events from \(file); head is \(response.head), root \(response.rootHash).")
        }
    }
}
