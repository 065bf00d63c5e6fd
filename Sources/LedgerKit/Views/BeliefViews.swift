import LMDB
import Logging

/// Everything derived from the event log, in an LMDB environment of its own (`views/` in the data
/// directory): the id index, retractions and erasures, the belief views and the Merkle tree. The writer
/// brings it up to date right after each log commit and before it answers, so every reader sees every
/// acknowledged event; at start it is caught up from the log, and rebuilt when it may be damaged.
///
/// Its commits skip fsync (`MDB_NOSYNC`): a crash of ledgerd loses nothing (the kernel holds the pages),
/// a crash of the machine may leave it damaged, which ``ViewsMark`` detects.
///
/// Key layout (`0` a zero byte, seq 8 bytes big-endian; subjects and sources hold no zero byte):
/// - `event_ids`: id → seq, type (1 byte), has evidence (1 byte), then a claim's subject.
/// - `retractions`, `erasures`: claim seq → seq of the retract or erase event.
/// - `subject_claims`: subject 0 seq → ``ClaimRecord`` (compact), one per claim, with its retraction.
/// - `subjects`: subject → events touching it (its claims and their retractions), then the last one's seq.
/// - `source_claims`: source 0 seq → subject, one per claim.
/// - `merkle_nodes`: level (1 byte) index (8 bytes) → hash: every perfect subtree root of the tree.
/// - `meta`: `applied_through` → the last seq applied.
final class BeliefViews: Sendable {
    enum Layout {
        static let eventIDs = "event_ids"
        static let retractions = "retractions"
        static let erasures = "erasures"
        static let subjectClaims = "subject_claims"
        static let subjects = "subjects"
        static let sourceClaims = "source_claims"
        static let merkleNodes = "merkle_nodes"
        static let meta = "meta"
        static let all = [eventIDs, retractions, erasures, subjectClaims, subjects, sourceClaims, merkleNodes, meta]
        static let appliedThrough = "applied_through"
    }

    let storage: LMDBStorage
    let eventIDs: Database
    let retractions: Database
    let erasures: Database
    let subjectClaims: Database
    let subjects: Database
    let sourceClaims: Database
    let merkleNodes: Database
    let meta: Database
    let logger: Logger

    /// The directory holding the views' `data.mdb`.
    var directory: String { storage.directory }

    /// Opens (creating) the views in `directory`, which must exist.
    init(directory: String, configuration: EnvironmentConfiguration, logger: Logger) throws {
        var configuration = configuration
        configuration.skipsSync = true
        configuration.writesThroughMap = true
        let environment: Environment
        do {
            environment = try Environment(path: directory, databases: Layout.all, configuration: configuration, logger: logger)
        } catch {
            throw LedgerError(
                code: .storageFailure,
                message: "The belief views at \(directory) cannot be opened: \(error.message) (\(error.function)). "
                    + "Remove the directory: ledgerd rebuilds it from the event log.")
        }
        storage = LMDBStorage(environment: environment)
        eventIDs = environment.database(named: Layout.eventIDs)
        retractions = environment.database(named: Layout.retractions)
        erasures = environment.database(named: Layout.erasures)
        subjectClaims = environment.database(named: Layout.subjectClaims)
        subjects = environment.database(named: Layout.subjects)
        sourceClaims = environment.database(named: Layout.sourceClaims)
        merkleNodes = environment.database(named: Layout.merkleNodes)
        meta = environment.database(named: Layout.meta)
        self.logger = logger
    }

    /// The last seq the views hold: every event up to it, none after.
    func appliedThrough() throws -> UInt64 {
        try read { txn in try appliedThrough(in: txn) }
    }

    func appliedThrough(in txn: borrowing Transaction) throws -> UInt64 {
        try txn.withValue(for: Layout.appliedThrough, in: meta) { $0.flatMap { UInt64(bigEndianBytes: $0) } } ?? 0
    }

    /// Flushes the views to disk: at a clean stop, so the next start trusts them.
    func sync() throws {
        try storage.sync()
    }

    /// Removes every view (a rebuild then applies the log again from seq 1).
    func reset() throws {
        try write { txn in
            for name in Layout.all { try txn.removeAll(in: storage.environment.database(named: name)) }
        }
    }

    /// What the views' own storage holds.
    var statistics: StorageStatistics { storage.statistics }

    func read<R>(_ body: (borrowing Transaction) throws -> R) throws -> R {
        try storage.read(body)
    }

    func write<R>(_ body: (borrowing Transaction) throws -> R) throws -> R {
        try storage.write(body)
    }

    // MARK: Keys

    static func key(_ name: String, seq: UInt64) -> [UInt8] {
        var key = Array(name.utf8)
        key.reserveCapacity(key.count + 9)
        key.append(0)
        withUnsafeBytes(of: seq.bigEndian) { key.append(contentsOf: $0) }
        return key
    }

    static func prefix(_ name: String) -> [UInt8] {
        Array(name.utf8) + [0]
    }

    static func merkleKey(level: Int, index: UInt64) -> [UInt8] {
        var key: [UInt8] = [UInt8(level)]
        withUnsafeBytes(of: index.bigEndian) { key.append(contentsOf: $0) }
        return key
    }
}
