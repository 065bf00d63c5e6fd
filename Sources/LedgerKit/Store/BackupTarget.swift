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

    /// Checks `path` and claims it.
    static func claim(_ path: String) throws -> BackupTarget {
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
        guard stat(parent, &parentStatus) == 0, parentStatus.st_mode & S_IFMT == S_IFDIR else {
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

    private static func failure(_ what: String) -> LedgerError {
        LedgerError(
            code: .storageFailure, message: "\(what): \(String(cString: strerror(errno))). Nothing of the backup is left there.")
    }
}
