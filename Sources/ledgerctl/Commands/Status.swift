import ArgumentParser
import Foundation
import LedgerClient
import LedgerKit

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show the daemon's state, and who it takes you for.")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let status = try global.client.status()
        if global.isMachineOutput { return try JSONOutput.print(format: global.outputFormat, status) }
        var table = Table()
        table.add("head", String(status.head))
        table.add("root_hash", status.rootHash)
        table.add("verifier_key", status.verifierKey)
        table.add("version", status.version)
        table.add("uptime", String(format: "%.0f s", status.uptimeSeconds))
        table.add("socket", status.socket)
        table.add("data_dir", status.dataDirectory)
        table.add("log storage", describe(status.logStorage))
        table.add("views storage", describe(status.viewsStorage))
        if let caller = status.caller {
            let rights =
                caller.canAppend ? "may append and read" : caller.canRead ? "may read" : "may neither append nor read"
            table.add("you", "\(caller.user) (uid \(caller.uid)), who \(rights)")
        }
        printOut(table.rendered)
    }

    private func describe(_ storage: StatusResponse.Storage) -> String {
        var text = "\(mebibytes(storage.usedBytes)) used"
        if let allocated = storage.allocatedBytes { text += " of a \(mebibytes(allocated)) map" }
        if let maximum = storage.maximumBytes { text += " (at most \(mebibytes(maximum)))" }
        return text
    }

    private func mebibytes(_ bytes: Int) -> String {
        bytes >= 1 << 30
            ? String(format: "%.1f GiB", Double(bytes) / Double(1 << 30))
            : String(format: "%.1f MiB", Double(bytes) / Double(1 << 20))
    }
}
