import ArgumentParser
import Foundation
import LedgerClient
import LedgerKit

struct Backup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Have ledgerd write a consistent, compacted copy of the ledger into a new directory.",
        discussion: """
            ledgerd writes the copy itself, as its own user, while it goes on serving; appends wait at most \
            for one transaction. The copy holds the tree head printed, and the checkpoint key. Serve it with \
            `ledgerd --data-dir DIR`. Only the user ledgerd runs as and admin_users may back up.
            Example:
              ledgerctl backup /var/backups/ledger/2026-11-25
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "A directory that does not exist yet or is empty, on ledgerd's machine.") var directory: String

    func run() throws {
        let absolute = URL(fileURLWithPath: directory).standardizedFileURL.path
        let response = try global.client.backup(to: absolute)
        if global.isMachineOutput { return try JSONOutput.print(format: global.outputFormat, response) }
        printOut("Backed up \(response.treeSize) events to \(response.directory); its root is \(response.rootHash).")
    }
}
