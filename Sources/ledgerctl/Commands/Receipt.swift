import ArgumentParser
import Foundation
import LedgerKit

struct Receipt: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
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

    func run() async throws {
        try await Failure.reporting {
            let (at, asOf) = try time.times()
            let bytes = try await global.client.receipt(subject: subject, predicate: predicate, at: at, asOf: asOf)
            guard FileManager.default.createFile(atPath: out, contents: Data(bytes)) else {
                throw UsageError("Cannot write \(out); check the directory and its permissions.")
            }
            let receipt = try JSONDecoder().decode(BeliefReceipt.self, from: Data(bytes))
            printOut("Wrote a receipt for \(subject) (\(receipt.events.count) events, checkpoint of tree size "
                + "\(receipt.inclusion.first?.treeSize ?? 0)) to \(out). Check it with: ledgerctl verify-receipt \(out) --key VKEY")
        }
    }
}

struct VerifyReceipt: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-receipt",
        abstract: "Check a receipt (or a report that embeds one) offline; exit 4 if any check fails.",
        discussion: """
            Checks the checkpoint's signature against --key (or $LEDGER_VERIFIER_KEY, a key you pinned), every \
            event's inclusion proof against the checkpoint, every present evidence against its hash, and \
            recomputes the belief from the receipt's events. Without a pinned key it can only check the \
            receipt against the key it carries itself, and says so.
            Example:
              ledgerctl verify-receipt report.html --key "$(cat ledger.vkey)"
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "A receipt (JSON) or a report (HTML).") var file: String
    @Option(help: "The ledger's verifier key you trust (ledgerctl status shows it).") var key: String?

    func run() async throws {
        try await Failure.reporting {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw UsageError("Cannot read \(file); check the path and its permissions.")
            }
            let receipt = try ReceiptFile.receipt(in: data, named: file)
            let pinned = key ?? ProcessInfo.processInfo.environment["LEDGER_VERIFIER_KEY"].flatMap { $0.isEmpty ? nil : $0 }
            if pinned == nil {
                Failure.printError("warning: no key pinned (--key or $LEDGER_VERIFIER_KEY): the signature is checked against the "
                    + "key the receipt carries, which proves only that the receipt agrees with itself.")
            }
            let verified = try ReceiptVerifier(pinnedKey: pinned).verify(receipt)
            let statuses = verified.belief.predicates.map { "\($0.predicate) \($0.status.rawValue)" }.joined(separator: ", ")
            printOut("Verified: a checkpoint of tree size \(verified.checkpoint.treeSize) signed by \(pinned ?? receipt.verifierKey); "
                + "\(verified.events) events, each in its tree; the belief follows from them: \(statuses).")
        }
    }
}

/// A receipt read from its JSON file, or from the JSON a report embeds.
enum ReceiptFile {
    /// The id of the element a report embeds its receipt in.
    static let elementID = "ledger-receipt"

    static func receipt(in data: Data, named file: String) throws -> BeliefReceipt {
        var json = data
        let text = String(decoding: data, as: UTF8.self)
        if text.drop(while: \.isWhitespace).hasPrefix("<") {
            guard let start = text.range(of: "id=\"\(elementID)\""), let open = text[start.upperBound...].firstIndex(of: ">"),
                let end = text[open...].range(of: "</script>")
            else {
                throw AuditError("\(file) is HTML without an embedded receipt (<script id=\"\(elementID)\">).")
            }
            json = Data(text[text.index(after: open)..<end.lowerBound].utf8)
        }
        do {
            return try JSONDecoder().decode(BeliefReceipt.self, from: json)
        } catch {
            throw AuditError("\(file) does not hold a receipt: \(error)")
        }
    }
}
