import LMDB

/// An LMDB environment as the ledger uses one (the embedded log's, the views'): transactions whose
/// failures become ``LedgerError``s naming the directory, and what it holds, for status and metrics.
struct LMDBStorage: Sendable {
    let environment: Environment

    /// The directory holding `data.mdb`.
    var directory: String { environment.path }

    func read<R>(_ body: (borrowing Transaction) throws -> R) throws -> R {
        try converting { try environment.read(body) }
    }

    func write<R>(_ body: (borrowing Transaction) throws -> R) throws -> R {
        try converting { try environment.write(body) }
    }

    /// Runs `body`, turning an ``LMDBError`` into the ``LedgerError`` a person reads.
    func converting<R>(_ body: () throws -> R) throws -> R {
        do {
            return try body()
        } catch let error as LMDBError {
            throw LedgerError.storage(error, at: directory)
        }
    }

    func sync() throws {
        try converting { try environment.sync() }
    }

    /// Rewrites the file with only live pages; its size before and after.
    func compact() throws -> (before: Int, after: Int) {
        do {
            return try environment.compact()
        } catch let error as LMDBError {
            throw LedgerError.storage(error, at: directory)
        } catch {
            throw LedgerError(code: .storageFailure, message: "The ledger at \(directory) could not be compacted: \(error)")
        }
    }

    var statistics: StorageStatistics {
        let readers = environment.readers
        return StorageStatistics(
            usedBytes: environment.usedSize, allocatedBytes: environment.mapSize,
            maximumBytes: environment.configuration.maximumMapSize, readersUsed: readers.used,
            readersMaximum: readers.maximum)
    }
}
