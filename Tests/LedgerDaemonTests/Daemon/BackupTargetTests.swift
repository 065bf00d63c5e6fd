import Foundation
import Synchronization
import Testing

/// Where a backup may go: every rule refused with its own sentence, one of two racing backups refused,
/// files as private as the ledger, and nothing left behind by a refusal.
@Suite("Backup targets", .serialized)
struct BackupTargetTests {
    static func backup(_ daemon: TestDaemon, _ directoryJSON: String) throws -> UnixHTTP.Response {
        try backup(socket: daemon.socket, directoryJSON)
    }

    static func backup(socket: String, _ directoryJSON: String) throws -> UnixHTTP.Response {
        try UnixHTTP.request(
            socket: socket, "POST /v1/admin/backup", body: Array(#"{"directory":\#(directoryJSON)}"#.utf8),
            headers: ["Content-Type": "application/json"])
    }

    @Test func eachRuleIsRefusedByNameAndLeavesNothing() throws {
        let daemon = try TestDaemon()
        _ = try daemon.ctl("append", "--file", Seed.path)
        let base = daemon.directory
        try FileManager.default.createDirectory(atPath: base + "/full", withIntermediateDirectories: false)
        try Data("x".utf8).write(to: URL(fileURLWithPath: base + "/full/keep"))
        try FileManager.default.createSymbolicLink(atPath: base + "/link", withDestinationPath: base + "/full")
        try Data("x".utf8).write(to: URL(fileURLWithPath: base + "/file"))
        let cases: [(json: String, status: Int, code: String, says: String)] = [
            (#""relative/dir""#, 400, "invalid_value", "absolute"),
            (#""\#(base)/nul\u0000tail""#, 400, "invalid_value", "NUL"),
            (#""\#(base)/missing/child""#, 400, "invalid_value", "parent"),
            (#""\#(base)/link""#, 400, "invalid_value", "symbolic link"),
            (#""\#(base)/full""#, 409, "backup_exists", "not empty"),
            (#""\#(base)/file""#, 409, "backup_exists", "not a directory"),
            // What the kernel refuses because of the path named is the client's mistake, with its rule.
            (#""/proc/x""#, 400, "invalid_value", "backup directory /proc/x"),
            (#""/sys/x""#, 400, "invalid_value", "backup directory /sys/x"),
            (#""\#(base)/\#(String(repeating: "n", count: 300))""#, 400, "invalid_value", "too long"),
            (#""\#(base)/file/child""#, 400, "invalid_value", "not a directory"),
            (#""/""#, 400, "invalid_value", "cannot be / itself"),
        ]
        let before = try FileManager.default.contentsOfDirectory(atPath: base).sorted()
        for item in cases {
            let response = try Self.backup(daemon, item.json)
            #expect(response.status == item.status, "\(item.json): \(response.text)")
            #expect(response.errorCode == item.code, "\(item.json): \(response.text)")
            #expect(response.text.contains(item.says), "\(item.json): \(response.text)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: base).sorted() == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: base + "/full") == ["keep"])
        #expect(!FileManager.default.fileExists(atPath: base + "/nul"))
    }

    @Test func aNewDirectoryNamedWithATrailingSlashIsThatDirectory() throws {
        let daemon = try TestDaemon()
        _ = try daemon.ctl("append", "--file", Seed.path)
        let response = try Self.backup(daemon, #""\#(daemon.directory)/copy/""#)
        #expect(response.status == 200, "\(response.text)")
        #expect(FileManager.default.fileExists(atPath: daemon.directory + "/copy/data.mdb"))
    }

    @Test(.enabled(if: getuid() == 0, "only root can give a directory to another user"))
    func aDirectoryOfAnotherUserIsRefused() throws {
        let daemon = try TestDaemon()
        let directory = daemon.directory + "/theirs"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
        #expect(chown(directory, 65534, 65534) == 0)
        let response = try Self.backup(daemon, #""\#(directory)""#)
        #expect(response.status == 400 && response.text.contains("belongs to uid 65534"), "\(response.text)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
    }

    @Test func filesArePrivateEvenInAnOpenDirectory() throws {
        let daemon = try TestDaemon()
        _ = try daemon.ctl("append", "--file", Seed.path)
        let directory = daemon.directory + "/open"
        try FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o755])
        let response = try Self.backup(daemon, #""\#(directory)""#)
        #expect(response.status == 200, "\(response.text)")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        #expect(files == ["checkpoint.key", "data.mdb"])
        for file in files {
            let mode = try FileManager.default.attributesOfItem(atPath: directory + "/" + file)[.posixPermissions] as? Int
            #expect(mode == 0o600, "\(file) has mode \(String(mode ?? 0, radix: 8))")
        }
        let created = daemon.directory + "/new"
        #expect(try Self.backup(daemon, #""\#(created)""#).status == 200)
        let mode = try FileManager.default.attributesOfItem(atPath: created)[.posixPermissions] as? Int
        #expect(mode == 0o700)
    }

    @Test func ofTwoBackupsRacingForOneDirectoryOneWins() throws {
        let daemon = try TestDaemon()
        _ = try daemon.ctl("append", "--file", Seed.path)
        for round in 0..<5 {
            let directory = daemon.directory + "/race-\(round)"
            let statuses = Mutex<[Int]>([])
            let socket = daemon.socket
            let threads = (0..<2).map { _ in
                Thread {
                    let status = (try? Self.backup(socket: socket, #""\#(directory)""#))?.status ?? -1
                    statuses.withLock { $0.append(status) }
                }
            }
            for thread in threads { thread.start() }
            while statuses.withLock({ $0.count }) < 2 { Thread.sleep(forTimeInterval: 0.01) }
            #expect(statuses.withLock { $0.sorted() } == [200, 409], "round \(round)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory).sorted() == ["checkpoint.key", "data.mdb"])
        }
        #expect(!daemon.stop().contains("storage_failure"))
    }
}
