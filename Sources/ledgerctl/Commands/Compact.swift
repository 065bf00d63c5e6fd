import ArgumentParser
import Foundation
import LedgerClient
import LedgerKit

struct Compact: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compact",
        abstract: "Rewrite the data file without free pages, so that erased text is gone from the disk.",
        discussion: """
            ledgerd copies every live entry into a fresh file and swaps it in; reads and appends wait while it \
            runs (seconds per GiB). Only the user ledgerd runs as and admin_users may compact.
            """)

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let response = try global.client.compact()
        if global.isMachineOutput { return try JSONOutput.print(format: global.outputFormat, response) }
        printOut(
            String(
                format: "Compacted the data file from %d to %d bytes in %.2f s.", response.bytesBefore, response.bytesAfter,
                response.seconds))
    }
}
