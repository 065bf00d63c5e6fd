import ArgumentParser
import Foundation
import LedgerClient
import LedgerKit
import LedgerReport

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a self-contained HTML report of a subject: summary, timeline, evidence and its receipt.",
        discussion: """
            One file, readable on a phone and on paper, with no network fetches: each predicate's status in \
            colour and in words, a timeline of who claimed what and when, every quote and citation, and the \
            belief receipt embedded, so `ledgerctl verify-receipt FILE --key VKEY` checks the file itself.
            Example:
              ledgerctl report strike:deir-ezzor:2015-12-06 --out report.html
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var time: TimeOptions

    @Argument(help: "The subject.") var subject: String
    @Option(help: "The HTML file to write.") var out: String

    func run() throws {
        let (at, asOf) = try time.times()
        let bytes = try global.client.receipt(subject: subject, at: at, asOf: asOf)
        let receipt = try JSONValueDecoder().decode(BeliefReceipt.self, from: bytes)
        // The report shows only what its receipt proves: check it before writing.
        _ = try ReceiptVerifier(pinnedKey: receipt.verifierKey).verify(receipt)
        let html = try ReportPage(receipt: receipt, fileName: URL(fileURLWithPath: out).lastPathComponent).render()
        guard FileManager.default.createFile(atPath: out, contents: Data(html.utf8)) else {
            throw UsageError("Cannot write \(out); check the directory and its permissions.")
        }
        if global.isMachineOutput {
            return try JSONOutput.print(
                WrittenFile(
                    out: out, subject: subject, events: receipt.events.count, treeSize: receipt.inclusion.first?.treeSize ?? 0
                ))
        }
        printOut("Wrote the report on \(subject) (\(receipt.events.count) events) to \(out).")
    }
}
