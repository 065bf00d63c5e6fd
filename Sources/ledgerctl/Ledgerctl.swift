import ArgumentParser
import Foundation
import LedgerKit

/// `ledgerctl`: the fact ledger's control CLI.
@main
struct Ledgerctl: AsyncParsableCommand {
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
            Restore.self, Compact.self, Status.self,
        ])

    /// Parses and runs a command, with global options allowed before the subcommand and usage errors
    /// exiting with status 2 (interface.md), not ArgumentParser's 64.
    static func main() async {
        let arguments = GlobalOptions.movedAfterSubcommand(Array(CommandLine.arguments.dropFirst()))
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(Failure.usage)
            }
            exit(withError: error)
        }
    }
}
