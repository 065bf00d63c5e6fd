import ArgumentParser
import Foundation
import LedgerClient
import LedgerKit

struct Receipt: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "receipt",
        abstract: "Save a belief receipt: the belief with the signed checkpoint and the proofs it follows from.",
        discussion: """
            Anyone can check the file offline with `ledgerctl verify-receipt FILE --key VKEY`, trusting \
            neither ledgerd nor whoever sent it. It proves these events are in a log consistent with the \
            checkpoint and the belief follows from them; it cannot prove that no other event about the \
            subject exists.
            Example:
              ledgerctl receipt strike:deir-ezzor:2015-12-06 --predicate perpetrator --out perpetrator.receipt.json
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var time: TimeOptions

    @Argument(help: "The subject.") var subject: String
    @Option(help: "Only this predicate.") var predicate: String?
    @Option(help: "The file to write.") var out: String

    func run() throws {
        let (at, asOf) = try time.times()
        let bytes = try global.client.receipt(subject: subject, predicate: predicate, at: at, asOf: asOf)
        guard FileManager.default.createFile(atPath: out, contents: Data(bytes)) else {
            throw UsageError("Cannot write \(out); check the directory and its permissions.")
        }
        let receipt = try JSONValueDecoder().decode(BeliefReceipt.self, from: bytes)
        if global.isMachineOutput {
            return try JSONOutput.print(
                WrittenFile(
                    out: out, subject: subject, events: receipt.events.count, treeSize: receipt.inclusion.first?.treeSize ?? 0
                ))
        }
        printOut(
            "Wrote a receipt for \(subject) (\(receipt.events.count) events, checkpoint of tree size "
                + "\(receipt.inclusion.first?.treeSize ?? 0)) to \(out). Check it with: ledgerctl verify-receipt \(out) --key VKEY"
        )
    }
}
