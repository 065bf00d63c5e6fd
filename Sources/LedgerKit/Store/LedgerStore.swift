public import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The ledger's event store: an append-only sequence of events in an LMDB environment.
///
/// Appends are atomic per batch and serialized by LMDB's single writer; reads run on consistent
/// snapshots in parallel and never block appends.
///
/// ```swift
/// let store = try LedgerStore(directory: "/var/lib/ledger")
/// let drafts = try EventDecoder.drafts(from: [json])
/// let result = try store.append(drafts, actor: "alice")
/// let event = try store.event(seq: result.head)
/// ```
public final class LedgerStore: Sendable {
    /// Key layout: each named database and what it maps.
    enum Layout {
        /// seq (8 bytes, big-endian) → the event's canonical JSON.
        static let events = "events"
        /// id (UTF-8) → seq of the event with that id.
        static let eventIDs = "event_ids"
        /// seq of a retracted assert → seq of the retract event.
        static let retractions = "retractions"
        /// Bookkeeping, e.g. how far an interrupted projection rebuild got.
        static let meta = "meta"
        /// seq of an assert whose evidence was erased → seq of the erase event.
        static let erasures = "erasures"

        static let all = [events, eventIDs, retractions, meta, MerkleLog.databaseName] + Projections.databaseNames + [erasures]
    }

    let environment: Environment
    let events: Database
    let eventIDs: Database
    let retractions: Database
    let erasures: Database
    let meta: Database
    let projections: Projections
    let merkle: MerkleLog
    let clock: @Sendable () -> Timestamp
    let logger: Logger
    /// The settings it was opened with.
    public let configuration: LedgerStoreConfiguration

    /// Opens the store in `directory` (which must exist), creating an empty ledger if there is none.
    ///
    /// - Parameters:
    ///   - clock: The source of `recorded_at`; the store never lets it step back along `seq`.
    /// - Throws: ``LedgerError`` naming the directory when LMDB cannot open it.
    public init(
        directory: String,
        configuration: LedgerStoreConfiguration = .init(),
        logger: Logger = Logger(label: "ledger.store"),
        clock: @escaping @Sendable () -> Timestamp = Timestamp.now
    ) throws {
        do {
            environment = try Environment(
                path: directory, databases: Layout.all, configuration: configuration.environment, logger: logger)
        } catch {
            throw LedgerError(
                code: .storageFailure,
                message: "The ledger at \(directory) cannot be opened: \(error.message) (\(error.function)). "
                    + "Check that the directory exists and is writable by this user.")
        }
        events = environment.database(named: Layout.events)
        eventIDs = environment.database(named: Layout.eventIDs)
        retractions = environment.database(named: Layout.retractions)
        erasures = environment.database(named: Layout.erasures)
        meta = environment.database(named: Layout.meta)
        projections = Projections(environment: environment)
        merkle = MerkleLog(nodes: environment.database(named: MerkleLog.databaseName))
        self.configuration = configuration
        self.logger = logger
        self.clock = clock
    }

    /// The directory holding the data files.
    public var directory: String { environment.path }

    /// Flushes committed transactions to disk; only needed when ``EnvironmentConfiguration/skipsSync``.
    public func sync() throws {
        do {
            try environment.sync()
        } catch {
            throw storageError(error)
        }
    }

    /// LMDB reader slots in use and available.
    public var readers: (used: Int, maximum: Int) { environment.readers }

    /// How much of the LMDB map is in use, in bytes.
    public var storageUse: (mapSize: Int, used: Int, maximum: Int) {
        (environment.mapSize, environment.usedSize, environment.configuration.maximumMapSize)
    }

    /// The `seq` of the last event, 0 for an empty ledger.
    public func head() throws -> UInt64 {
        try readSnapshot { txn in try lastSeq(in: txn) }
    }

    /// The event at `seq`, or `nil` past the head.
    public func event(seq: UInt64) throws -> StoredEvent? {
        try readSnapshot { txn in try storedEvent(seq: seq, in: txn) }
    }

    /// The event with `id`, or `nil` if there is none.
    public func event(id: String) throws -> StoredEvent? {
        try readSnapshot { txn in
            guard let seq = try seq(ofID: id, in: txn) else { return nil }
            return try storedEvent(seq: seq, in: txn)
        }
    }

    /// Visits the events with `seq` in `range` in order, on one snapshot, until `body` returns false.
    ///
    /// - Warning: The buffer points into the memory map and must not escape `body`. Keep `body` fast:
    ///   a read snapshot held for long keeps LMDB from reusing freed pages. Page through a large range.
    public func forEachEvent(
        in range: ClosedRange<UInt64>, _ body: (_ seq: UInt64, _ bytes: UnsafeRawBufferPointer) throws -> Bool
    ) throws {
        try readSnapshot { txn in
            try txn.forEach(in: events, from: range.lowerBound) { key, value in
                guard let seq = UInt64(bigEndianBytes: key), seq <= range.upperBound else { return false }
                return try body(seq, value)
            }
        }
    }

    /// Copies up to `limit` events starting at `seq` `from`.
    public func events(from: UInt64, limit: Int) throws -> [StoredEvent] {
        var result: [StoredEvent] = []
        guard limit > 0 else { return result }
        try forEachEvent(in: max(from, 1)...UInt64.max) { seq, bytes in
            result.append(StoredEvent(seq: seq, bytes: Array(bytes)))
            return result.count < limit
        }
        return result
    }

    // MARK: Shared reads (also used inside the append transaction)

    func lastSeq(in txn: borrowing Transaction) throws -> UInt64 {
        try txn.withCursor(on: events) { cursor in
            guard try cursor.move(.last) else { return 0 }
            return UInt64(bigEndianBytes: cursor.key) ?? 0
        }
    }

    func seq(ofID id: String, in txn: borrowing Transaction) throws(LMDBError) -> UInt64? {
        try txn.withValue(for: id, in: eventIDs) { bytes in bytes.flatMap { UInt64(bigEndianBytes: $0) } }
    }

    func storedEvent(seq: UInt64, in txn: borrowing Transaction) throws(LMDBError) -> StoredEvent? {
        try txn.withValue(for: seq, in: events) { bytes in bytes.map { StoredEvent(seq: seq, bytes: Array($0)) } }
    }

    func readSnapshot<R>(_ body: (borrowing Transaction) throws -> R) throws -> R {
        do {
            return try environment.read(body)
        } catch let error as LMDBError {
            throw storageError(error)
        }
    }

    /// A ``LedgerError`` for a failure of LMDB, worded for the person running the ledger.
    func storageError(_ error: LMDBError) -> LedgerError {
        if error.code == .noSpace || error.code == .ioError, let free = freeDiskBytes(), free < 1 << 20 {
            return LedgerError(
                code: .storageFull,
                message: "The disk holding \(directory) is full (\(free) bytes free); nothing of this request was "
                    + "written. Free disk space and retry; ledgerd needs no restart.")
        }
        return switch error.code {
        case .mapFull, .noSpace:
            LedgerError(
                code: .storageFull,
                message: "The ledger at \(directory) is full (\(error.message)); nothing of this request was written. "
                    + "Free disk space or raise the maximum map size, then retry.")
        default:
            LedgerError(
                code: .storageFailure,
                message: "The ledger at \(directory) failed: \(error.message) (\(error.function)).")
        }
    }

    /// Bytes free for unprivileged use on the file system of the data directory.
    private func freeDiskBytes() -> UInt64? {
        var stats = statvfs()
        guard statvfs(directory, &stats) == 0 else { return nil }
        return UInt64(stats.f_bavail) * UInt64(stats.f_frsize)
    }
}
