import ArgumentParser
import LedgerKit

struct Retract: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retract",
        abstract: "Withdraw a claim.",
        discussion: """
            A retraction effective at or before the claim's own time voids it entirely ("entered by mistake").

            Example:
              ledgerctl retract deir-ezzor-2015:sohr-killed --reason "The Observatory corrected its count"
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The id of the claim to withdraw.") var target: String
    @Option(parsing: .unconditional, help: "Why, in free text.") var reason: String
    @Option(help: "From when the claim no longer stands (RFC 3339 or a date; default: now).") var at: String?
    @Option(help: "An id for the retraction event.") var id: String?

    func validate() throws {
        if let at { _ = try parseTime(at, option: "--at") }
        guard !reason.isEmpty else { throw ValidationError("--reason must not be empty.") }
    }

    func run() throws {
        var event: JSONObject = ["type": "retract", "target": .string(target), "reason": .string(reason)]
        if let at { event["effective_at"] = .string(try parseTime(at, option: "--at").rfc3339) }
        if let id { event["id"] = .string(id) }
        guard let result = try global.appendOne(event) else { return }
        printOut(
            result.duplicate
                ? "Already retracted by seq \(result.seq) (id \(result.id)); nothing new was written."
                : "Retracted \(target) with seq \(result.seq) (id \(result.id)) at \(result.recordedAt).")
    }
}
