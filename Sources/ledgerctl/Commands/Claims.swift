import ArgumentParser
import LedgerClient
import LedgerKit

struct Claims: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "claims",
        abstract: "Show everything one source claimed, across subjects, and whether each claim still stands.",
        discussion: "Example:\n  ledgerctl claims --source \"Syrian Foreign Ministry\"")

    @OptionGroup var global: GlobalOptions
    @Option(help: "The source.") var source: String
    @Option(help: "Claims per request.") var pageSize = 1_000

    func run() throws {
        var all: [SourceClaim] = []
        var after: UInt64?
        repeat {
            let page = try global.client.claims(source: source, after: after, limit: pageSize)
            all += page.claims
            after = page.nextAfter
        } while after != nil
        if global.isMachineOutput {
            return try JSONOutput.print(
                format: global.outputFormat, ClaimsResponse(source: source, claims: all, nextAfter: nil))
        }
        var table = Table()
        table.add("seq", "subject", "predicate", "object", "polarity", "effective_at", "stands", "status now")
        for claim in all {
            table.add(
                String(claim.seq), claim.subject, claim.predicate, CanonicalJSON.string(claim.object),
                claim.polarity.rawValue, claim.effectiveAt.rfc3339, claim.stands ? "yes" : "no", claim.status?.rawValue ?? "-")
        }
        printOut(all.isEmpty ? "\(source) made no claim." : table.rendered)
    }
}
