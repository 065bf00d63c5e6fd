import LedgerKit
import NIOSSL
public import PostgresNIO

/// Where the shared log is: `postgresql://USER[:PASSWORD]@[HOST][:PORT]/DATABASE[?host=/run/postgresql]`,
/// as libpq writes it. A `host` parameter that is a directory, or a host part that is one
/// (percent-encoded), means the server's Unix socket in it (`.s.PGSQL.PORT`); TCP otherwise, without TLS
/// unless `sslmode=require`.
public struct PostgreSQLURL: Sendable, Hashable, CustomStringConvertible {
    public var user: String
    public var password: String?
    /// A host name, or the directory of the server's Unix socket.
    public var host: String
    public var port: Int
    public var database: String
    public var requiresTLS: Bool

    /// The URL as given but for the password, for messages and logs.
    public var description: String {
        guard host.hasPrefix("/") else { return "postgresql://\(user)@\(host):\(port)/\(database)" }
        return "postgresql://\(user)@/\(database)?host=\(host)" + (port == 5432 ? "" : "&port=\(port)")
    }

    /// Reads `text`.
    ///
    /// - Throws: ``PostgreSQLURLError`` saying what is wrong, with an example of the form.
    public init(_ text: String) throws(PostgreSQLURLError) {
        let schemes = ["postgresql://", "postgres://"]
        guard let scheme = schemes.first(where: { text.hasPrefix($0) }) else {
            throw PostgreSQLURLError("it does not start with postgresql://")
        }
        var rest = Substring(text.dropFirst(scheme.count))
        var parameters: [String: String] = [:]
        if let question = rest.firstIndex(of: "?") {
            for pair in rest[rest.index(after: question)...].split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2, let key = Self.decoded(parts[0]), let value = Self.decoded(parts[1]) else {
                    throw PostgreSQLURLError("the parameter \(pair) is not NAME=VALUE")
                }
                guard Self.parameters.contains(key) else {
                    throw PostgreSQLURLError(
                        "it has the parameter \(key), which ledgerd does not use; the parameters it takes are "
                            + Self.parameters.sorted().joined(separator: ", "))
                }
                guard parameters[key] == nil else { throw PostgreSQLURLError("it gives the parameter \(key) twice") }
                parameters[key] = value
            }
            rest = rest[..<question]
        }
        guard let slash = rest.firstIndex(of: "/") else { throw PostgreSQLURLError("it names no database after the host") }
        guard let database = Self.decoded(rest[rest.index(after: slash)...]), !database.isEmpty else {
            throw PostgreSQLURLError("it names no database after the host")
        }
        var authority = rest[..<slash]
        var user: String?
        var password: String?
        if let at = authority.lastIndex(of: "@") {
            let credentials = authority[..<at]
            authority = authority[authority.index(after: at)...]
            let parts = credentials.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            user = Self.decoded(parts[0])
            if parts.count == 2 { password = Self.decoded(parts[1]) }
        }
        var host = ""
        var port = 5432
        if let colon = authority.lastIndex(of: ":"), !authority.hasPrefix("[") || authority[..<colon].hasSuffix("]") {
            guard let number = Int(authority[authority.index(after: colon)...]), (1...65_535).contains(number) else {
                throw PostgreSQLURLError("its port is not a number from 1 to 65535")
            }
            port = number
            authority = authority[..<colon]
        }
        host = Self.decoded(authority) ?? ""
        if let given = parameters["host"] { host = given }
        if let given = parameters["port"] {
            guard let number = Int(given), (1...65_535).contains(number) else {
                throw PostgreSQLURLError("its port is not a number from 1 to 65535")
            }
            port = number
        }
        if let given = parameters["user"] { user = given }
        if let given = parameters["password"] { password = given }
        guard let user, !user.isEmpty else { throw PostgreSQLURLError("it names no user (postgresql://USER@…)") }
        if host.isEmpty { host = "/run/postgresql" }
        self.user = user
        self.password = password
        self.host = host
        self.port = port
        self.database = database
        switch parameters["sslmode"] {
        case nil, "disable": requiresTLS = false
        case "require", "verify-ca", "verify-full": requiresTLS = true
        case let other?:
            // A typo must not quietly mean no TLS; "allow" and "prefer" would fall back to none unseen.
            throw PostgreSQLURLError(
                "its sslmode is \(other); ledgerd takes sslmode=disable, or require, verify-ca or verify-full (TLS with the "
                    + "server's certificate verified)")
        }
    }

    /// The URL parameters ledgerd reads; any other is refused rather than ignored.
    static let parameters: Set<String> = ["host", "port", "user", "password", "sslmode"]

    /// The connection settings postgres-nio takes.
    ///
    /// - Throws: when TLS is required and cannot be set up.
    public func configuration() throws -> PostgresConnection.Configuration {
        if host.hasPrefix("/") {
            return PostgresConnection.Configuration(
                unixSocketPath: "\(host)/.s.PGSQL.\(port)", username: user, password: password, database: database)
        }
        let tls: PostgresConnection.Configuration.TLS =
            requiresTLS ? .require(try NIOSSLContext(configuration: .makeClientConfiguration())) : .disable
        return PostgresConnection.Configuration(
            host: host, port: port, username: user, password: password, database: database, tls: tls)
    }

    /// The pooled client's settings, for the log's reads.
    ///
    /// - Throws: when TLS is required and cannot be set up.
    func clientConfiguration() -> PostgresClient.Configuration {
        if host.hasPrefix("/") {
            return PostgresClient.Configuration(
                unixSocketPath: "\(host)/.s.PGSQL.\(port)", username: user, password: password, database: database)
        }
        return PostgresClient.Configuration(
            host: host, port: port, username: user, password: password, database: database,
            tls: requiresTLS ? .require(.makeClientConfiguration()) : .disable)
    }

    private static func decoded(_ text: Substring) -> String? {
        PercentDecoding.decode(text.utf8, plusIsSpace: false)
    }
}

/// A PostgreSQL URL that cannot be read.
public struct PostgreSQLURLError: Error, Sendable, CustomStringConvertible {
    public let reason: String
    init(_ reason: String) { self.reason = reason }
    public var description: String {
        "The PostgreSQL URL cannot be read: \(reason). Write it as postgresql://USER@/DATABASE?host=/run/postgresql "
            + "(a Unix socket) or postgresql://USER:PASSWORD@HOST:5432/DATABASE."
    }
}
