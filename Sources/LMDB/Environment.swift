internal import CLMDB
import Foundation
public import Logging

/// An open LMDB environment: one memory-mapped data file holding named ``Database``s.
///
/// Open each path at most once per process (LMDB's own rule); share the instance.
/// Reads run in parallel and never block the writer; writes are serialized by LMDB.
///
/// ```swift
/// let env = try Environment(path: dir, databases: ["events"])
/// let events = env.database(named: "events")
/// try env.write { txn in try txn.put([1], for: UInt64(1), in: events) }
/// let value = try env.read { txn in try txn.value(for: UInt64(1), in: events) }
/// ```
///
/// See <http://www.lmdb.tech/doc/group__mdb.html>.
public final class Environment: @unchecked Sendable {
    // Safe: an MDB_env may be used from any thread once opened (we open it with MDB_NOTLS so read
    // transactions are not tied to threads); the state we mutate, the map size and (when compacting)
    // the handle itself, is changed under `resizeLock` held exclusively, while every transaction and
    // every other use of the handle holds it shared.
    /// `nil` once closed: a compaction that could not reopen the file leaves it so, and every use then
    /// throws ``LMDBError/Code/closed`` instead of touching a freed handle.
    private var handle: OpaquePointer?
    private let resizeLock = ReadWriteLock()
    private let databaseNames: [String]
    private let databasesByName: [String: Database]
    private let logger: Logger
    /// The directory holding `data.mdb` and `lock.mdb`.
    public let path: String
    /// The settings it was opened with.
    public let configuration: EnvironmentConfiguration

    /// Opens (creating if needed) the environment in directory `path` and its named databases.
    ///
    /// Clears reader slots left by dead processes (`mdb_reader_check`).
    /// - Throws: ``LMDBError``, e.g. ``LMDBError/Code/wouldBlock`` style codes from `mdb_env_open`.
    public init(
        path: String,
        databases names: [String],
        configuration: EnvironmentConfiguration = .init(),
        logger: Logger = Logger(label: "ledger.lmdb")
    ) throws(LMDBError) {
        let (opened, databases) = try Self.open(path, names, configuration, logger)
        handle = opened
        databasesByName = databases
        self.databaseNames = names
        self.path = path
        self.configuration = configuration
        self.logger = logger
    }

    deinit {
        if let handle { mdb_env_close(handle) }
    }

    /// The handle, or ``LMDBError/Code/closed``; the caller holds `resizeLock`.
    private func openHandle(_ function: String) throws(LMDBError) -> OpaquePointer {
        guard let handle else {
            throw LMDBError(
                code: .closed, function: function,
                message: "the LMDB environment at \(path) is closed: a compaction could not reopen it; restart ledgerd")
        }
        return handle
    }

    private static func open(
        _ path: String, _ names: [String], _ configuration: EnvironmentConfiguration, _ logger: Logger
    ) throws(LMDBError) -> (OpaquePointer, [String: Database]) {
        var env: OpaquePointer?
        try check(mdb_env_create(&env), "mdb_env_create")
        guard let env else { throw LMDBError(code: .invalid, function: "mdb_env_create") }
        do {
            try check(mdb_env_set_maxdbs(env, MDB_dbi(configuration.maximumDatabases)), "mdb_env_set_maxdbs")
            try check(mdb_env_set_maxreaders(env, configuration.maximumReaders), "mdb_env_set_maxreaders")
            try check(mdb_env_set_mapsize(env, configuration.initialMapSize), "mdb_env_set_mapsize")
            var flags = UInt32(MDB_NOTLS)
            if configuration.skipsSync { flags |= UInt32(MDB_NOSYNC) }
            if configuration.writesThroughMap { flags |= UInt32(MDB_WRITEMAP) }
            if configuration.isReadOnly { flags |= UInt32(MDB_RDONLY) | UInt32(MDB_NOLOCK) }
            try check(mdb_env_open(env, path, flags, mdb_mode_t(configuration.fileMode)), "mdb_env_open")
            if !configuration.isReadOnly {
                var deadReaders: Int32 = 0
                try check(mdb_reader_check(env, &deadReaders), "mdb_reader_check")
                if deadReaders > 0 {
                    logger.info("Cleared stale reader slots", metadata: ["count": "\(deadReaders)", "path": "\(path)"])
                }
            }
            return (env, try openDatabases(names, in: env, readOnly: configuration.isReadOnly))
        } catch {
            // "If this function fails, mdb_env_close() must be called to discard the MDB_env handle."
            // (lmdb.h, mdb_env_open)
            mdb_env_close(env)
            throw error
        }
    }

    private static func openDatabases(
        _ names: [String], in env: OpaquePointer, readOnly: Bool
    ) throws(LMDBError)
        -> [String: Database]
    {
        var txn: OpaquePointer?
        try check(mdb_txn_begin(env, nil, readOnly ? UInt32(MDB_RDONLY) : 0, &txn), "mdb_txn_begin")
        var result: [String: Database] = [:]
        do {
            for name in names {
                var dbi: MDB_dbi = 0
                try check(mdb_dbi_open(txn, name, readOnly ? 0 : UInt32(MDB_CREATE), &dbi), "mdb_dbi_open")
                result[name] = Database(handle: dbi, name: name)
            }
        } catch {
            mdb_txn_abort(txn)
            throw error
        }
        try check(mdb_txn_commit(txn), "mdb_txn_commit")
        return result
    }

    /// A named database that exists in the file but was not named at open, or `nil`: for reading a layout
    /// an earlier release wrote. Valid for the environment's lifetime.
    public func openExistingDatabase(named name: String) throws -> Database? {
        try write { txn -> Database? in
            var dbi: MDB_dbi = 0
            let result = mdb_dbi_open(txn.handle, name, 0, &dbi)
            if result == MDB_NOTFOUND { return nil }
            try check(result, "mdb_dbi_open")
            return Database(handle: dbi, name: name)
        }
    }

    /// Deletes the named databases that exist (`mdb_drop` with `del`), and returns their names: for a
    /// layout that moved them elsewhere.
    public func dropDatabases(named names: [String]) throws -> [String] {
        try write { txn -> [String] in
            var dropped: [String] = []
            for name in names {
                var dbi: MDB_dbi = 0
                let result = mdb_dbi_open(txn.handle, name, 0, &dbi)
                if result == MDB_NOTFOUND { continue }
                try check(result, "mdb_dbi_open")
                try check(mdb_drop(txn.handle, dbi, 1), "mdb_drop")
                dropped.append(name)
            }
            return dropped
        }
    }

    /// The named database opened by ``init(path:databases:configuration:logger:)``.
    ///
    /// - Precondition: `name` was among the names given at open.
    public func database(named name: String) -> Database {
        guard let database = databasesByName[name] else {
            preconditionFailure("The database \(name) was not opened; list it when opening the environment.")
        }
        return database
    }

    /// Runs `body` in a read-only transaction, a consistent snapshot that never blocks writers.
    ///
    /// - Warning: The transaction and every buffer it lends must not escape `body`; keep `body`
    ///   short and synchronous, since a long read keeps old pages from being reused.
    public func read<R>(_ body: (borrowing Transaction) throws -> R) throws -> R {
        while true {
            do {
                return try resizeLock.withSharedLock { () throws -> R in
                    var txn: OpaquePointer?
                    try check(mdb_txn_begin(try openHandle("mdb_txn_begin"), nil, UInt32(MDB_RDONLY), &txn), "mdb_txn_begin")
                    defer { mdb_txn_abort(txn) }
                    let transaction = Transaction(handle: txn!)
                    return try body(transaction)
                }
            } catch let error as LMDBError where error.code == .mapResized {
                try adoptGrownMap()
            }
        }
    }

    /// Another process grew the map: "the application may use mdb_env_set_mapsize() with a size of zero
    /// to adopt the new size" (lmdb.h, MDB_MAP_RESIZED), with no transaction of ours active.
    private func adoptGrownMap() throws(LMDBError) {
        try resizeLock.withExclusiveLock { () throws(LMDBError) in
            try check(mdb_env_set_mapsize(try openHandle("mdb_env_set_mapsize"), 0), "mdb_env_set_mapsize")
        }
    }

    /// Runs `body` in a write transaction: commits when it returns, rolls back when it throws.
    ///
    /// When the map is full, the transaction is rolled back, the map doubled (up to
    /// ``EnvironmentConfiguration/maximumMapSize``) and `body` run again, so `body` must have no
    /// effect outside the transaction. Past the maximum it throws ``LMDBError/Code/mapFull``.
    /// - Warning: Never `await` or start another transaction inside `body`.
    public func write<R>(_ body: (borrowing Transaction) throws -> R) throws -> R {
        while true {
            do {
                return try resizeLock.withSharedLock { () throws -> R in try writeOnce(body) }
            } catch let error as LMDBError where error.code == .mapFull {
                try growMap()
            } catch let error as LMDBError where error.code == .mapResized {
                try adoptGrownMap()
            }
        }
    }

    private func writeOnce<R>(_ body: (borrowing Transaction) throws -> R) throws -> R {
        var txn: OpaquePointer?
        try check(mdb_txn_begin(try openHandle("mdb_txn_begin"), nil, 0, &txn), "mdb_txn_begin")
        let result: R
        do {
            let transaction = Transaction(handle: txn!)
            result = try body(transaction)
        } catch {
            mdb_txn_abort(txn)
            throw error
        }
        // mdb_txn_commit frees the transaction whether or not it succeeds.
        try check(mdb_txn_commit(txn), "mdb_txn_commit")
        return result
    }

    private func growMap() throws(LMDBError) {
        try resizeLock.withExclusiveLock { () throws(LMDBError) in
            let current = currentMapSize
            guard current < configuration.maximumMapSize else {
                throw LMDBError(
                    code: .mapFull, function: "mdb_env_set_mapsize",
                    message: "the map reached its configured maximum of \(configuration.maximumMapSize) bytes")
            }
            let next = min(current * 2, configuration.maximumMapSize)
            try check(mdb_env_set_mapsize(try openHandle("mdb_env_set_mapsize"), next), "mdb_env_set_mapsize")
            logger.info("Grew the LMDB map", metadata: ["from": "\(current)", "to": "\(next)", "path": "\(path)"])
        }
    }

    /// The current map size in bytes.
    public var mapSize: Int { resizeLock.withSharedLock { currentMapSize } }

    /// The map size; the caller holds `resizeLock`.
    private var currentMapSize: Int {
        guard let handle else { return 0 }
        var info = MDB_envinfo()
        mdb_env_info(handle, &info)
        return info.me_mapsize
    }

    /// Bytes of the map in use: (last used page + 1) × page size.
    public var usedSize: Int {
        resizeLock.withSharedLock {
            guard let handle else { return 0 }
            var info = MDB_envinfo()
            mdb_env_info(handle, &info)
            var stat = MDB_stat()
            mdb_env_stat(handle, &stat)
            return (info.me_last_pgno + 1) * Int(stat.ms_psize)
        }
    }

    /// Writes a compacted copy of the data file to the open file `descriptor` (`mdb_env_copyfd2` with
    /// `MDB_CP_COMPACT`): a consistent snapshot taken in one read transaction, so writers go on meanwhile.
    /// Pages are copied whole, so stale bytes in a page's unused space travel with it; see ``compact()``.
    /// The caller owns the descriptor: it syncs and closes it.
    public func copy(toFileDescriptor descriptor: Int32) throws(LMDBError) {
        try resizeLock.withSharedLock { () throws(LMDBError) in
            try check(mdb_env_copyfd2(try openHandle("mdb_env_copyfd2"), descriptor, UInt32(MDB_CP_COMPACT)), "mdb_env_copyfd2")
        }
    }

    /// Reader slots in use (by live or stale read transactions of any process) and the most there may be.
    public var readers: (used: Int, maximum: Int) {
        resizeLock.withSharedLock {
            guard let handle else { return (0, 0) }
            var info = MDB_envinfo()
            mdb_env_info(handle, &info)
            return (Int(info.me_numreaders), Int(info.me_maxreaders))
        }
    }

    /// Flushes the data file to disk (`mdb_env_sync` with force), for use with ``EnvironmentConfiguration/skipsSync``.
    public func sync() throws(LMDBError) {
        try resizeLock.withSharedLock { () throws(LMDBError) in
            try check(mdb_env_sync(try openHandle("mdb_env_sync"), 1), "mdb_env_sync")
        }
    }

    /// Rewrites `data.mdb` with only what is live: every database is copied entry by entry into a fresh
    /// environment, which then replaces the file (an atomic rename) and is reopened in place.
    ///
    /// Unlike a page copy (``copy(to:)``), no byte of a deleted or overwritten value survives: freed pages
    /// are left behind, and LMDB zeroes the unused space of the pages it writes fresh, where a page
    /// updated in place can keep stale bytes. Every transaction waits while it runs (seconds per GiB).
    /// A crash midway leaves the old file whole; the temporary directory is removed at the next compact.
    ///
    /// - Returns: The size of `data.mdb` before and after.
    public func compact() throws -> (before: Int, after: Int) {
        try compact(reopening: Self.open)
    }

    /// Opens the environment's file; a compaction uses it to reopen, and a test to make the reopen fail.
    typealias Opener = (_ path: String, _ databases: [String], _ configuration: EnvironmentConfiguration, _ logger: Logger)
        throws(LMDBError) -> (OpaquePointer, [String: Database])

    /// ``compact()`` with the function that reopens the file. Whatever fails, the environment is left either
    /// open on a whole file or closed and marked so (``LMDBError/Code/closed``), never with a freed handle.
    func compact(reopening reopen: Opener) throws -> (before: Int, after: Int) {
        try resizeLock.withExclusiveLock { () throws -> (Int, Int) in
            let current = try openHandle("mdb_env_close")
            let files = FileManager.default
            let temporary = path + "/compact.tmp"
            try? files.removeItem(atPath: temporary)
            try files.createDirectory(
                atPath: temporary, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
            defer { try? files.removeItem(atPath: temporary) }
            let dataFile = path + "/data.mdb"
            let before = (try? files.attributesOfItem(atPath: dataFile)[.size] as? Int) ?? 0
            try copyLiveEntries(into: temporary)
            mdb_env_close(current)
            handle = nil
            var renameError: LMDBError?
            if rename(temporary + "/data.mdb", dataFile) == 0 {
                let directory = Foundation.open(path, O_RDONLY)
                if directory >= 0 {
                    fsync(directory)
                    close(directory)
                }
            } else {
                renameError = LMDBError(
                    code: .init(rawValue: errno), function: "rename",
                    message: "the compacted file could not replace \(dataFile): \(String(cString: strerror(errno)))")
            }
            // Reopen the file now in place: the compacted one, or the old one whole if the rename failed.
            let reopened: [String: Database]
            do throws(LMDBError) {
                (handle, reopened) = try reopen(path, databaseNames, configuration, logger)
            } catch {
                logger.critical(
                    "The LMDB environment could not be reopened after compaction",
                    metadata: [
                        "path": "\(path)", "error": "\(error)",
                    ])
                throw LMDBError(
                    code: .closed, function: error.function,
                    message: "the ledger at \(path) could not be reopened after compaction (\(error.message)); restart ledgerd")
            }
            precondition(reopened == databasesByName, "The compacted environment numbers its databases differently.")
            if let renameError { throw renameError }
            let after = (try? files.attributesOfItem(atPath: dataFile)[.size] as? Int) ?? 0
            return (before, after)
        }
    }

    /// Copies every entry of every database, in key order, into a fresh environment in `directory`,
    /// and flushes it. The caller holds `resizeLock` exclusively, so nothing writes meanwhile.
    private func copyLiveEntries(into directory: String) throws {
        var freshConfiguration = configuration
        freshConfiguration.initialMapSize = currentMapSize
        freshConfiguration.maximumMapSize = max(configuration.maximumMapSize, currentMapSize)
        freshConfiguration.skipsSync = true  // one forced sync at the end
        let fresh = try Environment(path: directory, databases: databaseNames, configuration: freshConfiguration, logger: logger)
        var txn: OpaquePointer?
        try check(mdb_txn_begin(try openHandle("mdb_txn_begin"), nil, UInt32(MDB_RDONLY), &txn), "mdb_txn_begin")
        defer { mdb_txn_abort(txn) }
        let source = Transaction(handle: txn!)
        for name in databaseNames {
            let from = databasesByName[name]!
            let to = fresh.database(named: name)
            var batch: [([UInt8], [UInt8])] = []
            func flush() throws {
                try fresh.write { txn in
                    for (key, value) in batch { try txn.put(value, for: key, in: to, options: .append) }
                }
                batch.removeAll(keepingCapacity: true)
            }
            try source.forEach(in: from) { key, value in
                batch.append((Array(key), Array(value)))
                if batch.count == 10_000 { try flush() }
                return true
            }
            try flush()
        }
        try fresh.sync()
    }
}
