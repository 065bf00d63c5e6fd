import Foundation
public import LedgerKit
import LedgerPostgreSQL
import Logging

/// A ledger opened for a test, with what it needs running: on a shared log, the log's service (its
/// pooled connections and listener), stopped when the node is released.
public final class TestNode: Sendable {
    public let ledger: Ledger
    private let service: Task<Void, Never>?

    /// The ledger's reads.
    public var queries: LedgerQueries { ledger.queries }

    init(ledger: Ledger, service: Task<Void, Never>?) {
        self.ledger = ledger
        self.service = service
    }

    deinit {
        ledger.close()
        service?.cancel()
    }

    /// A node on the embedded log in `directory`.
    public static func embedded(
        directory: String, configuration: LedgerConfiguration = .init(),
        clock: @escaping @Sendable () -> Timestamp = Timestamp.now
    ) async throws -> TestNode {
        TestNode(
            ledger: try await Ledger.open(directory: directory, configuration: configuration, clock: clock), service: nil)
    }

    /// A node on the PostgreSQL log at `url`, its views in `directory`.
    public static func shared(
        url: String, directory: String, origin: String = "tests.example/ledger",
        verifierKey: String = "tests.example/ledger+00000000+AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        configuration: LedgerConfiguration = .init(), clock: @escaping @Sendable () -> Timestamp = Timestamp.now
    ) async throws -> TestNode {
        let log = try await PostgreSQLEventLog.open(
            url: try PostgreSQLURL(url), origin: origin, verifierKey: verifierKey, logger: Logger(label: "tests"))
        let service = Task<Void, Never> { try? await log.run() }
        do {
            let ledger = try await Ledger.open(
                log: log, directory: directory, configuration: configuration, clock: clock)
            return TestNode(ledger: ledger, service: service)
        } catch {
            service.cancel()
            throw error
        }
    }
}
