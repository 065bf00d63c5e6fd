import Foundation
import LedgerKit
import Testing

@Suite("No acknowledged event is lost", .serialized)
struct DurabilityTests {
    static func claim(_ id: String, subject: String = "s") -> [UInt8] {
        Array(
            #"{"events":[{"type":"assert","id":"\#(id)","subject":"\#(subject)","predicate":"p","object":1,"source":"x"}]}"#.utf8)
    }

    @Test func concurrentClientsShareCommitsAndABadRequestFailsAlone() throws {
        let daemon = try TestDaemon()
        let socket = daemon.socket
        let outcomes = LockedIDs()
        let clients = (0..<64).map { client in
            Thread {
                for n in 0..<30 {
                    let ok = try? UnixHTTP.request(socket: socket, "POST /v1/events", body: Self.claim("c\(client)-\(n)"))
                    if ok?.status == 200 { outcomes.add("ok") }
                    if client % 8 == 0 && n % 10 == 0 {
                        let bad = try? UnixHTTP.request(
                            socket: socket, "POST /v1/events",
                            body: Array(
                                #"{"events":[{"type":"retract","target":"missing-\#(client)","reason":"r"}]}"#.utf8))
                        if bad?.status == 404 { outcomes.add("refused") }
                    }
                }
                outcomes.add("done")
            }
        }
        for client in clients { client.start() }
        while outcomes.all.filter({ $0 == "done" }).count < 64 { Thread.sleep(forTimeInterval: 0.05) }
        let all = outcomes.all
        #expect(all.filter { $0 == "ok" }.count == 64 * 30)
        #expect(all.filter { $0 == "refused" }.count == 8 * 3)
        #expect(try daemon.head() == 64 * 30)
        let status = try JSONDecoder().decode(
            StatusResponse.self, from: Data(try daemon.ctl("status", "--json").standardOutput.utf8))
        #expect(status.appendRequests == 64 * 30 + 8 * 3)
        #expect(status.commits < status.appendRequests)  // requests shared commits
        #expect(try daemon.ctl("audit", "verify").status == 0)
    }

    @Test func aSubjectChangedSinceItWasReadRefusesTheAppend() throws {
        let daemon = try TestDaemon()
        #expect(try daemon.ctl("append", "--subject", "s", "--predicate", "p", "--object", "1", "--source", "a").status == 0)
        let fresh = try daemon.ctl(
            "append", "--subject", "s", "--predicate", "p", "--object", "2", "--source", "b",
            "--expected-subject-seq", "1")
        #expect(fresh.status == 0)
        let stale = try daemon.ctl(
            "append", "--subject", "s", "--predicate", "p", "--object", "3", "--source", "c",
            "--expected-subject-seq", "1")
        #expect(stale.status == 1)
        #expect(stale.standardError.contains("The subject s changed after seq 1: its last event is 2"))
        let other = try UnixHTTP.request(
            socket: daemon.socket, "POST /v1/events",
            body: Array(
                #"{"events":[{"type":"assert","subject":"t","predicate":"p","object":1,"source":"x"}],"expected_subject_seq":{"t":0}}"#
                    .utf8))
        #expect(other.status == 200)
        let head = try daemon.ctl(
            "append", "--subject", "s", "--predicate", "p", "--object", "3", "--source", "c",
            "--expected-head", "1")
        #expect(head.status == 1)
        #expect(head.standardError.contains("The ledger's head is 3, not the expected 1"))
        #expect(try daemon.head() == 3)
    }

    @Test func aFullLedgerAnswers507KeepsServingReadsAndRecoversWithRoom() throws {
        let daemon = try TestDaemon(extraTOML: "[storage]\ninitial_map_mib = 1\nmax_map_mib = 2\n")
        let quote = String(repeating: "q", count: 2_000)
        var full: UnixHTTP.Response?
        for batch in 0..<100 {
            let events = (0..<50).map {
                #"{"type":"assert","id":"f\#(batch)-\#($0)","subject":"s\#($0)","predicate":"p","object":1,"source":"x","evidence":{"quote":"\#(quote)"}}"#
            }
            let response = try UnixHTTP.request(
                socket: daemon.socket, "POST /v1/events", body: Array(#"{"events":[\#(events.joined(separator: ","))]}"#.utf8))
            if response.status != 200 {
                full = response
                break
            }
        }
        let refused = try #require(full)
        #expect(refused.status == 507)
        #expect(refused.errorCode == "storage_full")
        let head = try daemon.head()
        #expect(head > 0 && head % 50 == 0)  // whole batches only
        #expect(try daemon.ctl("belief", "s1").status == 0)
        #expect(try daemon.ctl("audit", "verify").status == 0)

        daemon.stop()
        try (try String(contentsOfFile: daemon.configurationFile, encoding: .utf8))
            .replacingOccurrences(of: "max_map_mib = 2", with: "max_map_mib = 64")
            .write(toFile: daemon.configurationFile, atomically: true, encoding: .utf8)
        try daemon.start()
        let again = try UnixHTTP.request(socket: daemon.socket, "POST /v1/events", body: Self.claim("after-room"))
        #expect(again.status == 200)
        #expect(try daemon.head() == head + 1)
    }

    /// Clients append as fast as they can while ledgerd is killed with SIGKILL and restarted; every other
    /// round is made to look like a crash of the machine (the views' mark names another boot and their
    /// file is scribbled on), which ledgerd must answer by rebuilding the views before it serves. At the end
    /// every acknowledged id is there exactly once, seq is dense, the audit passes and the views equal a
    /// rebuild. LEDGER_CRASH_ROUNDS makes it longer (default 6 rounds a mode).
    @Test("Crash test", arguments: [true, false])
    func killedRepeatedly(durable: Bool) async throws {
        let rounds = Int(ProcessInfo.processInfo.environment["LEDGER_CRASH_ROUNDS"] ?? "") ?? 6
        let daemon = try TestDaemon(extraTOML: "[storage]\ndurable = \(durable)\n")
        let socket = daemon.socket
        let acknowledged = LockedIDs()
        let stop = LockedIDs()
        let clients = (0..<3).map { client in
            Thread {
                var n = 0
                while stop.count == 0 {
                    let id = "k\(client)-\(n)"
                    let events = (0..<(n % 3 + 1)).map {
                        #"{"type":"assert","id":"\#(id)-\#($0)","subject":"s\#(n % 7)","predicate":"p","object":\#(n),"source":"c\#(client)"}"#
                    }
                    let body = Array(#"{"events":[\#(events.joined(separator: ","))]}"#.utf8)
                    if let response = try? UnixHTTP.request(socket: socket, "POST /v1/events", body: body), response.status == 200
                    {
                        for index in 0..<events.count { acknowledged.add("\(id)-\(index)") }
                        n += 1  // a failed request is retried with the same ids
                    } else {
                        Thread.sleep(forTimeInterval: 0.01)
                    }
                }
                acknowledged.finish()
            }
        }
        for client in clients { client.start() }
        var random = SystemRandomNumberGenerator()
        for round in 0..<rounds {
            try await Task.sleep(for: .milliseconds(Int.random(in: 100...400, using: &random)))
            daemon.stop(signal: SIGKILL)
            if round % 2 == 1 {
                let views = daemon.dataDirectory + "/views"
                try Data("another-boot\n".utf8).write(to: URL(fileURLWithPath: views + "/open.boot"))
                let file = try FileHandle(forWritingTo: URL(fileURLWithPath: views + "/data.mdb"))
                try file.seek(toOffset: 4096 * UInt64.random(in: 0...3, using: &random))
                try file.write(contentsOf: Data(repeating: 0x5A, count: 4096))
                try file.close()
            }
            try daemon.start()
        }
        try await Task.sleep(for: .milliseconds(200))
        stop.add("stop")
        acknowledged.waitUntilFinished()
        try await Task.sleep(for: .milliseconds(300))

        let lines = try daemon.ctl("replay").standardOutput.split(separator: "\n")
        let events = try lines.map { try EventDecoder.storedEvent(from: JSONParser.parse(String($0))) }
        #expect(events.map(\.seq) == Array(1...UInt64(events.count)))  // dense
        let ids = events.map(\.id)
        #expect(Set(ids).count == ids.count)  // each exactly once
        let stored = Set(ids)
        let missing = acknowledged.all.filter { !stored.contains($0) }
        #expect(missing.isEmpty, "acknowledged but lost: \(missing.prefix(5))")
        #expect(acknowledged.count > 20)
        #expect(try daemon.ctl("audit", "verify").status == 0)

        let log = daemon.stop()
        #expect(log.components(separatedBy: "Rebuilt the views from the log before serving").count - 1 == rounds / 2)
        let before = try await Ledger.open(directory: daemon.dataDirectory).viewsDigest()
        #expect(try runProcess(Binaries.ledgerd, ["--config", daemon.configurationFile, "--rebuild-views"]).status == 0)
        #expect(try await Ledger.open(directory: daemon.dataDirectory).viewsDigest() == before)
    }
}

/// Fills a small tmpfs; needs root to mount it.
@Suite("A full disk", .serialized, .enabled(if: getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/bin/mount")))
struct FullDiskTests {
    @Test func aFullDiskAnswers507AndAppendsResumeOnceThereIsRoom() throws {
        let daemon = try TestDaemon(extraTOML: "", start: false)
        let mountPoint = daemon.directory + "/disk"
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        let mounted = try runProcess("/bin/mount", ["-t", "tmpfs", "-o", "size=3m", "tmpfs", mountPoint])
        guard mounted.status == 0 else {
            print("A full disk: skipped, this sandbox cannot mount a tmpfs (\(mounted.standardError)).")
            return
        }
        defer {
            daemon.stop()
            _ = try? runProcess("/bin/umount", [mountPoint])
        }
        try daemon.start(arguments: ["--data-dir", mountPoint + "/data"])
        let note = String(repeating: "n", count: 2_000)
        var refused: UnixHTTP.Response?
        for _ in 0..<100 {
            let events = (0..<50).map {
                #"{"type":"assert","subject":"s\#($0)","predicate":"p","object":1,"source":"x","evidence":{"note":"\#(note)"}}"#
            }
            let response = try UnixHTTP.request(
                socket: daemon.socket, "POST /v1/events", body: Array(#"{"events":[\#(events.joined(separator: ","))]}"#.utf8))
            if response.status != 200 {
                refused = response
                break
            }
        }
        #expect(refused?.status == 507, "\(refused?.text ?? "never refused")")
        #expect(refused?.errorCode == "storage_full")
        let head = try daemon.head()
        #expect(try daemon.ctl("replay", "--limit", "1").status == 0)  // reads go on

        #expect(try runProcess("/bin/mount", ["-o", "remount,size=64m", mountPoint]).status == 0)
        let again = try UnixHTTP.request(socket: daemon.socket, "POST /v1/events", body: DurabilityTests.claim("with-room"))
        #expect(again.status == 200)
        #expect(try daemon.head() == head + 1)
        #expect(try daemon.ctl("audit", "verify").status == 0)
    }
}
