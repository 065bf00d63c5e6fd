internal import CLMDB

/// A transaction lent to the body of ``Environment/read(_:)`` or ``Environment/write(_:)``.
///
/// It cannot be copied or kept: it ends when the body returns. Buffers it lends live until the next
/// write in the transaction or its end, whichever comes first; copy what you keep.
public struct Transaction: ~Copyable {
    let handle: OpaquePointer

    /// A copy of the value stored under `key`, or `nil` if there is none.
    public func value(for key: some LMDBBytes, in database: Database) throws(LMDBError) -> [UInt8]? {
        try withValue(for: key, in: database) { buffer in buffer.map { Array($0) } }
    }

    /// Calls `body` with the bytes stored under `key` (or `nil`) without copying them.
    ///
    /// - Warning: The buffer points into the memory map; it must not escape `body`.
    public func withValue<R>(
        for key: some LMDBBytes, in database: Database, _ body: (UnsafeRawBufferPointer?) throws(LMDBError) -> R
    ) throws(LMDBError) -> R {
        var value = MDB_val()
        let result = key.withLMDBBytes { keyBytes in
            var keyValue = MDB_val(bytes: keyBytes)
            return mdb_get(handle, database.handle, &keyValue, &value)
        }
        if result == MDB_NOTFOUND { return try body(nil) }
        try check(result, "mdb_get")
        return try body(value.buffer)
    }

    /// Whether `key` is present.
    public func contains(_ key: some LMDBBytes, in database: Database) throws(LMDBError) -> Bool {
        try withValue(for: key, in: database) { $0 != nil }
    }

    /// Stores `value` under `key`.
    public func put(
        _ value: some LMDBBytes, for key: some LMDBBytes, in database: Database, options: PutOptions = []
    ) throws(LMDBError) {
        let result = key.withLMDBBytes { keyBytes in
            value.withLMDBBytes { valueBytes in
                var keyValue = MDB_val(bytes: keyBytes)
                var dataValue = MDB_val(bytes: valueBytes)
                return mdb_put(handle, database.handle, &keyValue, &dataValue, options.rawValue)
            }
        }
        try check(result, "mdb_put")
    }

    /// Removes `key`; returns whether it was present.
    @discardableResult
    public func delete(_ key: some LMDBBytes, in database: Database) throws(LMDBError) -> Bool {
        let result = key.withLMDBBytes { keyBytes in
            var keyValue = MDB_val(bytes: keyBytes)
            return mdb_del(handle, database.handle, &keyValue, nil)
        }
        if result == MDB_NOTFOUND { return false }
        try check(result, "mdb_del")
        return true
    }

    /// Runs `body` in a child transaction (`mdb_txn_begin` with this one as parent): its writes join
    /// this transaction when `body` returns and are discarded when it throws, leaving this one usable.
    ///
    /// - Warning: Do not use this transaction while the child is open.
    public func withNestedTransaction<R>(_ body: (borrowing Transaction) throws -> R) throws -> R {
        var child: OpaquePointer?
        try check(mdb_txn_begin(mdb_txn_env(handle), handle, 0, &child), "mdb_txn_begin")
        let result: R
        do {
            result = try body(Transaction(handle: child!))
        } catch {
            mdb_txn_abort(child)
            throw error
        }
        try check(mdb_txn_commit(child), "mdb_txn_commit")
        return result
    }

    /// Number of entries in `database`.
    public func count(in database: Database) throws(LMDBError) -> Int {
        var stat = MDB_stat()
        try check(mdb_stat(handle, database.handle, &stat), "mdb_stat")
        return stat.ms_entries
    }

    /// Removes every entry of `database`, keeping the database itself.
    public func removeAll(in database: Database) throws(LMDBError) {
        try check(mdb_drop(handle, database.handle, 0), "mdb_drop")
    }

    /// Opens a cursor on `database` for the duration of `body`.
    public func withCursor<R>(
        on database: Database, _ body: (inout Cursor) throws -> R
    ) throws -> R {
        var cursorHandle: OpaquePointer?
        try check(mdb_cursor_open(handle, database.handle, &cursorHandle), "mdb_cursor_open")
        defer { mdb_cursor_close(cursorHandle) }
        var cursor = Cursor(handle: cursorHandle!)
        return try body(&cursor)
    }

    /// Visits entries in key order starting at the first key `>= start` (or the first key), until
    /// `body` returns false.
    ///
    /// - Warning: The buffers point into the memory map; they must not escape `body`.
    public func forEach(
        in database: Database, from start: (some LMDBBytes)? = UInt64?.none,
        _ body: (_ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) throws -> Bool
    ) throws {
        try withCursor(on: database) { cursor in
            var found = if let start { try cursor.move(toFirstAtOrAfter: start) } else { try cursor.move(.first) }
            while found {
                guard try body(cursor.key, cursor.value) else { return }
                found = try cursor.move(.next)
            }
        }
    }
}

@available(*, unavailable, message: "An LMDB transaction belongs to the thread running its body.")
extension Transaction: Sendable {}

extension MDB_val {
    init(bytes: UnsafeRawBufferPointer) {
        self.init(mv_size: bytes.count, mv_data: UnsafeMutableRawPointer(mutating: bytes.baseAddress))
    }

    var buffer: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: mv_data, count: mv_size)
    }
}
