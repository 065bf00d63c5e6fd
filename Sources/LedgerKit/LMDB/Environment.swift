internal import CLMDB
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
    // transactions are not tied to threads); the only state we mutate, the map size, is changed under
    // `resizeLock` held exclusively, while every transaction holds it shared.
    private let handle: OpaquePointer
    private let resizeLock = ReadWriteLock()
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
        var env: OpaquePointer?
        try check(mdb_env_create(&env), "mdb_env_create")
        guard let env else { throw LMDBError(code: .invalid, function: "mdb_env_create") }
        do {
            try check(mdb_env_set_maxdbs(env, MDB_dbi(configuration.maximumDatabases)), "mdb_env_set_maxdbs")
            try check(mdb_env_set_maxreaders(env, configuration.maximumReaders), "mdb_env_set_maxreaders")
            try check(mdb_env_set_mapsize(env, configuration.initialMapSize), "mdb_env_set_mapsize")
            var flags = UInt32(MDB_NOTLS)
            if configuration.skipsSync { flags |= UInt32(MDB_NOSYNC) }
            try check(mdb_env_open(env, path, flags, mdb_mode_t(configuration.fileMode)), "mdb_env_open")
            var deadReaders: Int32 = 0
            try check(mdb_reader_check(env, &deadReaders), "mdb_reader_check")
            if deadReaders > 0 {
                logger.info("Cleared stale reader slots", metadata: ["count": "\(deadReaders)", "path": "\(path)"])
            }
            databasesByName = try Self.openDatabases(names, in: env)
        } catch {
            // "If this function fails, mdb_env_close() must be called to discard the MDB_env handle."
            // (lmdb.h, mdb_env_open)
            mdb_env_close(env)
            throw error
        }
        self.handle = env
        self.path = path
        self.configuration = configuration
        self.logger = logger
    }

    deinit {
        mdb_env_close(handle)
    }

    private static func openDatabases(_ names: [String], in env: OpaquePointer) throws(LMDBError) -> [String: Database] {
        var txn: OpaquePointer?
        try check(mdb_txn_begin(env, nil, 0, &txn), "mdb_txn_begin")
        var result: [String: Database] = [:]
        do {
            for name in names {
                var dbi: MDB_dbi = 0
                try check(mdb_dbi_open(txn, name, UInt32(MDB_CREATE), &dbi), "mdb_dbi_open")
                result[name] = Database(handle: dbi, name: name)
            }
        } catch {
            mdb_txn_abort(txn)
            throw error
        }
        try check(mdb_txn_commit(txn), "mdb_txn_commit")
        return result
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
                    try check(mdb_txn_begin(handle, nil, UInt32(MDB_RDONLY), &txn), "mdb_txn_begin")
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
            try check(mdb_env_set_mapsize(handle, 0), "mdb_env_set_mapsize")
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
        try check(mdb_txn_begin(handle, nil, 0, &txn), "mdb_txn_begin")
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
            let current = mapSize
            guard current < configuration.maximumMapSize else {
                throw LMDBError(
                    code: .mapFull, function: "mdb_env_set_mapsize",
                    message: "the map reached its configured maximum of \(configuration.maximumMapSize) bytes")
            }
            let next = min(current * 2, configuration.maximumMapSize)
            try check(mdb_env_set_mapsize(handle, next), "mdb_env_set_mapsize")
            logger.info("Grew the LMDB map", metadata: ["from": "\(current)", "to": "\(next)", "path": "\(path)"])
        }
    }

    /// The current map size in bytes.
    public var mapSize: Int {
        var info = MDB_envinfo()
        mdb_env_info(handle, &info)
        return info.me_mapsize
    }

    /// Bytes of the map in use: (last used page + 1) × page size.
    public var usedSize: Int {
        var info = MDB_envinfo()
        mdb_env_info(handle, &info)
        var stat = MDB_stat()
        mdb_env_stat(handle, &stat)
        return (info.me_last_pgno + 1) * Int(stat.ms_psize)
    }

    /// Writes a compacted copy of the environment into the empty directory `path` (`mdb_env_copy2` with
    /// `MDB_CP_COMPACT`): a consistent snapshot taken in one read transaction, so writers go on meanwhile.
    public func copy(to path: String) throws(LMDBError) {
        try check(mdb_env_copy2(handle, path, UInt32(MDB_CP_COMPACT)), "mdb_env_copy2")
    }

    /// Reader slots in use (by live or stale read transactions of any process) and the most there may be.
    public var readers: (used: Int, maximum: Int) {
        var info = MDB_envinfo()
        mdb_env_info(handle, &info)
        return (Int(info.me_numreaders), Int(info.me_maxreaders))
    }

    /// Flushes the data file to disk (`mdb_env_sync` with force), for use with ``EnvironmentConfiguration/skipsSync``.
    public func sync() throws(LMDBError) {
        try check(mdb_env_sync(handle, 1), "mdb_env_sync")
    }
}
