import Foundation
import LMDB

extension LMDBEventLog: EventLogBackup {
    /// Writes a consistent, compacted copy of the log into `directory` while appends go on, with the
    /// files named in `files` (in the log's directory, e.g. the checkpoint key) beside it, and returns
    /// the tree head the copy holds.
    ///
    /// `directory` must be an absolute path that does not exist (it is created, mode 0700) or is an empty
    /// directory of the daemon's user; every file is written under a temporary name with mode 0600 and
    /// renamed when whole. On any refusal or failure nothing is left behind (``BackupTarget``).
    public func backup(to directory: String, alongWith files: [String]) throws -> TreeHeadRecord {
        var target = try BackupTarget.claim(directory)
        try target.write("data.mdb") { descriptor in
            do throws(LMDBError) {
                try storage.environment.copy(toFileDescriptor: descriptor)
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
        let copy = try LMDBEventLog(directory: target.path, configuration: readOnly, logger: logger)
        let edge = try copy.storage.read { txn in
            var edge = MerkleRightEdge()
            try txn.forEach(in: copy.leaves, from: UInt64(1)) { _, value in
                edge.append(leafHash: Array(value))
                return true
            }
            return edge
        }
        try target.finish()
        return TreeHeadRecord(size: edge.size, root: edge.root)
    }
}
