internal import CLMDB

/// A named database inside an ``Environment``: a sorted map from byte keys to byte values.
///
/// Get one from ``Environment/database(named:)``; it is valid for the environment's lifetime.
public struct Database: Sendable, Hashable {
    let handle: MDB_dbi
    /// The name it was opened with.
    public let name: String
}

/// How ``Transaction/put(_:_:in:options:)`` stores a value.
public struct PutOptions: OptionSet, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Fail with ``LMDBError/Code/keyExists`` if the key is present (`MDB_NOOVERWRITE`).
    public static let noOverwrite = PutOptions(rawValue: UInt32(MDB_NOOVERWRITE))
    /// The key sorts after every key in the database; a fast path for sequences (`MDB_APPEND`).
    public static let append = PutOptions(rawValue: UInt32(MDB_APPEND))
}
