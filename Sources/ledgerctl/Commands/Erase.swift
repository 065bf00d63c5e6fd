import ArgumentParser
import Foundation
import LedgerKit

struct Erase: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "erase",
        abstract: "Erase a claim's evidence for good, on the record (users allowed to erase only).",
        discussion: """
            The quote, citation and note go; the claim stays, with its evidence_hash, its leaf in the Merkle \
            log and its place in every belief, so every checkpoint and proof made before still verifies. The \
            erasure is itself an event, with who erased and why. Run `ledgerctl compact` afterwards so the \
            text is gone from the disk too; backups made before still hold it.
            Example:
              ledgerctl erase deir-ezzor-2015:rbss-perpetrator --reason "the source asked: their safety"
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The id of the claim whose evidence to erase.") var target: String
    @Option(parsing: .unconditional, help: "Why, in free text (a court order, a source's safety, a person's request).")
    var reason: String
    @Option(help: "An id for the erase event.") var id: String?

    func validate() throws {
        guard !reason.isEmpty else { throw ValidationError("--reason must not be empty.") }
    }

    func run() throws {
        var event: JSONObject = ["type": "erase", "target": .string(target), "reason": .string(reason)]
        if let id { event["id"] = .string(id) }
        guard let result = try global.appendOne(event) else { return }
        printOut(
            result.duplicate
                ? "Already erased by seq \(result.seq) (id \(result.id)); nothing new was written."
                : "Erased the evidence of \(target) with seq \(result.seq) (id \(result.id)) at \(result.recordedAt). "
                    + "Run `ledgerctl compact` to remove it from the disk.")
    }
}
