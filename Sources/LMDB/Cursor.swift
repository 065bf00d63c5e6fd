internal import CLMDB

/// A position in a ``Database``, lent to the body of ``Transaction/withCursor(on:_:)``.
///
/// ``key`` and ``value`` describe the entry the last successful move landed on; they point into the
/// memory map and are valid until the next move, write, or the end of the transaction.
public struct Cursor: ~Copyable {
    /// Where ``move(_:)`` goes.
    public enum Move: Sendable {
        case first, last, next, previous
    }

    let handle: OpaquePointer
    private var current = (key: MDB_val(), value: MDB_val())

    init(handle: OpaquePointer) {
        self.handle = handle
    }

    /// The key of the current entry.
    public var key: UnsafeRawBufferPointer { current.key.buffer }
    /// The value of the current entry.
    public var value: UnsafeRawBufferPointer { current.value.buffer }

    /// Moves the cursor; returns false when there is no such entry.
    public mutating func move(_ move: Move) throws(LMDBError) -> Bool {
        let operation: MDB_cursor_op =
            switch move {
            case .first: MDB_FIRST
            case .last: MDB_LAST
            case .next: MDB_NEXT
            case .previous: MDB_PREV
            }
        return try get(operation)
    }

    /// Moves to the first entry whose key is `>= key` (`MDB_SET_RANGE`); returns false if there is none.
    /// An empty key means the first entry.
    public mutating func move(toFirstAtOrAfter key: some LMDBBytes) throws(LMDBError) -> Bool {
        var found = current
        let result = key.withLMDBBytes { keyBytes in
            guard keyBytes.count > 0 else { return mdb_cursor_get(handle, &found.key, &found.value, MDB_FIRST) }
            found.key = MDB_val(bytes: keyBytes)
            return mdb_cursor_get(handle, &found.key, &found.value, MDB_SET_RANGE)
        }
        if result == MDB_NOTFOUND { return false }
        try check(result, "mdb_cursor_get")
        current = found
        return true
    }

    private mutating func get(_ operation: MDB_cursor_op) throws(LMDBError) -> Bool {
        var found = current
        let result = mdb_cursor_get(handle, &found.key, &found.value, operation)
        if result == MDB_NOTFOUND { return false }
        try check(result, "mdb_cursor_get")
        current = found
        return true
    }
}

@available(*, unavailable, message: "An LMDB cursor belongs to the thread running its transaction.")
extension Cursor: Sendable {}
