import ArgumentParser
import Foundation
import LedgerKit

/// `ledgerctl`: the fact ledger's control CLI.
@main
struct Ledgerctl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledgerctl",
        abstract: "Record, retract and read claims in the fact ledger served by ledgerd.",
        discussion: """
            ledgerctl talks to ledgerd on its Unix socket: --socket, else $LEDGER_SOCKET, else \
            $XDG_RUNTIME_DIR/ledgerd.sock (or .ledger/ledgerd.sock under the working directory).

            Exit status: 0 done; 1 the daemon refused the request; 2 wrong usage; 3 the daemon cannot be \
            reached; 4 an audit check failed.

            Examples:
              ledgerctl append --file examples/deir-ezzor-2015.ndjson
              ledgerctl belief strike:deir-ezzor:2015-12-06
              ledgerctl belief strike:deir-ezzor:2015-12-06 --at 2015-12-07T10:00:00Z
              ledgerctl history strike:deir-ezzor:2015-12-06
              ledgerctl retract deir-ezzor-2015:sohr-killed --reason "misattributed"
              ledgerctl audit verify --head monday.checkpoint
              ledgerctl report strike:deir-ezzor:2015-12-06 --out report.html
              ledgerctl tail
            """,
        version: LedgerDefaults.version,
        subcommands: [
            Append.self, Retract.self, Belief.self, History.self, Claims.self, Subjects.self, Contested.self, Audit.self,
            Show.self,
            Replay.self, Tail.self, Receipt.self, VerifyReceipt.self, Report.self, Erase.self, Import.self, Backup.self,
            Restore.self, Compact.self, Status.self, DialStdio.self, Source.self, Desk.self,
        ])

    /// Parses and runs a command, with global options allowed before the subcommand; every failure becomes
    /// a sentence on standard error and its exit status here, in one place (``Failure``): usage errors exit
    /// 2 (docs/interface.md), not ArgumentParser's 64.
    ///
    /// Synchronous on purpose: a command is one exchange or a few with the daemon, and starts faster
    /// without Swift's concurrency runtime; `append --file` keeps its batches in flight on threads.
    static func main() {
        signal(SIGPIPE, SIG_IGN)  // a closed pipe (`ledgerctl replay | head`) is an error to handle, not a death
        // A parent may have started us with signals blocked (Foundation's Process passes its thread's mask on):
        // SIGTERM and SIGINT must end a `tail` that waits in a read.
        var none = sigset_t()
        sigemptyset(&none)
        sigprocmask(SIG_SETMASK, &none, nil)
        let arguments = GlobalOptions.movedAfterSubcommand(Array(CommandLine.arguments.dropFirst()))
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch {
            if let status = Failure.status(for: error) { Foundation.exit(status) }
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(Failure.usage)
            }
            exit(withError: error)
        }
    }
}
