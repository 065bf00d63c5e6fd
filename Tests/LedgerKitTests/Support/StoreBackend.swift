import Foundation
import LedgerKit
import LedgerPostgreSQL
import LedgerTestSupport
import Logging
import Testing

/// The event logs a store can stand on: the contract suites run on each.
enum StoreBackend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    /// The embedded LMDB file.
    case lmdb
    /// A database on the tests' private PostgreSQL server (a new one for each store).
    case postgresql

    var testDescription: String { rawValue }

    /// A new, empty store on this backend, with its views (and for LMDB its log) in `directory`.
    func store(
        directory: String, configuration: LedgerStoreConfiguration = .init(),
        clock: @escaping @Sendable () -> Timestamp = Timestamp.now
    ) throws -> LedgerStore {
        switch self {
        case .lmdb:
            return try LedgerStore(directory: directory, configuration: configuration, clock: clock)
        case .postgresql:
            let log = try PostgreSQLEventLog(
                url: try PostgreSQLURL(try PostgreSQLServer.shared().createDatabase()), origin: "tests.example/ledger",
                verifierKey: "tests.example/ledger+00000000+AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                logger: Logger(label: "tests"))
            return try LedgerStore(log: log, directory: directory, configuration: configuration, clock: clock)
        }
    }
}
