import LedgerKit

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

    /// Reads `ssh://[USER@]HOST[:PORT][/path/to/ledgerd.sock]`, its authority as RFC 3986 writes one:
    /// an IPv6 address in brackets (`ssh://[::1]/…`), a port of ASCII digits. The same grammar as the
    /// Python client's, checked against one set of test vectors.
    ///
    /// - Throws: ``LedgerClientError`` saying what is wrong with the address. A user or host that ssh
    ///   would read as an option (`-oProxyCommand=…`) is refused.
    public init(url: String) throws(LedgerClientError) {
        guard url.hasPrefix("ssh://") else {
            throw Self.invalid(url, "it must start with ssh://, as in ssh://ann@newsroom.example/run/ledger/ledgerd.sock")
        }
        var authority = Substring(url.dropFirst("ssh://".count))
        if let slash = authority.firstIndex(of: "/") {
            let path = String(authority[slash...])
            guard path != "/", !path.utf8.contains(0) else { throw Self.invalid(url, "the socket path is not a path") }
            socketPath = path
            authority = authority[..<slash]
        }
        let parts = authority.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { throw Self.invalid(url, "it has more than one @; a login name has none") }
        if parts.count == 2 {
            let name = String(parts[0])
            guard Self.isName(name) else { throw Self.invalid(url, "the user \(name) is not a login name ssh could take") }
            user = name
            authority = parts[1]
        }
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else {
                throw Self.invalid(url, "an IPv6 address goes in brackets, as in ssh://[::1]/run/ledger/ledgerd.sock")
            }
            let literal = authority[authority.index(after: authority.startIndex)..<close]
            guard Self.isIPv6(literal) else { throw Self.invalid(url, "[\(literal)] is not an IPv6 address") }
            host = String(literal)
            authority = authority[authority.index(after: close)...]
            if !authority.isEmpty {
                guard authority.hasPrefix(":") else { throw Self.invalid(url, "only :PORT may follow the IPv6 address") }
                port = try Self.port(authority.dropFirst(), url)
            }
        } else {
            let pieces = authority.split(separator: ":", omittingEmptySubsequences: false)
            guard pieces.count <= 2 else {
                throw Self.invalid(url, "an IPv6 address goes in brackets, as in ssh://[::1]/run/ledger/ledgerd.sock")
            }
            if pieces.count == 2 { port = try Self.port(pieces[1], url) }
            host = String(pieces[0])
            guard Self.isName(host) else { throw Self.invalid(url, "it names no host ssh could take") }
        }
    }

    /// A login or host name ssh takes as one: ASCII letters, digits, `.`, `_` and `-`, not first.
    private static func isName(_ text: String) -> Bool {
        guard let first = text.utf8.first, first != UInt8(ascii: "-") else { return false }
        return text.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
                true
            default: false
            }
        }
    }

    /// An IPv6 address as RFC 4291 writes one: hex groups and colons, at most one `::`, an IPv4 tail.
    private static func isIPv6(_ text: Substring) -> Bool {
        guard text.contains(":"),
            text.utf8.allSatisfy({ $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: ".") || $0.isASCIIHexDigit })
        else { return false }
        let halves = text.split(separator: "::", omittingEmptySubsequences: false)
        guard halves.count <= 2 else { return false }
        var groups = 0
        for (offset, half) in halves.enumerated() where !half.isEmpty {
            let pieces = half.split(separator: ":", omittingEmptySubsequences: false)
            for (index, piece) in pieces.enumerated() {
                if piece.contains(".") {
                    // An IPv4 tail, last of all.
                    let octets = piece.split(separator: ".", omittingEmptySubsequences: false)
                    guard offset == halves.count - 1, index == pieces.count - 1, octets.count == 4,
                        octets.allSatisfy({ octet in
                            !octet.isEmpty && octet.count <= 3 && (octet == "0" || !octet.hasPrefix("0"))
                                && (UInt16(octet) ?? 256) <= 255
                        })
                    else { return false }
                    groups += 2
                } else {
                    guard (1...4).contains(piece.count), !piece.contains(".") else { return false }
                    groups += 1
                }
            }
        }
        return halves.count == 2 ? groups < 8 : groups == 8
    }

    private static func port(_ text: Substring, _ url: String) throws(LedgerClientError) -> Int {
        guard (1...5).contains(text.utf8.count), text.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
            let number = Int(text), (1...65_535).contains(number)
        else { throw invalid(url, "the port must be a number from 1 to 65535, in ASCII digits") }
        return number
    }

    public var description: String {
        "ssh://" + (user.map { $0 + "@" } ?? "") + (host.contains(":") ? "[\(host)]" : host) + (port.map { ":\($0)" } ?? "")
            + (socketPath ?? "")
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

extension UInt8 {
    fileprivate var isASCIIHexDigit: Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(self)
            || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(self)
    }
}
