import Foundation
import LedgerTestSupport
import Synchronization
import Testing

/// Where a test daemon keeps its event log: the suites that check the ledger's contract run on both.
enum StorageBackend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    /// The embedded LMDB log in the data directory.
    case lmdb
    /// A fresh database on the tests' private PostgreSQL server.
    case postgresql

    var testDescription: String { rawValue }
}

/// A real `ledgerd` on a temporary socket and data directory, stopped (SIGTERM) when released.
final class TestDaemon {
    let directory: String
    let socket: String
    let dataDirectory: String
    let configurationFile: String
    private(set) var process: Process?
    private var logPipe: Pipe?
    /// What ledgerd logged, read as it comes: a pipe nobody drains fills at 64 KiB and stops the daemon.
    private let logBuffer = LogBuffer()
    var log: String { logBuffer.text }

    let backend: StorageBackend
    /// A daemon for a test that compacts: on PostgreSQL, on ``PostgreSQLServer/forCompaction()``.
    static func compacting(backend: StorageBackend) throws -> TestDaemon {
        try TestDaemon(backend: backend, server: backend == .postgresql ? PostgreSQLServer.forCompaction() : nil)
    }

    /// The log's database, on ``StorageBackend/postgresql``.
    let postgreSQLURL: String?
    /// The server holding it.
    let postgreSQLServer: PostgreSQLServer?

    /// Writes a configuration with `extraTOML` appended and starts the daemon, its log on `backend`: on
    /// PostgreSQL, in the database at `sharedURL` (a node of a ledger other daemons share) or a new one,
    /// with `postgreSQLSettings` in its `[postgresql]` table, on `server` (default: the shared one).
    init(
        extraTOML: String = "", backend: StorageBackend = .lmdb, sharedURL: String? = nil, postgreSQLSettings: String = "",
        server: PostgreSQLServer? = nil, start: Bool = true
    ) throws {
        self.backend = sharedURL == nil ? backend : .postgresql
        switch self.backend {
        case .lmdb:
            postgreSQLURL = nil
            postgreSQLServer = nil
        case .postgresql:
            let server = try server ?? PostgreSQLServer.shared()
            postgreSQLServer = server
            postgreSQLURL = try sharedURL ?? server.createDatabase()
        }
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("ledger-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        socket = directory + "/ledgerd.sock"
        dataDirectory = directory + "/data"
        configurationFile = directory + "/ledgerd.toml"
        let toml = """
            [daemon]
            socket = "\(socket)"
            data_dir = "\(dataDirectory)"
            log_level = "info"
            \(postgreSQLURL.map { "[storage]\nbackend = \"postgresql\"\n[postgresql]\nurl = \"\($0)\"\n\(postgreSQLSettings)" } ?? "")
            \(extraTOML)
            """
        try toml.write(toFile: configurationFile, atomically: true, encoding: .utf8)
        if start { try self.start() }
    }

    deinit {
        if let process, process.isRunning {
            process.terminate()
            // A ledgerd that does not stop is a failure to report, never a test run that hangs.
            let deadline = Date().addingTimeInterval(90)
            while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                Issue.record("ledgerd did not stop within 90 s of SIGTERM; its log ends: \(String(logBuffer.text.suffix(3000)))")
            } else if process.terminationReason == .exit && process.terminationStatus == 70 {
                let tail = String(logBuffer.text.suffix(3000))
                Issue.record("ledgerd reached its shutdown deadline after SIGTERM (an await outlived the grace period): \(tail)")
            }
        }
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Starts ledgerd and waits until it answers on its socket.
    func start(arguments: [String] = []) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Binaries.ledgerd)
        process.arguments = ["--config", configurationFile] + arguments
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = pipe
        let buffer = logBuffer
        pipe.fileHandleForReading.readabilityHandler = { handle in buffer.append(handle.availableData) }
        try process.run()
        self.process = process
        self.logPipe = pipe
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            if let response = try? UnixHTTP.request(socket: socket, "GET /v1/health"), response.status == 200 { return }
            if !process.isRunning { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw TestDaemonError("ledgerd did not start on \(socket): \(stop())")
    }

    /// Sends `signal` (SIGTERM by default), waits for the exit, and returns everything it logged.
    @discardableResult
    func stop(signal: Int32 = SIGTERM) -> String {
        guard let process else { return log }
        if process.isRunning { kill(process.processIdentifier, signal) }
        process.waitUntilExit()
        if let handle = logPipe?.fileHandleForReading {
            handle.readabilityHandler = nil
            logBuffer.append(handle.readDataToEndOfFile())
        }
        return log
    }

    var exitStatus: Int32? { process.map { $0.isRunning ? nil : $0.terminationStatus } ?? nil }

    /// Runs ledgerctl against this daemon.
    func ctl(_ arguments: String..., input: Data? = nil) throws -> ProcessResult {
        try ctl(arguments, input: input)
    }

    func ctl(_ arguments: [String], input: Data? = nil) throws -> ProcessResult {
        try runProcess(Binaries.ledgerctl, ["--socket", socket] + arguments, input: input)
    }

    /// Every file that holds this daemon's ledger: its data directory, and on PostgreSQL its database's
    /// files, flushed first.
    func storageFiles() throws -> [String] {
        var roots = [dataDirectory]
        if let postgreSQLURL, let server = postgreSQLServer {
            try server.execute("CHECKPOINT", in: postgreSQLURL)
            let oid = try server.execute("SELECT oid FROM pg_database WHERE datname = current_database()", in: postgreSQLURL)
            roots.append(server.dataDirectory + "/base/" + oid)
        }
        return roots.flatMap { root in
            (FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String } ?? []).map { root + "/" + $0 }
        }
    }

    /// The files of ``storageFiles()`` that hold `text`, so a failing expectation names them.
    func storageFiles(holding text: String) throws -> [String] {
        let needle = Data(text.utf8)
        return try storageFiles().filter { path in
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
                return false
            }
            return FileManager.default.contents(atPath: path)?.range(of: needle) != nil
        }
    }

    /// The ledger's head, read over the socket.
    func head() throws -> Int {
        let response = try UnixHTTP.request(socket: socket, "GET /v1/status")
        let json = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
        return json?["head"] as? Int ?? -1
    }
}

/// Bytes a reader thread appends while the test reads them.
final class LogBuffer: Sendable {
    private let data = Mutex(Data())

    func append(_ chunk: Data) { data.withLock { $0.append(chunk) } }
    var text: String { data.withLock { String(decoding: $0, as: UTF8.self) } }
}

struct TestDaemonError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
