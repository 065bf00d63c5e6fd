internal import CLMDB

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An error reported by the LMDB C library, with the C function that reported it.
///
/// Equality looks only at ``code``, so tests can assert the kind of failure, not its wording.
public struct LMDBError: Error, Sendable, Equatable, CustomStringConvertible {
    /// An LMDB (`MDB_*`) or system (`errno`) result code.
    public struct Code: RawRepresentable, Hashable, Sendable {
        public let rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }

        /// `MDB_KEYEXIST`: the key/data pair already exists.
        public static let keyExists = Code(rawValue: MDB_KEYEXIST)
        /// `MDB_NOTFOUND`: no matching key/data pair.
        public static let notFound = Code(rawValue: MDB_NOTFOUND)
        /// `MDB_PAGE_NOTFOUND`: a requested page was not found; usually a damaged file.
        public static let pageNotFound = Code(rawValue: MDB_PAGE_NOTFOUND)
        /// `MDB_CORRUPTED`: a located page was of the wrong type.
        public static let corrupted = Code(rawValue: MDB_CORRUPTED)
        /// `MDB_PANIC`: an earlier fatal error left the environment unusable.
        public static let panic = Code(rawValue: MDB_PANIC)
        /// `MDB_VERSION_MISMATCH`: the file was written by an incompatible LMDB version.
        public static let versionMismatch = Code(rawValue: MDB_VERSION_MISMATCH)
        /// `MDB_INVALID`: the file is not an LMDB file.
        public static let invalid = Code(rawValue: MDB_INVALID)
        /// `MDB_MAP_FULL`: the environment's map size was reached.
        public static let mapFull = Code(rawValue: MDB_MAP_FULL)
        /// `MDB_DBS_FULL`: the maximum number of named databases was reached.
        public static let databasesFull = Code(rawValue: MDB_DBS_FULL)
        /// `MDB_READERS_FULL`: every reader slot is taken.
        public static let readersFull = Code(rawValue: MDB_READERS_FULL)
        /// `MDB_TXN_FULL`: the transaction has too many dirty pages.
        public static let transactionFull = Code(rawValue: MDB_TXN_FULL)
        /// `MDB_CURSOR_FULL`: the cursor stack is too deep (internal error).
        public static let cursorFull = Code(rawValue: MDB_CURSOR_FULL)
        /// `MDB_PAGE_FULL`: a page has no more space (internal error).
        public static let pageFull = Code(rawValue: MDB_PAGE_FULL)
        /// `MDB_MAP_RESIZED`: another process grew the map beyond this one's mapping.
        public static let mapResized = Code(rawValue: MDB_MAP_RESIZED)
        /// `MDB_INCOMPATIBLE`: the operation does not fit the database's flags.
        public static let incompatible = Code(rawValue: MDB_INCOMPATIBLE)
        /// `MDB_BAD_RSLOT`: a reader slot was used wrongly.
        public static let badReaderSlot = Code(rawValue: MDB_BAD_RSLOT)
        /// `MDB_BAD_TXN`: the transaction must abort, has a child, or is invalid.
        public static let badTransaction = Code(rawValue: MDB_BAD_TXN)
        /// `MDB_BAD_VALSIZE`: a key or value has an unsupported size.
        public static let badValueSize = Code(rawValue: MDB_BAD_VALSIZE)
        /// `MDB_BAD_DBI`: the database handle was changed unexpectedly.
        public static let badDatabase = Code(rawValue: MDB_BAD_DBI)
        /// `EIO`: an I/O error; LMDB also reports a short write to a full disk this way.
        public static let ioError = Code(rawValue: EIO)
        /// `ENOSPC`: the disk is full.
        public static let noSpace = Code(rawValue: ENOSPC)
        /// `EACCES`: permission denied, or a write in a read-only transaction.
        public static let accessDenied = Code(rawValue: EACCES)
        /// `EAGAIN`: the environment is locked by another process.
        public static let wouldBlock = Code(rawValue: EAGAIN)
        /// `EBADF`: the environment is closed, after a compaction could not reopen it.
        public static let closed = Code(rawValue: EBADF)
    }

    /// What went wrong.
    public let code: Code
    /// The C function that reported it, such as `mdb_put`.
    public let function: String
    /// The C library's text for ``code`` (`mdb_strerror`), or a sentence of ours.
    public let message: String

    /// An error with `message`, or the C library's text for `code` when `message` is `nil`.
    public init(code: Code, function: String, message: String? = nil) {
        self.code = code
        self.function = function
        self.message = message ?? String(cString: mdb_strerror(code.rawValue))
    }

    public var description: String {
        "LMDB error \(code.rawValue) from \(function): \(message)"
    }

    public static func == (lhs: LMDBError, rhs: LMDBError) -> Bool { lhs.code == rhs.code }
}

/// The one place where a C result code becomes a Swift error.
@inline(__always)
func check(_ result: Int32, _ function: StaticString) throws(LMDBError) {
    if result != MDB_SUCCESS {
        throw LMDBError(code: LMDBError.Code(rawValue: result), function: "\(function)")
    }
}
