/// A ledgerd on another machine, reached as Docker reaches a remote daemon: `ssh://USER@HOST[:PORT][/SOCKET]`.
/// The client runs `ssh USER@HOST ledgerctl dial-stdio --socket SOCKET` and speaks HTTP over its pipes;
/// the daemon sees the login user through the socket's peer credentials.
public struct SSHDestination: Sendable, Hashable, CustomStringConvertible {
    /// The login user; `nil` leaves it to ssh (its configuration, else the local user).
    public var user: String?
    public var host: String
    public var port: Int?
    /// ledgerd's socket on that host; `nil` for the remote ledgerctl's default.
    public var socketPath: String?

    /// Reads `ssh://[USER@]HOST[:PORT][/path/to/ledgerd.sock]`.
    ///
    /// - Throws: ``LedgerClientError`` saying what is wrong with the address. A user or host that ssh
    ///   would read as an option (`-oProxyCommand=…`) is refused.
    public init(url: String) throws(LedgerClientError) {
        guard url.hasPrefix("ssh://") else {
            throw Self.invalid(url, "it must start with ssh://, as in ssh://ann@newsroom.example/run/ledger/ledgerd.sock")
        }
        var rest = Substring(url.dropFirst("ssh://".count))
        if let slash = rest.firstIndex(of: "/") {
            socketPath = String(rest[slash...])
            rest = rest[..<slash]
        }
        if let at = rest.lastIndex(of: "@") {
            user = String(rest[..<at])
            rest = rest[rest.index(after: at)...]
        }
        if let colon = rest.lastIndex(of: ":"), !rest.hasSuffix("]") {
            guard let port = Int(rest[rest.index(after: colon)...]), (1...65_535).contains(port) else {
                throw Self.invalid(url, "the port must be a number from 1 to 65535")
            }
            self.port = port
            rest = rest[..<colon]
        }
        host = String(rest)
        func isSafe(_ part: String) -> Bool {
            !part.isEmpty && !part.hasPrefix("-")
                && part.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value != 0x7F && $0 != "'" && $0 != "\"" }
        }
        guard isSafe(host) else { throw Self.invalid(url, "it names no host ssh could take") }
        if let user, !isSafe(user) { throw Self.invalid(url, "the user \(user) is not a login name ssh could take") }
        if let socketPath, socketPath.utf8.contains(0) || socketPath == "/" {
            throw Self.invalid(url, "the socket path is not a path")
        }
    }

    public var description: String {
        "ssh://" + (user.map { $0 + "@" } ?? "") + host + (port.map { ":\($0)" } ?? "") + (socketPath ?? "")
    }

    /// The arguments after the ssh command: the destination, then the remote command.
    var sshArguments: [String] {
        var arguments: [String] = []
        if let port { arguments += ["-p", String(port)] }
        if let user { arguments += ["-l", user] }
        var remote = "ledgerctl dial-stdio"
        if let socketPath { remote += " --socket " + Self.shellQuoted(socketPath) }
        return arguments + ["--", host, remote]
    }

    /// `text` as one word for a POSIX shell: the remote side runs the command through the user's shell.
    static func shellQuoted(_ text: String) -> String {
        "'" + text.replacing("'", with: #"'\''"#) + "'"
    }

    private static func invalid(_ url: String, _ reason: String) -> LedgerClientError {
        LedgerClientError(kind: .invalidAddress, message: "\(url) is not a host to reach ledgerd on: \(reason).")
    }
}
