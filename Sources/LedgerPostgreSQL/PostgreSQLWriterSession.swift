import LedgerKit
import Logging
import NIOConcurrencyHelpers
import NIOCore
import PostgresNIO
import Synchronization

/// The writer's connection to the shared log: the one the ledger's writer thread commits through, with
/// calls that return when the server has answered.
///
/// The writer's commits are synchronous by design (an embedded log's are an fsync), so a shared log's
/// run on the writer's own thread and that thread waits for each answer. Nothing else ever waits on
/// PostgreSQL: the connection runs on the log's event loop, which the writer never is, and reads go
/// through the pooled, `async` client.
final class PostgreSQLWriterSession: Sendable {
    let url: PostgreSQLURL
    private let configuration: PostgresConnection.Configuration
    private let eventLoop: any EventLoop
    private let connection = Mutex<PostgresConnection?>(nil)
    private let nextID = Atomic<Int>(1_000_000)
    let logger: Logger

    /// The longest a query may take before its connection is given up.
    static let queryTimeout: TimeAmount = .seconds(30)

    init(url: PostgreSQLURL, configuration: PostgresConnection.Configuration, eventLoop: any EventLoop, logger: Logger) {
        self.url = url
        self.configuration = configuration
        self.eventLoop = eventLoop
        self.logger = logger
    }

    /// Runs `body` in a transaction: `COMMIT` when it returns, `ROLLBACK` when it throws. A connection that
    /// broke is dropped, and the next transaction opens another.
    ///
    /// - Throws: ``LedgerError``: `storage_unavailable` when the server cannot be reached or the connection
    ///   breaks, `storage_failure` when it refuses a query, or what `body` throws.
    func transaction<R>(_ body: (PostgreSQLWriterSession) throws -> R) throws -> R {
        try query("BEGIN")
        let result: R
        do {
            result = try body(self)
        } catch {
            if current != nil { _ = try? query("ROLLBACK") }
            throw error
        }
        try query("COMMIT")
        return result
    }

    /// Runs `query` and collects its rows.
    @discardableResult
    func query(_ query: PostgresQuery) throws -> [PostgresRow] {
        let connection = try open()
        let answered = connection.eventLoop.makePromise(of: [PostgresRow].self)
        connection.query(query, logger: logger).map(\.rows).cascade(to: answered)
        // Bounded: a connection that breaks in a way that leaves a query unanswered must not hold the writer
        // for ever; and one that closes (the server killed, say) fails its query at once.
        let timeout = connection.eventLoop.scheduleTask(in: Self.queryTimeout) { answered.fail(PostgreSQLTimeout()) }
        answered.futureResult.whenComplete { _ in timeout.cancel() }
        connection.closeFuture.whenComplete { _ in answered.fail(PostgreSQLConnectionClosed()) }
        do {
            return try WriterThread.wait(for: answered.futureResult)
        } catch {
            if PostgreSQLFailure.breaksConnection(error) { drop(connection) }
            throw PostgreSQLFailure.error(error, url: url)
        }
    }

    /// Closes the connection, if one is open (at the log's shutdown).
    func close() {
        if let connection = self.connection.withLock({ $0.take() }) { Self.close(connection) }
    }

    private var current: PostgresConnection? { connection.withLock { $0 } }

    /// The open connection, or a new one: a connection the server closed while idle (a restart) is not used.
    private func open() throws -> PostgresConnection {
        if let existing = current, !existing.isClosed { return existing }
        if let stale = connection.withLock({ $0.take() }) { Self.close(stale) }
        let id = nextID.add(1, ordering: .relaxed).oldValue
        do {
            let opened = try WriterThread.wait(
                for: PostgresConnection.connect(on: eventLoop, configuration: configuration, id: id, logger: logger))
            connection.withLock { $0 = opened }
            return opened
        } catch {
            throw PostgreSQLFailure.unavailable(url, error)
        }
    }

    private func drop(_ broken: PostgresConnection) {
        let dropped = connection.withLock { current -> PostgresConnection? in
            guard current === broken else { return nil }
            defer { current = nil }
            return current
        }
        if let dropped { Self.close(dropped) }
    }

    /// Closes `connection`, keeping it alive until it is closed (it must not be released open).
    private static func close(_ connection: PostgresConnection) {
        let closing: EventLoopFuture<Void> = connection.close()
        closing.whenComplete { _ in withExtendedLifetime(connection) {} }
    }
}

/// The writer's thread waiting for the database's answer.
enum WriterThread {
    /// The result of `future`, waited for on the calling thread, which must be the ledger's writer (a
    /// thread of its own): never an event loop, whose loop would be the one to complete it, and never a
    /// thread of Swift's cooperative pool.
    static func wait<T: Sendable>(for future: EventLoopFuture<T>) throws -> T {
        precondition(!future.eventLoop.inEventLoop, "The writer's wait for PostgreSQL ran on the database's event loop.")
        let done = ConditionLock(value: false)
        let result = NIOLockedValueBox<Result<T, any Error>?>(nil)
        future.whenComplete { outcome in
            result.withLockedValue { $0 = outcome }
            done.lock()
            done.unlock(withValue: true)
        }
        done.lock(whenValue: true)
        done.unlock()
        return try result.withLockedValue { $0! }.get()
    }
}

/// A query whose connection closed before it was answered.
struct PostgreSQLConnectionClosed: Error, CustomStringConvertible {
    var description: String { "the connection closed before the query was answered" }
}

/// A query that got no answer within ``PostgreSQLWriterSession/queryTimeout``.
struct PostgreSQLTimeout: Error, CustomStringConvertible {
    var description: String { "no answer within \(PostgreSQLWriterSession.queryTimeout.nanoseconds / 1_000_000_000) s" }
}
