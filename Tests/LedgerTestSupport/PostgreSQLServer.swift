import Foundation
import Synchronization

/// A private PostgreSQL server for the tests: Debian's `initdb` in a temporary directory, listening on a
/// Unix socket only, run as the `postgres` user when the tests run as root (initdb refuses root), with
/// fsync off (the tests that need durability kill ledgerd, not the machine; ``start(durable:)`` for
/// measurements). The tests' server is started once per test
/// process, on first use, and stopped when the process exits.
public final class PostgreSQLServer: Sendable {
    /// The directory holding the server's socket (`.s.PGSQL.5432`).
    public let socketDirectory: String
    public let dataDirectory: String
    let binaries: String
    let user: [String]
    private let databases = Atomic<Int>(0)

    /// The server of this test process.
    ///
    /// - Throws: when PostgreSQL is not installed (`scripts/install-dependencies` installs it) or does not start.
    public static func shared() throws -> PostgreSQLServer {
        try started.withLock { server in
            if let server { return server }
            let new = try PostgreSQLServer()
            server = new
            try new.stopWhenThisProcessEnds()
            return new
        }
    }

    private static let started = Mutex<PostgreSQLServer?>(nil)

    /// A second server of this test process, for the tests that compact a shared log: a compaction waits
    /// for every transaction begun before it anywhere on its server, so the other suites' traffic must
    /// not be on it.
    public static func forCompaction() throws -> PostgreSQLServer {
        try compacting.withLock { server in
            if let server { return server }
            let new = try PostgreSQLServer()
            server = new
            try new.stopWhenThisProcessEnds()
            return new
        }
    }

    private static let compacting = Mutex<PostgreSQLServer?>(nil)

    /// A server of its own, with fsync on (`durable`) for measurements, stopped when this process ends.
    public static func start(durable: Bool) throws -> PostgreSQLServer {
        let server = try PostgreSQLServer(fsync: durable)
        try server.stopWhenThisProcessEnds()
        return server
    }

    private let settings: String

    private init(fsync: Bool = false) throws {
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        guard let version = versions.compactMap(Int.init).max() else {
            throw ServerError("PostgreSQL is not installed (/usr/lib/postgresql/*/bin/initdb); run scripts/install-dependencies")
        }
        binaries = "/usr/lib/postgresql/\(version)/bin"
        // Short: a Unix socket's path has at most 107 bytes.
        let root = "/tmp/lpg-" + String(UInt32.random(in: 0...UInt32.max), radix: 36)
        socketDirectory = root
        dataDirectory = root + "/data"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: false)
        if geteuid() == 0 {
            user = ["/usr/sbin/runuser", "-u", "postgres", "--"]
            try Self.run(["/bin/chown", "postgres:", root])
        } else {
            user = []
        }
        try Self.run(
            user + ["\(binaries)/initdb", "-D", dataDirectory, "-U", "ledger", "-A", "trust", "-E", "UTF8", "--no-sync"])
        settings =
            "-c listen_addresses='' -k \(root) -c unix_socket_permissions=0777 -c fsync=\(fsync ? "on" : "off") "
            + "-c max_connections=400"
        try Self.run(
            user + [
                "\(binaries)/pg_ctl", "-D", dataDirectory, "-l", root + "/server.log", "-w", "-t", "60", "start", "-o", settings,
            ])
    }

    /// A new, empty database on the server; its URL.
    public func createDatabase() throws -> String {
        let name = "ledger_\(getpid())_\(databases.add(1, ordering: .relaxed).newValue)"
        try Self.run(["\(binaries)/createdb", "-h", socketDirectory, "-U", "ledger", name])
        return url(database: name)
    }

    /// Runs `sql` with psql in the database of `url` (a URL ``createDatabase()`` gave); its output, rows on
    /// lines and columns split by `|`.
    @discardableResult
    public func execute(_ sql: String, in url: String) throws -> String {
        let path = url.components(separatedBy: "@/").last ?? ""
        let database = path.split(separator: "?").first.map(String.init) ?? ""
        let output = try Self.run(["\(binaries)/psql", "-h", socketDirectory, "-U", "ledger", "-d", database, "-Atc", sql])
        return output.hasSuffix("\n") ? String(output.dropLast()) : output
    }

    /// The URL of `database` on this server.
    public func url(database: String) -> String {
        "postgresql://ledger@/\(database)?host=\(socketDirectory)"
    }

    /// Stops the server at once (as a crash would) or cleanly, and starts it again.
    public func restart(immediately: Bool = true) throws {
        try Self.run(
            user + ["\(binaries)/pg_ctl", "-D", dataDirectory, "-m", immediately ? "immediate" : "fast", "-w", "restart"])
    }

    /// Stops the server; `start()` brings it back.
    public func stop() throws {
        try Self.run(user + ["\(binaries)/pg_ctl", "-D", dataDirectory, "-m", "immediate", "-w", "stop"])
    }

    /// Kills the server's main process with SIGKILL, as a crash would: its backends find it gone and
    /// end their connections. `start()` brings it back once they have.
    public func killPostmaster() throws {
        let pidText = try String(contentsOfFile: dataDirectory + "/postmaster.pid", encoding: .utf8)
        guard let pid = pidText.split(separator: "\n").first.flatMap({ Int32($0) }) else {
            throw ServerError("\(dataDirectory)/postmaster.pid names no process")
        }
        guard kill(pid, SIGKILL) == 0 else {
            throw ServerError("cannot kill the server \(pid): \(String(cString: strerror(errno)))")
        }
    }

    /// Starts the stopped server again.
    public func start() throws {
        // After a kill, the old backends may hold the shared memory for a moment: try again until they left.
        for _ in 0..<40 {
            do {
                return try startOnce()
            } catch {
                Thread.sleep(forTimeInterval: 0.25)
            }
        }
        try startOnce()
    }

    private func startOnce() throws {
        try Self.run(
            user + [
                "\(binaries)/pg_ctl", "-D", dataDirectory, "-l", socketDirectory + "/server.log", "-w", "-t", "60", "start",
                "-o", settings,
            ])
    }

    /// Leaves a watcher that stops the server and removes its directory once this process has ended,
    /// however it ends (a test process killed by a timeout too).
    private func stopWhenThisProcessEnds() throws {
        let stop = (user + ["\(binaries)/pg_ctl", "-D", dataDirectory, "-m", "immediate", "-w", "stop"]).joined(separator: " ")
        let script = "while kill -0 \(getpid()) 2>/dev/null; do sleep 1; done; \(stop) >/dev/null 2>&1; rm -rf \(socketDirectory)"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for descriptor: Int32 in [0, 1, 2] {
            posix_spawn_file_actions_addopen(&actions, descriptor, "/dev/null", descriptor == 0 ? O_RDONLY : O_WRONLY, 0)
        }
        try closeInheritedDescriptors(&actions)
        let words: [String] = ["/bin/sh", "-c", script]
        let argv = words.map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/bin/sh", &actions, nil, argv, environ)
        guard spawned == 0 else { throw ServerError("the server's watcher cannot start: \(String(cString: strerror(spawned)))") }
    }

    /// Runs a program to its end, its output going to a file; that output. posix_spawn and waitpid:
    /// Foundation's `Process` waits on a descriptor the server started by `pg_ctl` would inherit and
    /// hold open, so it would never see `pg_ctl` end.
    @discardableResult
    static func run(_ arguments: [String]) throws -> String {
        let outputPath = NSTemporaryDirectory() + "lpg-output-" + UUID().uuidString
        defer { unlink(outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // The server pg_ctl starts must not inherit this process's descriptors (a test daemon's log pipe,
        // Foundation's child-watching sockets): it would hold them open long after.
        try closeInheritedDescriptors(&actions)
        let argv = arguments.map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, arguments[0], &actions, nil, argv, environ)
        guard spawned == 0 else { throw ServerError("\(arguments[0]) cannot be run: \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        guard status == 0 else {
            throw ServerError("\(arguments.joined(separator: " ")) exited with \(status >> 8): \(text)")
        }
        return text
    }
}

/// Has the child close every descriptor above 2 (`posix_spawn_file_actions_addclosefrom_np`, glibc 2.34,
/// which Swift's Glibc module does not show).
private func closeInheritedDescriptors(_ actions: inout posix_spawn_file_actions_t) throws {
    typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else {
        throw ServerError("this C library has no posix_spawn_file_actions_addclosefrom_np (glibc 2.34 or later is needed)")
    }
    _ = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, 3)
}

/// The test PostgreSQL server could not be set up.
public struct ServerError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
