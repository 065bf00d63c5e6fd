import ArgumentParser
import Foundation
import LedgerKit

/// What `verify-receipt --format json` prints once every check passed.
struct VerifiedReceipt: Encodable {
    var verified = true
    var treeSize: UInt64
    var rootHash: String
    var signedBy: String
    /// False when no key was pinned, so the signature was checked against the receipt's own key.
    var keyWasPinned: Bool
    var events: Int
    var belief: SubjectBelief

    enum CodingKeys: String, CodingKey {
        case verified, events, belief
        case treeSize = "tree_size"
        case rootHash = "root_hash"
        case signedBy = "signed_by"
        case keyWasPinned = "key_was_pinned"
    }
}

struct VerifyReceipt: ParsableCommand {
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

    func run() throws {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw UsageError("Cannot read \(file); check the path and its permissions.")
        }
        let receipt = try ReceiptFile.receipt(in: data, named: file)
        let pinned = key ?? ProcessInfo.processInfo.environment["LEDGER_VERIFIER_KEY"].flatMap { $0.isEmpty ? nil : $0 }
        if pinned == nil {
            Failure.printError(
                "warning: no key pinned (--key or $LEDGER_VERIFIER_KEY): the signature is checked against the "
                    + "key the receipt carries, which proves only that the receipt agrees with itself.")
        }
        let verified = try ReceiptVerifier(pinnedKey: pinned).verify(receipt)
        if global.isMachineOutput {
            return try JSONOutput.print(
                VerifiedReceipt(
                    treeSize: verified.checkpoint.treeSize, rootHash: Hex.encode(verified.checkpoint.rootHash),
                    signedBy: pinned ?? receipt.verifierKey, keyWasPinned: verified.keyWasPinned, events: verified.events,
                    belief: verified.belief))
        }
        let statuses = verified.belief.predicates.map { "\($0.predicate) \($0.status.rawValue)" }.joined(separator: ", ")
        printOut(
            "Verified: a checkpoint of tree size \(verified.checkpoint.treeSize) signed by \(pinned ?? receipt.verifierKey); "
                + "\(verified.events) events, each in its tree; the belief follows from them: \(statuses).")
    }
}
