import ArgumentParser
import Foundation

/// `ledgerctl desk`: starts `ledger-desk`, installed beside ledgerctl. The web server is a program of
/// its own so that no other command loads it (docs/desk.md).
struct Desk: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "desk",
        abstract: "Serve the desk, the ledger's web interface, to this user's browser on 127.0.0.1.",
        discussion: """
            Prints a link with a one-time token; every request the pages make goes to ledgerd as you, \
            locally or over ssh with --host.
            Examples:
              ledgerctl desk --open
              ledgerctl desk --host ssh://alice@newsroom.example --port 8765
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "The port on 127.0.0.1 (default: any free one).") var port: Int?
    @Flag(help: "Open the link in the browser ($BROWSER, else xdg-open).") var open = false

    func validate() throws {
        if let port, !(0...65_535).contains(port) { throw ValidationError("--port must be from 0 to 65535, not \(port).") }
    }

    func run() throws {
        var arguments = ["ledger-desk"]
        if let socket = global.socket { arguments += ["--socket", socket] }
        if let host = global.host { arguments += ["--host", host] }
        arguments += ["--timeout", String(global.timeout)]
        if let port { arguments += ["--port", String(port)] }
        if open { arguments.append("--open") }
        let beside = URL(fileURLWithPath: Self.executablePath()).deletingLastPathComponent().appendingPathComponent("ledger-desk")
            .path
        let argv = arguments.map { strdup($0) } + [nil]
        if FileManager.default.isExecutableFile(atPath: beside) { execv(beside, argv) }
        execvp("ledger-desk", argv)
        throw UsageError(
            "Cannot start ledger-desk (\(String(cString: strerror(errno)))): install it beside ledgerctl (\(beside)) or on PATH.")
    }

    /// This program's own file, from `/proc/self/exe`.
    static func executablePath() -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }
}
