import Foundation
import LedgerKit
import LedgerTestSupport
import Testing

/// The event logs a ledger can stand on: the contract suites run on each.
enum StoreBackend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    /// The embedded LMDB file.
    case lmdb
    /// A database on the tests' private PostgreSQL server (a new one for each ledger).
    case postgresql

    var testDescription: String { rawValue }

    /// A new, empty ledger on this backend, with its views (and for LMDB its log) in `directory`.
    func store(
        directory: String, configuration: LedgerConfiguration = .init(),
        clock: @escaping @Sendable () -> Timestamp = Timestamp.now
    ) async throws -> TestNode {
        switch self {
        case .lmdb:
            return try await TestNode.embedded(directory: directory, configuration: configuration, clock: clock)
        case .postgresql:
            return try await TestNode.shared(
                url: try PostgreSQLServer.shared().createDatabase(), directory: directory, configuration: configuration,
                clock: clock)
        }
    }
}
