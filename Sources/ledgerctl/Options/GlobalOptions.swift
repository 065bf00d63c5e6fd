import ArgumentParser
import Foundation
import LedgerClient
import LedgerKit

/// Options every command takes.
struct GlobalOptions: ParsableArguments {
    @Option(help: "ledgerd's Unix socket (default: $LEDGER_SOCKET, else the shipped configuration's socket).")
    var socket: String?

    @Option(
        help: ArgumentHelp(
            "ledgerd on another machine: ssh://USER@HOST[:PORT][/path/to/ledgerd.sock] (default: $LEDGER_HOST).",
            discussion: "Runs `ssh USER@HOST ledgerctl dial-stdio` and talks to that host's ledgerd through it; "
                + "$LEDGER_SSH_COMMAND replaces `ssh` (with its options)."))
    var host: String?

    @Option(help: "table (for people), json (one JSON document), or ndjson (one JSON object a line: a list's items).")
    var format: OutputFormat = .table

    @Flag(help: "The same as --format json.")
    var json = false

    @Option(help: "Seconds to wait for ledgerd's answer before giving up (exit 3).")
    var timeout: Double = 10

    @Option(
        name: .customLong("min-head"),
        help: "Read from a node that holds at least this seq (the head an append printed), waiting for it to catch up.")
    var minimumHead: UInt64?

    /// The format asked for, `--json` included.
    var outputFormat: OutputFormat { json ? .json : format }
    /// Whether the output is for programs (json or ndjson) rather than people.
    var isMachineOutput: Bool { outputFormat != .table }

    /// The socket to use: the flag, the environment, or the default.
    var socketPath: String {
        socket ?? ProcessInfo.processInfo.environment[LedgerDefaults.socketEnvironmentVariable]
            .flatMap { $0.isEmpty ? nil : $0 } ?? LedgerDefaults.socketPath
    }

    /// The daemon to talk to: `--host` (or `$LEDGER_HOST`) over ssh, else the local socket.
    var endpoint: LedgerEndpoint {
        get throws {
            let environment = ProcessInfo.processInfo.environment
            if socket != nil, host ?? environment["LEDGER_HOST"].flatMap({ $0.isEmpty ? nil : $0 }) != nil {
                throw ValidationError("Give --socket or --host, not both: the socket goes in the host's URL.")
            }
            return try LedgerEndpoint.named(socket: socket, host: host, environment: environment)
        }
    }

    /// The longest `--timeout` taken, in seconds: a day.
    static let maximumTimeout = 86_400.0

    /// `--timeout` as a duration: from a millisecond to a day; NaN, infinity and anything past a day is a
    /// usage error, never a conversion that traps.
    var timeoutDuration: Duration {
        get throws {
            guard timeout.isFinite, timeout > 0, timeout <= Self.maximumTimeout else {
                throw ValidationError("--timeout must be a number of seconds above 0 and at most 86400, not \(timeout).")
            }
            return .milliseconds(Int64((max(timeout, 0.001) * 1000).rounded()))
        }
    }

    var client: LedgerClient {
        get throws {
            var client = LedgerClient(endpoint: try endpoint, timeout: try timeoutDuration)
            client.minimumHead = minimumHead
            return client
        }
    }
}

/// Parses `T` as docs/interface.md says: RFC 3339, or a bare date meaning its start in UTC.
func parseTime(_ text: String, option: String) throws -> Timestamp {
    do {
        return try Timestamp(parsingDateOrRFC3339: text)
    } catch .notRFC3339 {
        throw ValidationError(
            "\(option) must be an RFC 3339 time (2015-12-07T18:30:00Z) or a date (2015-12-07), not \"\(text)\".")
    } catch {
        throw ValidationError("\(option) \"\(text)\" cannot be used: \(error).")
    }
}

extension GlobalOptions {
    /// `ledgerctl --socket S --json audit head` → `ledgerctl audit head --socket S --json`: ArgumentParser
    /// reads these options on the innermost subcommand, and options may follow its other arguments.
    static func movedAfterSubcommand(_ arguments: [String]) -> [String] {
        var leading: [String] = []
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            if argument == "--json" || argument.hasPrefix("--socket=") || argument.hasPrefix("--format=")
                || argument.hasPrefix("--timeout=") || argument.hasPrefix("--min-head=") || argument.hasPrefix("--host=")
            {
                leading.append(argument)
            } else if ["--socket", "--host", "--format", "--timeout", "--min-head"].contains(argument),
                index + 1 < arguments.endIndex
            {
                leading.append(contentsOf: arguments[index...index + 1])
                index += 1
            } else {
                break
            }
            index += 1
        }
        let rest = Array(arguments[index...])
        guard !leading.isEmpty, !rest.isEmpty else { return arguments }
        if let terminator = rest.firstIndex(of: "--") {
            return Array(rest[..<terminator]) + leading + Array(rest[terminator...])
        }
        return rest + leading
    }
}
