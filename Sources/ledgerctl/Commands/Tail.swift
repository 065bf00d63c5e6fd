import ArgumentParser
import LedgerClient
import LedgerKit

struct Tail: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tail",
        abstract: "Show the last events, then each new one as it commits (like tail -f).",
        discussion: """
            Reconnects and resumes after the last event shown if ledgerd restarts; stop it with Ctrl-C.
            Examples:
              ledgerctl tail
              ledgerctl tail -n 0 --subject strike:deir-ezzor:2015-12-06
            """)

    @OptionGroup var global: GlobalOptions

    @Option(name: [.customShort("n"), .long], help: "How many of the last events to show first.") var lines: UInt64 = 10
    @Option(help: "Only this subject's claims and their retractions.") var subject: String?

    func run() throws {
        let client = try global.client
        let head = try client.treeHead().treeSize
        var from = head + 1
        if lines > 0, let subject {
            // The last `lines` events about the subject: their seqs come from the subject's history.
            var seqs: [UInt64] = []
            try client.replay(subject: subject) { seqs.append(try StoredEventLine($0).seq) }
            from = seqs.suffix(Int(min(lines, UInt64(Int.max)))).first ?? head + 1
        } else if lines > 0 {
            from = head >= lines ? head - lines + 1 : 1
        }
        try Follower(client: client, subject: subject).run(from: from, to: nil)
    }
}
