import ArgumentParser
import Foundation
import LedgerClient
import LedgerKit

struct Restore: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
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

    func run() throws {
        let export = try NDJSONFile(reading: file)
        guard !export.lines.isEmpty else { throw UsageError("\(file) has no events to restore.") }
        // A replay ends every line with a newline: an export whose last line has none was cut short.
        guard let last = export.lines.last, last.range.upperBound < export.bytes.count else {
            throw UsageError(
                "\(file) ends in the middle of line \(export.lines.last?.number ?? 0), without its newline: the export was cut "
                    + "short. Nothing was restored; export it again with ledgerctl replay.")
        }
        let client = try global.client
        let progress = ProgressBar(total: export.lines.count, label: "restored")
        var response: RestoreResponse?
        for start in stride(from: 0, to: export.lines.count, by: batchSize) {
            let batch = start..<min(start + batchSize, export.lines.count)
            do {
                response = try client.restore(ndjson: export.body(of: batch))
            } catch let error as LedgerError {
                throw export.located(error, in: batch, path: file)
            }
            progress.update(batch.upperBound)
        }
        progress.finish()
        guard let response else { return }
        if global.isMachineOutput { return try JSONOutput.print(format: global.outputFormat, response) }
        printOut("Restored \(export.lines.count) events from \(file); head is \(response.head), root \(response.rootHash).")
    }
}
