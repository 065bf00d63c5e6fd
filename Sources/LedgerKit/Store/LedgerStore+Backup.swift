import Foundation
import LMDB

extension LedgerStore {
    /// Writes a consistent, compacted copy of the ledger into `directory` while appends go on, with the
    /// files named in `files` (in the data directory, e.g. the checkpoint key) beside it, and returns the
    /// tree head the copy holds.
    ///
    /// `directory` must be an absolute path that does not exist (it is created, mode 0700) or is an empty
    /// directory of the daemon's user; every file is written under a temporary name with mode 0600 and
    /// renamed when whole. On any refusal or failure nothing is left behind.
    ///
    /// - Throws: ``LedgerError``: ``LedgerError/Code/invalidValue`` naming the rule the path breaks,
    ///   ``LedgerError/Code/backupExists`` when the directory is taken (by another backup, say).
    public func backup(to directory: String, alongWith files: [String] = []) throws -> TreeHead {
        guard let log = embeddedLog else { throw Self.notEmbedded("backed up", how: "pg_dump or pg_basebackup") }
        var target = try BackupTarget.claim(directory)
        try target.write("data.mdb") { descriptor in
            do throws(LMDBError) {
                try log.environment.copy(toFileDescriptor: descriptor)
            } catch {
                throw LedgerError.storage(error, at: directory)
            }
        }
        for file in files where FileManager.default.fileExists(atPath: self.directory + "/" + file) {
            try target.copy(self.directory + "/" + file, as: file)
        }
        // The head the copy holds, read from the copy itself without creating anything in it: its events'
        // committed leaves give the root.
        var readOnly = configuration
        readOnly.isReadOnly = true
        let copy = try LMDBEventLog(directory: directory, configuration: readOnly, logger: logger)
        let size = try copy.head().seq
        var edge = MerkleRightEdge()
        var next: UInt64 = 1
        while next <= size {
            let page = try copy.leafHashes(from: next, limit: 100_000)
            guard !page.isEmpty else { break }
            for leaf in page { edge.append(leafHash: leaf) }
            next += UInt64(page.count)
        }
        let head = TreeHead(treeSize: edge.size, rootHash: Hex.encode(edge.root))
        try target.finish()
        return head
    }
}

extension LedgerStore {
    /// Rewrites the log's storage with only live data, so that erased evidence is nowhere in it: the
    /// LMDB file (see ``Environment/compact()``), or a shared log's table (`VACUUM FULL`).
    ///
    /// - Returns: The log's size in bytes before and after.
    public func compact() throws -> (before: Int, after: Int) {
        try log.compact()
    }
}

extension LedgerStore {
    /// The refusal of an operation on the embedded log's file when the log is a shared database.
    static func notEmbedded(_ done: String, how: String) -> LedgerError {
        LedgerError(
            code: .invalidValue,
            message: "This ledger's event log is a shared database, not a file of ledgerd's: it is \(done) with the "
                + "database's own tools (\(how)).")
    }
}
