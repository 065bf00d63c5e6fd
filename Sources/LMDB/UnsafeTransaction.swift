/// A copyable reference to a ``Transaction``, for a value that must hold one while the transaction's
/// body runs (a backend's side of a commit, lent to code that reads and writes through it). It is valid
/// only until the body of ``Transaction/withUnsafeReference(_:)`` returns; nothing checks that for you.
public struct UnsafeTransaction {
    let handle: OpaquePointer

    /// ``Transaction/value(for:in:)``.
    public func value(for key: some LMDBBytes, in database: Database) throws(LMDBError) -> [UInt8]? {
        try Transaction(handle: handle).value(for: key, in: database)
    }

    /// ``Transaction/put(_:for:in:options:)``.
    public func put(
        _ value: some LMDBBytes, for key: some LMDBBytes, in database: Database, options: PutOptions = []
    ) throws(LMDBError) {
        try Transaction(handle: handle).put(value, for: key, in: database, options: options)
    }

    /// ``Transaction/forEach(in:from:_:)``.
    public func forEach(
        in database: Database, from start: some LMDBBytes,
        _ body: (_ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) throws -> Bool
    ) throws {
        try Transaction(handle: handle).forEach(in: database, from: start, body)
    }
}

extension Transaction {
    /// Calls `body` with a copyable reference to this transaction, valid while `body` runs.
    public func withUnsafeReference<R>(_ body: (UnsafeTransaction) throws -> R) rethrows -> R {
        try body(UnsafeTransaction(handle: handle))
    }
}

@available(*, unavailable, message: "An LMDB transaction belongs to the thread running its body.")
extension UnsafeTransaction: Sendable {}
