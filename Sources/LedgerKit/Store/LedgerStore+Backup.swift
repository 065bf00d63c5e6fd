import Foundation

extension LedgerStore {
    /// Writes a consistent, compacted copy of the ledger into `directory` (created, mode 0700; it must
    /// not exist or be empty) while appends go on, and returns the tree head the copy holds.
    public func backup(to directory: String) throws -> TreeHead {
        let files = FileManager.default
        if files.fileExists(atPath: directory) {
            guard (try? files.contentsOfDirectory(atPath: directory))?.isEmpty == true else {
                throw LedgerError(code: .invalidValue, message: "The backup directory \(directory) is not empty; name a new one.")
            }
        } else {
            do {
                try files.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw LedgerError(code: .invalidValue, message: "Cannot create the backup directory \(directory): \(error.localizedDescription)")
            }
        }
        do {
            try environment.copy(to: directory)
        } catch {
            throw storageError(error)
        }
        // The head the copy holds: read from the copy itself, opened and closed again.
        return try LedgerStore(directory: directory, configuration: configuration).treeHead()
    }
}

extension LedgerStore {
    /// Rewrites the data file with only live entries, so that erased evidence is nowhere in it (see
    /// ``Environment/compact()``). Every read and append waits while it runs.
    ///
    /// - Returns: The data file's size in bytes before and after.
    public func compact() throws -> (before: Int, after: Int) {
        do {
            return try environment.compact()
        } catch let error as LMDBError {
            throw storageError(error)
        } catch {
            throw LedgerError(code: .storageFailure, message: "The ledger could not be compacted: \(error.localizedDescription)")
        }
    }
}
