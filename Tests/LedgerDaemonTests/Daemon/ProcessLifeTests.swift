import Foundation
import Testing

@Suite("ledgerd's process life", .serialized)
struct ProcessLifeTests {
    @Test func aSecondDaemonOnTheSameSocketOrDataIsRefused() throws {
        let daemon = try TestDaemon()
        let sameSocket = try runProcess(Binaries.ledgerd, ["--socket", daemon.socket, "--data-dir", daemon.directory + "/other"])
        #expect(sameSocket.status == 1)
        #expect(sameSocket.standardError.contains("Another ledgerd serves the socket \(daemon.socket)"))
        #expect(!FileManager.default.fileExists(atPath: daemon.directory + "/other"))

        let sameData = try runProcess(
            Binaries.ledgerd, ["--socket", daemon.directory + "/other.sock", "--data-dir", daemon.dataDirectory])
        #expect(sameData.status == 1)
        #expect(sameData.standardError.contains("Another ledgerd holds the data directory \(daemon.dataDirectory)"))
        #expect(try daemon.head() == 0)  // the first one still serves
    }

    @Test func aStaleSocketFromACrashIsRemoved() throws {
        let daemon = try TestDaemon()
        daemon.stop(signal: SIGKILL)
        #expect(FileManager.default.fileExists(atPath: daemon.socket))  // left behind by the crash
        try daemon.start()
        #expect(try daemon.head() == 0)
        #expect(daemon.stop().contains("Removed a stale socket"))
    }

    @Test func sigtermStopsCleanly() throws {
        let daemon = try TestDaemon()
        let log = daemon.stop(signal: SIGTERM)
        #expect(daemon.exitStatus == 0)
        #expect(!FileManager.default.fileExists(atPath: daemon.socket))
        #expect(log.contains("Stopped"))
    }

    @Test func aClientThatNeverReadsItsAnswersDoesNotHoldAStopPastTheGracePeriod() throws {
        let daemon = try TestDaemon(extraTOML: "[limits]\nshutdown_grace_seconds = 1\n")
        #expect(try daemon.ctl("append", "--file", Seed.path).status == 0)
        // Thousands of pipelined reads whose answers this client never reads: the daemon's writes to it
        // fill the socket's buffers, and the request in flight cannot finish.
        let stalled = try UnixHTTP.Connection(path: daemon.socket, timeoutSeconds: 2)
        let request = Array("GET /v1/belief?subject=\(Seed.subject) HTTP/1.1\r\nHost: l\r\n\r\n".utf8)
        var sent = 0
        while sent < 20_000, (try? stalled.send(request)) != nil { sent += 1 }  // until the buffers are full
        let start = Date()
        let log = daemon.stop()
        #expect(Date().timeIntervalSince(start) < 15, "the stop waited for a client that does not read")
        #expect(log.contains("Stopped"))
        withExtendedLifetime(stalled) {}
        // What was appended before is all there.
        try daemon.start()
        #expect(try daemon.head() == 16)
    }

    @Test func theSocketGetsTheConfiguredMode() throws {
        let daemon = try TestDaemon(extraTOML: #"socket_mode = "0600""#)
        let attributes = try FileManager.default.attributesOfItem(atPath: daemon.socket)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }

    @Test func theShippedConfigurationStartsTheDaemon() throws {
        let daemon = try TestDaemon(start: false)
        let shipped = Binaries.repository.appendingPathComponent("config/ledgerd.toml").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Binaries.ledgerd)
        process.arguments = ["--config", shipped, "--socket", daemon.socket, "--data-dir", daemon.dataDirectory]
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer {
            process.terminate()
            process.waitUntilExit()
        }
        var healthy = false
        for _ in 0..<200 where !healthy {
            healthy = (try? UnixHTTP.request(socket: daemon.socket, "GET /v1/health"))?.status == 200
            if !healthy { Thread.sleep(forTimeInterval: 0.05) }
        }
        #expect(healthy)
        let attributes = try FileManager.default.attributesOfItem(atPath: daemon.socket)
        #expect((attributes[.posixPermissions] as? Int) == 0o660)
    }

    @Test func aBadConfigurationNamesTheKey() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ledger-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("bad.toml").path
        try "[limits]\nmax_batch_events = \"many\"\n".write(toFile: file, atomically: true, encoding: .utf8)
        let result = try runProcess(Binaries.ledgerd, ["--config", file])
        #expect(result.status == 2)
        #expect(result.standardError.contains("limits.max_batch_events must be a whole number"))
    }
}
