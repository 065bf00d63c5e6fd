import LedgerKit
import Logging
import NIOCore
import NIOPosix
import PostgresNIO
import Synchronization

/// Connections to the shared log's database, lent to one caller at a time, with blocking calls.
///
/// The log's callers are the writer's own thread and readers that must answer synchronously, so each
/// call waits for its answer; the connections run on an event loop of their own, never one a caller
/// could be blocking, so a wait can never stop the loop that would end it.
final class PostgreSQLSessions: Sendable {
    let url: PostgreSQLURL
    private let configuration: PostgresConnection.Configuration
    private let eventLoop: any EventLoop
    private let idle = Mutex<[PostgresConnection]>([])
    private let nextID = Atomic<Int>(1)
    let logger: Logger

    init(url: PostgreSQLURL, logger: Logger) throws {
        self.url = url
        configuration = try url.configuration()
        eventLoop = Self.group.next()
        self.logger = logger
    }

    /// One thread for every shared log's connections in the process.
    private static let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)

    deinit {
        for connection in idle.withLock({ $0 }) { Self.close(connection) }
    }

    /// Lends a connection to `body`: an idle one, or a new one. A connection that failed is closed, not
    /// lent again.
    ///
    /// - Throws: ``LedgerError`` (`storage_unavailable`) when the server cannot be reached or the
    ///   connection breaks; what `body` throws otherwise.
    func withSession<R>(_ body: (PostgreSQLSession) throws -> R) throws -> R {
        // A connection the server closed while idle (a restart) is dropped, not lent: a query written to
        // it would never be answered.
        var reusable: PostgresConnection?
        while reusable == nil, let candidate = idle.withLock({ $0.popLast() }) {
            if candidate.isClosed { Self.close(candidate) } else { reusable = candidate }
        }
        let connection = try reusable ?? connect()
        let session = PostgreSQLSession(connection: connection, logger: logger, url: url)
        do {
            let result = try body(session)
            if !connection.isClosed { idle.withLock { $0.append(connection) } }
            return result
        } catch {
            if connection.isClosed || session.broke {
                Self.close(connection)
            } else {
                idle.withLock { $0.append(connection) }
            }
            throw error
        }
    }

    /// A listener for other nodes' appends, on this log's event loop.
    func appendSignal() -> PostgreSQLAppendSignal {
        PostgreSQLAppendSignal(configuration: configuration, eventLoop: eventLoop, logger: logger)
    }

    /// Closes `connection`, keeping it alive until it is closed (it must not be released open).
    private static func close(_ connection: PostgresConnection) {
        let closing: EventLoopFuture<Void> = connection.close()
        closing.whenComplete { _ in withExtendedLifetime(connection) {} }
    }

    private func connect() throws -> PostgresConnection {
        let id = nextID.add(1, ordering: .relaxed).oldValue
        do {
            return try PostgresConnection.connect(on: eventLoop, configuration: configuration, id: id, logger: logger).wait()
        } catch {
            throw PostgreSQLSession.unavailable(url, error)
        }
    }
}

/// A connection lent by ``PostgreSQLSessions``: queries that wait for their rows.
final class PostgreSQLSession {
    let connection: PostgresConnection
    let logger: Logger
    let url: PostgreSQLURL
    private let failed = Mutex(false)

    init(connection: PostgresConnection, logger: Logger, url: PostgreSQLURL) {
        self.connection = connection
        self.logger = logger
        self.url = url
    }

    /// Whether a query failed for want of the connection (not because the server refused it).
    var broke: Bool { failed.withLock { $0 } }

    /// Runs `query` and collects its rows.
    ///
    /// - Throws: ``LedgerError``: `storage_unavailable` when the connection is lost, `storage_failure`
    ///   with the server's message when it refuses the query.
    @discardableResult
    func query(_ query: PostgresQuery) throws -> [PostgresRow] {
        do {
            // Bounded: a connection that breaks in a way that leaves a query unanswered must not hold
            // the writer for ever.
            let eventLoop = connection.eventLoop
            let answered = eventLoop.makePromise(of: PostgresQueryResult.self)
            connection.query(query, logger: logger).cascade(to: answered)
            let timeout = eventLoop.scheduleTask(in: Self.queryTimeout) { answered.fail(PostgreSQLTimeout()) }
            answered.futureResult.whenComplete { _ in timeout.cancel() }
            // A connection that closes (the server killed, say) fails its query at once: a query caught by
            // the close can be left unanswered, and would otherwise hold the writer for the whole bound.
            connection.closeFuture.whenComplete { _ in answered.fail(PostgreSQLConnectionClosed()) }
            return try answered.futureResult.wait().rows
        } catch let error as PSQLError where error.serverInfo != nil {
            let message = error.serverInfo?[.message] ?? "\(error.code)"
            let state = error.serverInfo?[.sqlState] ?? ""
            if Self.meansUnavailable(sqlState: state) {
                failed.withLock { $0 = true }
                throw Self.unavailable(url, error)
            }
            if state == "53100" {
                throw LedgerError(
                    code: .storageFull,
                    message: "PostgreSQL at \(url) has no disk space left (\(message)); nothing was written. Free space on "
                        + "the database server and retry.")
            }
            throw LedgerError(
                code: .storageFailure, message: "PostgreSQL at \(url) refused a query of the ledger's: \(message).")
        } catch {
            failed.withLock { $0 = true }
            throw Self.unavailable(url, error)
        }
    }

    /// Whether a server error (by its SQLSTATE) means the server cannot serve now rather than that it
    /// refused the query: the connection is lost or being shut down (class 08, 57P01 admin shutdown, 57P02
    /// crash of another backend, 57P03 starting up), the server is full of connections (53300), or it
    /// became a read-only standby (25006). Retrying later can succeed; nothing was written.
    static func meansUnavailable(sqlState: String) -> Bool {
        sqlState.hasPrefix("08") || ["57P01", "57P02", "57P03", "57P05", "53300", "25006", "57014"].contains(sqlState)
    }

    /// The longest a query may take before its connection is given up.
    static let queryTimeout: TimeAmount = .seconds(30)

    /// Runs `body` in a transaction: `COMMIT` when it returns, `ROLLBACK` when it throws.
    func transaction<R>(_ body: () throws -> R) throws -> R {
        try query("BEGIN")
        let result: R
        do {
            result = try body()
        } catch {
            if !broke { _ = try? query("ROLLBACK") }
            throw error
        }
        try query("COMMIT")
        return result
    }

    static func unavailable(_ url: PostgreSQLURL, _ error: any Error) -> LedgerError {
        let reason = (error as? PSQLError).map { "\($0.code)" + ($0.underlying.map { ": \($0)" } ?? "") } ?? "\(error)"
        return LedgerError(
            code: .storageUnavailable,
            message: "PostgreSQL at \(url) cannot be reached (\(reason)); nothing was written. Retry when it is back.")
    }
}

/// A query whose connection closed before it was answered.
struct PostgreSQLConnectionClosed: Error, CustomStringConvertible {
    var description: String { "the connection closed before the query was answered" }
}

/// A query that got no answer within ``PostgreSQLSession/queryTimeout``.
struct PostgreSQLTimeout: Error, CustomStringConvertible {
    var description: String { "no answer within \(PostgreSQLSession.queryTimeout.nanoseconds / 1_000_000_000) s" }
}
