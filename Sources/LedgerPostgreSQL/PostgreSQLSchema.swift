import LedgerKit
import Logging
import PostgresNIO

/// The shared log's tables, created by the first ledgerd on an empty database, and the identity checks
/// every later node passes.
///
/// - `ledger_meta` (one row): the schema version, the ledger's origin and its checkpoint verifier key.
/// - `log_head` (one row): the last `seq`, the last `recorded_at` (microseconds), how far a restore got.
///   Every append locks it to commit (`SELECT … FOR UPDATE`), so commit order is `seq` order and a node
///   following the log never sees a hole.
/// - `events`: `seq` → the id's UTF-8 (unique: PostgreSQL enforces it too), the Merkle leaf hash, and the
///   event's canonical bytes exactly as hashed.
/// - `tree_heads` (since version 2): the Merkle root each commit reached, by tree size. A node following
///   the log checks the events it applies against it, so every node's views are a prefix of one tree,
///   and no two nodes sign different roots for one size.
enum PostgreSQLSchema {
    /// This release's schema; a later one migrates from it. Version 1 had no `tree_heads`: a database of
    /// version 1 gains the table, and its earlier commits have no recorded root.
    static let version: Int32 = 2

    static let statements: [PostgresQuery] = [
        """
        CREATE TABLE IF NOT EXISTS ledger_meta (
            id smallint PRIMARY KEY CHECK (id = 0),
            schema_version int NOT NULL,
            origin text NOT NULL,
            verifier_key text NOT NULL,
            created_at timestamptz NOT NULL DEFAULT now())
        """,
        """
        CREATE TABLE IF NOT EXISTS log_head (
            id smallint PRIMARY KEY CHECK (id = 0),
            seq bigint NOT NULL,
            last_recorded_at bigint,
            restored_through bigint NOT NULL)
        """,
        """
        CREATE TABLE IF NOT EXISTS events (
            seq bigint PRIMARY KEY,
            event_id bytea NOT NULL UNIQUE,
            leaf_hash bytea NOT NULL,
            body bytea NOT NULL)
        """,
        """
        CREATE TABLE IF NOT EXISTS tree_heads (
            size bigint PRIMARY KEY,
            root_hash bytea NOT NULL)
        """,
    ]

    /// Creates the tables if they are missing and records the ledger's identity, or checks that the
    /// database holds this ledger: the same origin and verifier key.
    ///
    /// - Throws: ``LedgerError`` saying what differs and what to do.
    static func prepare(
        _ connection: PostgresConnection, url: PostgreSQLURL, origin: String, verifierKey: String, logger: Logger
    )
        async throws
    {
        func run(_ query: PostgresQuery) async throws -> [PostgresRow] {
            do {
                var rows: [PostgresRow] = []
                for try await row in try await connection.query(query, logger: logger) { rows.append(row) }
                return rows
            } catch {
                throw PostgreSQLFailure.error(error, url: url)
            }
        }
        _ = try await run("BEGIN")
        do {
            // Two nodes starting on an empty database at once: one creates, the other waits and checks.
            _ = try await run("SELECT pg_advisory_xact_lock(7424318253460157185)")
            for statement in statements { _ = try await run(statement) }
            _ = try await run(
                """
                INSERT INTO ledger_meta (id, schema_version, origin, verifier_key)
                VALUES (0, \(version), \(origin), \(verifierKey)) ON CONFLICT (id) DO NOTHING
                """)
            _ = try await run("INSERT INTO log_head (id, seq, restored_through) VALUES (0, 0, 0) ON CONFLICT (id) DO NOTHING")
            let rows = try await run("SELECT schema_version, origin, verifier_key FROM ledger_meta WHERE id = 0")
            guard let row = rows.first else {
                throw LedgerError(code: .storageFailure, message: "The database at \(url) has no ledger_meta row.")
            }
            let (storedVersion, storedOrigin, storedKey) = try row.decode((Int32, String, String).self)
            guard storedVersion <= version else {
                throw LedgerError(
                    code: .storageFailure,
                    message:
                        "The database at \(url) holds schema \(storedVersion) of a later release; run that release of ledgerd.")
            }
            if storedVersion < version { _ = try await run("UPDATE ledger_meta SET schema_version = \(version) WHERE id = 0") }
            guard storedOrigin.utf8.elementsEqual(origin.utf8) else {
                throw LedgerError(
                    code: .storageFailure,
                    message: "The database at \(url) holds the ledger \(storedOrigin), not \(origin); give this node the same "
                        + "[audit] origin, or another database.")
            }
            guard storedKey.utf8.elementsEqual(verifierKey.utf8) else {
                throw LedgerError(
                    code: .storageFailure,
                    message: "The database at \(url) belongs to a ledger signed with another key (\(storedKey)); copy "
                        + "checkpoint.key from a node of that ledger into this node's data directory, so that one key signs "
                        + "for the ledger.")
            }
        } catch {
            _ = try? await run("ROLLBACK")
            throw error
        }
        _ = try await run("COMMIT")
    }
}
