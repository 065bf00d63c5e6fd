#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The directory a backup is written into: checked, claimed by this backup alone, filled under
/// temporary names that are renamed when whole, and left as it was found if anything fails.
///
/// Rules, each refused with a sentence naming it: an absolute path without a NUL byte, whose parent is a
/// directory; the directory itself new, or empty, not a symbolic link, and owned by the daemon's user.
/// Of two backups racing for one directory, one gets ``LedgerError/Code/backupExists``. Files are
/// written with mode 0600, as readable as the ledger itself.
struct BackupTarget: ~Copyable {
    let path: String
    private let createdDirectory: Bool
    private var ownsMarker = false
    private var written: [String] = []
    private var isFinished = false

    /// Marks a directory as being written by one backup; removed when it is whole.
    static let claimMarker = ".ledger-backup-in-progress"

    private init(path: String, createdDirectory: Bool) {
        self.path = path
        self.createdDirectory = createdDirectory
    }

    /// Checks `path` and claims it. A trailing slash names the same directory (`/srv/backup/` is
    /// `/srv/backup`).
    static func claim(_ given: String) throws -> BackupTarget {
        var path = given
        while path.count > 1, path.hasSuffix("/") { path.removeLast() }
        guard path != "/" else {
            throw refusal(.invalidValue, "The backup directory cannot be / itself; name a new directory under it.")
        }
        var target = BackupTarget(path: path, createdDirectory: try checkOrCreate(path))
        // Whoever creates the marker owns the directory; a backup that loses the race removes nothing of it.
        let marker = open(path + "/" + claimMarker, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard marker >= 0 else {
            if errno == EEXIST { throw refusal(.backupExists, "Another backup is writing into \(path); name a new directory.") }
            throw failure("Cannot claim the backup directory \(path)")
        }
        close(marker)
        target.ownsMarker = true
        return target
    }

    /// Checks the rules; creates the directory when it does not exist, and says whether it did.
    private static func checkOrCreate(_ path: String) throws -> Bool {
        guard path.hasPrefix("/") else {
            throw refusal(.invalidValue, "The backup directory must be an absolute path, not \(path).")
        }
        guard !path.utf8.contains(0) else {
            throw refusal(.invalidValue, "The backup directory's path contains a NUL byte; name a real directory.")
        }
        let cut = path.utf8.lastIndex(of: UInt8(ascii: "/")).map { String(path[..<$0]) } ?? ""
        let parent = cut.isEmpty ? "/" : cut
        var parentStatus = stat()
        guard stat(parent, &parentStatus) == 0 else { throw failure("Cannot look at the backup directory's parent \(parent)") }
        guard parentStatus.st_mode & S_IFMT == S_IFDIR else {
            throw refusal(.invalidValue, "The backup directory's parent \(parent) is not a directory; create it first.")
        }
        var status = stat()
        guard lstat(path, &status) == 0 else {
            guard errno == ENOENT else { throw failure("Cannot look at the backup directory \(path)") }
            guard mkdir(path, 0o700) == 0 else {
                if errno == EEXIST {
                    throw refusal(
                        .backupExists,
                        "The backup directory \(path) appeared while this backup began; another "
                            + "backup is writing into it. Name a new directory.")
                }
                throw failure("Cannot create the backup directory \(path)")
            }
            return true
        }
        guard status.st_mode & S_IFMT != S_IFLNK else {
            throw refusal(.invalidValue, "The backup directory \(path) is a symbolic link; name the directory itself.")
        }
        guard status.st_mode & S_IFMT == S_IFDIR else {
            throw refusal(.backupExists, "\(path) exists and is not a directory; name a new directory.")
        }
        guard status.st_uid == geteuid() else {
            throw refusal(
                .invalidValue,
                "The backup directory \(path) belongs to uid \(status.st_uid), not to the user "
                    + "ledgerd runs as (uid \(geteuid())); name a new directory, which ledgerd creates with mode 0700.")
        }
        guard isEmpty(path) else {
            throw refusal(
                .backupExists,
                "The backup directory \(path) is not empty (another backup may be writing into it); "
                    + "name a new or empty directory.")
        }
        return false
    }

    /// Writes the file `name` under a temporary name with mode 0600, lets `body` fill the open descriptor,
    /// flushes it and renames it into place.
    mutating func write(_ name: String, _ body: (Int32) throws -> Void) throws {
        let temporary = path + "/." + name + ".partial"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw Self.failure("Cannot create \(temporary)") }
        written.append(temporary)
        do {
            defer { close(descriptor) }
            guard fchmod(descriptor, 0o600) == 0 else { throw Self.failure("Cannot set the mode of \(temporary)") }
            try body(descriptor)
            guard fsync(descriptor) == 0 else { throw Self.failure("Cannot flush \(temporary) to disk") }
        }
        guard rename(temporary, path + "/" + name) == 0 else { throw Self.failure("Cannot rename \(temporary)") }
        written.removeLast()
        written.append(path + "/" + name)
    }

    /// Copies the file at `source` in as `name`.
    mutating func copy(_ source: String, as name: String) throws {
        let input = open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw Self.failure("Cannot read \(source)") }
        defer { close(input) }
        try write(name) { output in
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
                guard count >= 0 else { throw Self.failure("Cannot read \(source)") }
                if count == 0 { return }
                let sent = buffer.withUnsafeBytes { Glibc.write(output, $0.baseAddress, count) }
                guard sent == count else { throw Self.failure("Cannot write the copy of \(source)") }
            }
        }
    }

    /// The backup is whole: the claim marker goes, and the directory is flushed.
    consuming func finish() throws {
        unlink(path + "/" + Self.claimMarker)
        let directory = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directory >= 0 {
            fsync(directory)
            close(directory)
        }
        isFinished = true
    }

    deinit {
        guard !isFinished else { return }
        // Refused or failed: leave nothing behind.
        for file in written { unlink(file) }
        if ownsMarker { unlink(path + "/" + Self.claimMarker) }
        if createdDirectory { rmdir(path) }
    }

    private static func isEmpty(_ path: String) -> Bool {
        guard let directory = opendir(path) else { return false }
        defer { closedir(directory) }
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { return false }
        }
        return true
    }

    private static func refusal(_ code: LedgerError.Code, _ message: String) -> LedgerError {
        LedgerError(code: code, message: message)
    }

    /// The error for a system call that failed with `errno`: the client's mistake (400) when the path it
    /// named is why (it does not exist, may not be written, is too long, is on a read-only file system),
    /// storage full (507) when the disk is, and the daemon's failure (500) otherwise.
    private static func failure(_ what: String) -> LedgerError {
        let number = errno
        let reason = String(cString: strerror(number))
        let rule: String? =
            switch number {
            case ENOENT: "a directory on the way does not exist; create the parent first"
            case EACCES, EPERM: "ledgerd's user (uid \(geteuid())) may not write there; name a directory it may write"
            case ENAMETOOLONG: "the path is too long (a name may have at most 255 bytes, a path 4095); name a shorter one"
            case ENOTDIR: "a part of the path is not a directory; name a directory"
            case EROFS: "that file system is read-only; name a directory on a writable one"
            case ELOOP: "the path has too many symbolic links; name the directory itself"
            case EINVAL, EEXIST, EISDIR, EXDEV: "that is not a place a backup can be written; name a new directory"
            default: nil
            }
        if let rule { return LedgerError(code: .invalidValue, message: "\(what): \(reason): \(rule).") }
        if number == ENOSPC || number == EDQUOT {
            return LedgerError(
                code: .storageFull,
                message: "\(what): \(reason). The disk holding the backup is full; nothing of the backup is left there. Free "
                    + "space there, or name a directory on another disk.")
        }
        return LedgerError(code: .storageFailure, message: "\(what): \(reason). Nothing of the backup is left there.")
    }
}
