import ArgumentParser
import Foundation
import LedgerClient
import LedgerKit

struct Replay: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Write the ledger's events as NDJSON on standard output, exactly as stored.",
        discussion: """
            Examples:
              ledgerctl replay > ledger.ndjson
              ledgerctl replay --from 100 --to 200
              ledgerctl replay --subject strike:deir-ezzor:2015-12-06
              ledgerctl replay --from 1 --follow > ledger.ndjson   (then every new event as it commits)
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "First seq (default: 1).") var from: UInt64?
    @Option(help: "Last seq (default: the head).") var to: UInt64?
    @Option(help: "Only this subject's claims and their retractions.") var subject: String?
    @Option(help: "At most this many events.") var limit: Int?
    @Flag(help: "Recompute the Merkle root while replaying and check it against the daemon's tree head (exit 4 if it differs).")
    var verify = false
    @Flag(help: "After the last event, keep writing each new one as it commits; reconnect and resume if ledgerd restarts.")
    var follow = false

    func validate() throws {
        if verify, from != nil || subject != nil || limit != nil {
            throw ValidationError(
                "--verify replays the whole ledger from its first event; leave out --from, --subject and --limit.")
        }
        if follow, verify || limit != nil {
            throw ValidationError("--follow streams without end; leave out --verify and --limit (use --to to stop at a seq).")
        }
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1.") }
        if let from, let to, from > to { throw ValidationError("--from must not be after --to.") }
    }

    func run() throws {
        let output = FileHandle.standardOutput
        if follow {
            try Follower(client: global.client, subject: subject).run(from: from ?? 1, to: to)
            return
        }
        if !verify {
            // No line needs looking at: copy the bytes as they come. A bar on the terminal while the
            // events go to a file.
            let total = Terminal.isInteractive || subject != nil ? 0 : Int(try global.client.treeHead().treeSize)
            let progress = ProgressBar(total: min(total, limit ?? Int.max), label: "events written")
            var written = 0
            try global.client.replayChunks(from: from, to: to, subject: subject, limit: limit) { chunk in
                output.write(Data(chunk))
                written += chunk.count { $0 == UInt8(ascii: "\n") }
                progress.update(written)
            }
            progress.finish()
            return
        }
        var pending = Data()
        var verifier = LedgerVerifier()
        try global.client.replay(from: from, to: to, subject: subject, limit: limit) { line in
            try verifier.add(line: line)
            pending.append(contentsOf: line)
            pending.append(UInt8(ascii: "\n"))
            if pending.count >= 1 << 16 {
                output.write(pending)
                pending.removeAll(keepingCapacity: true)
            }
        }
        output.write(pending)
        let head = try global.client.treeHead(size: verifier.count)
        guard Hex.encode(verifier.root) == head.rootHash else {
            throw AuditError(
                "The root recomputed from the replay, \(Hex.encode(verifier.root)), is not the daemon's "
                    + "\(head.rootHash) for \(verifier.count) events.")
        }
        Failure.printError("verified: \(verifier.count) events, root \(head.rootHash)")
    }
}
