import LedgerKit

/// Where a ``LedgerClient`` finds ledgerd.
public enum LedgerEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// Its Unix socket on this machine.
    case unixSocket(String)
    /// Its socket on another machine, through `ssh … ledgerctl dial-stdio`; `sshCommand` is the ssh
    /// program and its options. A program using it should ignore `SIGPIPE` (ledgerctl does): a write
    /// to the pipe of an ssh that has ended then fails with an error the client reports, rather than
    /// ending the program.
    case ssh(SSHDestination, sshCommand: [String])

    /// The ssh program and options from `$LEDGER_SSH_COMMAND` (split at spaces, like `GIT_SSH_COMMAND`
    /// without a shell), else `ssh`.
    public static func sshCommand(environment: [String: String]) -> [String] {
        let words = (environment["LEDGER_SSH_COMMAND"] ?? "").split(separator: " ").map(String.init)
        return words.isEmpty ? ["ssh"] : words
    }

    /// The daemon a command's options name: `host` (else `$LEDGER_HOST`) over ssh, else the socket
    /// `socket` (else `$LEDGER_SOCKET`, else the shipped default). Empty variables count as unset.
    public static func named(socket: String?, host: String?, environment: [String: String]) throws -> LedgerEndpoint {
        guard let host = host ?? environment["LEDGER_HOST"].flatMap({ $0.isEmpty ? nil : $0 }) else {
            return .unixSocket(
                socket ?? environment[LedgerDefaults.socketEnvironmentVariable].flatMap { $0.isEmpty ? nil : $0 }
                    ?? LedgerDefaults.socketPath)
        }
        return .ssh(try SSHDestination(url: host), sshCommand: sshCommand(environment: environment))
    }

    public var description: String {
        switch self {
        case .unixSocket(let path): path
        case .ssh(let destination, _): destination.description
        }
    }

    func connect() throws -> HTTPConnection {
        switch self {
        case .unixSocket(let path): try HTTPConnection.unixSocket(path)
        case .ssh(let destination, let command): try HTTPConnection.ssh(destination, sshCommand: command)
        }
    }
}
