import ArgumentParser
import Foundation
import Hummingbird
import LedgerClient
import LedgerDesk
import LedgerKit
import Logging

/// `ledger-desk` (what `ledgerctl desk` runs): the desk's web server on 127.0.0.1, for this user's browser.
@main
struct DeskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger-desk",
        abstract: "Serve the desk, the ledger's web interface, to this user's browser on 127.0.0.1.",
        discussion: """
            Prints a link with a one-time token; opening it gives the browser a session. Every request the \
            pages make goes to ledgerd as the user who started the desk, locally or over ssh with --host, \
            so the daemon's rules and its actor field are the same as for ledgerctl. Stop it with Ctrl-C.
            Examples:
              ledgerctl desk --open
              ledgerctl desk --host ssh://alice@newsroom.example --port 8765
            """,
        version: LedgerDefaults.version)

    @Option(help: "ledgerd's Unix socket (default: $LEDGER_SOCKET, else the shipped configuration's socket).")
    var socket: String?

    @Option(help: "ledgerd on another machine: ssh://USER@HOST[:PORT][/path/to/ledgerd.sock] (default: $LEDGER_HOST).")
    var host: String?

    @Option(help: "Seconds to wait for each of ledgerd's answers.")
    var timeout: Double = 10

    @Option(help: "The port on 127.0.0.1 (default: any free one).")
    var port: Int = 0

    @Flag(help: "Open the link in the browser ($BROWSER, else xdg-open).")
    var open = false

    /// Usage errors exit 2, as ledgerctl's do (docs/interface.md), not ArgumentParser's 64.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if let desk = command as? DeskCommand {
                try await desk.run()
            } else {
                try command.run()
            }
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be from 0 to 65535, not \(port).") }
        guard timeout.isFinite, timeout > 0, timeout <= 86_400 else {
            throw ValidationError("--timeout must be a number of seconds above 0 and at most 86400, not \(timeout).")
        }
    }

    func run() async throws {
        signal(SIGPIPE, SIG_IGN)
        let environment = ProcessInfo.processInfo.environment
        if socket != nil, host ?? environment["LEDGER_HOST"].flatMap({ $0.isEmpty ? nil : $0 }) != nil {
            throw ValidationError("Give --socket or --host, not both: the socket goes in the host's URL.")
        }
        let endpoint = try LedgerEndpoint.named(socket: socket, host: host, environment: environment)
        let client = LedgerClient(endpoint: endpoint, timeout: .milliseconds(Int64((timeout * 1000).rounded())))
        let actor: String
        do {
            actor = try await client.run { try $0.status() }.caller?.user ?? "an unknown user"
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            throw ExitCode(3)
        }
        var logger = Logger(label: "ledger-desk")
        logger.logLevel = environment["LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) } ?? .warning
        let opens = open
        let app = try DeskApplication.application(client: client, actor: actor, port: port, logger: logger) { url in
            let text = """
                The desk for ledgerd at \(endpoint), acting as \(actor):
                  \(url)
                The link works once, in one browser; start the desk again for another. Ctrl-C stops it.

                """
            FileHandle.standardOutput.write(Data(text.utf8))
            if opens { Self.openInBrowser(url, environment: environment) }
        }
        try await app.runService()
    }

    /// Starts `$BROWSER URL`, else `xdg-open URL`; a browser that does not start is said, not fatal.
    static func openInBrowser(_ url: String, environment: [String: String]) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [environment["BROWSER"].flatMap { $0.isEmpty ? nil : $0 } ?? "xdg-open", url]
        do {
            try process.run()
        } catch {
            FileHandle.standardError.write(Data("Cannot open a browser (\(error)); open the link yourself.\n".utf8))
        }
    }
}
